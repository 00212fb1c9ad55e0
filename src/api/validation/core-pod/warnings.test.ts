import assert from 'node:assert/strict';
import { test } from 'node:test';
import { path } from '../../../apimachinery/field/index.js';
import { type Any, container, edit, pod, podSpec } from './fixtures.test-util.js';
import { corePodValidations, podTemplateWarnings } from './index.js';

const podKind = corePodValidations['v1/Pod']!;

const cases: Array<{ name: string; mutate: (p: Any) => void; want: string[] }> = [
  { name: 'a plain pod has none', mutate: () => {}, want: [] },
  {
    name: 'deprecated node labels',
    mutate: (p) => {
      p.spec.nodeSelector = { 'beta.kubernetes.io/os': 'linux' };
      p.spec.affinity = {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'failure-domain.beta.kubernetes.io/zone', operator: 'Exists' }] },
            ],
          },
        },
      };
      p.spec.topologySpreadConstraints = [
        { maxSkew: 1, topologyKey: 'beta.kubernetes.io/instance-type', whenUnsatisfiable: 'DoNotSchedule' },
      ];
    },
    want: [
      'spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use "kubernetes.io/os" instead',
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key: failure-domain.beta.kubernetes.io/zone is deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
      'spec.topologySpreadConstraints[0].topologyKey: beta.kubernetes.io/instance-type is deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
      'spec.topologySpreadConstraints[0].labelSelector: a null labelSelector results in matching no pod',
    ],
  },
  {
    name: 'deprecated volumes and annotations',
    mutate: (p) => {
      p.metadata.annotations = { 'scheduler.alpha.kubernetes.io/critical-pod': '' };
      p.spec.volumes = [
        { name: 'g', gitRepo: { repository: 'r' } },
        { name: 's', storageos: { volumeName: 'v' } },
      ];
    },
    want: [
      'metadata.annotations[scheduler.alpha.kubernetes.io/critical-pod]: non-functional in v1.16+; use the "priorityClassName" field instead',
      'spec.volumes[0].gitRepo: deprecated in v1.11',
      'spec.volumes[1].storageOS: deprecated in v1.22, non-functional in v1.25+',
    ],
  },
  {
    name: 'duplicates, fractional bytes, negative grace period',
    mutate: (p) => {
      p.spec.terminationGracePeriodSeconds = -1;
      p.spec.imagePullSecrets = [{ name: 'a' }, { name: 'a' }, {}];
      p.spec.hostAliases = [{ ip: '1.2.3.4' }, { ip: '1.2.3.4' }];
      p.spec.containers[0].env = [
        { name: 'A', value: 'x' },
        { name: 'A', value: '$(A)y' },
        { name: 'A', value: 'z' },
      ];
      p.spec.containers[0].resources = { limits: { memory: '1.5' } };
    },
    want: [
      'spec.hostAliases[1].ip: duplicate ip "1.2.3.4"',
      'spec.imagePullSecrets[1].name: duplicate name "a"',
      'spec.imagePullSecrets[2].name: invalid empty name ""',
      'spec.containers[0].resources.limits[memory]: fractional byte value "1500m" is invalid, must be an integer',
      'spec.containers[0].env[2]: hides previous definition of "A", which may be dropped when using apply',
      'spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1',
    ],
  },
  {
    name: 'ports',
    mutate: (p) => {
      p.spec.containers[0].ports = [
        { containerPort: 80, protocol: 'TCP' },
        { containerPort: 80, protocol: 'TCP' },
        { name: 'x', containerPort: 81, protocol: 'TCP', hostIP: '10.0.0.1' },
      ];
      p.spec.containers.push({
        ...container('b'),
        ports: [{ containerPort: 80, hostPort: 8080, protocol: 'TCP' }],
      });
    },
    want: [
      'spec.containers[0].ports[1]: duplicate port definition with spec.containers[0].ports[0]',
      'spec.containers[0].ports[2]: hostIP set without hostPort: {Name:x HostPort:0 ContainerPort:81 Protocol:TCP HostIP:10.0.0.1}',
      'spec.containers[1].ports[0]: overlapping port definition with spec.containers[0].ports[0]',
      'spec.containers[1].ports[0]: overlapping port definition with spec.containers[0].ports[1]',
    ],
  },
];

for (const c of cases) {
  test(`pod warnings: ${c.name}`, () => {
    assert.deepEqual(podKind.warnings!(edit(pod(), c.mutate)), c.want);
  });
}

test('template warnings carry the template path', () => {
  const tmpl = {
    metadata: { annotations: { 'container.apparmor.security.beta.kubernetes.io/ctr': 'runtime/default' } },
    spec: edit(podSpec(), (s: Any) => (s.volumes = [{ name: 'g', gitRepo: { repository: 'r' } }])),
  };
  assert.deepEqual(podTemplateWarnings(tmpl, path('spec', 'template')), [
    'spec.template.spec.volumes[0].gitRepo: deprecated in v1.11',
    'spec.template.metadata.annotations[container.apparmor.security.beta.kubernetes.io/ctr]: deprecated since v1.30; use the "appArmorProfile" field instead',
  ]);
});
