import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorString } from '../../apimachinery/field/index.js';
import { type DeleteOptions, deleteOptionsForRequest, validateDeleteOptions } from './delete-options.js';
import { parseQuery } from './query.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('validateDeleteOptions', () => {
  const cases: [string, DeleteOptions, string[]][] = [
    ['empty is valid', { dryRun: [] }, []],
    ['each policy is valid', { dryRun: [], propagationPolicy: 'Foreground' }, []],
    [
      'orphanDependents with a policy',
      { dryRun: [], orphanDependents: true, propagationPolicy: 'Orphan' },
      [
        'propagationPolicy: Invalid value: "Orphan": orphanDependents and deletionPropagation cannot be both set',
      ],
    ],
    [
      'unknown policy',
      { dryRun: [], propagationPolicy: 'foreground' },
      [
        'propagationPolicy: Unsupported value: "foreground": supported values: "Foreground", "Background", "Orphan", "nil"',
      ],
    ],
    ['bad dryRun', { dryRun: ['x'] }, ['dryRun: Unsupported value: ["x"]: supported values: "All"']],
    ['unsafe delete alone', { dryRun: [], ignoreStoreReadErrorWithClusterBreakingPotential: true }, []],
    [
      'unsafe delete flag false with others',
      {
        dryRun: ['All'],
        propagationPolicy: 'Background',
        ignoreStoreReadErrorWithClusterBreakingPotential: false,
      },
      [],
    ],
    [
      'unsafe delete with everything',
      {
        dryRun: ['All'],
        propagationPolicy: 'Background',
        gracePeriodSeconds: 0,
        preconditions: {},
        ignoreStoreReadErrorWithClusterBreakingPotential: true,
      },
      [
        'ignoreStoreReadErrorWithClusterBreakingPotential: Invalid value: true: cannot be set together with .dryRun',
        'ignoreStoreReadErrorWithClusterBreakingPotential: Invalid value: true: cannot be set together with .propagationPolicy',
        'ignoreStoreReadErrorWithClusterBreakingPotential: Invalid value: true: cannot be set together with .gracePeriodSeconds',
        'ignoreStoreReadErrorWithClusterBreakingPotential: Invalid value: true: cannot be set together with .preconditions',
      ],
    ],
    [
      'unsafe delete with orphanDependents',
      { dryRun: [], orphanDependents: true, ignoreStoreReadErrorWithClusterBreakingPotential: true },
      [
        'ignoreStoreReadErrorWithClusterBreakingPotential: Invalid value: true: cannot be set together with .orphanDependents',
      ],
    ],
  ];
  for (const [name, o, want] of cases) {
    it(name, () => assert.deepEqual(validateDeleteOptions(o).map(errorString), want));
  }
});

describe('deleteOptionsForRequest', () => {
  it('reads the query when there is no body', () => {
    const r = deleteOptionsForRequest(
      parseQuery('gracePeriodSeconds=30&propagationPolicy=Background&dryRun=All'),
      undefined,
      undefined,
    );
    assert.deepEqual(r, {
      ok: true,
      value: { dryRun: ['All'], gracePeriodSeconds: 30, propagationPolicy: 'Background' },
    });
  });
  it('a body wins over the query entirely', () => {
    const body = enc(
      '{"kind":"DeleteOptions","apiVersion":"v1","gracePeriodSeconds":0,"preconditions":{"uid":"u1","resourceVersion":"5"}}',
    );
    const r = deleteOptionsForRequest(parseQuery('propagationPolicy=bogus'), body, 'application/json');
    assert.deepEqual(r, {
      ok: true,
      value: { dryRun: [], gracePeriodSeconds: 0, preconditions: { uid: 'u1', resourceVersion: '5' } },
    });
  });
  it('an empty body falls back to the query', () => {
    const r = deleteOptionsForRequest(
      parseQuery('orphanDependents=false'),
      new Uint8Array(),
      'application/json',
    );
    assert.deepEqual(r, { ok: true, value: { dryRun: [], orphanDependents: false } });
  });
  it('a YAML body', () => {
    const r = deleteOptionsForRequest(
      parseQuery(''),
      enc('propagationPolicy: Foreground\ndryRun: [All]\n'),
      'application/yaml',
    );
    assert.deepEqual(r, { ok: true, value: { dryRun: ['All'], propagationPolicy: 'Foreground' } });
  });
  it('a per-group apiVersion is accepted', () => {
    assert.ok(
      deleteOptionsForRequest(
        parseQuery(''),
        enc('{"apiVersion":"apps/v1","kind":"DeleteOptions"}'),
        undefined,
      ).ok,
    );
  });
  const bad: [string, string, Uint8Array | undefined, string | undefined, number, string][] = [
    [
      'a bad grace period',
      'gracePeriodSeconds=soon',
      undefined,
      undefined,
      400,
      'strconv.ParseInt: parsing "soon": invalid syntax',
    ],
    [
      'an invalid combination',
      'orphanDependents=true&propagationPolicy=Orphan',
      undefined,
      undefined,
      422,
      'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Invalid value: "Orphan": orphanDependents and deletionPropagation cannot be both set',
    ],
    [
      'an unknown body type',
      '',
      enc('{}'),
      'text/plain',
      415,
      'the body of the request was in an unknown format - accepted media types include: ' +
        'application/json, application/yaml, application/vnd.kubernetes.protobuf',
    ],
    ['malformed JSON', '', enc('{"a":'), 'application/json', 400, 'unexpected end of JSON input'],
    [
      'a string grace period',
      '',
      enc('{"gracePeriodSeconds":"5"}'),
      undefined,
      400,
      'json: cannot unmarshal string into Go struct field DeleteOptions.gracePeriodSeconds of type int64',
    ],
    [
      'another kind',
      '',
      enc('{"kind":"Pod","apiVersion":"v1"}'),
      undefined,
      400,
      'decoded object cannot be converted to DeleteOptions',
    ],
    [
      'a top-level array',
      '',
      enc('[]'),
      undefined,
      400,
      'json: cannot unmarshal array into Go value of type v1.DeleteOptions',
    ],
    [
      'dryRun not a list',
      '',
      enc('{"dryRun":"All"}'),
      undefined,
      400,
      'json: cannot unmarshal string into Go struct field DeleteOptions.dryRun of type []string',
    ],
  ];
  for (const [name, q, body, ct, code, msg] of bad) {
    it(`${code} for ${name}`, () => {
      const r = deleteOptionsForRequest(parseQuery(q), body, ct);
      assert.ok(!r.ok);
      assert.equal(r.error.code, code);
      assert.equal(r.error.status.message, msg);
    });
  }
});
