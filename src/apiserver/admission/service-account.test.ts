import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statusOf } from '../registry/test-helpers.js';
import type { JsonObject } from '../registry/types.js';
import { serviceAccount, tokenVolumeSource } from './service-account.js';
import { attrs, mapLookup } from './test-env.js';

const lookup = mapLookup({
  'serviceaccounts/default/default': { metadata: { name: 'default' }, imagePullSecrets: [{ name: 'pull' }] },
  'serviceaccounts/default/quiet': { metadata: { name: 'quiet' }, automountServiceAccountToken: false },
  'serviceaccounts/default/strict': {
    metadata: { name: 'strict', annotations: { 'kubernetes.io/enforce-mountable-secrets': 'true' } },
    secrets: [{ name: 'ok' }],
  },
});
// Always picks the first letter of the alphabet: names end in `bbbbb`.
const plugin = serviceAccount(lookup, { random: () => 0 });

function pod(spec: JsonObject, annotations?: Record<string, string>): JsonObject {
  return { metadata: { name: 'p', ...(annotations ? { annotations } : {}) }, spec };
}

async function admitted(p: JsonObject, opts = plugin): Promise<JsonObject> {
  const a = attrs(['', 'v1', 'pods'], 'CREATE', { object: p });
  await opts.admit!(a);
  await opts.validate!(a);
  return a.object!['spec'] as JsonObject;
}

describe('ServiceAccount', () => {
  it('defaults the account, mounts the API credentials everywhere and copies pull secrets', async () => {
    const spec = await admitted(
      pod({
        initContainers: [{ name: 'i', image: 'x' }],
        containers: [
          { name: 'a', image: 'x' },
          {
            name: 'b',
            image: 'x',
            volumeMounts: [{ name: 'own', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }],
          },
        ],
      }),
    );
    assert.equal(spec['serviceAccountName'], 'default');
    const mount = {
      name: 'kube-api-access-bbbbb',
      readOnly: true,
      mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
    };
    assert.deepEqual(spec['initContainers'], [{ name: 'i', image: 'x', volumeMounts: [mount] }]);
    assert.deepEqual((spec['containers'] as JsonObject[])[0], {
      name: 'a',
      image: 'x',
      volumeMounts: [mount],
    });
    assert.equal(((spec['containers'] as JsonObject[])[1]!['volumeMounts'] as unknown[]).length, 1);
    assert.deepEqual(spec['volumes'], [{ name: 'kube-api-access-bbbbb', projected: tokenVolumeSource() }]);
    assert.deepEqual(spec['imagePullSecrets'], [{ name: 'pull' }]);
  });

  it('builds the projected volume as upstream does', () => {
    assert.deepEqual(tokenVolumeSource(), {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        {
          downwardAPI: {
            items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }],
          },
        },
      ],
    });
  });

  it('does not mount when the pod or its account opts out; the pod wins', async () => {
    const off = await admitted(
      pod({ automountServiceAccountToken: false, containers: [{ name: 'a', image: 'x' }] }),
    );
    assert.equal(off['volumes'], undefined);
    const quiet = await admitted(
      pod({ serviceAccountName: 'quiet', containers: [{ name: 'a', image: 'x' }] }),
    );
    assert.equal(quiet['volumes'], undefined);
    const on = await admitted(
      pod({
        serviceAccountName: 'quiet',
        automountServiceAccountToken: true,
        containers: [{ name: 'a', image: 'x' }],
      }),
    );
    assert.equal((on['volumes'] as unknown[]).length, 1);
  });

  it('reuses an existing kube-api-access volume', async () => {
    const spec = await admitted(
      pod({
        containers: [{ name: 'a', image: 'x' }],
        volumes: [{ name: 'kube-api-access-zzzzz', emptyDir: {} }],
      }),
    );
    assert.deepEqual(spec['volumes'], [{ name: 'kube-api-access-zzzzz', emptyDir: {} }]);
    assert.equal(
      ((spec['containers'] as JsonObject[])[0]!['volumeMounts'] as JsonObject[])[0]!['name'],
      'kube-api-access-zzzzz',
    );
  });

  it('lets a missing service account through unless required', async () => {
    const spec = await admitted(
      pod({ serviceAccountName: 'ghost', containers: [{ name: 'a', image: 'x' }] }),
    );
    assert.equal((spec['volumes'] as unknown[]).length, 1);
    const strict = serviceAccount(lookup, { requireServiceAccount: true });
    const e = await statusOf(admitted(pod({ serviceAccountName: 'ghost', containers: [] }), strict));
    assert.equal(e.code, 403);
    assert.equal(
      e.status.message,
      'pods "p" is forbidden: error looking up service account default/ghost: serviceaccount "ghost" not found',
    );
  });

  it('refuses mirror pods that reference accounts, secrets or token projections', async () => {
    const mirror = { 'kubernetes.io/config.mirror': 'x' };
    const cases: [JsonObject, string][] = [
      [{ serviceAccountName: 'default', containers: [] }, 'a mirror pod may not reference service accounts'],
      [
        { containers: [{ name: 'a', image: 'x', envFrom: [{ secretRef: { name: 's' } }] }] },
        'a mirror pod may not reference secrets',
      ],
      [
        {
          containers: [],
          volumes: [{ name: 'v', projected: { sources: [{ serviceAccountToken: { path: 't' } }] } }],
        },
        'a mirror pod may not use ServiceAccountToken volume projections',
      ],
    ];
    for (const [spec, why] of cases) {
      const e = await statusOf(admitted(pod(spec, mirror)));
      assert.equal(e.status.message, `pods "p" is forbidden: ${why}`);
    }
    const spec = await admitted(pod({ containers: [{ name: 'a', image: 'x' }] }, mirror));
    assert.equal(spec['serviceAccountName'], undefined);
    assert.equal(spec['volumes'], undefined);
  });

  it('enforces mountable secrets when the account asks for it', async () => {
    await admitted(
      pod({
        serviceAccountName: 'strict',
        containers: [],
        volumes: [{ name: 'v', secret: { secretName: 'ok' } }],
      }),
    );
    const e = await statusOf(
      admitted(
        pod({
          serviceAccountName: 'strict',
          containers: [
            {
              name: 'c',
              image: 'x',
              env: [{ name: 'E', valueFrom: { secretKeyRef: { name: 'no', key: 'k' } } }],
            },
          ],
        }),
      ),
    );
    assert.equal(
      e.status.message,
      'pods "p" is forbidden: container c with envVar E referencing secret.secretName="no" is not allowed because service account strict does not reference that secret',
    );
  });

  it('ignores other operations, subresources and kinds', async () => {
    const a = attrs(['', 'v1', 'pods'], 'UPDATE', { name: 'p', object: pod({ containers: [] }) });
    await plugin.admit!(a);
    assert.deepEqual(a.object, pod({ containers: [] }));
  });
});
