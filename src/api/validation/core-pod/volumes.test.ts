import assert from 'node:assert/strict';
import { test } from 'node:test';
import { path } from '../../../apimachinery/field/index.js';
import { isDNS1123Label, isDNS1123Subdomain } from '../../../apimachinery/validation/index.js';
import { type Any, edit, podSpec, strings } from './fixtures.test-util.js';
import { validatePodSpec } from './index.js';

// Volume rules of the pod spec: sources, names, mounts and devices.

const dnsLabelMsg = isDNS1123Label('Bad')[0]!;

const invalid: Array<{ name: string; mutate: (s: Any) => void; want: string[] }> = [
  {
    name: 'volume mounts',
    mutate: (s) => {
      s.volumes = [{ name: 'vol', emptyDir: {} }];
      s.containers[0].volumeMounts = [
        { name: 'missing', mountPath: '/a' },
        { name: 'vol', mountPath: '/a' },
        { name: 'vol', mountPath: '' },
        { name: 'vol', mountPath: '/b', subPath: '/abs' },
        { name: 'vol', mountPath: '/c', subPath: 'a/../b', subPathExpr: 'x' },
        { name: 'vol', mountPath: '/d', mountPropagation: 'Bidirectional' },
        { name: 'vol', mountPath: '/e', recursiveReadOnly: 'Enabled' },
      ];
    },
    want: [
      'spec.containers[0].volumeMounts[0].name: Not found: "missing"',
      'spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/a": must be unique',
      'spec.containers[0].volumeMounts[2].mountPath: Required value',
      'spec.containers[0].volumeMounts.subPath: Invalid value: "/abs": must be a relative path',
      `spec.containers[0].volumeMounts.subPath: Invalid value: "a/../b": must not contain '..'`,
      'spec.containers[0].volumeMounts[4].subPathExpr: Invalid value: "x": subPathExpr and subPath are mutually exclusive',
      'spec.containers[0].volumeMounts.mountPropagation: Forbidden: Bidirectional mount propagation is available only to privileged containers',
      'spec.containers[0].volumeMounts.recursiveReadOnly: Forbidden: may only be specified when readOnly is true',
    ],
  },
  {
    name: 'volume devices need claim-backed volumes',
    mutate: (s) => {
      s.volumes = [{ name: 'vol', emptyDir: {} }];
      s.containers[0].volumeDevices = [{ name: 'vol', devicePath: '/dev/x' }];
    },
    want: [
      'spec.containers[0].volumeDevices[0].name: Invalid value: "vol": can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode',
    ],
  },
  {
    name: 'volume names and sources',
    mutate: (s) => {
      s.volumes = [
        { name: 'vol', emptyDir: {} },
        { name: 'vol', emptyDir: {} },
        { name: 'none' },
        { name: 'two', emptyDir: {}, hostPath: { path: '/x' }, downwardAPI: {} },
        { name: 'Bad', emptyDir: {} },
        { emptyDir: {} },
      ];
    },
    want: [
      'spec.volumes[1].name: Duplicate value: "vol"',
      'spec.volumes[2]: Required value: must specify a volume type',
      'spec.volumes[3].hostPath: Forbidden: may not specify more than 1 volume type',
      'spec.volumes[3].downwarAPI: Forbidden: may not specify more than 1 volume type',
      `spec.volumes[4].name: Invalid value: "Bad": ${dnsLabelMsg}`,
      'spec.volumes[5].name: Required value',
    ],
  },
  {
    name: 'per-source rules',
    mutate: (s) => {
      s.volumes = [
        { name: 'a', secret: { secretName: '', defaultMode: 0o1000 } },
        {
          name: 'b',
          configMap: {
            name: 'c',
            items: [
              { key: 'k', path: '../x' },
              { key: '', path: '..data' },
            ],
          },
        },
        { name: 'c', hostPath: { path: '/x', type: 'Bogus' } },
        { name: 'd', hostPath: { path: '/x/../y' } },
        { name: 'e', persistentVolumeClaim: { claimName: '' } },
        { name: 'f', ephemeral: {} },
        { name: 'g', csi: { driver: '' } },
        { name: 'h', emptyDir: { sizeLimit: '-1' } },
        { name: 'i', image: { reference: '', pullPolicy: 'Sometimes' } },
      ];
    },
    want: [
      'spec.volumes[0].secret.secretName: Required value',
      'spec.volumes[0].secret.defaultMode: Invalid value: 512: must be a number between 0 and 0777 (octal), both inclusive',
      `spec.volumes[1].configMap.items[0].path: Invalid value: "../x": must not contain '..'`,
      'spec.volumes[1].configMap.items[1].key: Required value',
      `spec.volumes[1].configMap.items[1].path: Invalid value: "..data": must not start with '..'`,
      'spec.volumes[2].hostPath.type: Unsupported value: "Bogus": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"',
      `spec.volumes[3].hostPath.path: Invalid value: "/x/../y": must not contain '..'`,
      'spec.volumes[4].persistentVolumeClaim.claimName: Required value',
      'spec.volumes[5].ephemeral.volumeClaimTemplate: Required value',
      'spec.volumes[6].csi.driver: Required value',
      `spec.volumes[6].csi.driver: Invalid value: "": ${isDNS1123Subdomain('')[0]}`,
      'spec.volumes[7].emptyDir.sizeLimit: Forbidden: SizeLimit field must be a valid resource quantity',
      'spec.volumes[8].image.reference: Required value',
      'spec.volumes[8].image.pullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
    ],
  },
  {
    name: 'projected sources',
    mutate: (s) => {
      s.volumes = [
        {
          name: 'p',
          projected: {
            sources: [
              { secret: { name: 's1', items: [{ key: 'a', path: 'same' }] } },
              { configMap: { name: 'c1', items: [{ key: 'b', path: 'same' }] } },
              { serviceAccountToken: { path: 'token', expirationSeconds: 100 } },
              { secret: { name: 's2' }, configMap: { name: 'c2' } },
            ],
          },
        },
      ];
    },
    want: [
      'spec.volumes[0].projected: Invalid value: "c1": conflicting duplicate paths',
      'spec.volumes[0].projected.sources[2].serviceAccountToken.expirationSeconds: Invalid value: 100: may not specify a duration less than 10 minutes',
      'spec.volumes[0].projected.sources[3]: Forbidden: may not specify more than 1 volume type per source',
    ],
  },
  {
    name: 'ephemeral claim template',
    mutate: (s) => {
      s.volumes = [
        {
          name: 'e',
          ephemeral: {
            volumeClaimTemplate: {
              metadata: { name: 'x', uid: 'u' },
              spec: {
                accessModes: ['ReadWriteOncePod', 'ReadWriteOnce'],
                resources: { requests: { storage: '0' } },
              },
            },
          },
        },
      ];
    },
    want: [
      'spec.volumes[0].ephemeral.volumeClaimTemplate.metadata.name: Forbidden: cannot be set',
      'spec.volumes[0].ephemeral.volumeClaimTemplate.metadata.uID: Forbidden: cannot be set',
      'spec.volumes[0].ephemeral.volumeClaimTemplate.spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes',
      'spec.volumes[0].ephemeral.volumeClaimTemplate.spec.resources[storage]: Invalid value: "0": must be greater than zero',
    ],
  },
];

for (const c of invalid) {
  test(`invalid volumes: ${c.name}`, () => {
    const errs = validatePodSpec(edit(podSpec(), c.mutate), { name: 'pod' }, path('spec'), {
      resourceIsPod: true,
    });
    assert.deepEqual(strings(errs), c.want);
  });
}
