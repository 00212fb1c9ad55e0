// The real kubectl reading from `kite server`: apply of the manifest corpus, every `get` output
// form, describe, explain, api-versions and `get -w` while another client writes.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { parse as parseYAML, parseAllDocuments } from 'yaml';
import { type KiteServer, startKiteServer } from '../support/kite-server.js';
import { kubectlPath } from '../support/kubectl.js';
import { type Kubectl, kubectlFor, readLinesUntil, watchOpened } from '../support/kubectl-run.js';

const bin = kubectlPath();
const corpus = fileURLToPath(new URL('../../../test/fixtures/manifests/valid/', import.meta.url));
const files = readdirSync(corpus)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

let server: KiteServer;
let k: Kubectl;

before(async () => {
  if (bin === undefined) return;
  // What the API server serves by itself: no controller adds replicas, status or events to the
  // objects these outputs are compared against (test/controllers covers the controllers).
  server = await startKiteServer({ args: ['--disable-controller-manager', '--disable-scheduler'] });
  k = kubectlFor(bin, server.kubeconfig);
});

after(async () => {
  await server?.stop();
});

/** Every object of the corpus as `kind namespace/name`. */
function corpusObjects(): Array<{ kind: string; apiVersion: string; namespace: string; name: string }> {
  const out = [];
  for (const f of files) {
    for (const doc of parseAllDocuments(readFileSync(join(corpus, f), 'utf8'))) {
      const o = doc.toJS() as {
        kind: string;
        apiVersion: string;
        metadata: { name: string; namespace?: string };
      };
      if (o === null) continue;
      out.push({
        kind: o.kind,
        apiVersion: o.apiVersion,
        namespace: o.metadata.namespace ?? '',
        name: o.metadata.name,
      });
    }
  }
  return out;
}

