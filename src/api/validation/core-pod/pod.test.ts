import assert from 'node:assert/strict';
import { test } from 'node:test';
import { path } from '../../../apimachinery/field/index.js';
import { isDNS1123Subdomain } from '../../../apimachinery/validation/index.js';
import { type Any, container, edit, pod, podSpec, strings } from './fixtures.test-util.js';
import { corePodValidations, validatePodTemplateSpec } from './index.js';

const podKind = corePodValidations['v1/Pod']!;
const templateKind = corePodValidations['v1/PodTemplate']!;

test('a defaulted pod is valid on create', () => {
  assert.deepEqual(strings(podKind.validate(pod())), []);
});

const createCases: Array<{ name: string; mutate: (p: Any) => void; want: string[] }> = [
  {
    name: 'namespace missing, name invalid',
    mutate: (p) => {
      p.metadata = { name: 'Bad_Name' };
    },
    want: [
      `metadata.name: Invalid value: "Bad_Name": ${isDNS1123Subdomain('Bad_Name')[0]}`,
      'metadata.namespace: Required value',
    ],
  },
  {
    name: 'ephemeral containers on create',
    mutate: (p) => {
      p.spec.ephemeralContainers = [{ ...container('debug') }];
    },
    want: ['spec.ephemeralContainers: Forbidden: cannot be set on create'],
  },
  {
    name: 'nodeName while scheduling gates remain',
    mutate: (p) => {
      p.spec.nodeName = 'node-1';
      p.spec.schedulingGates = [{ name: 'gate' }];
    },
    want: ['spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared'],
  },
  {
    name: 'image with surrounding white space',
    mutate: (p) => {
      p.spec.containers[0].image = ' image ';
    },
    want: [
      'spec.containers[0].image: Invalid value: " image ": must not have leading or trailing whitespace',
    ],
  },
  {
    name: 'token projection without a service account',
    mutate: (p) => {
      p.spec.volumes = [
        {
          name: 't',
          projected: { sources: [{ serviceAccountToken: { path: 't', expirationSeconds: 3600 } }] },
        },
      ];
    },
    want: [
      'spec.volumes[0].projected.sources[0].serviceAccountToken: Forbidden: must not be specified when serviceAccountName is not set',
    ],
  },
  {
    name: 'pod annotations',
    mutate: (p) => {
      p.metadata.annotations = {
        'kubernetes.io/config.mirror': 'hash',
        'controller.kubernetes.io/pod-deletion-cost': '+10',
        'seccomp.security.alpha.kubernetes.io/pod': 'foo',
        'container.apparmor.security.beta.kubernetes.io/nope': 'bogus',
      };
    },
    want: [
      'metadata.annotations[kubernetes.io/config.mirror]: Invalid value: "hash": must set spec.nodeName if mirror pod annotation is set',
      'metadata.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "+10": must be a 32bit integer',
      'metadata.annotations.seccomp.security.alpha.kubernetes.io/pod: Invalid value: "foo": must be a valid seccomp profile',
      'metadata.annotations[container.apparmor.security.beta.kubernetes.io/nope]: Invalid value: "nope": container not found',
      'metadata.annotations[container.apparmor.security.beta.kubernetes.io/nope]: Invalid value: "bogus": invalid AppArmor profile name: "bogus"',
    ],
  },
  {
    name: 'seccomp annotation disagreeing with the field',
    mutate: (p) => {
      p.metadata.annotations = { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' };
      p.spec.securityContext = { seccompProfile: { type: 'RuntimeDefault' } };
    },
    want: [
      'spec.securityContext.seccompProfile.type: Forbidden: seccomp type in annotation and field must match',
    ],
  },
  {
    name: 'AppArmor annotation disagreeing with the field',
    mutate: (p) => {
      p.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/ctr': 'localhost/a' };
      p.spec.containers[0].securityContext = {
        appArmorProfile: { type: 'Localhost', localhostProfile: 'b' },
      };
    },
    want: [
      'spec.containers[0].securityContext.appArmorProfile.localhostProfile: Forbidden: apparmor profile in annotation and field must match',
    ],
  },
];

for (const c of createCases) {
  test(`invalid pod on create: ${c.name}`, () => {
    assert.deepEqual(strings(podKind.validate(edit(pod(), c.mutate))), c.want);
  });
}

const forbiddenPrefix =
  'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n';

const updateCases: Array<{
  name: string;
  old?: (p: Any) => void;
  mutate: (p: Any) => void;
  want: string[] | 'spec-forbidden';
}> = [
  { name: 'no change', mutate: () => {}, want: [] },
  { name: 'image change', mutate: (p) => (p.spec.containers[0].image = 'other:v2'), want: [] },
  {
    name: 'image removed',
    mutate: (p) => (p.spec.containers[0].image = ''),
    want: ['spec.containers[0].image: Required value', 'spec.containers[0].image: Required value'],
  },
  {
    name: 'container added',
    mutate: (p) => p.spec.containers.push(container('b')),
    want: ['spec.containers: Forbidden: pod updates may not add or remove containers'],
  },
  { name: 'activeDeadlineSeconds set', mutate: (p) => (p.spec.activeDeadlineSeconds = 30), want: [] },
  {
    name: 'activeDeadlineSeconds lowered',
    old: (p) => (p.spec.activeDeadlineSeconds = 30),
    mutate: (p) => (p.spec.activeDeadlineSeconds = 10),
    want: [],
  },
  {
    name: 'activeDeadlineSeconds raised',
    old: (p) => (p.spec.activeDeadlineSeconds = 30),
    mutate: (p) => (p.spec.activeDeadlineSeconds = 31),
    want: ['spec.activeDeadlineSeconds: Invalid value: 31: must be less than or equal to previous value'],
  },
  {
    name: 'activeDeadlineSeconds unset',
    old: (p) => (p.spec.activeDeadlineSeconds = 30),
    mutate: (p) => delete p.spec.activeDeadlineSeconds,
    want: [
      'spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value',
    ],
  },
  {
    name: 'toleration added, tolerationSeconds changed',
    old: (p) =>
      (p.spec.tolerations = [{ key: 'a', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }]),
    mutate: (p) => {
      p.spec.tolerations = [
        { key: 'a', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 20 },
        { key: 'b', operator: 'Exists' },
      ];
    },
    want: [],
  },
  {
    name: 'toleration modified',
    old: (p) => (p.spec.tolerations = [{ key: 'a', operator: 'Equal', value: 'x' }]),
    mutate: (p) => (p.spec.tolerations = [{ key: 'a', operator: 'Equal', value: 'y' }]),
    want: [
      'spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds',
    ],
  },
  {
    name: 'scheduling gate removed',
    old: (p) => (p.spec.schedulingGates = [{ name: 'a' }, { name: 'b' }]),
    mutate: (p) => (p.spec.schedulingGates = [{ name: 'b' }]),
    want: [],
  },
  {
    name: 'scheduling gate added',
    mutate: (p) => (p.spec.schedulingGates = [{ name: 'new' }]),
    want: [
      "spec.schedulingGates[0].name: Forbidden: only deletion is allowed, but found new scheduling gate 'new'",
    ],
  },
  {
    name: 'node selector added to a gated pod',
    old: (p) => (p.spec.schedulingGates = [{ name: 'a' }]),
    mutate: (p) => {
      p.spec.nodeSelector = { zone: 'a' };
    },
    want: [],
  },
  {
    name: 'node selector changed on a gated pod',
    old: (p) => {
      p.spec.schedulingGates = [{ name: 'a' }];
      p.spec.nodeSelector = { zone: 'a' };
    },
    mutate: (p) => {
      p.spec.nodeSelector = { zone: 'b' };
    },
    want: [
      'spec.nodeSelector: Invalid value: {"zone":"b"}: only additions to spec.nodeSelector are allowed (no mutations or deletions)',
    ],
  },
  {
    name: 'node selector added to a scheduled pod',
    mutate: (p) => (p.spec.nodeSelector = { zone: 'a' }),
    want: 'spec-forbidden',
  },
  {
    name: 'grace period from negative to 1',
    old: (p) => (p.spec.terminationGracePeriodSeconds = -1),
    mutate: (p) => (p.spec.terminationGracePeriodSeconds = 1),
    want: [],
  },
  {
    name: 'grace period changed',
    mutate: (p) => (p.spec.terminationGracePeriodSeconds = 31),
    want: 'spec-forbidden',
  },
  {
    name: 'name changed',
    mutate: (p) => (p.metadata.name = 'other'),
    want: ['metadata.name: Invalid value: "other": field is immutable'],
  },
  {
    name: 'mirror annotation added',
    old: (p) => (p.spec.nodeName = 'node-1'),
    mutate: (p) => (p.metadata.annotations = { 'kubernetes.io/config.mirror': 'x' }),
    want: ['metadata.annotations[kubernetes.io/config.mirror]: Forbidden: may not add mirror pod annotation'],
  },
];

for (const c of updateCases) {
  test(`pod update: ${c.name}`, () => {
    const old = edit(pod(), c.old ?? (() => {}));
    const got = strings(podKind.validateUpdate(edit(old, c.mutate), old));
    if (c.want === 'spec-forbidden') {
      assert.equal(got.length, 1, got.join('\n'));
      assert.ok(got[0]!.startsWith(forbiddenPrefix), got[0]);
    } else {
      assert.deepEqual(got, c.want);
    }
  });
}

test('an existing invalid deletion cost does not block updates', () => {
  const old = edit(
    pod(),
    (p: Any) => (p.metadata.annotations = { 'controller.kubernetes.io/pod-deletion-cost': 'x' }),
  );
  assert.deepEqual(
    strings(
      podKind.validateUpdate(
        edit(old, (p: Any) => (p.spec.containers[0].image = 'v2')),
        old,
      ),
    ),
    [],
  );
});

const running = { running: { startedAt: '2024-01-01T00:00:00Z' } };
const exited = (exitCode: number) => ({ terminated: { exitCode, startedAt: null, finishedAt: null } });

const statusCases: Array<{ name: string; old?: (p: Any) => void; mutate: (p: Any) => void; want: string[] }> =
  [
    {
      name: 'valid status',
      mutate: (p) => {
        p.status = {
          phase: 'Running',
          conditions: [
            { type: 'Ready', status: 'True' },
            { type: 'example.com/custom', status: 'True' },
          ],
          hostIP: '10.0.0.1',
          hostIPs: [{ ip: '10.0.0.1' }, { ip: 'fd00::1' }],
          podIP: '10.244.0.5',
          podIPs: [{ ip: '10.244.0.5' }, { ip: 'fd00:10:244::5' }],
          nominatedNodeName: 'node-2',
        };
      },
      want: [],
    },
    {
      name: 'bad condition type, nodeName change, nominated node name',
      mutate: (p) => {
        p.spec.nodeName = 'node-1';
        p.status = { conditions: [{ type: 'a/b/c', status: 'True' }], nominatedNodeName: 'Bad' };
      },
      want: [
        `metadata.conditions[0].Type: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
        'status.nodeName: Forbidden: may not be changed directly',
        `status.nominatedNodeName: Invalid value: "Bad": ${isDNS1123Subdomain('Bad')[0]}`,
      ],
    },
    {
      name: 'qosClass changed',
      old: (p) => (p.status = { qosClass: 'BestEffort' }),
      mutate: (p) => (p.status = { qosClass: 'Burstable' }),
      want: ['status.qosClass: Invalid value: "Burstable": field is immutable'],
    },
    {
      name: 'terminated container restarted under restartPolicy Never',
      old: (p) => {
        p.spec.restartPolicy = 'Never';
        p.status = { containerStatuses: [{ name: 'ctr', state: exited(1) }] };
      },
      mutate: (p) => (p.status = { containerStatuses: [{ name: 'ctr', state: running }] }),
      want: ['status.containerStatuses[0].state: Forbidden: may not be transitioned to non-terminated state'],
    },
    {
      name: 'failed container restarted under OnFailure',
      old: (p) => {
        p.spec.restartPolicy = 'OnFailure';
        p.status = { containerStatuses: [{ name: 'ctr', state: exited(1) }] };
      },
      mutate: (p) => (p.status = { containerStatuses: [{ name: 'ctr', state: running }] }),
      want: [],
    },
    {
      name: 'pod IPs',
      mutate: (p) => {
        p.status = { podIPs: [{ ip: '1.1.1.1' }, { ip: '1.1.1.1' }, { ip: 'bad' }] };
      },
      want: [
        'status.podIPs[2]: Invalid value: "bad": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
        'status.podIPs: Invalid value: [{"ip":"1.1.1.1"},{"ip":"1.1.1.1"},{"ip":"bad"}]: may specify no more than one IP for each IP family',
        'status.podIPs[1]: Duplicate value: {"ip":"1.1.1.1"}',
      ],
    },
    {
      name: 'host IPs must start with hostIP',
      mutate: (p) => {
        p.status = { hostIP: '10.0.0.1', hostIPs: [{ ip: '10.0.0.2' }] };
      },
      want: ['status.hostIPs[0].ip: Invalid value: "10.0.0.2": must be equal to `hostIP`'],
    },
  ];

for (const c of statusCases) {
  test(`pod status update: ${c.name}`, () => {
    const old = edit(pod(), c.old ?? (() => {}));
    assert.deepEqual(strings(podKind.validateStatusUpdate!(edit(old, c.mutate), old)), c.want);
  });
}

test('ephemeral containers subresource: existing containers stay as they are', async () => {
  const { validatePodEphemeralContainersUpdate } = await import('./index.js');
  const debug = { ...container('debug'), targetContainerName: 'ctr' };
  const old = edit(pod(), (p: Any) => (p.spec.ephemeralContainers = [debug]));
  const added = edit(old, (p: Any) => p.spec.ephemeralContainers.push({ ...container('debug2') }));
  assert.deepEqual(strings(validatePodEphemeralContainersUpdate(added, old)), []);
  const removed = edit(old, (p: Any) => (p.spec.ephemeralContainers = []));
  assert.deepEqual(strings(validatePodEphemeralContainersUpdate(removed, old)), [
    'spec.ephemeralContainers: Forbidden: existing ephemeral containers "debug" may not be removed\n',
  ]);
  const changed = edit(old, (p: Any) => (p.spec.ephemeralContainers[0].image = 'other'));
  const got = strings(validatePodEphemeralContainersUpdate(changed, old));
  assert.equal(got.length, 1);
  assert.ok(
    got[0]!.startsWith(
      'spec.ephemeralContainers: Forbidden: existing ephemeral containers "debug" may not be changed\n',
    ),
  );
  const mirror = edit(old, (p: Any) => {
    p.metadata.annotations = { 'kubernetes.io/config.mirror': 'x' };
    p.spec.nodeName = 'n';
  });
  assert.deepEqual(strings(validatePodEphemeralContainersUpdate(mirror, mirror)), [
    ': Forbidden: static pods do not support ephemeral containers',
  ]);
});

function template(): Any {
  return {
    apiVersion: 'v1',
    kind: 'PodTemplate',
    metadata: { name: 'tmpl', namespace: 'default', resourceVersion: '1' },
    template: { metadata: { labels: { app: 'web' } }, spec: podSpec() },
  };
}

test('PodTemplate: valid template, and every field may change', () => {
  assert.deepEqual(strings(templateKind.validate(template())), []);
  const old = template();
  const changed = edit(old, (t: Any) => (t.template.spec.restartPolicy = 'Never'));
  assert.deepEqual(strings(templateKind.validateUpdate(changed, old)), []);
});

test('PodTemplate: template errors carry template paths', () => {
  const bad = edit(template(), (t: Any) => {
    t.template.metadata.labels = { app: 'bad value' };
    t.template.spec.ephemeralContainers = [container('debug')];
    delete t.template.spec.containers[0].image;
  });
  assert.deepEqual(strings(templateKind.validate(bad)), [
    `template.labels: Invalid value: "bad value": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    'template.spec.containers[0].image: Required value',
    'template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template',
  ]);
});

