// Fixtures for the tests of the endpoint controllers: the shared controller test context with
// helpers to fill its (never started) informer caches, and a service and pods to select.
import type { Pod, Service } from 'kubernetes-types/core/v1.js';
import type { KubeObject, Resource } from '../../client/types.js';
import { newTestContext, type TestContext } from '../testing.js';

/** The shared test context with cache helpers. */
export interface TestEnv extends TestContext {
  /** Puts objects in the cache of `r` (as if the informer had seen them). */
  cache<T extends KubeObject>(r: Resource<T>, ...objs: T[]): void;
  /** Replaces the cache of `r` with what the fake client stores. */
  refresh<T extends KubeObject>(r: Resource<T>): void;
}

/** A fresh test environment; `rootCAPem` is `CA` unless given. */
export function newTestEnv(rootCAPem = 'CA'): TestEnv {
  const t = newTestContext({ rootCAPem });
  return {
    ...t,
    cache(r, ...objs) {
      const idx = t.informers.informerFor(r).indexer;
      for (const o of objs) {
        if (idx.get(o.metadata?.namespace ?? '', o.metadata?.name ?? '') === undefined) idx.add(o);
        else idx.update(o);
      }
    },
    refresh(r) {
      t.informers.informerFor(r).indexer.replace(t.client.objects(r));
    },
  };
}

/** A pod of `app` with an IP, on node `n1`, ready unless said otherwise. */
export function testPod(
  name: string,
  ip: string,
  opts: { ready?: boolean; labels?: Record<string, string>; namespace?: string; node?: string } = {},
): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: opts.namespace ?? 'ns',
      uid: `uid-${name}`,
      resourceVersion: '1',
      labels: opts.labels ?? { app: 'web' },
    },
    spec: {
      nodeName: opts.node ?? 'n1',
      containers: [
        { name: 'c', image: 'img', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] },
      ],
    },
    status: {
      phase: 'Running',
      podIP: ip,
      podIPs: [{ ip }],
      conditions: [
        {
          type: 'Ready',
          status: (opts.ready ?? true) ? 'True' : 'False',
          lastTransitionTime: '2026-01-01T00:00:10Z',
        },
      ],
    },
  };
}

/** A ClusterIP service selecting `app: web` with port 80 → named port `http`. */
export function testService(name = 'web', patch: Partial<NonNullable<Service['spec']>> = {}): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace: 'ns',
      uid: `uid-svc-${name}`,
      resourceVersion: '1',
      creationTimestamp: '2026-01-01T00:00:00Z',
    },
    spec: {
      selector: { app: 'web' },
      clusterIP: '10.96.0.10',
      ipFamilies: ['IPv4'],
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
      ...patch,
    },
  };
}
