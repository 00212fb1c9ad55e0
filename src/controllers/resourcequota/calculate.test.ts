import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  Container,
  PersistentVolumeClaim,
  Pod,
  ResourceQuota,
  ScopeSelector,
  Service,
} from 'kubernetes-types/core/v1.js';
import { formatResourceList, parseResourceList } from '../../apimachinery/quantity/index.js';
import { resourceOf } from '../../client/resources.js';
import type { KubeObject } from '../../client/types.js';
import { calculateUsage, scopeRequirements } from './calculate.js';
import { builtinEvaluators, type Evaluator, objectCountEvaluator } from './evaluators.js';
import { podQOS } from './pod-usage.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

function container(
  requests?: Record<string, string>,
  limits?: Record<string, string>,
  extra: Partial<Container> = {},
): Container {
  return {
    name: `c${Math.random().toString(36).slice(2, 7)}`,
    image: 'busybox',
    resources: {
      ...(requests === undefined ? {} : { requests }),
      ...(limits === undefined ? {} : { limits }),
    },
    ...extra,
  };
}

function pod(
  containers: Container[],
  extra: { spec?: Partial<Pod['spec']>; status?: Pod['status']; metadata?: Pod['metadata'] } = {},
): Pod {
  return {
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'ns', ...extra.metadata },
    spec: { containers, ...extra.spec },
    ...(extra.status === undefined ? {} : { status: extra.status }),
  };
}

function svc(type: string, ports: number, extra: Partial<Service['spec']> = {}): Service {
  return {
    kind: 'Service',
    metadata: { name: 's', namespace: 'ns' },
    spec: { type, ports: Array.from({ length: ports }, (_, i) => ({ port: 80 + i })), ...extra },
  };
}

function pvc(storage: string, cls?: string, allocated?: string): PersistentVolumeClaim {
  return {
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'c', namespace: 'ns' },
    spec: { ...(cls === undefined ? {} : { storageClassName: cls }), resources: { requests: { storage } } },
    ...(allocated === undefined ? {} : { status: { allocatedResources: { storage: allocated } } }),
  };
}

const WIDGETS = resourceOf('example.com', 'v1', 'widgets', 'Widget', true);

interface Case {
  name: string;
  hard: Record<string, string>;
  scopes?: string[];
  scopeSelector?: ScopeSelector;
  objects: KubeObject[];
  want: Record<string, string>;
  evaluators?: Evaluator[];
}

