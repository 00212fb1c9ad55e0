import { describe, test } from 'node:test';
import type { JsonObject } from '../types.js';
import { apiServiceValidation } from './api-service.js';
import { flowSchemaValidation, priorityLevelConfigurationValidation } from './flowcontrol.js';
import {
  localSubjectAccessReviewValidation,
  selfSubjectAccessReviewValidation,
  subjectAccessReviewValidation,
} from './reviews.js';
import { type Case, meta, runCases } from './testing.js';

describe('APIService', () => {
  const svc = (spec: JsonObject, name = 'v1beta1.metrics.k8s.io'): JsonObject => ({
    metadata: meta(name),
    spec: {
      group: 'metrics.k8s.io',
      version: 'v1beta1',
      groupPriorityMinimum: 100,
      versionPriority: 100,
      service: { namespace: 'kube-system', name: 'metrics-server', port: 443 },
      ...spec,
    },
  });
  const cases: Case[] = [
    { name: 'valid', obj: svc({}), want: [] },
    { name: 'valid local', obj: svc({ service: null }), want: [] },
    {
      name: 'name must be version.group',
      obj: svc({}, 'metrics'),
      want: [
        'metadata.name: Invalid value: "metrics": must be `spec.version+"."+spec.group`: "v1beta1.metrics.k8s.io"',
      ],
    },
    {
      name: 'priorities out of range',
      obj: svc({ groupPriorityMinimum: 20001, versionPriority: 0 }),
      want: [
        'spec.groupPriorityMinimum: Invalid value: 20001: must be positive and less than 20000',
        'spec.versionPriority: Invalid value: 0: must be positive and less than 1000',
      ],
    },
    {
      name: 'empty group only for v1',
      obj: svc({ group: '' }, 'v1beta1.'),
      want: ['spec.group: Required value: only v1 may have an empty group and it better be legacy kube'],
    },
    {
      name: 'local service with caBundle',
      obj: svc({
        service: null,
        caBundle: Buffer.from('abcd').toString('base64'),
        insecureSkipTLSVerify: true,
      }),
      want: [
        'spec.caBundle: Invalid value: "4 bytes": local APIServices may not have a caBundle',
        'spec.insecureSkipTLSVerify: Invalid value: true: local APIServices may not have insecureSkipTLSVerify',
      ],
    },
    {
      name: 'insecure with caBundle',
      obj: svc({ caBundle: Buffer.from('abcd').toString('base64'), insecureSkipTLSVerify: true }),
      want: ['spec.insecureSkipTLSVerify: Invalid value: true: may not be true if caBundle is present'],
    },
    {
      name: 'service fields',
      obj: svc({ service: { port: 0 } }),
      want: [
        'spec.service.namespace: Required value',
        'spec.service.name: Required value',
        'spec.service.port: Invalid value: 0: port is not valid: must be between 1 and 65535, inclusive',
      ],
    },
  ];
  runCases(apiServiceValidation, cases, test);
});