describe('kubectl get', { skip: bin === undefined, timeout: 300_000 }, () => {
  test('apply -f of the manifest corpus creates every object, and a second apply changes none', async () => {
    const objects = corpusObjects();
    assert.ok(objects.length >= 20, `corpus has ${objects.length} objects`);
    // Namespaces first: the corpus puts objects in namespaces other files create.
    const first = await k.ok(['apply', '-f', join(corpus, 'core-objects.yaml')]);
    assert.match(first, /^namespace\/cache created$/m);
    const all = await k.ok(['apply', '-f', corpus]);
    const again = await k.ok(['apply', '-f', corpus]);
    // As upstream, some objects are patched again on every apply: the live secret holds no
    // stringData (it was merged into data); the statefulset's volumeClaimTemplates and the pod's
    // tolerations (lists replaced whole) hold what defaulting and admission added (PVC volumeMode
    // and status.phase; the not-ready/unreachable tolerations); and the PodDisruptionBudget's
    // selector has patch strategy `replace`, which kubectl always sends.
    const reapplied = new Set([
      'secret/db',
      'pod/debug',
      'statefulset.apps/redis',
      'poddisruptionbudget.policy/web',
    ]);
    for (const line of again.trim().split('\n')) {
      assert.match(line, reapplied.has(line.split(' ')[0]!) ? / configured$/ : / unchanged$/, line);
    }
    assert.equal(all.trim().split('\n').length, again.trim().split('\n').length);
    for (const o of objects) {
      const args = ['get', `${o.kind.toLowerCase()}.${o.apiVersion.split('/')[0]}`, o.name, '-o', 'json'];
      if (!o.apiVersion.includes('/')) args[1] = o.kind.toLowerCase();
      if (o.namespace !== '') args.push('-n', o.namespace);
      const got = JSON.parse(await k.ok(args));
      assert.equal(got.kind, o.kind);
      assert.equal(got.apiVersion, o.apiVersion);
      assert.equal(got.metadata.name, o.name);
      assert.match(got.metadata.resourceVersion, /^\d+$/);
      assert.ok(got.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']);
    }
  });

  test('get prints the upstream table: default, wide, --show-labels, -L, -A', async () => {
    const pods = await k.ok(['get', 'pods']);
    assert.match(pods, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\n/);
    assert.match(pods, /^debug\s+0\/1\s+Pending\s+0\s+\d+s$/m);
    const wide = await k.ok(['get', 'pods', '-o', 'wide']);
    assert.match(
      wide,
      /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES\n/,
    );
    assert.match(wide, /^debug\s+0\/1\s+Pending\s+0\s+\d+s\s+<none>\s+<none>\s+<none>\s+<none>$/m);
    const deploys = await k.ok(['get', 'deployments', '-o', 'wide']);
    assert.match(deploys, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR\n/);
    assert.match(deploys, /^nginx\s+0\/3\s+0\s+0\s+\d+s\s+nginx\s+nginx:1\.27\s+app=nginx$/m);
    const labels = await k.ok(['get', 'deployment', 'nginx', '--show-labels']);
    assert.match(labels, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+LABELS\n/);
    assert.match(labels, /^nginx\s+0\/3\s+0\s+0\s+\d+s\s+app\.kubernetes\.io\/name=nginx$/m);
    const column = await k.ok([
      'get',
      'deployment',
      'nginx',
      '-L',
      'app.kubernetes.io/name',
      '-L',
      'missing',
    ]);
    assert.match(column, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+NAME\s+MISSING\n/);
    assert.match(column, /^nginx\s+0\/3\s+0\s+0\s+\d+s\s+nginx\s*$/m);
    const everywhere = await k.ok(['get', 'statefulsets,daemonsets', '-A']);
    assert.match(everywhere, /^NAMESPACE\s+NAME\s+READY\s+AGE\n/);
    assert.match(everywhere, /^cache\s+statefulset\.apps\/redis\s+0\/3\s+\d+s$/m);
    assert.match(
      everywhere,
      /^kube-system\s+daemonset\.apps\/node-exporter\s+0\s+0\s+0\s+0\s+0\s+<none>\s+\d+s$/m,
    );
    const ns = await k.ok(['get', 'namespaces', 'cache', 'default']);
    assert.match(ns, /^NAME\s+STATUS\s+AGE\ncache\s+Active\s+\d+s\ndefault\s+Active\s+\d+s\n$/);
    const secrets = await k.ok(['get', 'secrets']);
    assert.match(secrets, /^basic\s+kubernetes\.io\/basic-auth\s+2\s+\d+s$/m);
    // stringData is merged into data on the way in.
    assert.match(secrets, /^db\s+Opaque\s+1\s+\d+s$/m);
    const none = await k(['get', 'pods', '-n', 'kube-public']);
    assert.equal(none.code, 0);
    assert.equal(none.stdout, '');
    assert.equal(none.stderr, 'No resources found in kube-public namespace.\n');
  });

  test('get of several kinds at once prints one table per kind', async () => {
    const out = await k.ok(['get', 'configmaps,secrets,serviceaccounts', '-n', 'default']);
    const blocks = out.trim().split('\n\n');
    assert.equal(blocks.length, 3, out);
    assert.match(blocks[0]!, /^NAME\s+DATA\s+AGE\nconfigmap\/app-config\s+3\s+\d+s$/);
    assert.match(blocks[1]!, /^NAME\s+TYPE\s+DATA\s+AGE\n/);
    assert.match(blocks[2]!, /^NAME\s+AGE\n/);
    assert.match(blocks[2]!, /^serviceaccount\/deployer\s+\d+s$/m);
    const named = await k.ok(['get', 'configmap/app-config', 'secret/db', '-o', 'name']);
    assert.equal(named, 'configmap/app-config\nsecret/db\n');
  });

  test('get -o yaml, -o json, -o jsonpath and -o custom-columns', async () => {
    const yaml = parseYAML(await k.ok(['get', 'secret', 'db', '-o', 'yaml']));
    assert.equal(yaml.kind, 'Secret');
    assert.deepEqual(yaml.data, { password: Buffer.from('s3cr3t').toString('base64') });
    assert.equal(yaml.stringData, undefined);
    assert.equal(yaml.type, 'Opaque');
    const list = JSON.parse(await k.ok(['get', 'configmaps', '-o', 'json']));
    assert.equal(list.kind, 'List');
    assert.equal(list.apiVersion, 'v1');
    assert.deepEqual(
      list.items.map((i: { kind: string; metadata: { name: string } }) => `${i.kind}/${i.metadata.name}`),
      ['ConfigMap/app-config'],
    );
    assert.equal(await k.ok(['get', 'configmap', 'app-config', '-o', 'jsonpath={.data.LOG_LEVEL}']), 'info');
    assert.equal(
      await k.ok([
        'get',
        'deployment',
        'nginx',
        '-o',
        'jsonpath={.spec.template.spec.containers[*].ports[0].containerPort} {.spec.strategy.type}',
      ]),
      '80 RollingUpdate',
    );
    const cols = await k.ok([
      'get',
      'pods',
      '-o',
      'custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image,NODE:.spec.nodeName',
    ]);
    assert.match(cols, /^NAME\s+IMAGE\s+NODE\ndebug\s+busybox:1\.36\s+<none>\n$/);
    const sorted = await k.ok(['get', 'services', '-A', '--sort-by=.metadata.name', '-o', 'name']);
    assert.ok(sorted.indexOf('service/nginx\n') < sorted.indexOf('service/redis\n'), sorted);
  });

  test('label and field selectors filter lists', async () => {
    for (let i = 1; i <= 5; i++) {
      await k.ok(['create', 'configmap', `page-${i}`, `--from-literal=i=${i}`]);
    }
    await k.ok(['label', 'configmap', 'page-1', 'page-2', 'tier=a']);
    await k.ok(['label', 'configmap', 'page-3', 'tier=b']);
    assert.equal(
      await k.ok(['get', 'cm', '-l', 'tier=a', '-o', 'name']),
      'configmap/page-1\nconfigmap/page-2\n',
    );
    assert.equal(
      await k.ok(['get', 'cm', '-l', 'tier in (a,b),tier!=a', '-o', 'name']),
      'configmap/page-3\n',
    );
    assert.equal(
      await k.ok(['get', 'cm', '--field-selector', 'metadata.name=page-4', '-o', 'name']),
      'configmap/page-4\n',
    );
    assert.equal(
      await k.ok([
        'get',
        'pods',
        '-A',
        '--field-selector',
        'status.phase=Pending,spec.restartPolicy=Never',
        '-o',
        'name',
      ]),
      'pod/debug\n',
    );
    const bad = await k(['get', 'pods', '--field-selector', 'spec.bogus=x']);
    assert.equal(bad.code, 1);
    assert.equal(
      bad.stderr,
      'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "spec.bogus=x": field label not supported: spec.bogus\n',
    );
  });

  test('--chunk-size pages through the list with continue tokens', async () => {
    const out = await k(['get', 'configmaps', '--chunk-size=2', '-o', 'name', '-v=6']);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(
      out.stdout,
      'configmap/app-config\nconfigmap/page-1\nconfigmap/page-2\nconfigmap/page-3\nconfigmap/page-4\nconfigmap/page-5\n',
    );
    const requests = out.stderr
      .split('\n')
      .filter((l) => l.includes('verb="GET"') && l.includes('/configmaps?'));
    assert.equal(requests.length, 3, requests.join('\n'));
    assert.match(requests[0]!, /configmaps\?limit=2"/);
    assert.match(requests[1]!, /configmaps\?continue=[^&]+&limit=2"/);
    const table = await k.ok(['get', 'configmaps', '--chunk-size=4']);
    // One header for every page.
    assert.equal(table.match(/^NAME\s+DATA\s+AGE$/gm)?.length, 1, table);
    assert.equal(table.trim().split('\n').length, 7);
  });

  test('describe prints pods, deployments, namespaces, services and configmaps with their events', async () => {
    const uid = await k.ok(['get', 'pod', 'debug', '-o', 'jsonpath={.metadata.uid}']);
    await k.ok(['create', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: 'debug.1', namespace: 'default' },
        involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'debug', namespace: 'default', uid },
        reason: 'Scheduled',
        message: 'Successfully assigned default/debug to node-1',
        type: 'Normal',
        source: { component: 'default-scheduler' },
        count: 1,
        firstTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        lastTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      }),
    });
    const pod = await k.ok(['describe', 'pod', 'debug']);
    assert.match(pod, /^Name:\s+debug\nNamespace:\s+default\n/);
    assert.match(pod, /^Status:\s+Pending$/m);
    assert.match(pod, /^Init Containers:\n {2}wait:\n {4}Image:\s+busybox:1\.36$/m);
    assert.match(pod, /^ {4}Mounts:\n {6}\/etc\/app from config \(rw\)\n {6}\/tmp from scratch \(rw\)$/m);
    assert.match(
      pod,
      /^ {2}scratch:\n {4}Type:\s+EmptyDir \(a temporary directory that shares a pod's lifetime\)$/m,
    );
    assert.match(pod, /^QoS Class:\s+BestEffort$/m);
    assert.match(pod, /^Tolerations:\s+node-role\.kubernetes\.io\/control-plane:NoSchedule op=Exists$/m);
    assert.match(
      pod,
      /^Events:\n {2}Type\s+Reason\s+Age\s+From\s+Message\n {2}----\s+------\s+----\s+----\s+-------\n {2}Normal\s+Scheduled\s+\d+s\s+default-scheduler\s+Successfully assigned default\/debug to node-1\n$/m,
    );
    const deploy = await k.ok(['describe', 'deployment', 'nginx']);
    assert.match(deploy, /^Selector:\s+app=nginx$/m);
    assert.match(deploy, /^Replicas:\s+3 desired \| 0 updated \| 0 total \| 0 available \| 0 unavailable$/m);
    assert.match(deploy, /^RollingUpdateStrategy:\s+25% max unavailable, 25% max surge$/m);
    assert.match(
      deploy,
      /^ {4}Liveness:\s+tcp-socket :80 delay=10s timeout=1s period=10s #success=1 #failure=3$/m,
    );
    assert.match(deploy, /^Events:\s+<none>$/m);
    const ns = await k.ok(['describe', 'namespace', 'cache']);
    assert.match(
      ns,
      /^Name:\s+cache\nLabels:\s+kubernetes\.io\/metadata\.name=cache\nAnnotations:\s+<none>\nStatus:\s+Active\n/,
    );
    assert.match(ns, /^No resource quota\.$/m);
    const svc = await k.ok(['describe', 'service', 'nginx-nodeport']);
    assert.match(svc, /^Type:\s+NodePort$/m);
    assert.match(svc, /^NodePort:\s+<unset>\s+30080\/TCP$/m);
    assert.match(svc, /^Session Affinity:\s+None$/m);
    const cm = await k.ok(['describe', 'configmap', 'app-config']);
    assert.match(cm, /^Data\n====\nLOG_LEVEL:\n----\ninfo\n/m);
    assert.match(cm, /^BinaryData\n====\nlogo\.png: 8 bytes\n/m);
    const events = await k.ok(['get', 'events', '-o', 'wide']);
    assert.match(
      events,
      /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+SUBOBJECT\s+SOURCE\s+MESSAGE\s+FIRST SEEN\s+COUNT\s+NAME\n/,
    );
    assert.match(events, /Normal\s+Scheduled\s+pod\/debug\s+default-scheduler\s+Successfully assigned/);
  });

  test('api-versions lists every served group version', async () => {
    const versions = (await k.ok(['api-versions'])).trim().split('\n');
    assert.deepEqual(versions, [...versions].sort());
    for (const gv of [
      'admissionregistration.k8s.io/v1',
      'apiextensions.k8s.io/v1',
      'apps/v1',
      'authentication.k8s.io/v1',
      'authorization.k8s.io/v1',
      'autoscaling/v1',
      'autoscaling/v2',
      'batch/v1',
      'certificates.k8s.io/v1',
      'coordination.k8s.io/v1',
      'discovery.k8s.io/v1',
      'events.k8s.io/v1',
      'networking.k8s.io/v1',
      'policy/v1',
      'rbac.authorization.k8s.io/v1',
      'scheduling.k8s.io/v1',
      'storage.k8s.io/v1',
      'v1',
    ]) {
      assert.ok(versions.includes(gv), `api-versions lists ${gv}`);
    }
  });

  test('explain reads the OpenAPI schema', async () => {
    const containers = await k.ok(['explain', 'pods.spec.containers']);
    assert.match(containers, /^KIND:\s+Pod\nVERSION:\s+v1\n\nFIELD: containers <\[\]Container>\n/);
    assert.match(containers, /^ {2}image\t<string>$/m);
    assert.match(containers, /^ {2}name\t<string> -required-$/m);
    assert.match(containers, /^ {2}ports\t<\[\]ContainerPort>$/m);
    const spec = await k.ok(['explain', 'deployment.spec', '--recursive']);
    assert.match(spec, /^GROUP:\s+apps\nKIND:\s+Deployment\nVERSION:\s+v1\n\nFIELD: spec <DeploymentSpec>\n/);
    assert.match(spec, /^ {2}selector\t<LabelSelector> -required-$/m);
    assert.match(spec, /^ {2}template\t<PodTemplateSpec> -required-$/m);
    assert.match(spec, /^ {6}containers\t<\[\]Container> -required-$/m);
    assert.match(spec, /^ {4}rollingUpdate\t<RollingUpdateDeployment>$/m);
    const missing = await k(['explain', 'pods.spec.nope']);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, 'error: field "nope" does not exist\n');
  });

  test('get -w prints a row per change made by another client', async () => {
    const watch = k.spawn(['get', 'configmaps', '-l', 'watched=yes', '-w', '-v=6']);
    const events = k.spawn([
      'get',
      'configmaps',
      '-l',
      'watched=yes',
      '-w',
      '--output-watch-events',
      '-o',
      'name',
      '-v=6',
    ]);
    try {
      // Writes start once both watches are open (kubectl logs the watch response at -v=6).
      await Promise.all([watchOpened(watch), watchOpened(events)]);
      await k.ok(['create', 'configmap', 'w1', '--from-literal=a=b']);
      await k.ok(['label', 'configmap', 'w1', 'watched=yes']);
      await k.ok(['patch', 'configmap', 'w1', '-p', '{"data":{"c":"d"}}']);
      await k.ok(['delete', 'configmap', 'w1']);
      const lines = await readLinesUntil(watch, (l) => l.length >= 4);
      assert.match(lines[0]!, /^NAME\s+DATA\s+AGE$/);
      assert.match(lines[1]!, /^w1\s+1\s+\d+s$/);
      assert.match(lines[2]!, /^w1\s+2\s+\d+s$/);
      assert.match(lines[3]!, /^w1\s+2\s+\d+s$/);
      const named = await readLinesUntil(events, (l) => l.length >= 3);
      assert.deepEqual(named, ['configmap/w1', 'configmap/w1', 'configmap/w1']);
    } finally {
      watch.kill('SIGKILL');
      events.kill('SIGKILL');
    }
  });
});
