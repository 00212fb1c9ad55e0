// The real kubectl changing objects on `kite server`: the three patch types, edit through an
// EDITOR script, label, annotate, scale, diff, and every delete flavour (cascade policies, grace
// period, label selector, --all).
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { kubectlPath } from '../support/kubectl.js';
import { kubectlSuite } from '../support/kubectl-run.js';

const bin = kubectlPath();

// The API server alone: the outputs compared here must not race with controllers writing status.
const suite = kubectlSuite(bin, 'kubectl-write', {
  args: ['--disable-controller-manager', '--disable-scheduler'],
});
const { k, json } = suite;

describe('kubectl writes', { skip: bin === undefined, timeout: 300_000 }, () => {
  test('patch: strategic merge, JSON merge and JSON patch', async () => {
    await k.ok(['create', 'deployment', 'web', '--image=nginx:1', '--replicas=1']);
    assert.equal(
      await k.ok([
        'patch',
        'deployment',
        'web',
        '-p',
        '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox"}]}}}}',
      ]),
      'deployment.apps/web patched\n',
    );
    let web = await json(['get', 'deployment', 'web']);
    // Strategic merge: the containers list is merged by name, not replaced.
    assert.deepEqual(
      web.spec.template.spec.containers.map((c: { name: string }) => c.name),
      ['sidecar', 'nginx'],
    );
    assert.equal(web.metadata.generation, 2);
    await k.ok([
      'patch',
      'deployment',
      'web',
      '--type=merge',
      '-p',
      '{"metadata":{"labels":{"tier":"web"}}}',
    ]);
    await k.ok([
      'patch',
      'deployment',
      'web',
      '--type=json',
      '-p',
      '[{"op":"replace","path":"/spec/replicas","value":3},{"op":"remove","path":"/spec/template/spec/containers/0"}]',
    ]);
    web = await json(['get', 'deployment', 'web']);
    assert.equal(web.metadata.labels.tier, 'web');
    assert.equal(web.spec.replicas, 3);
    assert.deepEqual(
      web.spec.template.spec.containers.map((c: { name: string }) => c.name),
      ['nginx'],
    );
    assert.equal(
      await k.ok(['patch', 'deployment', 'web', '--type=merge', '-p', '{"spec":{"replicas":3}}']),
      'deployment.apps/web patched (no change)\n',
    );
    const failed = await k([
      'patch',
      'deployment',
      'web',
      '--type=json',
      '-p',
      '[{"op":"test","path":"/spec/replicas","value":9}]',
    ]);
    assert.equal(failed.code, 1);
    assert.equal(
      failed.stderr,
      'The request is invalid: the server rejected our request due to an error in our request\n',
    );
    const invalid = await k(['patch', 'deployment', 'web', '--type=merge', '-p', '{"spec":{"replicas":-2}}']);
    assert.equal(invalid.code, 1);
    assert.equal(
      invalid.stderr,
      'The Deployment "web" is invalid: spec.replicas: Invalid value: -2: must be greater than or equal to 0\n',
    );
    const missing = await k(['patch', 'deployment', 'nope', '-p', '{"spec":{"replicas":1}}']);
    assert.equal(missing.stderr, 'Error from server (NotFound): deployments.apps "nope" not found\n');
  });

  test('edit runs $EDITOR on the object and writes back what it changed', async () => {
    const out = await k.ok(['edit', 'deployment', 'web'], { env: { EDITOR: 'sed -i s/nginx:1/nginx:2/' } });
    assert.equal(out, 'deployment.apps/web edited\n');
    assert.equal(
      await k.ok(['get', 'deployment', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']),
      'nginx:2',
    );
    const cancelled = await k(['edit', 'deployment', 'web'], { env: { EDITOR: 'true' } });
    assert.equal(cancelled.code, 0);
    assert.equal(cancelled.stderr, 'Edit cancelled, no changes made.\n');
    // An edit the server rejects keeps a copy of the edit, with the server's causes at its top.
    const editDir = join(suite.tmp.path, 'edit');
    mkdirSync(editDir);
    const bad = await k(['edit', 'deployment', 'web'], {
      env: { EDITOR: 'sed -i s/replicas:\\ 3/replicas:\\ -3/', TMPDIR: editDir },
    });
    assert.equal(bad.code, 1);
    const stored = /stored to "([^"]+)"/.exec(bad.stderr)?.[1] ?? '';
    assert.ok(stored.startsWith(`${editDir}/kubectl-edit-`), bad.stderr);
    assert.ok(readdirSync(editDir).length > 0);
    assert.equal(
      bad.stderr,
      `error: deployments.apps "web" is invalid\nA copy of your changes has been stored to "${stored}"\nerror: Edit cancelled, no valid changes were saved.\n`,
    );
    const copy = readFileSync(stored, 'utf8');
    assert.match(
      copy,
      /^# deployments\.apps "web" was not valid:\n# \* spec\.replicas: Invalid value: -3: must be greater than or equal to 0\n#\n/m,
    );
  });

  test('label and annotate: add, refuse to overwrite, --overwrite, remove with key-', async () => {
    assert.equal(await k.ok(['label', 'deployment', 'web', 'team=a']), 'deployment.apps/web labeled\n');
    const refused = await k(['label', 'deployment', 'web', 'team=b']);
    assert.equal(refused.code, 1);
    assert.equal(refused.stderr, "error: 'team' already has a value (a), and --overwrite is false\n");
    assert.equal(
      await k.ok(['label', 'deployment', 'web', 'team=b', '--overwrite']),
      'deployment.apps/web labeled\n',
    );
    assert.equal(await k.ok(['label', 'deployment', 'web', 'team-']), 'deployment.apps/web unlabeled\n');
    assert.equal(
      await k.ok(['annotate', 'deployment', 'web', 'note=one']),
      'deployment.apps/web annotated\n',
    );
    const noOverwrite = await k(['annotate', 'deployment', 'web', 'note=two']);
    assert.equal(noOverwrite.code, 1);
    assert.equal(
      noOverwrite.stderr,
      "error: --overwrite is false but found the following declared annotation(s): 'note' already has a value (one)\n",
    );
    await k.ok(['annotate', 'deployment', 'web', 'note=two', '--overwrite']);
    let meta = (await json(['get', 'deployment', 'web'])).metadata;
    assert.equal(meta.annotations.note, 'two');
    assert.equal(meta.labels.team, undefined);
    await k.ok(['annotate', 'deployment', 'web', 'note-']);
    meta = (await json(['get', 'deployment', 'web'])).metadata;
    assert.equal(meta.annotations?.note, undefined);
    // Several objects at once, by selector.
    await k.ok(['create', 'configmap', 'l1']);
    await k.ok(['create', 'configmap', 'l2']);
    assert.equal(
      await k.ok(['label', 'configmap', 'l1', 'l2', 'group=l']),
      'configmap/l1 labeled\nconfigmap/l2 labeled\n',
    );
    assert.equal(
      await k.ok(['annotate', 'configmap', '-l', 'group=l', 'seen=yes']),
      'configmap/l1 annotated\nconfigmap/l2 annotated\n',
    );
  });

  test('scale through the scale subresource, with --current-replicas as a precondition', async () => {
    assert.equal(await k.ok(['scale', 'deployment', 'web', '--replicas=5']), 'deployment.apps/web scaled\n');
    const stale = await k(['scale', 'deployment', 'web', '--current-replicas=2', '--replicas=1']);
    assert.equal(stale.code, 1);
    assert.equal(stale.stderr, 'error: Expected replicas to be 2, was 5\n');
    await k.ok(['create', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'db' },
        spec: {
          serviceName: 'db',
          selector: { matchLabels: { app: 'db' } },
          template: {
            metadata: { labels: { app: 'db' } },
            spec: { containers: [{ name: 'db', image: 'db' }] },
          },
        },
      }),
    });
    assert.equal(await k.ok(['scale', 'statefulset', 'db', '--replicas=2']), 'statefulset.apps/db scaled\n');
    assert.equal(await k.ok(['get', 'statefulset', 'db', '-o', 'jsonpath={.spec.replicas}']), '2');
    const negative = await k(['scale', 'deployment', 'web', '--replicas=-1']);
    assert.equal(negative.code, 1);
    assert.equal(
      negative.stderr,
      'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n',
    );
  });

  test('scale records its field manager, and get --subresource=scale prints the Scale table', async () => {
    const managers = (await json(['get', 'deployment', 'web', '--show-managed-fields'])).metadata
      .managedFields as Array<{
      manager: string;
      fieldsV1: { 'f:spec'?: Record<string, unknown> };
    }>;
    const replicasOwner = managers
      .filter((m) => m.fieldsV1['f:spec']?.['f:replicas'] !== undefined)
      .map((m) => m.manager);
    assert.ok(replicasOwner.includes('kubectl'), JSON.stringify(managers));
    assert.ok(!replicasOwner.includes('unknown'), JSON.stringify(managers));
    assert.match(
      await k.ok(['get', 'deployment', 'web', '--subresource=scale']),
      /^NAME\s+DESIRED\s+AVAILABLE\s+AGE\nweb\s+5\s+0\s+\d+s\n$/,
    );
    const scale = await json(['get', 'deployment', 'web', '--subresource=scale']);
    assert.deepEqual([scale.kind, scale.apiVersion, scale.spec.replicas], ['Scale', 'autoscaling/v1', 5]);
    assert.match(
      await k.ok(['get', 'deployment', 'web', '--subresource=status']),
      /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nweb\s+0\/5\s+0\s+0\s+\d+s\n$/,
    );
  });

  test('apply --server-side creates, owns fields, and reports conflicts with other managers', async () => {
    const manifest = (replicas: number) =>
      JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'ssa' },
        spec: {
          replicas,
          selector: { matchLabels: { app: 'ssa' } },
          template: {
            metadata: { labels: { app: 'ssa' } },
            spec: { containers: [{ name: 'app', image: 'app:1' }] },
          },
        },
      });
    const file = join(suite.tmp.path, 'ssa.json');
    writeFileSync(file, manifest(2));
    assert.equal(
      await k.ok(['apply', '--server-side', '-f', file]),
      'deployment.apps/ssa serverside-applied\n',
    );
    assert.equal(
      await k.ok(['apply', '--server-side', '-f', file]),
      'deployment.apps/ssa serverside-applied\n',
    );
    const ssa = await json(['get', 'deployment', 'ssa', '--show-managed-fields']);
    assert.deepEqual(
      ssa.metadata.managedFields.map(
        (m: { manager: string; operation: string }) => `${m.manager} ${m.operation}`,
      ),
      ['kubectl Apply'],
    );
    await k.ok(['scale', 'deployment', 'ssa', '--replicas=4']);
    writeFileSync(file, manifest(3));
    const conflict = await k(['apply', '--server-side', '-f', file]);
    assert.equal(conflict.code, 1);
    assert.match(
      conflict.stderr,
      /^error: Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps\/v1: \.spec\.replicas\n/,
    );
    assert.equal(
      await k.ok(['apply', '--server-side', '--force-conflicts', '-f', file]),
      'deployment.apps/ssa serverside-applied\n',
    );
    assert.equal(await k.ok(['get', 'deployment', 'ssa', '-o', 'jsonpath={.spec.replicas}']), '3');
  });

  test('a scale records its manager with subresource "scale", as upstream does', async () => {
    const managers = (await json(['get', 'deployment', 'web', '--show-managed-fields'])).metadata
      .managedFields as Array<{ manager: string; subresource?: string }>;
    assert.ok(
      managers.some((m) => m.manager === 'kubectl' && m.subresource === 'scale'),
      JSON.stringify(managers),
    );
  });

  test('rollout restart and set image/env patch the pod template', async () => {
    assert.equal(await k.ok(['rollout', 'restart', 'deployment', 'ssa']), 'deployment.apps/ssa restarted\n');
    assert.equal(
      await k.ok(['set', 'image', 'deployment/ssa', 'app=app:2']),
      'deployment.apps/ssa image updated\n',
    );
    assert.equal(
      await k.ok(['set', 'env', 'deployment/ssa', 'MODE=fast']),
      'deployment.apps/ssa env updated\n',
    );
    const ssa = await json(['get', 'deployment', 'ssa']);
    assert.match(
      ssa.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt'],
      /^\d{4}-\d\d-\d\dT/,
    );
    assert.equal(ssa.spec.template.spec.containers[0].image, 'app:2');
    assert.deepEqual(ssa.spec.template.spec.containers[0].env, [{ name: 'MODE', value: 'fast' }]);
    // create, scale, forced apply, restart, image, env: one generation each.
    assert.equal(ssa.metadata.generation, 6);
  });

  test('diff exits 1 with a diff against the live object, 0 when there is none', async () => {
    const manifest = (replicas: number) =>
      JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'diffed', labels: { app: 'diffed' } },
        spec: {
          replicas,
          selector: { matchLabels: { app: 'diffed' } },
          template: {
            metadata: { labels: { app: 'diffed' } },
            spec: { containers: [{ name: 'app', image: 'app:1' }] },
          },
        },
      });
    const file = join(suite.tmp.path, 'diffed.json');
    writeFileSync(file, manifest(2));
    await k.ok(['apply', '-f', file]);
    const same = await k(['diff', '-f', file]);
    assert.equal(same.code, 0, same.stderr);
    assert.equal(same.stdout, '');
    writeFileSync(file, manifest(4));
    const changed = await k(['diff', '-f', file]);
    assert.equal(changed.code, 1, changed.stderr);
    assert.match(changed.stdout, /^- {2}replicas: 2$/m);
    assert.match(changed.stdout, /^\+ {2}replicas: 4$/m);
    // The server-side dry run also bumps the generation, as upstream's does.
    assert.match(changed.stdout, /^- {2}generation: 1$/m);
    assert.match(changed.stdout, /^\+ {2}generation: 2$/m);
    // Nothing was written.
    assert.equal(await k.ok(['get', 'deployment', 'diffed', '-o', 'jsonpath={.spec.replicas}']), '2');
    const fresh = join(suite.tmp.path, 'fresh.json');
    writeFileSync(
      fresh,
      JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fresh' } }),
    );
    const created = await k(['diff', '-f', fresh]);
    assert.equal(created.code, 1);
    assert.match(created.stdout, /^\+ {2}name: fresh$/m);
  });

  test('replace with a stale resourceVersion is a conflict', async () => {
    const cm = await json(['create', 'configmap', 'stale', '--from-literal=a=1']);
    await k.ok(['label', 'configmap', 'stale', 'x=y']);
    const file = join(suite.tmp.path, 'stale.json');
    writeFileSync(file, JSON.stringify({ ...cm, data: { a: '2' } }));
    const r = await k(['replace', '-f', file]);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      `Error from server (Conflict): error when replacing "${file}": Operation cannot be fulfilled on configmaps "stale": the object has been modified; please apply your changes to the latest version and try again\n`,
    );
    delete cm.metadata.resourceVersion;
    writeFileSync(file, JSON.stringify({ ...cm, data: { a: '3' } }));
    assert.equal(await k.ok(['replace', '-f', file]), 'configmap/stale replaced\n');
    assert.equal(await k.ok(['get', 'configmap', 'stale', '-o', 'jsonpath={.data.a}']), '3');
  });

  test('delete --cascade=foreground keeps the object with the foregroundDeletion finalizer', async () => {
    await k.ok(['create', 'deployment', 'fg', '--image=x']);
    assert.equal(
      await k.ok(['delete', 'deployment', 'fg', '--cascade=foreground', '--wait=false']),
      'deployment.apps "fg" deleted\n',
    );
    const fg = await json(['get', 'deployment', 'fg']);
    assert.deepEqual(fg.metadata.finalizers, ['foregroundDeletion']);
    assert.match(fg.metadata.deletionTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(fg.metadata.deletionGracePeriodSeconds, 0);
    assert.equal(fg.metadata.generation, 2);
    // A later orphan delete swaps the finalizer, as upstream's graceful update does.
    await k.ok(['delete', 'deployment', 'fg', '--cascade=orphan', '--wait=false']);
    assert.deepEqual((await json(['get', 'deployment', 'fg'])).metadata.finalizers, ['orphan']);
    // Removing the last finalizer of an object being deleted removes it.
    await k.ok([
      'patch',
      'deployment',
      'fg',
      '--type=json',
      '-p',
      '[{"op":"remove","path":"/metadata/finalizers"}]',
    ]);
    const gone = await k(['get', 'deployment', 'fg']);
    assert.equal(gone.stderr, 'Error from server (NotFound): deployments.apps "fg" not found\n');
  });

  test('delete --cascade=orphan adds the orphan finalizer; background deletes at once', async () => {
    await k.ok(['create', 'deployment', 'orph', '--image=x']);
    await k.ok(['delete', 'deployment', 'orph', '--cascade=orphan', '--wait=false']);
    const orph = await json(['get', 'deployment', 'orph']);
    assert.deepEqual(orph.metadata.finalizers, ['orphan']);
    assert.ok(orph.metadata.deletionTimestamp);
    await k.ok(['create', 'deployment', 'bg', '--image=x']);
    assert.equal(
      await k.ok(['delete', 'deployment', 'bg', '--cascade=background']),
      'deployment.apps "bg" deleted\n',
    );
    assert.equal((await k(['get', 'deployment', 'bg'])).code, 1);
    // A finalizer set by someone else keeps the object; kubectl's wait then times out.
    await k.ok(['create', 'configmap', 'held']);
    await k.ok(['patch', 'configmap', 'held', '-p', '{"metadata":{"finalizers":["example.com/hold"]}}']);
    const held = await k(['delete', 'configmap', 'held', '--timeout=2s']);
    assert.equal(held.code, 1);
    assert.equal(held.stdout, 'configmap "held" deleted\n');
    assert.match(held.stderr, /error: timed out waiting for the condition on configmaps\/held\n$/);
    const kept = await json(['get', 'configmap', 'held']);
    assert.deepEqual(kept.metadata.finalizers, ['example.com/hold']);
    assert.ok(kept.metadata.deletionTimestamp);
    await k.ok(['patch', 'configmap', 'held', '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
    assert.equal((await k(['get', 'configmap', 'held'])).code, 1);
  });

  test('delete --grace-period: unscheduled pods go at once, --force with 0 too', async () => {
    await k.ok(['run', 'p1', '--image=x']);
    assert.equal(
      await k.ok(['delete', 'pod', 'p1', '--grace-period=30', '--wait=false']),
      'pod "p1" deleted\n',
    );
    // A pod no node runs has nothing to wait for: upstream deletes it immediately.
    assert.equal((await k(['get', 'pod', 'p1'])).code, 1);
    await k.ok(['run', 'p2', '--image=x']);
    const forced = await k(['delete', 'pod', 'p2', '--grace-period=0', '--force']);
    assert.equal(forced.code, 0);
    assert.equal(forced.stdout, 'pod "p2" force deleted\n');
    assert.equal(
      forced.stderr,
      'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
    );
  });

  test('delete -l and delete --all', async () => {
    for (const n of ['d1', 'd2', 'd3']) await k.ok(['create', 'configmap', n]);
    await k.ok(['label', 'configmap', 'd1', 'd2', 'batch=one']);
    assert.equal(
      await k.ok(['delete', 'configmap', '-l', 'batch=one']),
      'configmap "d1" deleted\nconfigmap "d2" deleted\n',
    );
    const none = await k(['delete', 'configmap', '-l', 'batch=one']);
    assert.equal(none.code, 0);
    assert.equal(none.stdout, 'No resources found\n');
    await k.ok(['create', 'namespace', 'scratch']);
    for (const n of ['a', 'b']) await k.ok(['create', 'configmap', n, '-n', 'scratch']);
    assert.equal(
      await k.ok(['delete', 'configmap', '--all', '-n', 'scratch']),
      'configmap "a" deleted\nconfigmap "b" deleted\n',
    );
    assert.equal(
      (await k(['get', 'configmaps', '-n', 'scratch'])).stderr,
      'No resources found in scratch namespace.\n',
    );
    assert.equal(await k.ok(['get', 'configmap', 'd3', '-o', 'name']), 'configmap/d3\n');
  });
});