test('validatePodTemplateSpec at a workload path', () => {
  const tmpl = { metadata: {}, spec: edit(podSpec(), (s: Any) => (s.restartPolicy = '')) };
  assert.deepEqual(strings(validatePodTemplateSpec(tmpl, path('spec', 'template'))), [
    'spec.template.spec.restartPolicy: Required value',
  ]);
  assert.deepEqual(strings(validatePodTemplateSpec('x', path('spec', 'template'))), [
    'spec.template: Invalid value: "string": must be of type object',
  ]);
});

test('stored pods that rely on relaxed rules stay updatable', () => {
  const old = edit(pod(), (p: Any) => {
    p.spec.containers[0].resources = {
      limits: { memory: '1Gi', 'hugepages-2Mi': '1Mi' },
      requests: { memory: '1Gi', 'hugepages-2Mi': '1Mi' },
    };
    p.spec.hostNetwork = true;
    p.spec.securityContext = { sysctls: [{ name: 'net.core.somaxconn', value: '1024' }] };
  });
  assert.equal(podKind.validate(old).length, 3);
  const changed = edit(old, (p: Any) => (p.spec.containers[0].image = 'v2'));
  assert.deepEqual(strings(podKind.validateUpdate(changed, old)), []);
});

test('the tolerations annotation is checked like the field', () => {
  const p = edit(pod(), (x: Any) => {
    x.metadata.annotations = {
      'scheduler.alpha.kubernetes.io/tolerations': '[{"key":"a","operator":"Like"}]',
    };
  });
  assert.deepEqual(strings(podKind.validate(p)), [
    'metadata.annotations.scheduler.alpha.kubernetes.io/tolerations[0].operator: Unsupported value: "Like": supported values: "Equal", "Exists"',
  ]);
  const bad = edit(pod(), (x: Any) => {
    x.metadata.annotations = { 'scheduler.alpha.kubernetes.io/tolerations': '{' };
  });
  const got = strings(podKind.validate(bad));
  assert.equal(got.length, 1);
  assert.ok(
    got[0]!.startsWith('metadata.annotations: Invalid value: "scheduler.alpha.kubernetes.io/tolerations": '),
  );
});

test('pod binding targets a named node', async () => {
  const { validatePodBinding } = await import('./index.js');
  assert.deepEqual(strings(validatePodBinding({ target: { kind: 'Node', name: 'n' } })), []);
  assert.deepEqual(strings(validatePodBinding({ target: { name: 'n' } })), []);
  assert.deepEqual(strings(validatePodBinding({ target: { kind: 'Pod' } })), [
    'target.kind: Unsupported value: "Pod": supported values: "Node", "<empty>"',
    'target.name: Required value',
  ]);
});
