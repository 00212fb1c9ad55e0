import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { StatusError } from '../../apimachinery/errors/index.js';
import { configMap, type Fixture, fixture } from './test-helpers.js';

const RUNS = { seed: 20261123, numRuns: 2000 };

// Bodies that get past the type check often enough to reach defaulting and validation.
function bodies(apiVersion: string, kind: string): fc.Arbitrary<unknown> {
  const value = fc.jsonValue({ maxDepth: 4 });
  const metadata = fc.oneof(
    value,
    fc.record(
      {
        name: fc.oneof(fc.string(), fc.constantFrom('ok', 'a.b', '..', 'x/y', 'target'), value),
        generateName: fc.oneof(fc.string(), value),
        namespace: fc.oneof(fc.constantFrom('default', 'other', ''), value),
        resourceVersion: fc.oneof(fc.constantFrom('', '0', '7'), value),
        labels: value,
        finalizers: value,
        uid: value,
      },
      { requiredKeys: [] },
    ),
  );
  const typed = fc.record(
    {
      apiVersion: fc.oneof(
        { arbitrary: fc.constant(apiVersion), weight: 8 },
        { arbitrary: value, weight: 1 },
      ),
      kind: fc.oneof({ arbitrary: fc.constant(kind), weight: 8 }, { arbitrary: value, weight: 1 }),
      metadata,
      spec: value,
      data: value,
      status: value,
    },
    { requiredKeys: [] },
  );
  return fc.oneof({ arbitrary: value, weight: 1 }, { arbitrary: typed, weight: 6 });
}

const outcomes = { ok: 0, rejected: 0 };

// Unexpected exceptions surface as InternalError (500): a crash is a failure here.
async function onlyStatusErrors(p: Promise<unknown>): Promise<void> {
  try {
    await p;
    outcomes.ok++;
  } catch (e) {
    assert.ok(e instanceof StatusError, `not a StatusError: ${String(e)}`);
    assert.ok(e.message.length > 0, 'a StatusError with a message');
    assert.ok(e.code >= 400 && e.code < 600);
    assert.notEqual(e.reason, 'InternalError', e.message);
    outcomes.rejected++;
  }
}

describe('registry fuzz', () => {
  let cms: Fixture;
  let pods: Fixture;
  before(async () => {
    cms = await fixture('', 'v1', 'configmaps');
    pods = await fixture('', 'v1', 'pods');
    await cms.reg.create(cms.ctx(), configMap('target', { k: 'v' }));
  });
  after(async () => {
    // The generators must reach both outcomes, or the properties test nothing.
    assert.ok(outcomes.ok > 100, `successes: ${outcomes.ok}`);
    assert.ok(outcomes.rejected > 100, `rejections: ${outcomes.rejected}`);
    await cms.close();
    await pods.close();
  });

  it('create with random JSON bodies answers an object or a StatusError', async () => {
    await fc.assert(
      fc.asyncProperty(bodies('v1', 'ConfigMap'), async (body) => {
        await onlyStatusErrors(cms.reg.create(cms.ctx(), body, { dryRun: true }));
      }),
      RUNS,
    );
  });

  it('create of pods with random JSON bodies answers an object or a StatusError', async () => {
    await fc.assert(
      fc.asyncProperty(bodies('v1', 'Pod'), async (body) => {
        await onlyStatusErrors(pods.reg.create(pods.ctx(), body));
      }),
      { ...RUNS, numRuns: 1000 },
    );
  });

  it('update with random JSON bodies answers an object or a StatusError', async () => {
    await fc.assert(
      fc.asyncProperty(bodies('v1', 'ConfigMap'), async (body) => {
        await onlyStatusErrors(cms.reg.update(cms.ctx(), 'target', body, { dryRun: true }));
      }),
      RUNS,
    );
  });

  it('patch with random bodies and types answers an object or a StatusError', async () => {
    const types = fc.constantFrom(
      'application/merge-patch+json',
      'application/json-patch+json',
      'application/strategic-merge-patch+json',
      'text/plain',
    );
    const body = fc.oneof(
      fc.string(),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
    );
    await fc.assert(
      fc.asyncProperty(types, body, async (type, text) => {
        await onlyStatusErrors(cms.reg.patch(cms.ctx(), 'target', type, text, { dryRun: true }));
      }),
      RUNS,
    );
  });
});
