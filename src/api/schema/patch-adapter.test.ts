import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFINITIONS } from './definitions.js';

interface Meta {
  readonly patchStrategies: readonly string[];
  readonly patchMergeKey: string;
  readonly listType: string | undefined;
  readonly listMapKeys: readonly string[];
}
type Lookup = { ok: true; meta: Meta; schema: PatchLike | undefined } | { ok: false; message: string };
interface PatchLike {
  lookupStruct(field: string): Lookup;
  lookupSlice(field: string): Lookup;
}
type Adapter = (definitions: Record<string, unknown>, rootRef: string) => PatchLike;

// The patch package sits in a higher layer, so it is loaded only here and only if present.
async function loadAdapter(): Promise<Adapter | undefined> {
  for (const path of ['../../apimachinery/patch/index.js', '../../apimachinery/patch/schema.js']) {
    try {
      const mod: Record<string, unknown> = await import(path);
      const fn = mod['patchSchemaFromOpenAPI'];
      if (typeof fn === 'function') return fn as Adapter;
    } catch {
      // not built (yet): try the next entry point
    }
  }
  return undefined;
}

function expectOk(l: Lookup): { meta: Meta; schema: PatchLike | undefined } {
  assert.ok(l.ok, l.ok ? '' : l.message);
  return l;
}

describe('compact schema through the strategic-merge-patch adapter', () => {
  it('reads merge keys and strategies', async (t) => {
    const adapter = await loadAdapter();
    if (adapter === undefined) {
      t.skip('patchSchemaFromOpenAPI is not exported by the patch package yet');
      return;
    }
    const pod = adapter({ ...DEFINITIONS }, 'io.k8s.api.core.v1.Pod');
    const spec = expectOk(pod.lookupStruct('spec')).schema;
    assert.ok(spec);
    const containers = expectOk(spec.lookupSlice('containers'));
    assert.equal(containers.meta.patchMergeKey, 'name');
    assert.deepEqual(containers.meta.patchStrategies, ['merge']);
    assert.deepEqual(containers.meta.listMapKeys, ['name']);
    const ports = expectOk(containers.schema!.lookupSlice('ports'));
    assert.equal(ports.meta.patchMergeKey, 'containerPort');
    const volumes = expectOk(spec.lookupSlice('volumes'));
    assert.deepEqual(volumes.meta.patchStrategies, ['merge', 'retainKeys']);
  });
});

describe('compact schema keeps patch metadata', () => {
  it('PodSpec.containers as in OpenAPI v2', () => {
    const containers = DEFINITIONS['io.k8s.api.core.v1.PodSpec']?.properties?.['containers'];
    assert.deepEqual(containers, {
      items: { $ref: '#/definitions/io.k8s.api.core.v1.Container' },
      type: 'array',
      'x-kubernetes-list-map-keys': ['name'],
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge',
    });
  });
  it('has no description texts', () => {
    // `description` may be a field name (PriorityClass.description) but never a text.
    JSON.stringify(DEFINITIONS, (key, value) => {
      assert.ok(key !== 'description' || typeof value !== 'string', 'description text found');
      return value;
    });
  });
  it('every $ref resolves', () => {
    const refs = JSON.stringify(DEFINITIONS).matchAll(/"\$ref":"#\/definitions\/([^"]+)"/g);
    for (const m of refs) assert.ok(DEFINITIONS[m[1]!], m[1]);
  });
  it('only served group-versions in gvk lists', () => {
    const gvks =
      DEFINITIONS['io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions']?.[
        'x-kubernetes-group-version-kind'
      ] ?? [];
    assert.ok(gvks.some((g) => g.group === 'apps'));
    assert.ok(!gvks.some((g) => g.version.includes('beta') || g.version.includes('alpha')));
  });
});
