import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resourceFor } from '../../api/index.js';
import { TEMPLATE_GENERATION_ANNOTATION } from './daemonset-strategy.js';
import { strategyFor } from './strategy.js';
import type { JsonObject } from './types.js';

const ds = (image: string, annotations: Record<string, string> = {}): JsonObject => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'd', namespace: 'n', annotations, generation: 1 },
  spec: { selector: { matchLabels: { a: 'b' } }, template: { spec: { containers: [{ name: 'c', image }] } } },
});
const gen = (o: JsonObject) =>
  (o['metadata'] as { annotations: Record<string, string> }).annotations[TEMPLATE_GENERATION_ANNOTATION];

describe('DaemonSet template generation', () => {
  const s = strategyFor(resourceFor({ group: 'apps', version: 'v1', resource: 'daemonsets' })!);
  it('starts at 1, or where the creator set it higher', () => {
    const a = ds('x');
    s.prepareForCreate(a);
    assert.equal(gen(a), '1');
    const b = ds('x', { [TEMPLATE_GENERATION_ANNOTATION]: '7' });
    s.prepareForCreate(b);
    assert.equal(gen(b), '7');
  });
  it('goes up with a template change only, and updates cannot set it', () => {
    const old = ds('x', { [TEMPLATE_GENERATION_ANNOTATION]: '3' });
    const same = ds('x', { [TEMPLATE_GENERATION_ANNOTATION]: '99' });
    s.prepareForUpdate(same, old);
    assert.equal(gen(same), '3');
    const changed = ds('y');
    s.prepareForUpdate(changed, old);
    assert.equal(gen(changed), '4');
  });
});

describe('EndpointSlice generation', () => {
  const s = strategyFor(
    resourceFor({ group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' })!,
  );
  const slice = (labels: Record<string, string>, ip: string): JsonObject => ({
    metadata: { name: 's', namespace: 'n', labels, generation: 1 },
    addressType: 'IPv4',
    endpoints: [{ addresses: [ip] }],
  });
  it('starts at 1 and goes up on endpoint or label changes', () => {
    const created = slice({}, '10.0.0.1');
    s.prepareForCreate(created);
    assert.equal((created['metadata'] as JsonObject)['generation'], 1);
    const relabelled = slice({ a: 'b' }, '10.0.0.1');
    s.prepareForUpdate(relabelled, slice({}, '10.0.0.1'));
    assert.equal((relabelled['metadata'] as JsonObject)['generation'], 2);
    const moved = slice({}, '10.0.0.2');
    s.prepareForUpdate(moved, slice({}, '10.0.0.1'));
    assert.equal((moved['metadata'] as JsonObject)['generation'], 2);
    const same = slice({}, '10.0.0.1');
    s.prepareForUpdate(same, slice({}, '10.0.0.1'));
    assert.equal((same['metadata'] as JsonObject)['generation'], 1);
  });
});
