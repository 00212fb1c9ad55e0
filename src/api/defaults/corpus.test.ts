/**
 * Realistic manifests and the complete object upstream stores for each after defaulting (server
 * populated fields such as uid, clusterIP or status conditions aside, which come from registries).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultObject } from './index.js';
import type { JsonObject } from './json.js';

const TEMPLATE_SPEC_DEFAULTS = {
  dnsPolicy: 'ClusterFirst',
  restartPolicy: 'Always',
  schedulerName: 'default-scheduler',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
};
const CONTAINER_DEFAULTS = {
  resources: {},
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
};

interface CorpusCase {
  name: string;
  input: JsonObject;
  expected: JsonObject;
}

const CORPUS: CorpusCase[] = [
  {
    name: 'nginx Deployment',
    input: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'nginx', labels: { app: 'nginx' } },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'nginx' } },
        template: {
          metadata: { labels: { app: 'nginx' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.27.3', ports: [{ containerPort: 80 }] }] },
        },
      },
    },
    expected: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'nginx', labels: { app: 'nginx' } },
      spec: {
        progressDeadlineSeconds: 600,
        replicas: 3,
        revisionHistoryLimit: 10,
        selector: { matchLabels: { app: 'nginx' } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
        template: {
          metadata: { labels: { app: 'nginx' } },
          spec: {
            containers: [
              {
                name: 'nginx',
                image: 'nginx:1.27.3',
                imagePullPolicy: 'IfNotPresent',
                ports: [{ containerPort: 80, protocol: 'TCP' }],
                ...CONTAINER_DEFAULTS,
              },
            ],
            ...TEMPLATE_SPEC_DEFAULTS,
          },
        },
      },
    },
  },
  {
    name: 'redis StatefulSet',
    input: {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'redis' },
      spec: {
        serviceName: 'redis',
        replicas: 3,
        selector: { matchLabels: { app: 'redis' } },
        template: {
          metadata: { labels: { app: 'redis' } },
          spec: {
            containers: [
              {
                name: 'redis',
                image: 'redis:7.4',
                command: ['redis-server', '--appendonly', 'yes'],
                ports: [{ containerPort: 6379, name: 'redis' }],
                readinessProbe: { exec: { command: ['redis-cli', 'ping'] } },
                resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
                volumeMounts: [{ name: 'data', mountPath: '/data' }],
              },
            ],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          },
        ],
      },
    },
    expected: {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'redis' },
      spec: {
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        podManagementPolicy: 'OrderedReady',
        replicas: 3,
        revisionHistoryLimit: 10,
        selector: { matchLabels: { app: 'redis' } },
        serviceName: 'redis',
        template: {
          metadata: { labels: { app: 'redis' } },
          spec: {
            containers: [
              {
                name: 'redis',
                image: 'redis:7.4',
                imagePullPolicy: 'IfNotPresent',
                command: ['redis-server', '--appendonly', 'yes'],
                ports: [{ containerPort: 6379, name: 'redis', protocol: 'TCP' }],
                readinessProbe: {
                  exec: { command: ['redis-cli', 'ping'] },
                  failureThreshold: 3,
                  periodSeconds: 10,
                  successThreshold: 1,
                  timeoutSeconds: 1,
                },
                ...CONTAINER_DEFAULTS,
                // Templates keep requests as written: requests-from-limits is a Pod default.
                resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
                volumeMounts: [{ name: 'data', mountPath: '/data' }],
              },
            ],
            ...TEMPLATE_SPEC_DEFAULTS,
          },
        },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: {
              accessModes: ['ReadWriteOnce'],
              resources: { requests: { storage: '1Gi' } },
              volumeMode: 'Filesystem',
            },
            status: { phase: 'Pending' },
          },
        ],
      },
    },
  },
  {
    name: 'CronJob',
    input: {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'hello' },
      spec: {
        schedule: '* * * * *',
        jobTemplate: {
          spec: {
            template: {
              spec: {
                containers: [{ name: 'hello', image: 'busybox:1.36', command: ['date'] }],
                restartPolicy: 'OnFailure',
              },
            },
          },
        },
      },
    },
    expected: {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'hello' },
      spec: {
        concurrencyPolicy: 'Allow',
        failedJobsHistoryLimit: 1,
        schedule: '* * * * *',
        successfulJobsHistoryLimit: 3,
        suspend: false,
        jobTemplate: {
          spec: {
            template: {
              spec: {
                containers: [
                  {
                    name: 'hello',
                    image: 'busybox:1.36',
                    command: ['date'],
                    imagePullPolicy: 'IfNotPresent',
                    ...CONTAINER_DEFAULTS,
                  },
                ],
                ...TEMPLATE_SPEC_DEFAULTS,
                restartPolicy: 'OnFailure',
              },
            },
          },
        },
      },
    },
  },
  {
    name: 'Ingress (nothing to default)',
    input: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web' },
      spec: {
        ingressClassName: 'nginx',
        rules: [
          {
            host: 'example.com',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'web', port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    },
    expected: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web' },
      spec: {
        ingressClassName: 'nginx',
        rules: [
          {
            host: 'example.com',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'web', port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    },
  },
  {
    name: 'HorizontalPodAutoscaler v2 with a scale-down rule',
    input: {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        maxReplicas: 10,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '500Mi' } },
          },
        ],
        behavior: { scaleDown: { stabilizationWindowSeconds: 120 } },
      },
    },
    expected: {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 1,
        maxReplicas: 10,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '500Mi' } },
          },
        ],
        behavior: {
          scaleDown: {
            policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
            selectPolicy: 'Max',
            stabilizationWindowSeconds: 120,
          },
          scaleUp: {
            policies: [
              { type: 'Pods', value: 4, periodSeconds: 15 },
              { type: 'Percent', value: 100, periodSeconds: 15 },
            ],
            selectPolicy: 'Max',
            stabilizationWindowSeconds: 0,
          },
        },
      },
    },
  },
  {
    name: 'PodDisruptionBudget (nothing to default)',
    input: {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'web' },
      spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } },
    },
    expected: {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'web' },
      spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } },
    },
  },
  {
    name: 'PriorityClass',
    input: {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: 'high' },
      value: 1000000,
      globalDefault: false,
      description: 'high priority',
    },
    expected: {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: 'high' },
      value: 1000000,
      globalDefault: false,
      description: 'high priority',
      preemptionPolicy: 'PreemptLowerPriority',
    },
  },
  {
    name: 'StorageClass',
    input: {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'local-path' },
      provisioner: 'rancher.io/local-path',
    },
    expected: {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'local-path' },
      provisioner: 'rancher.io/local-path',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
    },
  },
  {
    name: 'NetworkPolicy allowing DNS egress',
    input: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'dns' },
      spec: {
        podSelector: { matchLabels: { app: 'web' } },
        ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 8080 }] }],
        egress: [{ ports: [{ port: 53, protocol: 'UDP' }, { port: 53 }] }],
      },
    },
    expected: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'dns' },
      spec: {
        podSelector: { matchLabels: { app: 'web' } },
        ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 8080, protocol: 'TCP' }] }],
        egress: [
          {
            ports: [
              { port: 53, protocol: 'UDP' },
              { port: 53, protocol: 'TCP' },
            ],
          },
        ],
        policyTypes: ['Ingress', 'Egress'],
      },
    },
  },
  {
    name: 'NodePort Service',
    input: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: {
        type: 'NodePort',
        selector: { app: 'web' },
        ports: [
          { port: 80, targetPort: 8080, nodePort: 30080 },
          { name: 'm', port: 9090 },
        ],
      },
    },
    expected: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: {
        externalTrafficPolicy: 'Cluster',
        internalTrafficPolicy: 'Cluster',
        ports: [
          { port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 30080 },
          { name: 'm', port: 9090, protocol: 'TCP', targetPort: 9090 },
        ],
        selector: { app: 'web' },
        sessionAffinity: 'None',
        type: 'NodePort',
      },
    },
  },
];

test('realistic manifests default exactly as upstream stores them', () => {
  for (const c of CORPUS) {
    const obj = structuredClone(c.input);
    defaultObject(String(obj['apiVersion']), String(obj['kind']), obj);
    assert.deepEqual(obj, c.expected, c.name);
    defaultObject(String(obj['apiVersion']), String(obj['kind']), obj);
    assert.deepEqual(obj, c.expected, `${c.name} (second pass)`);
  }
});
