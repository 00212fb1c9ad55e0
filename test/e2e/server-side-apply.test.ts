// The real kubectl doing server-side apply on `kite server`: create through apply, removal of a
// field no longer applied, conflicts with another manager (and their exit code and text), taking
// fields over with --force-conflicts, and the managedFields kubectl shows.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { rawRequest } from '../support/kite-server.js';
import { kubectlPath } from '../support/kubectl.js';
import { kubectlSuite } from '../support/kubectl-run.js';

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON read back in assertions
type Loose = any;

const bin = kubectlPath();

// Field ownership as the API server records it, without controllers writing status meanwhile.
const suite = kubectlSuite(bin, 'server-side-apply', {
  args: ['--disable-controller-manager', '--disable-scheduler'],
});
const { k } = suite;

function manifest(name: string, replicas: number | undefined, labels: Record<string, string>): string {
  const file = join(suite.tmp.path, `${name}-${Math.random().toString(36).slice(2)}.json`);
  const spec: Record<string, unknown> = {
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'main', image: 'nginx:1', ports: [{ containerPort: 80 }] }] },
    },
  };
  if (replicas !== undefined) spec['replicas'] = replicas;
  const obj = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, labels }, spec };
  writeFileSync(file, JSON.stringify(obj));
  return file;
}

async function get(name: string): Promise<Record<string, Loose>> {
  return JSON.parse(await k.ok(['get', 'deployment', name, '-o', 'json', '--show-managed-fields']));
}

type Entry = { manager: string; operation: string; apiVersion: string; fieldsV1: Record<string, Loose> };

function entry(obj: Record<string, Loose>, manager: string, operation: string): Entry | undefined {
  return (obj.metadata.managedFields as Entry[]).find(
    (e) => e.manager === manager && e.operation === operation,
  );
}

