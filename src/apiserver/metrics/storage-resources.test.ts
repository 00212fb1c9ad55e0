import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ResourceLabeler, storedResources } from './storage-resources.js';

describe('storedResources', () => {
  it('lists each storage prefix once, with group-resource labels', () => {
    const all = storedResources();
    const prefixes = all.map((r) => r.prefix);
    assert.equal(new Set(prefixes).size, prefixes.length);
    const byLabel = new Map(all.map((r) => [r.label, r.prefix]));
    assert.equal(byLabel.get('pods'), '/registry/pods/');
    assert.equal(byLabel.get('deployments.apps'), '/registry/deployments/');
    assert.equal(byLabel.get('services'), '/registry/services/specs/');
    assert.equal(byLabel.get('nodes'), '/registry/minions/');
    // Resources without storage (reviews, bindings) are not listed.
    assert.equal(byLabel.has('tokenreviews.authentication.k8s.io'), false);
  });
});

describe('ResourceLabeler', () => {
  const l = new ResourceLabeler();
  const cases: [string, string][] = [
    ['/registry/pods/default/p', 'pods'],
    ['/registry/pods/', 'pods'],
    ['/registry/pods/default/', 'pods'],
    ['/registry/services/specs/default/kubernetes', 'services'],
    ['/registry/services/endpoints/default/kubernetes', 'endpoints'],
    ['/registry/minions/n1', 'nodes'],
    ['/registry/deployments/x/d', 'deployments.apps'],
    ['/registry/namespaces/default', 'namespaces'],
    ['/registry/example.com/widgets/ns/w', 'widgets.example.com'],
    ['/registry/unknownthings/x', 'unknownthings'],
    ['/elsewhere/x', ''],
  ];
  for (const [key, want] of cases) it(`${key} → ${want}`, () => assert.equal(l.labelFor(key), want));
});
