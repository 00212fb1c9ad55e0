import assert from 'node:assert/strict';
import { test } from 'node:test';
import { path } from '../../../apimachinery/field/index.js';
import { isDNS1123Label, isDNS1123Subdomain, isLabelKey } from '../../../apimachinery/validation/index.js';
import { type Any, container, edit, podSpec, strings } from './fixtures.test-util.js';
import { validatePodSpec } from './index.js';

const dnsLabelMsg = isDNS1123Label('Bad')[0]!;
const dnsSubdomainMsg = isDNS1123Subdomain('Bad')[0]!;
const emptyLabelKeyMsgs = isLabelKey('');

function specErrors(spec: unknown, resourceIsPod = true): string[] {
  return strings(validatePodSpec(spec, { name: 'pod' }, path('spec'), { resourceIsPod }));
}

const valid: Array<{ name: string; mutate: (s: Any) => void; template?: boolean }> = [
  { name: 'minimal', mutate: () => {} },
  {
    name: 'sidecar init container with probes and hooks',
    mutate: (s) => {
      s.initContainers = [
        {
          ...container('sidecar'),
          restartPolicy: 'Always',
          lifecycle: { preStop: { sleep: { seconds: 0 } } },
          startupProbe: {
            exec: { command: ['true'] },
            periodSeconds: 1,
            successThreshold: 1,
            failureThreshold: 3,
            timeoutSeconds: 1,
          },
        },
      ];
    },
  },
  {
    name: 'every common volume source',
    mutate: (s) => {
      s.serviceAccountName = 'default';
      s.volumes = [
        { name: 'empty', emptyDir: { sizeLimit: '1Gi' } },
        { name: 'host', hostPath: { path: '/var/log', type: 'Directory' } },
        {
          name: 'sec',
          secret: { secretName: 's', defaultMode: 0o644, items: [{ key: 'k', path: 'p', mode: 0o400 }] },
        },
        { name: 'cm', configMap: { name: 'c', defaultMode: 0o644 } },
        {
          name: 'proj',
          projected: {
            defaultMode: 0o644,
            sources: [
              { serviceAccountToken: { path: 'token', expirationSeconds: 3600 } },
              { configMap: { name: 'c', items: [{ key: 'ca', path: 'ca.crt' }] } },
              {
                downwardAPI: {
                  items: [
                    { path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } },
                  ],
                },
              },
            ],
          },
        },
        {
          name: 'down',
          downwardAPI: {
            items: [
              { path: 'labels', fieldRef: { apiVersion: 'v1', fieldPath: "metadata.labels['app']" } },
              {
                path: 'cpu',
                resourceFieldRef: { containerName: 'ctr', resource: 'limits.cpu', divisor: '1m' },
              },
            ],
          },
        },
        { name: 'claim', persistentVolumeClaim: { claimName: 'data' } },
        {
          name: 'scratch',
          ephemeral: {
            volumeClaimTemplate: {
              metadata: { labels: { a: 'b' } },
              spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
            },
          },
        },
        { name: 'csi', csi: { driver: 'csi.example.com' } },
        { name: 'img', image: { reference: 'registry/artifact:v1', pullPolicy: 'IfNotPresent' } },
      ];
      s.containers[0].volumeMounts = [
        { name: 'empty', mountPath: '/empty', subPath: 'a/b' },
        { name: 'img', mountPath: '/img', readOnly: true, recursiveReadOnly: 'Enabled' },
      ];
      s.containers[0].volumeDevices = [{ name: 'claim', devicePath: '/dev/xvda' }];
    },
  },
  {
    name: 'env from the downward API, resources, config and secrets',
    mutate: (s) => {
      s.containers[0].env = [
        { name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
        { name: 'IPS', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIPs' } } },
        { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1' } } },
        { name: 'CM', valueFrom: { configMapKeyRef: { name: 'c', key: 'k' } } },
        { name: 'relaxed name: 1.2', value: 'printable ASCII is fine' },
      ];
      s.containers[0].envFrom = [{ prefix: 'P_', configMapRef: { name: 'c' } }, { secretRef: { name: 's' } }];
    },
  },
  {
    name: 'resources: requests equal limits for extended resources and hugepages beside memory',
    mutate: (s) => {
      s.containers[0].resources = {
        limits: { cpu: '1', memory: '1Gi', 'example.com/gpu': '2', 'hugepages-2Mi': '4Mi' },
        requests: { cpu: '500m', memory: '1Gi', 'example.com/gpu': '2', 'hugepages-2Mi': '4Mi' },
      };
    },
  },
  {
    name: 'scheduling constraints',
    mutate: (s) => {
      s.nodeSelector = { 'kubernetes.io/os': 'linux' };
      s.affinity = {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] },
              { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] },
            ],
          },
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 100,
              preference: { matchExpressions: [{ key: 'gpu', operator: 'Gt', values: ['1'] }] },
            },
          ],
        },
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 1,
              podAffinityTerm: {
                labelSelector: { matchLabels: { app: 'web' } },
                topologyKey: 'kubernetes.io/hostname',
                matchLabelKeys: ['pod-template-hash'],
              },
            },
          ],
        },
      };
      s.tolerations = [
        { operator: 'Exists' },
        {
          key: 'node.kubernetes.io/unreachable',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
        { key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' },
      ];
      s.topologySpreadConstraints = [
        {
          maxSkew: 1,
          topologyKey: 'zone',
          whenUnsatisfiable: 'DoNotSchedule',
          minDomains: 2,
          labelSelector: { matchLabels: { app: 'web' } },
        },
        { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway' },
      ];
      s.schedulingGates = [{ name: 'example.com/gate' }];
      s.readinessGates = [{ conditionType: 'example.com/ready' }];
      s.priorityClassName = 'high';
      s.preemptionPolicy = 'Never';
    },
  },
  {
    name: 'dnsPolicy None with a dnsConfig, relaxed search names',
    mutate: (s) => {
      s.dnsPolicy = 'None';
      s.dnsConfig = {
        nameservers: ['10.96.0.10', '010.0.0.1'],
        searches: ['.', '_srv.example.com.'],
        options: [{ name: 'ndots', value: '2' }],
      };
    },
  },
  {
    name: 'hostNetwork with matching host ports',
    mutate: (s) => {
      s.hostNetwork = true;
      s.containers[0].ports = [{ containerPort: 8080, hostPort: 8080, protocol: 'TCP' }];
    },
  },
  {
    name: 'template under hostNetwork may leave hostPort unset',
    template: true,
    mutate: (s) => {
      s.hostNetwork = true;
      s.containers[0].ports = [{ containerPort: 8080, protocol: 'TCP' }];
    },
  },
  {
    name: 'windows pod with windows options',
    mutate: (s) => {
      s.os = { name: 'windows' };
      s.securityContext = { windowsOptions: { runAsUserName: 'NT AUTHORITY\\NETWORK SERVICE' } };
    },
  },
  {
    name: 'security settings',
    mutate: (s) => {
      s.securityContext = {
        runAsUser: 1000,
        runAsGroup: 1000,
        fsGroup: 2000,
        supplementalGroups: [3000],
        sysctls: [
          { name: 'kernel.shm_rmid_forced', value: '1' },
          { name: 'net/ipv4/ip_forward', value: '1' },
        ],
        seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/audit.json' },
        appArmorProfile: { type: 'RuntimeDefault' },
        fsGroupChangePolicy: 'OnRootMismatch',
      };
      s.containers[0].securityContext = {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        procMount: 'Default',
      };
    },
  },
];

