import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prepareJobForCreate } from './job-strategy.js';
import type { JsonObject } from './types.js';

const job = (spec: JsonObject): JsonObject => ({ metadata: { name: 'pi', uid: 'u-1' }, spec });

test('a job without manualSelector gets the generated labels and selector', () => {
  const j = job({ template: { spec: {} } });
  prepareJobForCreate(j);
  assert.deepEqual(j['spec'], {
    template: {
      metadata: {
        labels: {
          'job-name': 'pi',
          'batch.kubernetes.io/job-name': 'pi',
          'controller-uid': 'u-1',
          'batch.kubernetes.io/controller-uid': 'u-1',
        },
      },
      spec: {},
    },
    selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } },
  });
});

test('labels and selector keys the user set are kept', () => {
  const j = job({
    selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'wrong', app: 'a' } },
    template: { metadata: { labels: { 'job-name': 'mine', app: 'a' } } },
  });
  prepareJobForCreate(j);
  const spec = j['spec'] as { selector: JsonObject; template: { metadata: { labels: JsonObject } } };
  assert.deepEqual(spec.selector, {
    matchLabels: { 'batch.kubernetes.io/controller-uid': 'wrong', app: 'a' },
  });
  assert.equal(spec.template.metadata.labels['job-name'], 'mine');
  assert.equal(spec.template.metadata.labels['batch.kubernetes.io/job-name'], 'pi');
});

test('manualSelector jobs and malformed specs are left alone', () => {
  const manual = job({ manualSelector: true, selector: { matchLabels: { a: 'b' } }, template: {} });
  const before = structuredClone(manual);
  prepareJobForCreate(manual);
  assert.deepEqual(manual, before);
  const odd = job({ template: 'x', selector: 3 });
  prepareJobForCreate(odd);
  assert.deepEqual(odd['spec'], { template: 'x', selector: 3 });
  const none: JsonObject = { metadata: { name: 'x' } };
  prepareJobForCreate(none);
  assert.deepEqual(none, { metadata: { name: 'x' } });
});
