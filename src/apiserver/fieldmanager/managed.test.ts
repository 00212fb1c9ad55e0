import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeManaged, encodeManaged, managerIdentity, printManager } from './managed.js';

describe('managedFields entries', () => {
  test('decode and encode: upstream order, normalised times, identities', () => {
    const entries = [
      {
        manager: 'kubectl-edit',
        operation: 'Update',
        apiVersion: 'v1',
        time: '2024-01-02T00:00:00.000Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': { 'f:b': {} } },
      },
      {
        manager: 'kubelet',
        operation: 'Update',
        apiVersion: 'v1',
        time: '2024-01-01T00:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:status': { 'f:phase': {} } },
        subresource: 'status',
      },
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'v1',
        time: '2024-01-03T00:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': { 'f:a': {} } },
      },
    ];
    const m = decodeManaged(entries);
    assert.deepEqual(
      [...m.fields.keys()],
      [
        '{"manager":"kubectl-edit","operation":"Update","apiVersion":"v1"}',
        '{"manager":"kubelet","operation":"Update","apiVersion":"v1","subresource":"status"}',
        '{"manager":"kubectl","operation":"Apply"}',
      ],
    );
    const out = encodeManaged(m);
    assert.deepEqual(
      out.map((e) => [(e as Record<string, unknown>)['manager'], (e as Record<string, unknown>)['time']]),
      [
        ['kubectl', '2024-01-03T00:00:00Z'],
        ['kubelet', '2024-01-01T00:00:00Z'],
        ['kubectl-edit', '2024-01-02T00:00:00Z'],
      ],
    );
    assert.deepEqual(out[1], entries[1]);
  });

  test('decode rejects what upstream rejects', () => {
    assert.throws(
      () => decodeManaged([{ manager: 'a', operation: 'Patch', fieldsType: 'FieldsV1' }]),
      /invalid operation/,
    );
    assert.throws(
      () => decodeManaged([{ manager: 'a', operation: 'Update', fieldsType: 'FieldsV2' }]),
      /invalid fieldsType/,
    );
    const dup = { manager: 'a', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: {} };
    assert.throws(() => decodeManaged([dup, dup]), /found duplicate manager/);
  });

  test('printManager names managers as conflict messages do', () => {
    const id = (manager: string, operation: 'Apply' | 'Update', apiVersion = '', subresource = '') =>
      printManager(managerIdentity({ manager, operation, apiVersion, subresource }));
    assert.equal(id('kubectl', 'Apply', 'apps/v1'), '"kubectl"');
    assert.equal(
      id('kubectl-client-side-apply', 'Update', 'apps/v1'),
      '"kubectl-client-side-apply" using apps/v1',
    );
    assert.equal(
      id('kubectl', 'Update', 'apps/v1', 'scale'),
      '"kubectl" with subresource "scale" using apps/v1',
    );
  });
});