describe('FlowSchema', () => {
  const rule = {
    subjects: [{ kind: 'Group', group: { name: 'system:authenticated' } }],
    resourceRules: [{ verbs: ['get'], apiGroups: ['*'], resources: ['*'], namespaces: ['*'] }],
  };
  const fs = (spec: JsonObject, name = 'fs'): JsonObject => ({
    metadata: meta(name),
    spec: {
      matchingPrecedence: 500,
      priorityLevelConfiguration: { name: 'workload-low' },
      rules: [rule],
      ...spec,
    },
  });
  const cases: Case[] = [
    { name: 'valid', obj: fs({ distinguisherMethod: { type: 'ByUser' } }), want: [] },
    { name: 'exempt may have precedence 1', obj: fs({ matchingPrecedence: 1 }, 'exempt'), want: [] },
    {
      name: 'precedence 1 reserved',
      obj: fs({ matchingPrecedence: 1 }),
      want: [
        "spec.matchingPrecedence: Invalid value: 1: only the schema named 'exempt' may have matchingPrecedence 1",
      ],
    },
    {
      name: 'precedence too large',
      obj: fs({ matchingPrecedence: 10001 }),
      want: ['spec.matchingPrecedence: Invalid value: 10001: must not be greater than 10000'],
    },
    {
      name: 'missing priority level',
      obj: fs({ priorityLevelConfiguration: {} }),
      want: ['spec.priorityLevelConfiguration.name: Required value: must reference a priority level'],
    },
    {
      name: 'rule problems',
      obj: fs({
        rules: [
          {
            subjects: [{ kind: 'User', group: { name: 'g' } }],
            nonResourceRules: [{ verbs: ['fly'], nonResourceURLs: ['healthz', '/a/*/b'] }],
          },
        ],
      }),
      want: [
        "spec.rules[0].subjects[0].user: Required value: user is required when subject kind is 'User'",
        "spec.rules[0].subjects[0].group: Forbidden: group is forbidden when subject kind is not 'Group'",
        'spec.rules[0].nonResourceRules[0].verbs: Unsupported value: ["fly"]: supported values: "create", "delete", "deletecollection", "get", "list", "patch", "proxy", "update", "watch"',
        'spec.rules[0].nonResourceRules[0].nonResourceURLs[0]: Invalid value: "healthz": must start with slash',
        'spec.rules[0].nonResourceRules[0].nonResourceURLs[1]: Invalid value: "/a/*/b": wildcard can only do suffix glob matching',
      ],
    },
    {
      name: 'rule without subjects or rules',
      obj: fs({ rules: [{}] }),
      want: [
        'spec.rules[0].subjects: Required value: subjects must contain at least one value',
        'spec.rules[0]: Required value: at least one of resourceRules and nonResourceRules has to be non-empty',
      ],
    },
  ];
  runCases(flowSchemaValidation, cases, test);
});

describe('PriorityLevelConfiguration', () => {
  const queuing = { queues: 64, handSize: 6, queueLengthLimit: 50 };
  const pl = (spec: JsonObject, name = 'workload-low'): JsonObject => ({ metadata: meta(name), spec });
  const limited = (extra: JsonObject): JsonObject => ({
    type: 'Limited',
    limited: { nominalConcurrencyShares: 30, limitResponse: { type: 'Queue', queuing }, ...extra },
  });
  const cases: Case[] = [
    { name: 'valid limited', obj: pl(limited({})), want: [] },
    {
      name: 'valid exempt',
      obj: pl({ type: 'Exempt', exempt: { nominalConcurrencyShares: 0 } }, 'exempt'),
      want: [],
    },
    {
      name: 'exempt type needs the exempt name',
      obj: pl({ type: 'Exempt' }),
      want: ["spec.type: Invalid value: \"Exempt\": type must be 'Exempt' if and only if name is 'exempt'"],
    },
    {
      name: 'limited without limited',
      obj: pl({ type: 'Limited' }),
      want: ['spec.limited: Required value: must not be empty when type is Limited'],
    },
    {
      name: 'queuing rules',
      obj: pl(
        limited({
          limitResponse: { type: 'Queue', queuing: { queues: 128, handSize: 200, queueLengthLimit: 0 } },
        }),
      ),
      want: [
        'spec.limited.limitResponse.queuing.queueLengthLimit: Invalid value: 0: must be positive',
        'spec.limited.limitResponse.queuing.handSize: Invalid value: 200: should not be greater than queues (128)',
      ],
    },
    {
      name: 'entropy',
      obj: pl(
        limited({
          limitResponse: { type: 'Queue', queuing: { queues: 10000, handSize: 10, queueLengthLimit: 5 } },
        }),
      ),
      want: [
        'spec.limited.limitResponse.queuing.handSize: Invalid value: 10: required entropy bits of deckSize 10000 and handSize 10 should not be greater than 60',
      ],
    },
    {
      name: 'reject with queuing and bad percentages',
      obj: pl(
        limited({
          limitResponse: { type: 'Reject', queuing },
          lendablePercent: 101,
          borrowingLimitPercent: -1,
        }),
      ),
      want: [
        'spec.limited.limitResponse.queuing: Forbidden: must be nil if limited.limitResponse.type is not Limited',
        'spec.limited.lendablePercent: Invalid value: 101: must be between 0 and 100, inclusive',
        'spec.limited.borrowingLimitPercent: Invalid value: -1: if specified, must be a non-negative integer',
      ],
    },
    {
      name: 'unknown type',
      obj: pl({ type: 'Turbo' }),
      want: ['spec.type: Unsupported value: "Turbo": supported values: "Exempt", "Limited"'],
    },
  ];
  runCases(priorityLevelConfigurationValidation, cases, test);
});

