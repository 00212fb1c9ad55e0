// The real kubectl's `create` generators against `kite server`, and the objects they leave: what
// the server defaulted, generated and merged, plus server-side and client-side dry runs.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse as parseYAML } from 'yaml';
import { kubectlPath } from '../support/kubectl.js';
import { kubectlSuite } from '../support/kubectl-run.js';

const bin = kubectlPath();

// The API server alone: the tables compared here would race with controllers filling in status.
const suite = kubectlSuite(bin, 'kubectl-create', {
  args: ['--disable-controller-manager', '--disable-scheduler'],
});
const { k, json } = suite;

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** The server's own CA certificate and the admin key make a syntactically valid TLS pair. */
function tlsFiles(): { cert: string; key: string } {
  const cert = join(suite.tmp.path, 'tls.crt');
  const key = join(suite.tmp.path, 'tls.key');
  writeFileSync(cert, suite.server.admin.cert);
  writeFileSync(key, suite.server.admin.key);
  return { cert, key };
}

describe('kubectl create', { skip: bin === undefined, timeout: 300_000 }, () => {
  test('secret generic, tls and docker-registry', async () => {
    const file = join(suite.tmp.path, 'token.txt');
    writeFileSync(file, 'from-a-file\n');
    assert.equal(
      await k.ok(['create', 'secret', 'generic', 'gen', '--from-literal=user=admin', `--from-file=${file}`]),
      'secret/gen created\n',
    );
    const gen = await json(['get', 'secret', 'gen']);
    assert.equal(gen.type, 'Opaque');
    assert.deepEqual(gen.data, { 'token.txt': b64('from-a-file\n'), user: b64('admin') });
    const { cert, key } = tlsFiles();
    assert.equal(
      await k.ok(['create', 'secret', 'tls', 'tls', `--cert=${cert}`, `--key=${key}`]),
      'secret/tls created\n',
    );
    const tls = await json(['get', 'secret', 'tls']);
    assert.equal(tls.type, 'kubernetes.io/tls');
    assert.deepEqual(Object.keys(tls.data).sort(), ['tls.crt', 'tls.key']);
    assert.equal(
      await k.ok([
        'create',
        'secret',
        'docker-registry',
        'reg',
        '--docker-server=registry.example',
        '--docker-username=u',
        '--docker-password=p',
      ]),
      'secret/reg created\n',
    );
    const reg = await json(['get', 'secret', 'reg']);
    assert.equal(reg.type, 'kubernetes.io/dockerconfigjson');
    const config = JSON.parse(Buffer.from(reg.data['.dockerconfigjson'], 'base64').toString());
    assert.equal(config.auths['registry.example'].username, 'u');
    assert.equal(config.auths['registry.example'].auth, b64('u:p'));
    const table = await k.ok(['get', 'secrets']);
    assert.match(table, /^gen\s+Opaque\s+2\s+\d+s$/m);
    assert.match(table, /^reg\s+kubernetes\.io\/dockerconfigjson\s+1\s+\d+s$/m);
    assert.match(table, /^tls\s+kubernetes\.io\/tls\s+2\s+\d+s$/m);
    // A type's required keys are checked by the server.
    const bad = await k([
      'create',
      'secret',
      'generic',
      'bad',
      '--type=kubernetes.io/tls',
      '--from-literal=a=b',
    ]);
    assert.equal(bad.code, 1);
    assert.equal(
      bad.stderr,
      'error: failed to create secret Secret "bad" is invalid: [data[tls.crt]: Required value, data[tls.key]: Required value]\n',
    );
  });

  test('configmap --from-literal and --from-file', async () => {
    const file = join(suite.tmp.path, 'app.properties');
    writeFileSync(file, 'mode=dev\n');
    assert.equal(
      await k.ok(['create', 'configmap', 'cfg', '--from-literal=LEVEL=debug', `--from-file=${file}`]),
      'configmap/cfg created\n',
    );
    const cfg = await json(['get', 'configmap', 'cfg']);
    assert.deepEqual(cfg.data, { LEVEL: 'debug', 'app.properties': 'mode=dev\n' });
    const bin2 = join(suite.tmp.path, 'blob.bin');
    writeFileSync(bin2, Buffer.from([0xff, 0x00, 0xfe]));
    await k.ok(['create', 'configmap', 'blob', `--from-file=${bin2}`]);
    assert.deepEqual((await json(['get', 'configmap', 'blob'])).binaryData, { 'blob.bin': '/wD+' });
    assert.match(await k.ok(['get', 'configmap', 'blob']), /^blob\s+1\s+\d+s$/m);
  });

  test('namespace, serviceaccount, quota and priorityclass', async () => {
    assert.equal(await k.ok(['create', 'namespace', 'team-a']), 'namespace/team-a created\n');
    const ns = await json(['get', 'namespace', 'team-a']);
    assert.deepEqual(ns.metadata.labels, { 'kubernetes.io/metadata.name': 'team-a' });
    assert.deepEqual(ns.spec, { finalizers: ['kubernetes'] });
    assert.deepEqual(ns.status, { phase: 'Active' });
    assert.equal(
      await k.ok(['create', 'serviceaccount', 'robot', '-n', 'team-a']),
      'serviceaccount/robot created\n',
    );
    assert.match(await k.ok(['get', 'sa', '-n', 'team-a']), /^robot\s+\d+s$/m);
    assert.equal(
      await k.ok(['create', 'quota', 'q', '--hard=pods=10,cpu=2,limits.memory=1Gi', '-n', 'team-a']),
      'resourcequota/q created\n',
    );
    // The columns come from the status, which the quota controller fills in; until then they
    // are empty, as upstream prints them.
    assert.match(await k.ok(['get', 'quota', '-n', 'team-a']), /^NAME\s+REQUEST\s+LIMIT\s+AGE\nq\s+\d+s\n$/);
    assert.equal(
      await k.ok(['create', 'priorityclass', 'high', '--value=1000', '--description=important']),
      'priorityclass.scheduling.k8s.io/high created\n',
    );
    const pc = await json(['get', 'priorityclass', 'high']);
    assert.equal(pc.value, 1000);
    assert.equal(pc.preemptionPolicy, 'PreemptLowerPriority');
    assert.match(
      await k.ok(['get', 'priorityclass', 'high']),
      /^NAME\s+VALUE\s+GLOBAL-DEFAULT\s+AGE\s+PREEMPTIONPOLICY\nhigh\s+1000\s+false\s+\d+s\s+PreemptLowerPriority\n$/,
    );
  });

  test('deployment, job (with a generated selector) and cronjob', async () => {
    assert.equal(
      await k.ok(['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2', '--port=80']),
      'deployment.apps/web created\n',
    );
    const web = await json(['get', 'deployment', 'web']);
    assert.deepEqual(web.spec.selector, { matchLabels: { app: 'web' } });
    assert.equal(web.spec.template.spec.containers[0].imagePullPolicy, 'IfNotPresent');
    assert.equal(web.spec.template.spec.containers[0].ports[0].protocol, 'TCP');
    // Protobuf-encoded empty metadata fields do not show up as empty strings.
    assert.equal(web.spec.template.metadata.uid, undefined);
    assert.equal(
      await k.ok(['create', 'job', 'once', '--image=busybox', '--', 'echo', 'hi']),
      'job.batch/once created\n',
    );
    const job = await json(['get', 'job', 'once']);
    const uid = job.metadata.uid as string;
    assert.deepEqual(job.spec.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
    assert.deepEqual(job.spec.template.metadata.labels, {
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': 'once',
      'controller-uid': uid,
      'job-name': 'once',
    });
    assert.equal(job.spec.backoffLimit, 6);
    assert.equal(job.spec.completionMode, 'NonIndexed');
    assert.match(
      await k.ok(['get', 'job', 'once', '-o', 'wide']),
      /^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR\nonce\s+Running\s+0\/1\s+\d+s\s+once\s+busybox\s+batch\.kubernetes\.io\/controller-uid=[0-9a-f-]+\n$/,
    );
    assert.equal(
      await k.ok(['create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/5 * * * *', '--', 'date']),
      'cronjob.batch/tick created\n',
    );
    const cj = await json(['get', 'cronjob', 'tick']);
    assert.equal(cj.spec.concurrencyPolicy, 'Allow');
    assert.equal(cj.spec.successfulJobsHistoryLimit, 3);
    assert.equal(cj.spec.failedJobsHistoryLimit, 1);
    assert.equal(
      await k.ok(['create', 'job', 'manual', '--from=cronjob/tick']),
      'job.batch/manual created\n',
    );
    const manual = await json(['get', 'job', 'manual']);
    assert.equal(manual.metadata.ownerReferences[0].kind, 'CronJob');
    assert.equal(manual.metadata.annotations['cronjob.kubernetes.io/instantiate'], 'manual');
    assert.equal(manual.spec.selector.matchLabels['batch.kubernetes.io/controller-uid'], manual.metadata.uid);
    const badSchedule = await k(['create', 'cronjob', 'bad', '--image=x', '--schedule=not a schedule']);
    assert.equal(badSchedule.code, 1);
    assert.match(
      badSchedule.stderr,
      /CronJob\.batch "bad" is invalid: spec\.schedule: Invalid value: "not a schedule"/,
    );
  });

  test('service clusterip and nodeport', async () => {
    assert.equal(
      await k.ok(['create', 'service', 'clusterip', 'api', '--tcp=80:8080']),
      'service/api created\n',
    );
    const api = await json(['get', 'service', 'api']);
    assert.equal(api.spec.type, 'ClusterIP');
    assert.deepEqual(api.spec.selector, { app: 'api' });
    assert.deepEqual(api.spec.ports, [{ name: '80-8080', port: 80, protocol: 'TCP', targetPort: 8080 }]);
    assert.equal(api.spec.sessionAffinity, 'None');
    assert.equal(
      await k.ok(['create', 'service', 'nodeport', 'np', '--tcp=80:8080']),
      'service/np created\n',
    );
    const headless = await k.ok(['create', 'service', 'clusterip', 'hl', '--clusterip=None']);
    assert.equal(headless, 'service/hl created\n');
    assert.match(await k.ok(['get', 'service', 'hl']), /^hl\s+ClusterIP\s+None\s+<none>\s+<none>\s+\d+s$/m);
  });

  test('services get a cluster IP and a node port allocated', async () => {
    const api = await json(['get', 'service', 'api']);
    assert.match(api.spec.clusterIP, /^10\.(9[6-9]|1[01]\d)\.\d+\.\d+$/);
    assert.deepEqual(api.spec.clusterIPs, [api.spec.clusterIP]);
    const np = await json(['get', 'service', 'np']);
    assert.ok(np.spec.ports[0].nodePort >= 30000 && np.spec.ports[0].nodePort <= 32767);
    assert.match(
      await k.ok(['get', 'service', 'kubernetes']),
      /^kubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443\/TCP\s+\d+s$/m,
    );
  });

  test('role, rolebinding, clusterrole, clusterrolebinding', async () => {
    assert.equal(
      await k.ok(['create', 'role', 'reader', '--verb=get,list', '--resource=pods,pods/log']),
      'role.rbac.authorization.k8s.io/reader created\n',
    );
    const role = await json(['get', 'role', 'reader']);
    assert.deepEqual(role.rules, [
      { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list'] },
    ]);
    assert.equal(
      await k.ok([
        'create',
        'rolebinding',
        'read',
        '--role=reader',
        '--user=bob',
        '--serviceaccount=default:robot',
      ]),
      'rolebinding.rbac.authorization.k8s.io/read created\n',
    );
    assert.match(
      await k.ok(['get', 'rolebinding', 'read', '-o', 'wide']),
      /^NAME\s+ROLE\s+AGE\s+USERS\s+GROUPS\s+SERVICEACCOUNTS\nread\s+Role\/reader\s+\d+s\s+bob\s+default\/robot\n$/,
    );
    assert.equal(
      await k.ok(['create', 'clusterrole', 'node-reader', '--verb=get', '--resource=nodes']),
      'clusterrole.rbac.authorization.k8s.io/node-reader created\n',
    );
    assert.equal(
      await k.ok(['create', 'clusterrolebinding', 'nr', '--clusterrole=node-reader', '--group=devs']),
      'clusterrolebinding.rbac.authorization.k8s.io/nr created\n',
    );
    const cr = await json(['get', 'clusterrole', 'node-reader']);
    assert.deepEqual(cr.rules, [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }]);
  });

  test('--dry-run=server -o yaml answers the object as it would be stored, and stores nothing', async () => {
    const out = parseYAML(
      await k.ok(['create', 'deployment', 'ghost', '--image=nginx', '--dry-run=server', '-o', 'yaml']),
    );
    assert.equal(out.metadata.name, 'ghost');
    assert.equal(out.metadata.generation, 1);
    assert.match(out.metadata.uid, /^[0-9a-f-]{36}$/);
    assert.equal(out.metadata.resourceVersion, undefined);
    assert.equal(out.spec.progressDeadlineSeconds, 600);
    assert.equal(out.spec.strategy.rollingUpdate.maxSurge, '25%');
    assert.equal(out.spec.template.spec.containers[0].imagePullPolicy, 'Always');
    const missing = await k(['get', 'deployment', 'ghost']);
    assert.equal(missing.stderr, 'Error from server (NotFound): deployments.apps "ghost" not found\n');
    // A server dry run still validates, and still sees conflicts.
    const invalid = await k(['create', 'deployment', 'Ghost', '--image=nginx', '--dry-run=server']);
    assert.equal(invalid.code, 1);
    assert.match(
      invalid.stderr,
      /Deployment\.apps "Ghost" is invalid: metadata\.name: Invalid value: "Ghost"/,
    );
    const exists = await k(['create', 'deployment', 'web', '--image=nginx', '--dry-run=server']);
    assert.equal(
      exists.stderr,
      'error: failed to create deployment: deployments.apps "web" already exists\n',
    );
    assert.equal(
      await k.ok(['create', 'configmap', 'ghost', '--dry-run=server']),
      'configmap/ghost created (server dry run)\n',
    );
  });

  test('--dry-run=client never reaches the server', async () => {
    const out = parseYAML(
      await k.ok(['create', 'deployment', 'paper', '--image=nginx', '--dry-run=client', '-o', 'yaml']),
    );
    assert.equal(out.metadata.creationTimestamp, null);
    assert.equal(out.metadata.uid, undefined);
    assert.equal(out.spec.progressDeadlineSeconds, undefined);
    assert.equal(
      await k.ok(['create', 'configmap', 'paper', '--dry-run=client']),
      'configmap/paper created (dry run)\n',
    );
    assert.equal((await k(['get', 'configmap', 'paper'])).code, 1);
  });

  test('create -f with a generateName object', async () => {
    const out = await k.ok(['create', '-f', '-', '-o', 'name'], {
      input: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'gen-' } }),
    });
    assert.match(out, /^configmap\/gen-[a-z0-9]{5}\n$/);
  });
});