const cases: Case[] = [
  {
    name: 'pods, compute requests and limits, and shorthand names',
    hard: {
      pods: '10',
      'count/pods': '10',
      cpu: '4',
      memory: '4Gi',
      'requests.cpu': '4',
      'limits.cpu': '8',
      'limits.memory': '8Gi',
    },
    objects: [
      pod([container({ cpu: '100m', memory: '128Mi' }, { cpu: '200m', memory: '256Mi' })]),
      pod([container({ cpu: '250m' }), container({ cpu: '250m', memory: '1Gi' })]),
    ],
    want: {
      pods: '2',
      'count/pods': '2',
      cpu: '600m',
      memory: '1152Mi',
      'requests.cpu': '600m',
      'limits.cpu': '200m',
      'limits.memory': '256Mi',
    },
  },
  {
    name: 'terminal pods count only as objects',
    hard: { pods: '10', 'count/pods': '10', 'requests.memory': '1Gi' },
    objects: [
      pod([container({ memory: '100Mi' })], { status: { phase: 'Succeeded' } }),
      pod([container({ memory: '100Mi' })], { status: { phase: 'Failed' } }),
      pod([container({ memory: '100Mi' })], { status: { phase: 'Running' } }),
    ],
    want: { pods: '1', 'count/pods': '3', 'requests.memory': '100Mi' },
  },
  {
    name: 'pods past their deletion grace period stop counting',
    hard: { pods: '10' },
    objects: [
      pod([container()], {
        metadata: { name: 'late', deletionTimestamp: '2026-01-01T11:59:00Z', deletionGracePeriodSeconds: 30 },
      }),
      pod([container()], {
        metadata: { name: 'soon', deletionTimestamp: '2026-01-01T11:59:50Z', deletionGracePeriodSeconds: 30 },
      }),
    ],
    want: { pods: '1' },
  },
  {
    name: 'init containers and sidecars',
    hard: { 'requests.cpu': '10', 'limits.cpu': '10' },
    objects: [
      pod([container({ cpu: '100m' }, { cpu: '100m' })], {
        spec: {
          initContainers: [
            container({ cpu: '1' }, { cpu: '1' }),
            container({ cpu: '200m' }, { cpu: '200m' }, { restartPolicy: 'Always' }),
            container({ cpu: '500m' }, { cpu: '500m' }),
          ],
        },
      }),
    ],
    // sum = 100m + 200m (sidecar) = 300m; init max = max(1, 200m, 500m + 200m) = 1.
    want: { 'requests.cpu': '1', 'limits.cpu': '1' },
  },
  {
    name: 'overhead adds to requests and to limits only where limited',
    hard: { 'requests.memory': '10Gi', 'limits.memory': '10Gi', 'limits.cpu': '10' },
    objects: [
      pod([container({ memory: '1Gi' }, { memory: '1Gi' })], {
        spec: { overhead: { memory: '64Mi', cpu: '100m' } },
      }),
    ],
    want: { 'requests.memory': '1088Mi', 'limits.memory': '1088Mi', 'limits.cpu': '0' },
  },
  {
    name: 'pod-level resources replace the container totals',
    hard: { 'requests.cpu': '10', 'requests.memory': '10Gi' },
    objects: [
      pod([container({ cpu: '100m', memory: '1Gi' })], {
        spec: { resources: { requests: { cpu: '2' } } } as Partial<Pod['spec']>,
      }),
    ],
    want: { 'requests.cpu': '2', 'requests.memory': '1Gi' },
  },
  {
    name: 'resized requests reported in status count when larger',
    hard: { 'requests.cpu': '10' },
    objects: [
      pod([{ ...container({ cpu: '100m' }), name: 'app' }], {
        status: {
          containerStatuses: [
            {
              name: 'app',
              image: 'x',
              imageID: '',
              ready: true,
              restartCount: 0,
              resources: { requests: { cpu: '300m' } },
            },
          ],
        },
      }),
    ],
    want: { 'requests.cpu': '300m' },
  },
  {
    name: 'huge pages and extended resources',
    hard: { 'hugepages-2Mi': '1Gi', 'requests.hugepages-2Mi': '1Gi', 'requests.example.com/gpu': '4' },
    objects: [
      pod([
        container(
          { 'hugepages-2Mi': '20Mi', 'example.com/gpu': '1', memory: '1Gi' },
          { 'hugepages-2Mi': '20Mi', 'example.com/gpu': '1' },
        ),
      ]),
    ],
    want: { 'hugepages-2Mi': '20Mi', 'requests.hugepages-2Mi': '20Mi', 'requests.example.com/gpu': '1' },
  },
  {
    name: 'BestEffort and NotBestEffort scopes',
    hard: { pods: '10' },
    scopes: ['BestEffort'],
    objects: [pod([container()]), pod([container({ cpu: '1' })])],
    want: { pods: '1' },
  },
  {
    name: 'NotBestEffort scope',
    hard: { pods: '10', 'requests.cpu': '10' },
    scopes: ['NotBestEffort'],
    objects: [pod([container()]), pod([container({ cpu: '1' })])],
    want: { pods: '1', 'requests.cpu': '1' },
  },
  {
    name: 'Terminating and NotTerminating scopes',
    hard: { pods: '10' },
    scopes: ['Terminating'],
    objects: [pod([container()], { spec: { activeDeadlineSeconds: 60 } }), pod([container()])],
    want: { pods: '1' },
  },
  {
    name: 'NotTerminating scope',
    hard: { pods: '10' },
    scopes: ['NotTerminating'],
    objects: [
      pod([container()], { spec: { activeDeadlineSeconds: 60 } }),
      pod([container()]),
      pod([container()]),
    ],
    want: { pods: '2' },
  },
  {
    name: 'PriorityClass scope selector with In',
    hard: { pods: '10' },
    scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }] },
    objects: [
      pod([container()], { spec: { priorityClassName: 'high' } }),
      pod([container()], { spec: { priorityClassName: 'low' } }),
      pod([container()]),
    ],
    want: { pods: '1' },
  },
  {
    name: 'PriorityClass scope selector with NotIn and Exists',
    hard: { pods: '10' },
    scopeSelector: {
      matchExpressions: [
        { scopeName: 'PriorityClass', operator: 'Exists' },
        { scopeName: 'PriorityClass', operator: 'NotIn', values: ['high'] },
      ],
    },
    objects: [
      pod([container()], { spec: { priorityClassName: 'high' } }),
      pod([container()], { spec: { priorityClassName: 'low' } }),
      pod([container()]),
    ],
    want: { pods: '1' },
  },
  {
    name: 'PriorityClass DoesNotExist',
    hard: { pods: '10' },
    scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'DoesNotExist' }] },
    objects: [pod([container()], { spec: { priorityClassName: 'high' } }), pod([container()])],
    want: { pods: '1' },
  },
  {
    name: 'CrossNamespacePodAffinity scope',
    hard: { pods: '10' },
    scopes: ['CrossNamespacePodAffinity'],
    objects: [
      pod([container()], {
        spec: {
          affinity: {
            podAntiAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'k', namespaces: ['other'] }],
            },
          },
        },
      }),
      pod([container()], {
        spec: {
          affinity: {
            podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'k' }] },
          },
        },
      }),
    ],
    want: { pods: '1' },
  },
  {
    name: 'services, node ports and load balancers',
    hard: {
      services: '10',
      'count/services': '10',
      'services.nodeports': '10',
      'services.loadbalancers': '2',
    },
    objects: [
      svc('ClusterIP', 2),
      svc('NodePort', 2),
      svc('LoadBalancer', 3),
      svc('LoadBalancer', 2, {
        allocateLoadBalancerNodePorts: false,
        ports: [{ port: 80, nodePort: 30001 }, { port: 81 }],
      }),
    ],
    want: { services: '4', 'count/services': '4', 'services.nodeports': '6', 'services.loadbalancers': '2' },
  },
  {
    name: 'claims and storage, overall and by storage class',
    hard: {
      persistentvolumeclaims: '10',
      'count/persistentvolumeclaims': '10',
      'requests.storage': '100Gi',
      'gold.storageclass.storage.k8s.io/requests.storage': '10Gi',
      'gold.storageclass.storage.k8s.io/persistentvolumeclaims': '2',
    },
    objects: [pvc('1Gi', 'gold'), pvc('2Gi', 'silver'), pvc('1Gi', 'gold', '3Gi'), pvc('1500m')],
    want: {
      persistentvolumeclaims: '4',
      'count/persistentvolumeclaims': '4',
      // 1500m rounds up to 2 whole bytes.
      'requests.storage': '6442450946',
      'gold.storageclass.storage.k8s.io/requests.storage': '4Gi',
      'gold.storageclass.storage.k8s.io/persistentvolumeclaims': '2',
    },
  },
  {
    name: 'VolumeAttributesClass scope over requested, current and target classes',
    hard: { persistentvolumeclaims: '10' },
    scopeSelector: {
      matchExpressions: [{ scopeName: 'VolumeAttributesClass', operator: 'In', values: ['fast'] }],
    },
    objects: [
      { ...pvc('1Gi'), spec: { volumeAttributesClassName: 'fast' } } as KubeObject,
      {
        ...pvc('1Gi'),
        status: {
          currentVolumeAttributesClassName: 'slow',
          modifyVolumeStatus: { targetVolumeAttributesClassName: 'fast' },
        },
      } as KubeObject,
      { ...pvc('1Gi'), spec: { volumeAttributesClassName: 'slow' } } as KubeObject,
      pvc('1Gi'),
    ],
    want: { persistentvolumeclaims: '2' },
  },
  {
    name: 'object counts with legacy aliases',
    hard: { configmaps: '5', 'count/configmaps': '5', secrets: '5', 'count/secrets': '5' },
    objects: [
      { kind: 'ConfigMap', metadata: { name: 'a' } },
      { kind: 'ConfigMap', metadata: { name: 'b' } },
      { kind: 'Secret', metadata: { name: 's' } },
    ],
    want: { configmaps: '2', 'count/configmaps': '2', secrets: '1', 'count/secrets': '1' },
  },
  {
    name: 'count of a custom resource, with zero for unmatched tracked names',
    hard: { 'count/widgets.example.com': '3', 'count/replicationcontrollers': '1' },
    objects: [{ kind: 'Widget', metadata: { name: 'w' } }],
    evaluators: [...builtinEvaluators(), objectCountEvaluator(WIDGETS)],
    want: { 'count/widgets.example.com': '1', 'count/replicationcontrollers': '0' },
  },
  {
    name: 'names no evaluator tracks are left out',
    hard: { 'example.com/unknown': '1', pods: '1' },
    objects: [],
    want: { pods: '0' },
  },
  {
    name: 'scoped quotas charge nothing of resources without scopes',
    hard: { services: '10', pods: '10' },
    scopes: ['BestEffort'],
    objects: [svc('ClusterIP', 1), pod([container()])],
    want: { services: '0', pods: '1' },
  },
];