for (const c of valid) {
  test(`valid pod spec: ${c.name}`, () => {
    assert.deepEqual(specErrors(edit(podSpec(), c.mutate), c.template !== true), []);
  });
}

const invalid: Array<{ name: string; mutate: (s: Any) => void; want: string[] }> = [
  { name: 'no containers', mutate: (s) => delete s.containers, want: ['spec.containers: Required value'] },
  {
    name: 'grace period unset',
    mutate: (s) => delete s.terminationGracePeriodSeconds,
    want: ['spec.terminationGracePeriodSeconds: Required value'],
  },
  {
    name: 'duplicate container names',
    mutate: (s) => s.containers.push(container()),
    want: ['spec.containers[1].name: Duplicate value: "ctr"'],
  },
  {
    name: 'init container named like a container',
    mutate: (s) => {
      s.initContainers = [container()];
    },
    want: ['spec.initContainers[0].name: Duplicate value: "ctr"'],
  },
  {
    name: 'container name not a DNS label, image missing',
    mutate: (s) => {
      s.containers[0].name = 'Bad';
      delete s.containers[0].image;
    },
    want: [
      `spec.containers[0].name: Invalid value: "Bad": ${dnsLabelMsg}`,
      'spec.containers[0].image: Required value',
    ],
  },
  {
    name: 'bad ports',
    mutate: (s) => {
      s.containers[0].ports = [
        { name: 'http', containerPort: 70000, protocol: 'TCP' },
        { name: 'http', containerPort: 80, hostPort: -1, protocol: 'ICMP' },
        { containerPort: 0, protocol: '' },
      ];
    },
    want: [
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[1].name: Duplicate value: "http"',
      'spec.containers[0].ports[1].hostPort: Invalid value: -1: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[1].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
      'spec.containers[0].ports[2].containerPort: Required value',
      'spec.containers[0].ports[2].protocol: Required value',
    ],
  },
  {
    name: 'host port conflict across containers',
    mutate: (s) => {
      s.containers[0].ports = [{ containerPort: 80, hostPort: 8080, protocol: 'TCP' }];
      s.containers.push({
        ...container('b'),
        ports: [{ containerPort: 81, hostPort: 8080, protocol: 'TCP' }],
      });
    },
    want: ['spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"'],
  },
  {
    name: 'env sources',
    mutate: (s) => {
      s.containers[0].env = [
        { name: '', value: 'x' },
        { name: 'A', valueFrom: {} },
        { name: 'B', value: 'x', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
        {
          name: 'C',
          valueFrom: { secretKeyRef: { name: 's', key: 'k' }, configMapKeyRef: { name: 'c', key: 'k' } },
        },
        { name: 'D=E' },
      ];
    },
    want: [
      'spec.containers[0].env[0].name: Required value',
      'spec.containers[0].env[1].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      'spec.containers[0].env[2].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
      'spec.containers[0].env[3].valueFrom: Invalid value: "": may not have more than one field specified at a time',
      `spec.containers[0].env[4].name: Invalid value: "D=E": a valid environment variable name must consist only of printable ASCII characters other than '='`,
    ],
  },
  {
    name: 'downward API env paths',
    mutate: (s) => {
      s.containers[0].env = [
        { name: 'A', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.foo' } } },
        { name: 'B', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.schedulerName' } } },
        { name: 'C', valueFrom: { fieldRef: { apiVersion: 'v2', fieldPath: 'metadata.name' } } },
        { name: 'D', valueFrom: { resourceFieldRef: { resource: 'limits.foo' } } },
        { name: 'E', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1Mi' } } },
        { name: 'F', valueFrom: { configMapKeyRef: { name: 'c', key: '' } } },
      ];
    },
    want: [
      'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Invalid value: "metadata.foo": error converting fieldPath: field label not supported: metadata.foo',
      'spec.containers[0].env[1].valueFrom.fieldRef.fieldPath: Unsupported value: "spec.schedulerName": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
      'spec.containers[0].env[2].valueFrom.fieldRef.fieldPath: Invalid value: "metadata.name": error converting fieldPath: unsupported pod version: v2',
      'spec.containers[0].env[3].valueFrom.resourceFieldRef.resource: Unsupported value: "limits.foo": supported values: "limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"',
      `spec.containers[0].env[4].valueFrom.resourceFieldRef.divisor: Invalid value: "limits.cpu": only divisor's values 1m and 1 are supported with the cpu resource`,
      'spec.containers[0].env[5].valueFrom.configMapKeyRef.key: Required value',
    ],
  },
  {
    name: 'envFrom without a source',
    mutate: (s) => {
      s.containers[0].envFrom = [{ prefix: 'X' }, { configMapRef: { name: 'c' }, secretRef: { name: 's' } }];
    },
    want: [
      'spec.containers[0].envFrom: Invalid value: "": must specify one of: `configMapRef` or `secretRef`',
      'spec.containers[0].envFrom: Invalid value: "": may not have more than one field specified at a time',
    ],
  },
  {
    name: 'requests above limits',
    mutate: (s) => {
      s.containers[0].resources = { limits: { cpu: '1' }, requests: { cpu: '2' } };
    },
    want: [
      'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
    ],
  },
  {
    name: 'resource names and quantities',
    mutate: (s) => {
      s.containers[0].resources = {
        limits: { memory: '-1', foo: '1', 'example.com/gpu': '2', 'requests.cpu': '1' },
        requests: { 'example.com/gpu': '1', 'example.com/fpga': '500m' },
      };
    },
    want: [
      'spec.containers[0].resources.limits[memory]: Invalid value: "-1": must be greater than or equal to 0',
      'spec.containers[0].resources.limits[foo]: Invalid value: "foo": must be a standard resource type or fully qualified',
      'spec.containers[0].resources.limits[foo]: Invalid value: "foo": must be a standard resource for containers',
      'spec.containers[0].resources.limits[requests.cpu]: Invalid value: "requests.cpu": must be a standard resource for containers',
      'spec.containers[0].resources.requests: Invalid value: "1": must be equal to example.com/gpu limit of 2',
      'spec.containers[0].resources.requests[example.com/fpga]: Invalid value: "500m": must be an integer',
      'spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources',
    ],
  },
  {
    name: 'hugepages',
    mutate: (s) => {
      s.containers[0].resources = {
        limits: { 'hugepages-2Mi': '1Mi' },
        requests: { 'hugepages-2Mi': '1Mi' },
      };
    },
    want: [
      'spec.containers[0].resources.limits[hugepages-2Mi]: Invalid value: "1Mi": 1Mi is not positive integer multiple of hugepages-2Mi',
      'spec.containers[0].resources.requests[hugepages-2Mi]: Invalid value: "1Mi": 1Mi is not positive integer multiple of hugepages-2Mi',
      'spec.containers[0].resources: Forbidden: HugePages require cpu or memory',
    ],
  },
  {
    name: 'probes and hooks',
    mutate: (s) => {
      const c = s.containers[0];
      c.readinessProbe = { periodSeconds: -1, successThreshold: 1, terminationGracePeriodSeconds: 5 };
      c.livenessProbe = {
        exec: { command: ['x'] },
        httpGet: { path: '/', port: 80, scheme: 'HTTP' },
        successThreshold: 2,
      };
      c.startupProbe = { tcpSocket: { port: 'http-alt-too-long' }, successThreshold: 1 };
      c.lifecycle = {
        preStop: { sleep: { seconds: 40 } },
        postStart: {
          httpGet: { path: '', port: 0, scheme: 'FTP', httpHeaders: [{ name: 'Bad Header', value: 'x' }] },
        },
      };
    },
    want: [
      'spec.containers[0].lifecycle.postStart.httpGet.path: Required value',
      'spec.containers[0].lifecycle.postStart.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.containers[0].lifecycle.postStart.httpGet.scheme: Unsupported value: "FTP": supported values: "HTTP", "HTTPS"',
      `spec.containers[0].lifecycle.postStart.httpGet.httpHeaders: Invalid value: "Bad Header": a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')`,
      'spec.containers[0].lifecycle.preStop.sleep: Invalid value: 40: must be non-negative and less than terminationGracePeriodSeconds (30)',
      'spec.containers[0].livenessProbe.httpGet: Forbidden: may not specify more than 1 handler type',
      'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
      'spec.containers[0].readinessProbe: Required value: must specify a handler type',
      'spec.containers[0].readinessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0',
      'spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 5: must not be set for readinessProbes',
      'spec.containers[0].startupProbe.tcpSocket.port: Invalid value: "http-alt-too-long": must be no more than 15 characters',
    ],
  },
  {
    name: 'container policies',
    mutate: (s) => {
      s.containers[0].terminationMessagePolicy = 'Sometimes';
      s.containers[0].imagePullPolicy = '';
      s.containers[0].restartPolicy = 'Always';
      s.containers[0].resizePolicy = [{ resourceName: 'gpu', restartPolicy: 'NotRequired' }];
    },
    want: [
      'spec.containers[0].terminationMessagePolicy: Unsupported value: "Sometimes": supported values: "File", "FallbackToLogsOnError"',
      'spec.containers[0].imagePullPolicy: Required value',
      'spec.containers[0].resizePolicy: Unsupported value: "gpu": supported values: "cpu", "memory"',
      'spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers',
    ],
  },
  {
    name: 'init container restart policy and probes',
    mutate: (s) => {
      s.initContainers = [
        { ...container('init'), restartPolicy: 'Never' },
        { ...container('init2'), livenessProbe: { exec: { command: ['x'] }, successThreshold: 1 } },
      ];
    },
    want: [
      'spec.initContainers[0].restartPolicy: Unsupported value: "Never": supported values: "Always"',
      'spec.initContainers[1].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always',
    ],
  },
  {
    name: 'ephemeral containers',
    mutate: (s) => {
      s.ephemeralContainers = [
        {
          ...container('ctr'),
          targetContainerName: 'nope',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          volumeMounts: [],
        },
      ];
    },
    want: [
      'spec.ephemeralContainers[0].name: Duplicate value: "ctr"',
      'spec.ephemeralContainers[0].targetContainerName: Not found: "nope"',
      'spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container',
    ],
  },
  {
    name: 'pod policies',
    mutate: (s) => {
      s.restartPolicy = 'Sometimes';
      s.dnsPolicy = 'Bogus';
    },
    want: [
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.dnsPolicy: Unsupported value: "Bogus": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    ],
  },
  {
    name: 'dnsPolicy None without a dnsConfig',
    mutate: (s) => {
      s.dnsPolicy = 'None';
    },
    want: ['spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None'],
  },
  {
    name: 'dnsConfig limits',
    mutate: (s) => {
      s.dnsConfig = {
        nameservers: ['1.1.1.1', '2.2.2.2', '3.3.3.3', '1.2.3'],
        searches: ['Bad_Name'],
        options: [{ value: 'x' }],
      };
    },
    want: [
      'spec.dnsConfig.nameservers: Invalid value: ["1.1.1.1","2.2.2.2","3.3.3.3","1.2.3"]: must not have more than 3 nameservers',
      'spec.dnsConfig.nameservers[3]: Invalid value: "1.2.3": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      `spec.dnsConfig.searches[0]: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*')`,
      'spec.dnsConfig.options[0]: Required value: must not be empty',
    ],
  },
  {
    name: 'names of the pod spec',
    mutate: (s) => {
      s.hostname = 'Host';
      s.subdomain = 'a.b';
      s.serviceAccountName = 'Bad';
      s.priorityClassName = 'Bad';
      s.nodeSelector = { '': 'x' };
    },
    want: [
      ...emptyLabelKeyMsgs.map((m) => `spec.nodeSelector: Invalid value: "": ${m}`),
      `spec.serviceAccountName: Invalid value: "Bad": ${dnsSubdomainMsg}`,
      `spec.hostname: Invalid value: "Host": ${dnsLabelMsg}`,
      'spec.subdomain: Invalid value: "a.b": must not contain dots',
      `spec.priorityClassName: Invalid value: "Bad": ${dnsSubdomainMsg}`,
    ],
  },
  {
    name: 'host networking and user namespaces',
    mutate: (s) => {
      s.hostNetwork = true;
      s.hostUsers = false;
      s.containers[0].ports = [{ containerPort: 80, hostPort: 81, protocol: 'TCP' }];
    },
    want: [
      'spec.containers[0].ports[0].hostPort: Invalid value: 81: must match `containerPort` when `hostNetwork` is true',
      'spec.hostNetwork: Forbidden: when `pod.Spec.HostUsers` is false',
    ],
  },
  {
    name: 'scheduling gates and readiness gates',
    mutate: (s) => {
      s.schedulingGates = [{ name: 'g' }, { name: 'g' }];
      s.readinessGates = [{ conditionType: 'a/b/c' }];
      s.activeDeadlineSeconds = 0;
    },
    want: [
      `spec.readinessGates[0].conditionType: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
      'spec.schedulingGates[1]: Duplicate value: "g"',
      'spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive',
    ],
  },
  {
    name: 'os restrictions',
    mutate: (s) => {
      s.os = { name: 'windows' };
      s.hostPID = true;
      s.securityContext = { seLinuxOptions: { level: 's0' }, runAsUser: 1 };
      s.containers[0].securityContext = { privileged: false };
    },
    want: [
      'spec.securityContext.seLinuxOptions: Forbidden: cannot be set for a windows pod',
      'spec.hostPID: Forbidden: cannot be set for a windows pod',
      'spec.securityContext.runAsUser: Forbidden: cannot be set for a windows pod',
      'spec.containers[0].securityContext.privileged: Forbidden: cannot be set for a windows pod',
    ],
  },
  {
    name: 'unknown os, linux with windows options',
    mutate: (s) => {
      s.os = { name: 'plan9' };
    },
    want: ['spec.os: Unsupported value: "plan9": supported values: "linux", "windows"'],
  },
  {
    name: 'linux pod with windows options',
    mutate: (s) => {
      s.os = { name: 'linux' };
      s.containers[0].securityContext = { windowsOptions: { hostProcess: false } };
    },
    want: [
      'spec.containers[0].securityContext.windowsOptions: Forbidden: windows options cannot be set for a linux pod',
    ],
  },
  {
    name: 'overhead and pod-level resources',
    mutate: (s) => {
      s.overhead = { cpu: '-1' };
      s.resources = { limits: { 'example.com/gpu': '1' }, claims: [{ name: 'x' }] };
    },
    want: [
      'spec.resources.claims: Forbidden: claims cannot be set for Resources at pod-level',
      'spec.resources.limits[example.com/gpu]: Unsupported value: "example.com/gpu": supported values: "cpu", "hugepages-", "memory"',
      'spec.overhead.limits[cpu]: Invalid value: "-1": must be greater than or equal to 0',
    ],
  },
  {
    name: 'pod-level resources below what the containers need',
    mutate: (s) => {
      s.resources = { requests: { cpu: '1' }, limits: { cpu: '2' } };
      s.initContainers = [{ ...container('init'), resources: { requests: { cpu: '4' } } }];
      s.containers[0].resources = { requests: { cpu: '2' }, limits: { cpu: '3' } };
    },
    want: [
      'spec.resources.requests[cpu]: Invalid value: "1": must be greater than or equal to aggregate container requests of 4',
      'spec.resources.containers[0][cpu].limits: Invalid value: "3": must be less than or equal to pod limits of 2',
    ],
  },
  {
    name: 'resource claims',
    mutate: (s) => {
      s.resourceClaims = [{ name: 'gpu' }];
      s.containers[0].resources = { claims: [{ name: 'other' }] };
    },
    want: [
      'spec.resourceClaims[0]: Invalid value: {"name":"gpu"}: must specify one of: `resourceClaimName`, `resourceClaimTemplateName`',
      'spec.containers[0].resources.claims[0]: Not found: "other": must be one of the names in pod.spec.resourceClaims: gpu',
    ],
  },
  {
    name: 'wrong JSON types',
    mutate: (s) => {
      s.containers = 'x';
      s.hostNetwork = 'yes';
      s.restartPolicy = 1;
    },
    want: [
      'spec.hostNetwork: Invalid value: "string": must be of type boolean',
      'spec.restartPolicy: Invalid value: "integer": must be of type string',
      'spec.containers: Invalid value: "string": must be of type array',
      'spec.containers: Required value',
      'spec.restartPolicy: Required value',
    ],
  },
];

for (const c of invalid) {
  test(`invalid pod spec: ${c.name}`, () => {
    assert.deepEqual(specErrors(edit(podSpec(), c.mutate)), c.want);
  });
}

test('a spec that is not an object is one type error', () => {
  assert.deepEqual(strings(validatePodSpec([], undefined, path('spec'))), [
    'spec: Invalid value: "array": must be of type object',
  ]);
});

test('ephemeral volume claim names are checked against the pod name', () => {
  const spec = edit(podSpec(), (s: Any) => {
    s.volumes = [
      {
        name: 'v',
        ephemeral: {
          volumeClaimTemplate: {
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          },
        },
      },
      { name: 'c', persistentVolumeClaim: { claimName: 'pod-v' } },
    ];
  });
  assert.deepEqual(strings(validatePodSpec(spec, { name: 'pod' }, path('spec'))), [
    'spec.volumes[1].persistentVolumeClaim.claimName: Invalid value: "pod-v": must not reference a PVC that gets created for an ephemeral volume',
  ]);
  const long = 'x'.repeat(252);
  assert.deepEqual(strings(validatePodSpec(spec, { name: long }, path('spec'))), [
    `spec.volumes[0].name: Invalid value: "v": PVC name "${long}-v": must be no more than 253 characters`,
  ]);
});