describe('kubectl apply --server-side', { skip: bin === undefined, timeout: 180_000 }, () => {
  test('creates the object and records an Apply entry with only the applied fields', async () => {
    const out = await k.ok(['apply', '--server-side', '-f', manifest('web', 2, { app: 'web', tier: 'a' })]);
    assert.equal(out, 'deployment.apps/web serverside-applied\n');
    const web = await get('web');
    assert.equal(web.spec.replicas, 2);
    // Defaults are set but nobody owns them: the only entry is kubectl's Apply.
    assert.equal(web.spec.revisionHistoryLimit, 10);
    assert.equal(web.metadata.managedFields.length, 1);
    const e = entry(web, 'kubectl', 'Apply');
    assert.ok(e, 'an Apply entry for kubectl');
    assert.equal(e.apiVersion, 'apps/v1');
    assert.deepEqual(e.fieldsV1, {
      'f:metadata': { 'f:labels': { 'f:app': {}, 'f:tier': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:containers': {
              'k:{"name":"main"}': {
                '.': {},
                'f:image': {},
                'f:name': {},
                'f:ports': {
                  'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} },
                },
              },
            },
          },
        },
      },
    });
    // kubectl hides managedFields unless asked.
    const plain = JSON.parse(await k.ok(['get', 'deployment', 'web', '-o', 'json']));
    assert.equal(plain.metadata.managedFields, undefined);
    const yaml = await k.ok(['get', 'deployment', 'web', '-o', 'yaml', '--show-managed-fields']);
    assert.match(
      yaml,
      /\n {2}managedFields:\n {2}- apiVersion: apps\/v1\n {4}fieldsType: FieldsV1\n {4}fieldsV1:\n/,
    );
    assert.match(yaml, /\n {4}manager: kubectl\n {4}operation: Apply\n {4}time: /);
  });

  test('re-applying without a field removes it; an unchanged apply is a no-op', async () => {
    await k.ok(['apply', '--server-side', '-f', manifest('web', 2, { app: 'web' })]);
    const web = await get('web');
    assert.deepEqual(web.metadata.labels, { app: 'web' });
    const rv = web.metadata.resourceVersion;
    assert.deepEqual(entry(web, 'kubectl', 'Apply')?.fieldsV1['f:metadata'], { 'f:labels': { 'f:app': {} } });
    const again = await k.ok(['apply', '--server-side', '-f', manifest('web', 2, { app: 'web' })]);
    assert.equal(again, 'deployment.apps/web serverside-applied\n');
    assert.equal((await get('web')).metadata.resourceVersion, rv);
  });

  test('a field changed by another manager conflicts; --force-conflicts takes it over', async () => {
    await k.ok(['patch', 'deployment', 'web', '--type=merge', '-p', '{"spec":{"replicas":5}}']);
    let web = await get('web');
    assert.deepEqual(entry(web, 'kubectl-patch', 'Update')?.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
    // The patch took .spec.replicas away from the applier.
    assert.equal(entry(web, 'kubectl', 'Apply')?.fieldsV1['f:spec']['f:replicas'], undefined);
    const r = await k(['apply', '--server-side', '-f', manifest('web', 3, { app: 'web' })]);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr.split('\n')[0],
      'error: Apply failed with 1 conflict: conflict with "kubectl-patch" using apps/v1: .spec.replicas',
    );
    assert.match(r.stderr, /re-run the apply\s+command with the `--force-conflicts` flag/);
    assert.equal((await get('web')).spec.replicas, 5);
    await k.ok(['apply', '--server-side', '--force-conflicts', '-f', manifest('web', 3, { app: 'web' })]);
    web = await get('web');
    assert.equal(web.spec.replicas, 3);
    assert.equal(entry(web, 'kubectl-patch', 'Update'), undefined);
    assert.deepEqual(entry(web, 'kubectl', 'Apply')?.fieldsV1['f:spec']['f:replicas'], {});
  });

  test('kubectl scale then apply of another replica count conflicts', async () => {
    await k.ok(['scale', 'deployment', 'web', '--replicas=4']);
    const r = await k(['apply', '--server-side', '-f', manifest('web', 2, { app: 'web' })]);
    assert.equal(r.code, 1);
    const first = r.stderr.split('\n')[0] ?? '';
    // The scale endpoint records its writer as upstream does (manager kubectl, subresource scale);
    // the conflict names that manager and the field.
    assert.match(
      first,
      /^error: Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps\/v1: \.spec\.replicas$/,
    );
    // Applying the live value is no conflict: the field becomes shared.
    await k.ok(['apply', '--server-side', '-f', manifest('web', 4, { app: 'web' })]);
  });

  test('after client-side apply: other managers conflict, kubectl itself upgrades', async () => {
    await k.ok(['apply', '-f', manifest('csa', 2, { app: 'csa' })]);
    let csa = await get('csa');
    const fields = entry(csa, 'kubectl-client-side-apply', 'Update')?.fieldsV1;
    assert.deepEqual(fields?.['f:metadata']['f:annotations'], {
      '.': {},
      'f:kubectl.kubernetes.io/last-applied-configuration': {},
    });
    const r = await k([
      'apply',
      '--server-side',
      '--field-manager=ci',
      '-f',
      manifest('csa', 3, { app: 'csa' }),
    ]);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr.split('\n')[0],
      'error: Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    );
    await k.ok(['apply', '--server-side', '-f', manifest('csa', 3, { app: 'csa' })]);
    csa = await get('csa');
    assert.equal(csa.spec.replicas, 3);
    // The annotation follows the server-side applied configuration.
    const last = JSON.parse(csa.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']);
    assert.equal(last.spec.replicas, 3);
  });

  test('the API answers apply errors as upstream', async () => {
    const body = JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } });
    const path = '/apis/apps/v1/namespaces/default/deployments/web';
    const headers = { 'content-type': 'application/apply-patch+yaml' };
    const noManager = await rawRequest(suite.server, 'PATCH', path, { headers, body });
    assert.equal(noManager.code, 422);
    assert.match(
      String(JSON.parse(noManager.body).message),
      /fieldManager: Required value: is required for apply patch/,
    );
    const wrongKind = await rawRequest(suite.server, 'PATCH', `${path}?fieldManager=t`, {
      headers,
      body: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' } }),
    });
    assert.equal(wrongKind.code, 400);
    assert.equal(JSON.parse(wrongKind.body).message, 'invalid object type: /v1, Kind=Pod');
    const conflict = await rawRequest(suite.server, 'PATCH', `${path}?fieldManager=other`, {
      headers,
      body: JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: { replicas: 9 },
      }),
    });
    assert.equal(conflict.code, 409);
    const status = JSON.parse(conflict.body);
    assert.equal(status.reason, 'Conflict');
    // Both the applier (co-owner since it applied the live value) and the scaler own it.
    assert.deepEqual(
      status.details.causes.map((c: { field: string; reason: string }) => [c.reason, c.field]),
      [
        ['FieldManagerConflict', '.spec.replicas'],
        ['FieldManagerConflict', '.spec.replicas'],
      ],
    );
    assert.equal(status.details.causes[0].message, 'conflict with "kubectl"');
    assert.match(
      status.message,
      /^Apply failed with 2 conflicts: conflicts with "kubectl":\n- \.spec\.replicas\nconflicts with "/,
    );
    const created = await rawRequest(
      suite.server,
      'PATCH',
      '/api/v1/namespaces/default/configmaps/cm?fieldManager=t',
      {
        headers,
        body: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: "1"\n',
      },
    );
    assert.equal(created.code, 201);
    assert.deepEqual(JSON.parse(created.body).data, { a: '1' });
  });
});
