import assert from 'node:assert/strict';
import { test } from 'node:test';
import { path } from '../../../apimachinery/field/index.js';
import { isDNS1123Label, isLabelKey } from '../../../apimachinery/validation/index.js';
import { type Any, edit, podSpec, strings } from './fixtures.test-util.js';
import { validatePodSpec } from './index.js';

// Scheduling and security rules of the pod spec: affinity, tolerations, topology spread and
// security contexts.

const dnsLabelMsg = isDNS1123Label('Bad')[0]!;
const emptyLabelKeyMsgs = isLabelKey('');

const invalid: Array<{ name: string; mutate: (s: Any) => void; want: string[] }> = [
  {
    name: 'node affinity',
    mutate: (s) => {
      s.affinity = {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  { key: 'a', operator: 'In' },
                  { key: 'b', operator: 'Foo' },
                  { key: 'c', operator: 'Gt', values: ['1', '2'] },
                  { key: 'd', operator: 'Exists', values: ['x'] },
                ],
                matchFields: [{ key: 'metadata.labels', operator: 'In', values: ['x'] }],
              },
            ],
          },
          preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: {} }],
        },
      };
    },
    want: [
      "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1].operator: Invalid value: "Foo": not a valid selector operator',
      "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[2].values: Required value: must be specified single value when `operator` is 'Lt' or 'Gt'",
      "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[3].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].key: Invalid value: "metadata.labels": not a valid field selector key',
      'spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100',
    ],
  },
  {
    name: 'node affinity without terms',
    mutate: (s) => {
      s.affinity = {
        nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } },
      };
    },
    want: [
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Required value: must have at least one node selector term',
    ],
  },
  {
    name: 'pod affinity terms',
    mutate: (s) => {
      s.affinity = {
        podAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: '', matchLabelKeys: ['a'] }],
        },
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 101,
              podAffinityTerm: {
                topologyKey: 'zone',
                labelSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['Bad Value'] }] },
                namespaces: ['Bad'],
                matchLabelKeys: ['k'],
                mismatchLabelKeys: ['k'],
              },
            },
          ],
        },
      };
    },
    want: [
      'spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].matchLabelKeys: Forbidden: must not be specified when labelSelector is not set',
      'spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty',
      ...emptyLabelKeyMsgs.map(
        (m) =>
          `spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: "": ${m}`,
      ),
      'spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 101: must be in the range 1-100',
      `spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector.matchExpressions[0].values[0]: Invalid value: "Bad Value": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
      `spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.namespace: Invalid value: "Bad": ${dnsLabelMsg}`,
      'spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.matchLabelKeys[0]: Invalid value: "k": exists in both matchLabelKeys and mismatchLabelKeys',
    ],
  },
  {
    name: 'tolerations',
    mutate: (s) => {
      s.tolerations = [
        { operator: 'Equal', value: 'x' },
        { key: 'a', operator: 'Exists', value: 'x' },
        { key: 'a', operator: 'Equal', effect: 'NoSchedule', tolerationSeconds: 5 },
        { key: 'a', operator: 'Equal', effect: 'Bogus' },
        { key: 'a', operator: 'Like' },
      ];
    },
    want: [
      'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      'spec.tolerations[1].operator: Invalid value: "x": value must be empty when `operator` is \'Exists\'',
      'spec.tolerations[2].effect: Invalid value: "NoSchedule": effect must be \'NoExecute\' when `tolerationSeconds` is set',
      'spec.tolerations[3].effect: Unsupported value: "Bogus": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
      'spec.tolerations[4].operator: Unsupported value: "Like": supported values: "Equal", "Exists"',
    ],
  },
  {
    name: 'topology spread constraints',
    mutate: (s) => {
      s.topologySpreadConstraints = [
        { maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' },
        { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' },
        { maxSkew: 1, topologyKey: '', whenUnsatisfiable: 'Maybe' },
        { maxSkew: 1, topologyKey: 'node', whenUnsatisfiable: 'ScheduleAnyway', minDomains: 0 },
        {
          maxSkew: 1,
          topologyKey: 'rack',
          whenUnsatisfiable: 'DoNotSchedule',
          nodeTaintsPolicy: 'Sometimes',
        },
      ];
    },
    want: [
      'spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero',
      'spec.topologySpreadConstraints[0].{topologyKey, whenUnsatisfiable}: Duplicate value: "{zone, DoNotSchedule}"',
      'spec.topologySpreadConstraints[2].topologyKey: Required value: can not be empty',
      'spec.topologySpreadConstraints[2].whenUnsatisfiable: Unsupported value: "Maybe": supported values: "DoNotSchedule", "ScheduleAnyway"',
      'spec.topologySpreadConstraints[3].minDomains: Invalid value: 0: must be greater than zero',
      'spec.topologySpreadConstraints[3].minDomains: Invalid value: 0: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway',
      'spec.topologySpreadConstraints[4].nodeTaintsPolicy: Unsupported value: "Sometimes": supported values: "Honor", "Ignore"',
    ],
  },
  {
    name: 'pod security context',
    mutate: (s) => {
      s.hostPID = true;
      s.shareProcessNamespace = true;
      s.hostNetwork = true;
      s.securityContext = {
        runAsUser: -1,
        supplementalGroups: [2147483648],
        sysctls: [{ name: 'Bad' }, { name: 'net.core.somaxconn' }, { name: 'net.core.somaxconn' }],
        seccompProfile: { type: 'Localhost' },
        appArmorProfile: { type: '' },
        fsGroupChangePolicy: 'Sometimes',
      };
    },
    want: [
      'spec.securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive',
      'spec.securityContext.supplementalGroups[0]: Invalid value: 2147483648: must be between 0 and 2147483647, inclusive',
      'spec.securityContext.shareProcessNamespace: Invalid value: true: ShareProcessNamespace and HostPID cannot both be enabled',
      'spec.securityContext.sysctls[0].name: Invalid value: "Bad": must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$',
      'spec.securityContext.sysctls[1].name: Invalid value: "net.core.somaxconn": may not be specified when \'hostNetwork\' is true',
      'spec.securityContext.sysctls[2].name: Duplicate value: "net.core.somaxconn"',
      'spec.securityContext.sysctls[2].name: Invalid value: "net.core.somaxconn": may not be specified when \'hostNetwork\' is true',
      'spec.securityContext.fsGroupChangePolicy: Unsupported value: "Sometimes": supported values: "Always", "OnRootMismatch"',
      'spec.securityContext.seccompProfile.localhostProfile: Required value: must be set when seccomp type is Localhost',
      'spec.securityContext.appArmorProfile.type: Required value: type is required when appArmorProfile is set',
    ],
  },
  {
    name: 'container security context',
    mutate: (s) => {
      s.containers[0].securityContext = {
        runAsUser: -1,
        procMount: 'Unmasked',
        seccompProfile: { type: 'Bogus' },
        appArmorProfile: { type: 'Localhost', localhostProfile: ' padded ' },
      };
    },
    want: [
      'spec.containers[0].securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive',
      'spec.containers[0].securityContext.procMount: Invalid value: "Unmasked": `hostUsers` must be false to use `Unmasked`',
      'spec.containers[0].securityContext.seccompProfile.type: Unsupported value: "Bogus": supported values: "Localhost", "RuntimeDefault", "Unconfined"',
      'spec.containers[0].securityContext.appArmorProfile.localhostProfile: Invalid value: " padded ": must not be padded with whitespace',
    ],
  },
];

for (const c of invalid) {
  test(`invalid pod spec: ${c.name}`, () => {
    const errs = validatePodSpec(edit(podSpec(), c.mutate), { name: 'pod' }, path('spec'), {
      resourceIsPod: true,
    });
    assert.deepEqual(strings(errs), c.want);
  });
}
