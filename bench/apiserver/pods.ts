/**
 * A pod as a Deployment's ReplicaSet would create it: labels, annotations, an owner, two
 * containers with resources, env, ports, probes and mounts, volumes and tolerations (about 2.5
 * KiB of JSON before the server's defaults). Pure; `i` varies the name and a few values.
 */
export function realisticPod(name: string, i: number): Record<string, unknown> {
  const app = `app-${i % 20}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      labels: { app, 'pod-template-hash': '7d9c5b6f4d', tier: i % 2 === 0 ? 'frontend' : 'backend' },
      annotations: {
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': '9090',
        'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z',
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: `${app}-7d9c5b6f4d`,
          uid: '5b2f0c8e-1f3a-4d7b-9c1e-0a2b3c4d5e6f',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      containers: [
        {
          name: 'app',
          image: `registry.example.com/team/${app}:1.${i % 7}.3`,
          args: ['--port=8080', '--metrics-port=9090', '--log-level=info'],
          ports: [
            { name: 'http', containerPort: 8080, protocol: 'TCP' },
            { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
          ],
          env: [
            { name: 'APP_NAME', value: app },
            { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
          ],
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
          readinessProbe: { httpGet: { path: '/readyz', port: 8080 }, periodSeconds: 5 },
          livenessProbe: { httpGet: { path: '/livez', port: 8080 }, initialDelaySeconds: 10 },
          volumeMounts: [
            { name: 'config', mountPath: '/etc/app' },
            { name: 'cache', mountPath: '/var/cache/app' },
          ],
        },
        {
          name: 'log-shipper',
          image: 'registry.example.com/infra/log-shipper:2.4.1',
          resources: { requests: { cpu: '10m', memory: '32Mi' } },
          volumeMounts: [{ name: 'cache', mountPath: '/var/cache/app', readOnly: true }],
        },
      ],
      volumes: [
        { name: 'config', configMap: { name: `${app}-config` } },
        { name: 'cache', emptyDir: {} },
      ],
      tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' }],
      serviceAccountName: 'default',
    },
  };
}