const KIND_TO_RESOURCE: Record<string, string> = {
  Pod: 'pods',
  Service: 'services',
  PersistentVolumeClaim: 'persistentvolumeclaims',
  ConfigMap: 'configmaps',
  Secret: 'secrets',
  Widget: 'widgets',
};

describe('calculateUsage', () => {
  for (const tc of cases) {
    it(tc.name, () => {
      const quota: ResourceQuota = {
        spec: {
          hard: tc.hard,
          ...(tc.scopes === undefined ? {} : { scopes: tc.scopes }),
          ...(tc.scopeSelector === undefined ? {} : { scopeSelector: tc.scopeSelector }),
        },
      };
      const hardNames = [...parseResourceList(tc.hard).keys()];
      const result = calculateUsage(
        hardNames,
        scopeRequirements(quota),
        tc.evaluators ?? builtinEvaluators(),
        (e) => tc.objects.filter((o) => KIND_TO_RESOURCE[o.kind ?? ''] === e.resource.resource),
        NOW,
      );
      assert.deepEqual(result.errors, []);
      assert.deepEqual(formatResourceList(result.used), tc.want);
    });
  }

  it('reports when a deleted pod will stop counting', () => {
    const p = pod([container()], {
      metadata: { name: 'soon', deletionTimestamp: '2026-01-01T11:59:50Z', deletionGracePeriodSeconds: 30 },
    });
    const r = calculateUsage(
      ['pods'],
      [],
      builtinEvaluators(),
      (e) => (e.resource.resource === 'pods' ? [p] : []),
      NOW,
    );
    assert.equal(r.nextChangeAt, Date.UTC(2026, 0, 1, 12, 0, 20));
  });
});