describe('access reviews', () => {
  const exactlyOne =
    'spec.resourceAttributes: Invalid value: null: exactly one of nonResourceAttributes or resourceAttributes must be specified';
  const sar: Case[] = [
    {
      name: 'valid',
      obj: { spec: { user: 'alice', resourceAttributes: { verb: 'get', resource: 'pods' } } },
      want: [],
    },
    {
      name: 'no attributes, no user',
      obj: { spec: {} },
      want: [exactlyOne, 'spec.user: Invalid value: "": at least one of user or group must be specified'],
    },
    {
      name: 'both attributes',
      obj: {
        spec: { groups: ['g'], resourceAttributes: {}, nonResourceAttributes: { path: '/x', verb: 'get' } },
      },
      want: [
        'spec.nonResourceAttributes: Invalid value: {"Path":"/x","Verb":"get"}: cannot be specified in combination with resourceAttributes',
      ],
    },
    {
      name: 'metadata must be empty',
      obj: {
        metadata: { name: 'x' },
        spec: { user: 'u', nonResourceAttributes: { path: '/', verb: 'get' } },
      },
      want: ['metadata: Invalid value: {"creationTimestamp":null,"name":"x"}: must be empty'],
    },
    {
      name: 'field selector needs requirements or raw selector',
      obj: { spec: { user: 'u', resourceAttributes: { fieldSelector: {} } } },
      want: [
        'spec.resourceAttributes.fieldSelector.requirements: Required value: when spec.resourceAttributes.fieldSelector is specified, requirements or rawSelector is required',
      ],
    },
  ];
  sar.push(
    {
      name: 'field selector requirement without key',
      obj: {
        spec: { user: 'u', resourceAttributes: { fieldSelector: { requirements: [{ operator: 'In' }] } } },
      },
      want: [
        'spec.resourceAttributes.fieldSelector.requirements[0].key: Required value: must be specified',
        "spec.resourceAttributes.fieldSelector.requirements[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      ],
    },
    {
      name: 'unknown selector operators are let through',
      obj: {
        spec: {
          user: 'u',
          resourceAttributes: {
            labelSelector: { requirements: [{ key: 'a', operator: 'Gt', values: ['1'] }] },
          },
        },
      },
      want: [],
    },
  );
  describe('SubjectAccessReview', () => runCases(subjectAccessReviewValidation, sar, test));
  describe('SelfSubjectAccessReview', () =>
    runCases(
      selfSubjectAccessReviewValidation,
      [
        { name: 'valid', obj: { spec: { nonResourceAttributes: { path: '/', verb: 'get' } } }, want: [] },
        { name: 'no attributes', obj: { spec: {} }, want: [exactlyOne] },
      ],
      test,
    ));
  describe('LocalSubjectAccessReview', () =>
    runCases(
      localSubjectAccessReviewValidation,
      [
        {
          name: 'valid',
          obj: {
            metadata: { namespace: 'ns' },
            spec: { user: 'u', resourceAttributes: { namespace: 'ns' } },
          },
          want: [],
        },
        {
          name: 'namespace mismatch',
          obj: {
            metadata: { namespace: 'ns' },
            spec: { user: 'u', resourceAttributes: { namespace: 'other' } },
          },
          want: ['spec.resourceAttributes.namespace: Invalid value: "other": must match metadata.namespace'],
        },
        {
          name: 'non-resource disallowed',
          obj: {
            metadata: { namespace: 'ns' },
            spec: { user: 'u', nonResourceAttributes: { path: '/', verb: 'get' } },
          },
          want: [
            'spec.nonResourceAttributes: Invalid value: {"Path":"/","Verb":"get"}: disallowed on this kind of request',
          ],
        },
      ],
      test,
    ));
});
