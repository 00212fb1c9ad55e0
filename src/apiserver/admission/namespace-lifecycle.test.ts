import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statusOf } from '../registry/test-helpers.js';
import { namespaceLifecycle } from './namespace-lifecycle.js';
import { attrs, mapLookup } from './test-env.js';

const lookup = mapLookup({
  'namespaces//live': { metadata: { name: 'live' }, status: { phase: 'Active' } },
  'namespaces//dying': { metadata: { name: 'dying' }, status: { phase: 'Terminating' } },
});
const plugin = namespaceLifecycle(lookup);
const cm = (name: string) => ({ metadata: { name } });

describe('NamespaceLifecycle', () => {
  it('lets creates into an active namespace through', async () => {
    await plugin.admit!(attrs(['', 'v1', 'configmaps'], 'CREATE', { namespace: 'live', object: cm('a') }));
  });

  it('answers 404 for a missing namespace on create and update', async () => {
    for (const op of ['CREATE', 'UPDATE'] as const) {
      const e = await statusOf(
        plugin.admit!(attrs(['', 'v1', 'configmaps'], op, { namespace: 'gone', name: 'a', object: cm('a') })),
      );
      assert.equal(e.code, 404);
      assert.equal(e.status.message, 'namespaces "gone" not found');
      assert.deepEqual(e.status.details, { name: 'gone', kind: 'namespaces' });
    }
  });

  it('refuses creates into a terminating namespace with the NamespaceTerminating cause', async () => {
    const e = await statusOf(
      plugin.admit!(attrs(['', 'v1', 'configmaps'], 'CREATE', { namespace: 'dying', object: cm('a') })),
    );
    assert.equal(e.code, 403);
    assert.equal(
      e.status.message,
      'configmaps "a" is forbidden: unable to create new content in namespace dying because it is being terminated',
    );
    assert.deepEqual(e.status.details, {
      name: 'a',
      kind: 'configmaps',
      causes: [
        {
          reason: 'NamespaceTerminating',
          message: 'namespace dying is being terminated',
          field: 'metadata.namespace',
        },
      ],
    });
  });

  it('names a generated object by its generateName', async () => {
    const e = await statusOf(
      plugin.admit!(
        attrs(['', 'v1', 'pods'], 'CREATE', {
          namespace: 'dying',
          object: { metadata: { generateName: 'p-' } },
        }),
      ),
    );
    assert.match(e.status.message ?? '', /^pods "p-" is forbidden/);
  });

  it('lets updates and deletes in a terminating namespace through', async () => {
    await plugin.admit!(
      attrs(['', 'v1', 'configmaps'], 'UPDATE', { namespace: 'dying', name: 'a', object: cm('a') }),
    );
    await plugin.admit!(
      attrs(['', 'v1', 'configmaps'], 'DELETE', { namespace: 'gone', name: 'a', oldObject: cm('a') }),
    );
  });

  it('refuses to delete the immortal namespaces only', async () => {
    for (const name of ['default', 'kube-system', 'kube-public']) {
      const e = await statusOf(plugin.admit!(attrs(['', 'v1', 'namespaces'], 'DELETE', { name })));
      assert.equal(e.code, 403);
      assert.equal(e.status.message, `namespaces "${name}" is forbidden: this namespace may not be deleted`);
    }
    await plugin.admit!(attrs(['', 'v1', 'namespaces'], 'DELETE', { name: 'live' }));
  });

  it('ignores cluster-scoped objects and local access reviews', async () => {
    await plugin.admit!(attrs(['', 'v1', 'nodes'], 'CREATE', { object: cm('n') }));
    await plugin.admit!(
      attrs(['authorization.k8s.io', 'v1', 'localsubjectaccessreviews'], 'CREATE', {
        namespace: 'gone',
        object: {},
      }),
    );
  });
});
