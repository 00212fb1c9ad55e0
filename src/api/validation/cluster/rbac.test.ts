import { describe, test } from 'node:test';
import type { JsonObject } from '../types.js';
import {
  clusterRoleBindingValidation,
  clusterRoleValidation,
  roleBindingValidation,
  roleValidation,
} from './rbac.js';
import { type Case, meta, runCases } from './testing.js';

const group = 'rbac.authorization.k8s.io';
const role = (rules: JsonObject[]): JsonObject => ({ metadata: meta('r', 'default'), rules });
const clusterRole = (extra: JsonObject): JsonObject => ({ metadata: meta('cr'), ...extra });
const binding = (roleRef: JsonObject, subjects: JsonObject[] = []): JsonObject => ({
  metadata: meta('b', 'default'),
  roleRef,
  subjects,
});
const clusterBinding = (roleRef: JsonObject, subjects: JsonObject[] = []): JsonObject => ({
  metadata: meta('cb'),
  roleRef,
  subjects,
});

describe('Role', () => {
  const cases: Case[] = [
    { name: 'valid', obj: role([{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }]), want: [] },
    {
      name: 'no verbs',
      obj: role([{ apiGroups: [''], resources: ['pods'] }]),
      want: ['rules[0].verbs: Required value: verbs must contain at least one value'],
    },
    {
      name: 'no api groups or resources',
      obj: role([{ verbs: ['get'] }]),
      want: [
        'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
        'rules[0].resources: Required value: resource rules must supply at least one resource',
      ],
    },
    {
      name: 'non-resource URLs in a namespaced role',
      obj: role([{ verbs: ['get'], nonResourceURLs: ['/healthz'] }]),
      want: [
        'rules[0].nonResourceURLs: Invalid value: ["/healthz"]: namespaced rules cannot apply to non-resource URLs',
      ],
    },
    {
      name: 'name may not contain a slash',
      obj: { metadata: meta('a/b', 'default'), rules: [] },
      want: [`metadata.name: Invalid value: "a/b": may not contain '/'`],
    },
    { name: 'name may contain a colon', obj: { metadata: meta('system:x', 'default'), rules: [] }, want: [] },
  ];
  runCases(roleValidation, cases, test);
});

describe('ClusterRole', () => {
  const cases: Case[] = [
    {
      name: 'valid non-resource',
      obj: clusterRole({ rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }] }),
      want: [],
    },
    {
      name: 'mixed resources and URLs',
      obj: clusterRole({ rules: [{ verbs: ['get'], resources: ['pods'], nonResourceURLs: ['/x'] }] }),
      want: [
        'rules[0].nonResourceURLs: Invalid value: ["/x"]: rules cannot apply to both regular resources and non-resource URLs',
      ],
    },
    {
      name: 'empty aggregation rule',
      obj: clusterRole({ aggregationRule: {} }),
      want: [
        'aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil',
      ],
    },
    {
      name: 'namespace forbidden',
      obj: { metadata: meta('cr', 'default') },
      want: ['metadata.namespace: Forbidden: not allowed on this type'],
    },
  ];
  runCases(clusterRoleValidation, cases, test);
});

describe('RoleBinding', () => {
  const ref = { apiGroup: group, kind: 'Role', name: 'r' };
  const cases: Case[] = [
    {
      name: 'valid',
      obj: binding(ref, [
        { kind: 'User', apiGroup: group, name: 'alice' },
        { kind: 'Group', apiGroup: group, name: 'devs' },
        { kind: 'ServiceAccount', name: 'default' },
      ]),
      want: [],
    },
    {
      name: 'bad role ref',
      obj: binding({ apiGroup: 'x', kind: 'Deployment' }),
      want: [
        'roleRef.apiGroup: Unsupported value: "x": supported values: "rbac.authorization.k8s.io"',
        'roleRef.kind: Unsupported value: "Deployment": supported values: "Role", "ClusterRole"',
        'roleRef.name: Required value',
      ],
    },
    {
      name: 'bad subjects',
      obj: binding(ref, [
        { kind: 'User', name: 'u' },
        { kind: 'ServiceAccount', apiGroup: group, name: 'Bad_Name' },
        { kind: 'Robot', name: 'r' },
        { kind: 'Group' },
      ]),
      want: [
        'subjects[0].apiGroup: Unsupported value: "": supported values: "rbac.authorization.k8s.io"',
        `subjects[1].name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
        'subjects[1].apiGroup: Unsupported value: "rbac.authorization.k8s.io": supported values: ""',
        'subjects[2].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
        'subjects[3].name: Required value',
        'subjects[3].apiGroup: Unsupported value: "": supported values: "rbac.authorization.k8s.io"',
      ],
    },
    {
      name: 'roleRef cannot change',
      obj: binding({ ...ref, name: 'other' }),
      old: binding(ref),
      want: [
        'roleRef: Invalid value: {"APIGroup":"rbac.authorization.k8s.io","Kind":"Role","Name":"other"}: cannot change roleRef',
      ],
    },
    {
      name: 'subjects may change',
      obj: binding(ref, [{ kind: 'User', apiGroup: group, name: 'bob' }]),
      old: binding(ref),
      want: [],
    },
  ];
  runCases(roleBindingValidation, cases, test);
});

describe('ClusterRoleBinding', () => {
  const ref = { apiGroup: group, kind: 'ClusterRole', name: 'admin' };
  const cases: Case[] = [
    {
      name: 'valid',
      obj: clusterBinding(ref, [{ kind: 'ServiceAccount', name: 'sa', namespace: 'kube-system' }]),
      want: [],
    },
    {
      name: 'Role not allowed',
      obj: clusterBinding({ ...ref, kind: 'Role' }),
      want: ['roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"'],
    },
    {
      name: 'service account needs a namespace',
      obj: clusterBinding(ref, [{ kind: 'ServiceAccount', name: 'sa' }]),
      want: ['subjects[0].namespace: Required value'],
    },
  ];
  runCases(clusterRoleBindingValidation, cases, test);
});
