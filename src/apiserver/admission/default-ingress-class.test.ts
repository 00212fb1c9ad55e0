import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultIngressClass } from './default-ingress-class.js';
import { attrs, mapLookup } from './test-env.js';

const lookup = mapLookup({
  'ingressclasses//nginx': {
    metadata: { name: 'nginx', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } },
  },
  'ingressclasses//other': { metadata: { name: 'other' } },
});

async function classAfter(ing: Record<string, unknown>) {
  const a = attrs(['networking.k8s.io', 'v1', 'ingresses'], 'CREATE', { object: ing });
  await defaultIngressClass(lookup).admit!(a);
  return (a.object!['spec'] as Record<string, unknown>)['ingressClassName'];
}

describe('DefaultIngressClass', () => {
  it('sets the default class on an ingress without one', async () => {
    assert.equal(await classAfter({ metadata: { name: 'i' }, spec: {} }), 'nginx');
  });

  it('keeps an explicit class and the legacy annotation', async () => {
    assert.equal(await classAfter({ metadata: { name: 'i' }, spec: { ingressClassName: 'other' } }), 'other');
    assert.equal(
      await classAfter({
        metadata: { name: 'i', annotations: { 'kubernetes.io/ingress.class': 'x' } },
        spec: {},
      }),
      undefined,
    );
  });
});
