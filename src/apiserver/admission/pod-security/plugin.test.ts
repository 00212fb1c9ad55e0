import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statusOf } from '../../registry/test-helpers.js';
import type { JsonObject } from '../../registry/types.js';
import { attrs, mapLookup } from '../test-env.js';
import { podSecurity } from './plugin.js';
import { policyFromLabels } from './policy.js';
import { DEFAULT_POD_SECURITY_POLICY } from './plugin.js';

const ns = (name: string, labels: Record<string, string>) => ({ metadata: { name, labels } });
const objects: Record<string, JsonObject> = {
  'namespaces//open': ns('open', {}),
  'namespaces//base': ns('base', { 'pod-security.kubernetes.io/enforce': 'baseline' }),
  'namespaces//warned': ns('warned', {
    'pod-security.kubernetes.io/enforce': 'baseline',
    'pod-security.kubernetes.io/warn': 'restricted',
    'pod-security.kubernetes.io/warn-version': 'v1.30',
  }),
  'pods/base/p1': { metadata: { name: 'p1' }, spec: { containers: [{ name: 'c', image: 'x' }] } },
  'pods/base/p2': { metadata: { name: 'p2' }, spec: { containers: [{ name: 'c', image: 'x' }] } },
  'pods/base/p3': {
    metadata: { name: 'p3' },
    spec: { containers: [{ name: 'c', image: 'x', securityContext: { privileged: true } }] },
  },
};
const plugin = podSecurity(mapLookup(objects));

const privilegedPod = (name: string): JsonObject => ({
  metadata: { name },
  spec: { containers: [{ name: 'c', image: 'x', securityContext: { privileged: true } }] },
});

describe('PodSecurity plugin', () => {
  it('admits anything in a namespace without labels', async () => {
    await plugin.validate!(
      attrs(['', 'v1', 'pods'], 'CREATE', { namespace: 'open', name: 'p', object: privilegedPod('p') }),
    );
  });

  it('refuses a pod that violates the enforce level', async () => {
    const e = await statusOf(
      plugin.validate!(
        attrs(['', 'v1', 'pods'], 'CREATE', { namespace: 'base', name: 'x', object: privilegedPod('x') }),
      ),
    );
    assert.equal(e.code, 403);
    assert.equal(
      e.status.message,
      'pods "x" is forbidden: violates PodSecurity "baseline:latest": privileged (container "c" must not set securityContext.privileged=true)',
    );
  });

  it('warns about the warn level and lets the pod through', async () => {
    const a = attrs(['', 'v1', 'pods'], 'CREATE', {
      namespace: 'warned',
      name: 'p',
      object: { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'x' }] } },
    });
    await plugin.validate!(a);
    assert.equal(a.warnings.length, 1);
    assert.match(
      a.warnings[0]!,
      /^would violate PodSecurity "restricted:v1\.30": allowPrivilegeEscalation != false/,
    );
  });

  it('warns about workload templates only', async () => {
    const a = attrs(['apps', 'v1', 'deployments'], 'CREATE', {
      namespace: 'base',
      name: 'd',
      object: { metadata: { name: 'd' }, spec: { template: privilegedPod('') } },
    });
    await plugin.validate!(a);
    assert.deepEqual(a.warnings, [
      'would violate PodSecurity "baseline:latest": privileged (container "c" must not set securityContext.privileged=true)',
    ]);
  });

  it('ignores pod updates that do not change images, and status updates', async () => {
    const old = privilegedPod('x');
    const next = privilegedPod('x');
    (next['metadata'] as JsonObject)['labels'] = { a: 'b' };
    await plugin.validate!(
      attrs(['', 'v1', 'pods'], 'UPDATE', { namespace: 'base', name: 'x', object: next, oldObject: old }),
    );
    await plugin.validate!(
      attrs(['', 'v1', 'pods'], 'UPDATE', {
        namespace: 'base',
        name: 'x',
        object: next,
        oldObject: old,
        subresource: 'status',
      }),
    );
  });

  it('refuses namespaces with invalid labels', async () => {
    const e = await statusOf(
      plugin.validate!(
        attrs(['', 'v1', 'namespaces'], 'CREATE', {
          name: 'n',
          object: ns('n', { 'pod-security.kubernetes.io/enforce': 'strict' }),
        }),
      ),
    );
    assert.equal(e.code, 422);
    assert.equal(
      e.status.message,
      'Namespace "n" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted',
    );
  });

  it('warns about existing pods when the enforce level tightens', async () => {
    const a = attrs(['', 'v1', 'namespaces'], 'UPDATE', {
      name: 'base',
      object: ns('base', { 'pod-security.kubernetes.io/enforce': 'restricted' }),
      oldObject: ns('base', { 'pod-security.kubernetes.io/enforce': 'baseline' }),
    });
    await plugin.validate!(a);
    assert.deepEqual(a.warnings, [
      'existing pods in namespace "base" violate the new PodSecurity enforce level "restricted:latest"',
      'p1 (and 1 other pod): allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile',
      'p3: privileged, allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile',
    ]);
    const loosen = attrs(['', 'v1', 'namespaces'], 'UPDATE', {
      name: 'base',
      object: ns('base', {}),
      oldObject: ns('base', { 'pod-security.kubernetes.io/enforce': 'baseline' }),
    });
    await plugin.validate!(loosen);
    assert.deepEqual(loosen.warnings, []);
  });
});

describe('PodSecurity labels', () => {
  it('raises warn to a stricter enforce level and fails closed on a bad enforce level', () => {
    const p = policyFromLabels(
      { 'pod-security.kubernetes.io/enforce': 'baseline' },
      DEFAULT_POD_SECURITY_POLICY,
    );
    assert.deepEqual(p.policy.warn, { level: 'baseline', version: 'latest' });
    const bad = policyFromLabels(
      { 'pod-security.kubernetes.io/enforce': 'x', 'pod-security.kubernetes.io/warn-version': 'v2' },
      DEFAULT_POD_SECURITY_POLICY,
    );
    assert.equal(bad.policy.enforce.level, 'restricted');
    assert.equal(bad.errors.length, 2);
  });
});
