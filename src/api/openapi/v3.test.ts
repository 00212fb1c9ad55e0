import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { openAPIV3Document, openAPIV3Hash, openAPIV3Index } from './v3.js';

// biome-ignore lint/suspicious/noExplicitAny: tests walk published JSON documents freely
type Json = Record<string, any>;

describe('openAPIV3Index', () => {
  const index = openAPIV3Index() as Json;
  it('lists every served group-version with a content hash', () => {
    for (const key of [
      'api/v1',
      'apis/apps/v1',
      'apis/autoscaling/v2',
      'apis/autoscaling/v1',
      'apis/apps',
      'api',
      'apis',
    ]) {
      const entry = index['paths'][key];
      assert.ok(entry, key);
      assert.match(entry.serverRelativeURL, new RegExp(`^/openapi/v3/${key}\\?hash=[0-9A-F]{128}$`));
    }
    assert.equal(index['paths']['apis/resource.k8s.io/v1'], undefined);
  });
  it('hash is the SHA-512 of the document as served', () => {
    const doc = openAPIV3Document('apis/apps/v1');
    assert.equal(
      openAPIV3Hash('apis/apps/v1'),
      createHash('sha512').update(JSON.stringify(doc)).digest('hex').toUpperCase(),
    );
  });
});

describe('openAPIV3Document', () => {
  const apps = openAPIV3Document('apis/apps/v1') as Json;
  it('is OpenAPI 3.0 with components.schemas and v3 refs', () => {
    assert.equal(apps['openapi'], '3.0.0');
    const deploy = apps['components'].schemas['io.k8s.api.apps.v1.Deployment'];
    assert.deepEqual(deploy['x-kubernetes-group-version-kind'], [
      { group: 'apps', kind: 'Deployment', version: 'v1' },
    ]);
    assert.equal(deploy.properties.spec.$ref, '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec');
    assert.equal(JSON.stringify(apps).includes('#/definitions/'), false);
  });
  it('keeps patch metadata for kubectl apply', () => {
    const podSpec = apps['components'].schemas['io.k8s.api.core.v1.PodSpec'];
    assert.equal(podSpec.properties.containers['x-kubernetes-patch-merge-key'], 'name');
    assert.deepEqual(podSpec.properties.containers['x-kubernetes-list-map-keys'], ['name']);
  });
  it('schemas are closed over their refs', () => {
    const schemas = apps['components'].schemas;
    for (const m of JSON.stringify(apps).matchAll(/"#\/components\/schemas\/([^"]+)"/g))
      assert.ok(schemas[m[1]!], m[1]);
  });
  it('only the group-version paths', () => {
    for (const p of Object.keys(apps['paths'])) assert.ok(p.startsWith('/apis/apps/v1/'), p);
    const patch = apps['paths']['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    assert.equal(patch['x-kubernetes-action'], 'patch');
    assert.ok(patch.requestBody.content['application/strategic-merge-patch+json']);
  });
  it('int-or-string and quantity accept both JSON types', () => {
    const core = openAPIV3Document('api/v1') as Json;
    assert.deepEqual(core['components'].schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString'].oneOf, [
      { type: 'integer' },
      { type: 'string' },
    ]);
    assert.deepEqual(core['components'].schemas['io.k8s.apimachinery.pkg.api.resource.Quantity'].oneOf, [
      { type: 'string' },
      { type: 'number' },
    ]);
  });
  it('unknown keys', () => {
    assert.equal(openAPIV3Document('apis/nope/v1'), undefined);
    assert.equal(openAPIV3Hash('apis/nope/v1'), undefined);
  });
});
