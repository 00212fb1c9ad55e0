import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultObject } from './index.js';
import type { JsonObject } from './json.js';

function defaulted(apiVersion: string, kind: string, obj: JsonObject): JsonObject {
  const copy = structuredClone(obj);
  defaultObject(apiVersion, kind, copy);
  return copy;
}

const SHA = 'b'.repeat(64);

/** Container fields every container gets, for an image whose pull policy is `policy`. */
function containerDefaults(policy: string): JsonObject {
  return {
    imagePullPolicy: policy,
    resources: {},
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
}

const SPEC_DEFAULTS = {
  dnsPolicy: 'ClusterFirst',
  restartPolicy: 'Always',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
  schedulerName: 'default-scheduler',
};

test('minimal pod gets every pod and container default', () => {
  const out = defaulted('v1', 'Pod', {
    metadata: { name: 'p' },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
  });
  assert.deepEqual(out, {
    metadata: { name: 'p' },
    spec: {
      containers: [{ name: 'c', image: 'nginx', ...containerDefaults('Always') }],
      enableServiceLinks: true,
      ...SPEC_DEFAULTS,
    },
  });
});

test('image pull policy follows the tag', () => {
  const cases: Array<{ name: string; image: unknown; policy: string }> = [
    { name: 'untagged', image: 'nginx', policy: 'Always' },
    { name: 'latest', image: 'nginx:latest', policy: 'Always' },
    { name: 'versioned', image: 'nginx:1.27', policy: 'IfNotPresent' },
    { name: 'digest only', image: `nginx@sha256:${SHA}`, policy: 'IfNotPresent' },
    { name: 'latest with digest', image: `nginx:latest@sha256:${SHA}`, policy: 'Always' },
    { name: 'registry port without tag', image: 'host:5000/img', policy: 'Always' },
    { name: 'registry port with tag', image: 'host:5000/img:2', policy: 'IfNotPresent' },
    { name: 'unparsable image', image: 'Nginx', policy: 'IfNotPresent' },
    { name: 'upper-case first component is a registry host', image: 'LOCAL/img', policy: 'Always' },
    { name: 'empty image', image: '', policy: 'IfNotPresent' },
    { name: 'missing image', image: undefined, policy: 'IfNotPresent' },
  ];
  for (const c of cases) {
    const out = defaulted('v1', 'Pod', { spec: { containers: [{ name: 'c', image: c.image }] } });
    const container = (out['spec'] as { containers: JsonObject[] }).containers[0];
    assert.equal(container?.['imagePullPolicy'], c.policy, c.name);
  }
  const explicit = defaulted('v1', 'Pod', {
    spec: { containers: [{ image: 'nginx', imagePullPolicy: 'Never' }] },
  });
  assert.equal(
    (explicit['spec'] as { containers: JsonObject[] }).containers[0]?.['imagePullPolicy'],
    'Never',
  );
});

test('probes, handlers, ports and env field references are defaulted in every container list', () => {
  const container = {
    name: 'c',
    image: 'app:1',
    ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP' }],
    env: [
      { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      { name: 'X', value: '1' },
      { name: 'F', valueFrom: { fileKeyRef: { volumeName: 'cfg', path: 'env', key: 'K' } } },
    ],
    livenessProbe: { httpGet: { port: 8080 } },
    readinessProbe: { grpc: { port: 9000 }, periodSeconds: 0, failureThreshold: 5 },
    startupProbe: { tcpSocket: { port: 80 }, timeoutSeconds: 4 },
    lifecycle: {
      preStop: { httpGet: { port: 80, path: '/stop', scheme: 'HTTPS' } },
      postStart: { exec: {} },
    },
  };
  const expected = {
    ...container,
    ...containerDefaults('IfNotPresent'),
    ports: [
      { containerPort: 80, protocol: 'TCP' },
      { containerPort: 53, protocol: 'UDP' },
    ],
    env: [
      { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName', apiVersion: 'v1' } } },
      { name: 'X', value: '1' },
      { name: 'F', valueFrom: { fileKeyRef: { volumeName: 'cfg', path: 'env', key: 'K', optional: false } } },
    ],
    livenessProbe: {
      httpGet: { port: 8080, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    },
    readinessProbe: {
      grpc: { port: 9000, service: '' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 5,
    },
    startupProbe: {
      tcpSocket: { port: 80 },
      timeoutSeconds: 4,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    },
    lifecycle: {
      preStop: { httpGet: { port: 80, path: '/stop', scheme: 'HTTPS' } },
      postStart: { exec: {} },
    },
  };
  const out = defaulted('v1', 'Pod', {
    spec: { containers: [container], initContainers: [container], ephemeralContainers: [container] },
  });
  const spec = out['spec'] as JsonObject;
  assert.deepEqual(spec['containers'], [expected]);
  assert.deepEqual(spec['initContainers'], [expected]);
  assert.deepEqual(spec['ephemeralContainers'], [expected]);
});

test('volumes get their source defaults', () => {
  const out = defaulted('v1', 'PodTemplate', {
    template: {
      spec: {
        containers: [],
        volumes: [
          { name: 'none' },
          { name: 'secret', secret: { secretName: 's' } },
          { name: 'cm', configMap: { name: 'c', defaultMode: 0o400 } },
          { name: 'host', hostPath: { path: '/var' } },
          {
            name: 'down',
            downwardAPI: { items: [{ path: 'l', fieldRef: { fieldPath: 'metadata.labels' } }] },
          },
          {
            name: 'proj',
            projected: {
              sources: [
                { serviceAccountToken: { path: 't' } },
                { downwardAPI: { items: [{ path: 'n', fieldRef: { fieldPath: 'metadata.name' } }] } },
              ],
            },
          },
          { name: 'eph', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'] } } } },
          { name: 'img', image: { reference: 'artifact:v1' } },
          { name: 'iscsi', iscsi: { targetPortal: 't', iqn: 'i', lun: 0 } },
          { name: 'rbd', rbd: { monitors: ['m'], image: 'i' } },
          { name: 'az', azureDisk: { diskName: 'd', diskURI: 'u' } },
          { name: 'sio', scaleIO: { gateway: 'g', system: 's', secretRef: { name: 'x' } } },
        ],
      },
    },
  });
  const volumes = ((out['template'] as JsonObject)['spec'] as JsonObject)['volumes'];
  assert.deepEqual(volumes, [
    { name: 'none', emptyDir: {} },
    { name: 'secret', secret: { secretName: 's', defaultMode: 420 } },
    { name: 'cm', configMap: { name: 'c', defaultMode: 0o400 } },
    { name: 'host', hostPath: { path: '/var', type: '' } },
    {
      name: 'down',
      downwardAPI: {
        defaultMode: 420,
        items: [{ path: 'l', fieldRef: { fieldPath: 'metadata.labels', apiVersion: 'v1' } }],
      },
    },
    {
      name: 'proj',
      projected: {
        defaultMode: 420,
        sources: [
          { serviceAccountToken: { path: 't', expirationSeconds: 3600 } },
          {
            downwardAPI: {
              items: [{ path: 'n', fieldRef: { fieldPath: 'metadata.name', apiVersion: 'v1' } }],
            },
          },
        ],
      },
    },
    {
      name: 'eph',
      ephemeral: {
        volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem' } },
      },
    },
    { name: 'img', image: { reference: 'artifact:v1', pullPolicy: 'IfNotPresent' } },
    { name: 'iscsi', iscsi: { targetPortal: 't', iqn: 'i', lun: 0, iscsiInterface: 'default' } },
    {
      name: 'rbd',
      rbd: { monitors: ['m'], image: 'i', pool: 'rbd', user: 'admin', keyring: '/etc/ceph/keyring' },
    },
    {
      name: 'az',
      azureDisk: {
        diskName: 'd',
        diskURI: 'u',
        cachingMode: 'ReadWrite',
        kind: 'Shared',
        fsType: 'ext4',
        readOnly: false,
      },
    },
    {
      name: 'sio',
      scaleIO: {
        gateway: 'g',
        system: 's',
        secretRef: { name: 'x' },
        storageMode: 'ThinProvisioned',
        fsType: 'xfs',
      },
    },
  ]);
});

test('requests default to limits per resource, in pods only', () => {
  const resources = { limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '100m' } };
  const spec = {
    containers: [{ name: 'a', image: 'x:1', resources }],
    initContainers: [{ name: 'i', image: 'x:1', resources: { limits: { memory: '64Mi' } } }],
    ephemeralContainers: [{ name: 'e', image: 'x:1', resources: { limits: { cpu: '1' } } }],
  };
  const pod = defaulted('v1', 'Pod', { spec });
  const podSpec = pod['spec'] as {
    containers: JsonObject[];
    initContainers: JsonObject[];
    ephemeralContainers: JsonObject[];
  };
  assert.deepEqual(podSpec.containers[0]?.['resources'], {
    limits: { cpu: '500m', memory: '1Gi' },
    requests: { cpu: '100m', memory: '1Gi' },
  });
  assert.deepEqual(podSpec.initContainers[0]?.['resources'], {
    limits: { memory: '64Mi' },
    requests: { memory: '64Mi' },
  });
  // Ephemeral containers have no resources of their own to reserve: upstream leaves them alone.
  assert.deepEqual(podSpec.ephemeralContainers[0]?.['resources'], { limits: { cpu: '1' } });

  const template = defaulted('v1', 'ReplicationController', { spec: { template: { spec } } });
  const tplSpec = ((template['spec'] as JsonObject)['template'] as JsonObject)['spec'] as {
    initContainers: JsonObject[];
  };
  assert.deepEqual(tplSpec.initContainers[0]?.['resources'], { limits: { memory: '64Mi' } });
});

test('host network pods copy container ports to host ports; templates do not', () => {
  const spec = {
    hostNetwork: true,
    containers: [
      { name: 'c', image: 'x:1', ports: [{ containerPort: 80 }, { containerPort: 81, hostPort: 9081 }] },
    ],
    initContainers: [{ name: 'i', image: 'x:1', ports: [{ containerPort: 70 }] }],
  };
  const pod = defaulted('v1', 'Pod', { spec });
  const podSpec = pod['spec'] as { containers: JsonObject[]; initContainers: JsonObject[] };
  assert.deepEqual(podSpec.containers[0]?.['ports'], [
    { containerPort: 80, hostPort: 80, protocol: 'TCP' },
    { containerPort: 81, hostPort: 9081, protocol: 'TCP' },
  ]);
  assert.deepEqual(podSpec.initContainers[0]?.['ports'], [
    { containerPort: 70, hostPort: 70, protocol: 'TCP' },
  ]);

  const deployment = defaulted('apps/v1', 'Deployment', { spec: { template: { spec } } });
  const tpl = ((deployment['spec'] as JsonObject)['template'] as JsonObject)['spec'] as {
    containers: JsonObject[];
  };
  assert.deepEqual(tpl.containers[0]?.['ports'], [
    { containerPort: 80, protocol: 'TCP' },
    { containerPort: 81, hostPort: 9081, protocol: 'TCP' },
  ]);
});

test('explicit pod spec values are kept', () => {
  const spec = {
    containers: [],
    dnsPolicy: 'Default',
    restartPolicy: 'Never',
    securityContext: { runAsUser: 1000 },
    terminationGracePeriodSeconds: 0,
    schedulerName: 'custom',
    enableServiceLinks: false,
  };
  assert.deepEqual(defaulted('v1', 'Pod', { spec }), { spec });
});

test('enableServiceLinks is a pod default, not a template default', () => {
  const tpl = defaulted('v1', 'PodTemplate', { template: { spec: { containers: [] } } });
  assert.deepEqual(tpl, { template: { spec: { containers: [], ...SPEC_DEFAULTS } } });
});
