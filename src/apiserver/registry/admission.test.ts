import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forbidden } from '../../apimachinery/errors/index.js';
import type { Admission, AdmissionAttributes, FinishFunc } from './admission.js';
import { configMap, type Fixture, fixture, meta, statusOf } from './test-helpers.js';
import type { JsonObject } from './types.js';

// An admission chain that records what it saw, labels objects, and refuses names starting with "no-".
function recordingAdmission(seen: string[]): Admission {
  return {
    admit: async (a: AdmissionAttributes) => {
      seen.push(`admit ${a.operation} ${a.namespace}/${a.name}${a.subresource ? `/${a.subresource}` : ''}`);
      if (a.object !== undefined) {
        const m = a.object['metadata'] as JsonObject;
        m['labels'] = { ...(m['labels'] as JsonObject | undefined), admitted: 'yes' };
      }
    },
    validate: async (a: AdmissionAttributes) => {
      seen.push(`validate ${a.operation} ${a.namespace}/${a.name}`);
      const name = a.name;
      if (name.startsWith('no-'))
        throw forbidden({ group: '', resource: 'configmaps' }, name, 'refused by test');
    },
  };
}

describe('registry admission and write hooks', () => {
  const seen: string[] = [];
  const finished: string[] = [];
  const deleted: string[] = [];
  let f: Fixture;
  before(async () => {
    f = await fixture('', 'v1', 'configmaps', {
      admission: recordingAdmission(seen),
      hooks: {
        beginCreate: async (_ctx, obj, dryRun) => {
          const name = String(meta(obj)['name']);
          obj['data'] = { ...(obj['data'] as JsonObject | undefined), reserved: 'true' };
          return (async (ok: boolean) => {
            finished.push(`create ${name} ${ok}${dryRun ? ' dry' : ''}`);
          }) satisfies FinishFunc;
        },
        beginUpdate: async (_ctx, obj) => {
          const name = String(meta(obj)['name']);
          return async (ok: boolean) => {
            finished.push(`update ${name} ${ok}`);
          };
        },
        afterDelete: async (_ctx, obj) => {
          deleted.push(String(meta(obj)['name']));
        },
      },
    });
  });
  after(() => f.close());

  it('admits before validation and lets hooks change the object', async () => {
    seen.length = 0;
    const { object } = await f.reg.create(f.ctx(), configMap('a', { k: 'v' }));
    assert.deepEqual(meta(object)['labels'], { admitted: 'yes' });
    assert.deepEqual(object['data'], { k: 'v', reserved: 'true' });
    assert.deepEqual(seen, ['admit CREATE default/a', 'validate CREATE default/a']);
    assert.deepEqual(finished.splice(0), ['create a true']);
  });

  it('releases a reservation when the write fails', async () => {
    assert.equal(
      (await statusOf(f.reg.create(f.ctx(), configMap('no-way', { k: 'v' })))).reason,
      'Forbidden',
    );
    assert.equal((await statusOf(f.reg.create(f.ctx(), configMap('a', { k: 'v' })))).reason, 'AlreadyExists');
    assert.deepEqual(finished.splice(0), ['create no-way false', 'create a false']);
  });

  it('tells a dry run from a write', async () => {
    await f.reg.create(f.ctx(), configMap('dry', {}), { dryRun: true });
    assert.deepEqual(finished.splice(0), ['create dry true dry']);
  });

  it('runs update admission and hooks with the old object', async () => {
    seen.length = 0;
    const cur = await f.reg.get(f.ctx(), 'a');
    await f.reg.update(f.ctx(), 'a', { ...cur, data: { k: 'w' } });
    assert.deepEqual(seen, ['admit UPDATE default/a', 'validate UPDATE default/a']);
    assert.deepEqual(finished.splice(0), ['update a true']);
    // A stale resourceVersion fails before the hook reserves anything.
    assert.equal((await statusOf(f.reg.update(f.ctx(), 'a', cur))).reason, 'Conflict');
    assert.deepEqual(finished.splice(0), []);
  });

  it('runs delete admission and the after-delete hook', async () => {
    seen.length = 0;
    await f.reg.delete(f.ctx(), 'a');
    assert.deepEqual(seen, ['admit DELETE default/a', 'validate DELETE default/a']);
    assert.deepEqual(deleted, ['a']);
  });
});