describe('podQOS', () => {
  const qos: { name: string; pod: Pod; want: string }[] = [
    { name: 'no resources', pod: pod([container()]), want: 'BestEffort' },
    {
      name: 'equal cpu and memory requests and limits',
      pod: pod([container({ cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' })]),
      want: 'Guaranteed',
    },
    {
      name: 'limits only (requests default to them)',
      pod: pod([container(undefined, { cpu: '1', memory: '1Gi' })]),
      want: 'Burstable',
    },
    {
      name: 'requests below limits',
      pod: pod([container({ cpu: '500m' }, { cpu: '1', memory: '1Gi' })]),
      want: 'Burstable',
    },
    {
      name: 'only non-compute resources',
      pod: pod([container({ 'example.com/gpu': '1' })]),
      want: 'BestEffort',
    },
    {
      name: 'status wins',
      pod: pod([container()], { status: { qosClass: 'Guaranteed' } }),
      want: 'Guaranteed',
    },
    {
      name: 'pod-level resources decide',
      pod: pod([container()], {
        spec: {
          resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } },
        } as Partial<Pod['spec']>,
      }),
      want: 'Guaranteed',
    },
    {
      name: 'pod-level limits without memory',
      pod: pod([container({ cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' })], {
        spec: { resources: { limits: { cpu: '1' } } } as Partial<Pod['spec']>,
      }),
      want: 'Burstable',
    },
  ];
  for (const tc of qos) it(tc.name, () => assert.equal(podQOS(tc.pod), tc.want));
});
