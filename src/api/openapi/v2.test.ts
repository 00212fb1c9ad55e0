import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openAPIV2Document } from './v2.js';

// biome-ignore lint/suspicious/noExplicitAny: tests walk published JSON documents freely
type Json = Record<string, any>;
const doc = openAPIV2Document() as Json;

describe('openAPIV2Document', () => {
  it('is swagger 2.0 with bearer security', () => {
    assert.equal(doc['swagger'], '2.0');
    assert.deepEqual(doc['security'], [{ BearerToken: [] }]);
    assert.equal(doc['securityDefinitions'].BearerToken.type, 'apiKey');
  });
  it('top-level kinds carry x-kubernetes-group-version-kind (kubectl explain / apply)', () => {
    assert.deepEqual(doc['definitions']['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind'], [
      { group: 'apps', kind: 'Deployment', version: 'v1' },
    ]);
  });
  it('PodSpec.containers keeps its merge key and strategy (kubectl apply SMP)', () => {
    const containers = doc['definitions']['io.k8s.api.core.v1.PodSpec'].properties.containers;
    assert.equal(containers['x-kubernetes-patch-merge-key'], 'name');
    assert.equal(containers['x-kubernetes-patch-strategy'], 'merge');
  });
  it('publishes no internal markers', () => {
    assert.deepEqual(doc['definitions']['io.k8s.apimachinery.pkg.util.intstr.IntOrString'], {
      format: 'int-or-string',
      type: 'string',
    });
    assert.equal(JSON.stringify(doc).includes('x-kite-'), false);
  });
  it('operations carry action and gvk', () => {
    const get = doc['paths']['/api/v1/namespaces/{namespace}/pods/{name}'].get;
    assert.equal(get['x-kubernetes-action'], 'get');
    assert.deepEqual(get['x-kubernetes-group-version-kind'], { group: '', kind: 'Pod', version: 'v1' });
    assert.equal(get.operationId, 'readCoreV1NamespacedPod');
    const evict = doc['paths']['/api/v1/namespaces/{namespace}/pods/{name}/eviction'].post;
    assert.deepEqual(evict['x-kubernetes-group-version-kind'], {
      group: 'policy',
      kind: 'Eviction',
      version: 'v1',
    });
  });
  it('advertises only the media types kite serves', () => {
    const text = JSON.stringify(doc['paths']);
    assert.equal(text.includes('protobuf'), false);
    assert.equal(text.includes('cbor'), false);
  });
  it('is cached per version', () => {
    assert.equal(openAPIV2Document(), doc);
    assert.equal((openAPIV2Document({ version: 'v1.36.0' }) as Json)['info'].version, 'v1.36.0');
  });
});

// When the upstream document is next to the checkout, every served operation must match it.
const reference = fileURLToPath(
  new URL('../../../../../shared/reference/kubernetes-openapi-v2.json', import.meta.url),
);
describe('openAPIV2Document against the upstream document', {
  skip: !existsSync(reference) && 'reference document absent',
}, () => {
  it('same operations, ids, actions, kinds and response types for served group-versions', () => {
    const up = JSON.parse(readFileSync(reference, 'utf8')) as Json;
    const ours = openAPIV2Document() as Json;
    const gvOf = (p: string) =>
      p
        .split('/')
        .slice(0, p.startsWith('/api/') ? 3 : 4)
        .join('/');
    const served = new Set(Object.keys(ours['paths']).map(gvOf));
    const diffs: string[] = [];
    for (const [path, ops] of Object.entries(up['paths'] as Json)) {
      if (!served.has(gvOf(path))) continue;
      for (const m of ['get', 'put', 'post', 'delete', 'patch', 'head', 'options']) {
        const u = ops[m];
        if (!u) continue;
        const k = ours['paths'][path]?.[m];
        if (!k) {
          diffs.push(`missing ${m} ${path}`);
          continue;
        }
        for (const f of ['operationId', 'x-kubernetes-action', 'x-kubernetes-group-version-kind', 'tags'])
          if (JSON.stringify(u[f]) !== JSON.stringify(k[f])) diffs.push(`${f} ${m} ${path}`);
        if (u.responses['200']?.schema?.$ref !== k.responses['200']?.schema?.$ref)
          diffs.push(`response ${m} ${path}`);
      }
    }
    for (const [path, ops] of Object.entries(ours['paths'] as Json))
      for (const m of Object.keys(ops))
        if (m !== 'parameters' && !up['paths'][path]?.[m]) diffs.push(`extra ${m} ${path}`);
    assert.deepEqual(diffs, []);
  });
});
