import { describe, test } from 'node:test';
import type { JsonObject } from '../types.js';
import {
  validatingAdmissionPolicyBindingValidation,
  validatingAdmissionPolicyValidation,
} from './admission-policy.js';
import { type Case, meta, runCases } from './testing.js';
import {
  mutatingWebhookConfigurationValidation,
  validatingWebhookConfigurationValidation,
} from './webhooks.js';

const rule = {
  operations: ['CREATE'],
  apiGroups: [''],
  apiVersions: ['v1'],
  resources: ['pods'],
  scope: '*',
};
const hook = (extra: JsonObject): JsonObject => ({
  name: 'pods.policy.example.com',
  clientConfig: { service: { name: 'svc', namespace: 'ns', port: 443 } },
  rules: [rule],
  sideEffects: 'None',
  admissionReviewVersions: ['v1'],
  failurePolicy: 'Fail',
  matchPolicy: 'Equivalent',
  timeoutSeconds: 10,
  ...extra,
});
const config = (hooks: JsonObject[]): JsonObject => ({ metadata: meta('cfg'), webhooks: hooks });

describe('ValidatingWebhookConfiguration', () => {
  const cases: Case[] = [
    { name: 'valid service', obj: config([hook({})]), want: [] },
    {
      name: 'valid url',
      obj: config([hook({ clientConfig: { url: 'https://example.com/hook' } })]),
      want: [],
    },
    {
      name: 'name with two segments',
      obj: config([hook({ name: 'policy.example' })]),
      want: [
        'webhooks[0].name: Invalid value: "policy.example": should be a domain with at least three segments separated by dots',
      ],
    },
    { name: 'name required', obj: config([hook({ name: '' })]), want: ['webhooks[0].name: Required value'] },
    {
      name: 'duplicate names',
      obj: config([hook({}), hook({})]),
      want: ['webhooks[1].name: Duplicate value: "pods.policy.example.com"'],
    },
    {
      name: 'both url and service',
      obj: config([hook({ clientConfig: { url: 'https://a.b', service: { name: 's', namespace: 'n' } } })]),
      want: ['webhooks[0].clientConfig: Required value: exactly one of url or service is required'],
    },
    {
      name: 'url rules',
      obj: config([hook({ clientConfig: { url: 'http://user@example.com/x?q=1#f' } })]),
      want: [
        `webhooks[0].clientConfig.url: Invalid value: "http": 'https' is the only allowed URL scheme; desired format: https://host[/path]`,
        'webhooks[0].clientConfig.url: Invalid value: "user": user information is not permitted in the URL',
        'webhooks[0].clientConfig.url: Invalid value: "f": fragments are not permitted in the URL',
        'webhooks[0].clientConfig.url: Invalid value: "q=1": query parameters are not permitted in the URL',
      ],
    },
    {
      name: 'url without host',
      obj: config([hook({ clientConfig: { url: 'https:///path' } })]),
      want: [
        'webhooks[0].clientConfig.url: Invalid value: "": host must be specified; desired format: https://host[/path]',
      ],
    },
    {
      name: 'missing service namespace is reported at name, as upstream does',
      obj: config([hook({ clientConfig: { service: { name: 'svc', port: 443 } } })]),
      want: ['webhooks[0].clientConfig.service.name: Required value'],
    },
    {
      name: 'service path and port',
      obj: config([
        hook({ clientConfig: { service: { name: 's', namespace: 'n', port: 0, path: 'foo//Bar' } } }),
      ]),
      want: [
        'webhooks[0].clientConfig.service.port: Invalid value: 0: port is not valid: must be between 1 and 65535, inclusive',
        `webhooks[0].clientConfig.service.path: Invalid value: "foo//Bar": must start with a '/'`,
        'webhooks[0].clientConfig.service.path: Invalid value: "foo//Bar": segment[1] may not be empty',
        `webhooks[0].clientConfig.service.path: Invalid value: "foo//Bar": segment[2]: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      ],
    },
    {
      name: 'rule problems',
      obj: config([
        hook({
          rules: [
            {
              operations: ['*', 'PATCH'],
              apiGroups: ['*', 'apps'],
              resources: ['*/*', 'pods'],
              scope: 'Galaxy',
            },
          ],
        }),
      ]),
      want: [
        `webhooks[0].rules[0].operations: Invalid value: ["*","PATCH"]: if '*' is present, must not specify other operations`,
        'webhooks[0].rules[0].operations[1]: Unsupported value: "PATCH": supported values: "*", "CONNECT", "CREATE", "DELETE", "UPDATE"',
        `webhooks[0].rules[0].apiGroups: Invalid value: ["*","apps"]: if '*' is present, must not specify other API groups`,
        'webhooks[0].rules[0].apiVersions: Required value',
        `webhooks[0].rules[0].resources: Invalid value: ["*/*","pods"]: if '*/*' is present, must not specify other resources`,
        'webhooks[0].rules[0].scope: Unsupported value: "Galaxy": supported values: "*", "Cluster", "Namespaced"',
      ],
    },
    {
      name: 'sub-resource wildcards',
      obj: config([hook({ rules: [{ ...rule, resources: ['pods/*', 'pods/status'] }] })]),
      want: [
        `webhooks[0].rules[0].resources[1]: Invalid value: "pods/status": if 'pods/*' is present, must not specify pods/status`,
      ],
    },
    {
      name: 'side effects required',
      obj: config([hook({ sideEffects: null })]),
      want: ['webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun'],
    },
    {
      name: 'side effects Some rejected on create',
      obj: config([hook({ sideEffects: 'Some' })]),
      want: ['webhooks[0].sideEffects: Unsupported value: "Some": supported values: "None", "NoneOnDryRun"'],
    },
    {
      name: 'side effects Some kept on update',
      obj: config([hook({ sideEffects: 'Some', timeoutSeconds: 5 })]),
      old: config([hook({ sideEffects: 'Some' })]),
      want: [],
    },
    {
      name: 'timeout out of range',
      obj: config([hook({ timeoutSeconds: 31 })]),
      want: [
        'webhooks[0].timeoutSeconds: Invalid value: 31: the timeout value must be between 1 and 30 seconds',
      ],
    },
    {
      name: 'review versions',
      obj: config([hook({ admissionReviewVersions: ['v2', 'v2'] })]),
      want: [
        'webhooks[0].admissionReviewVersions[1]: Invalid value: "v2": duplicate version',
        'webhooks[0].admissionReviewVersions: Invalid value: ["v2","v2"]: must include at least one of v1, v1beta1',
      ],
    },
    {
      name: 'no review versions',
      obj: config([hook({ admissionReviewVersions: [] })]),
      want: ['webhooks[0].admissionReviewVersions: Required value: must specify one of v1, v1beta1'],
    },
    {
      name: 'policies',
      obj: config([hook({ failurePolicy: 'Maybe', matchPolicy: 'Fuzzy' })]),
      want: [
        'webhooks[0].failurePolicy: Unsupported value: "Maybe": supported values: "Fail", "Ignore"',
        'webhooks[0].matchPolicy: Unsupported value: "Fuzzy": supported values: "Equivalent", "Exact"',
      ],
    },
    {
      name: 'match conditions',
      obj: config([
        hook({
          matchConditions: [
            { name: 'a', expression: ' ' },
            { name: 'a', expression: 'true' },
          ],
        }),
      ]),
      want: [
        'webhooks[0].matchConditions[0].expression: Required value',
        'webhooks[0].matchConditions[1].name: Duplicate value: "a"',
      ],
    },
  ];
  runCases(validatingWebhookConfigurationValidation, cases, test);
});

describe('MutatingWebhookConfiguration', () => {
  const cases: Case[] = [
    { name: 'valid', obj: config([hook({ reinvocationPolicy: 'IfNeeded' })]), want: [] },
    {
      name: 'reinvocation policy',
      obj: config([hook({ reinvocationPolicy: 'Always' })]),
      want: [
        'webhooks[0].reinvocationPolicy: Unsupported value: "Always": supported values: "IfNeeded", "Never"',
      ],
    },
  ];
  runCases(mutatingWebhookConfigurationValidation, cases, test);
});

const matchConstraints = {
  matchPolicy: 'Equivalent',
  namespaceSelector: {},
  objectSelector: {},
  resourceRules: [
    { operations: ['CREATE'], apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments'] },
  ],
};

describe('ValidatingAdmissionPolicy', () => {
  const vap = (spec: JsonObject): JsonObject => ({ metadata: meta('p'), spec });
  const cases: Case[] = [
    {
      name: 'valid',
      obj: vap({
        failurePolicy: 'Fail',
        matchConstraints,
        validations: [{ expression: 'object.spec.replicas < 5' }],
      }),
      want: [],
    },
    {
      name: 'empty spec',
      obj: vap({}),
      want: [
        'spec.failurePolicy: Required value',
        'spec.matchConstraints: Required value',
        'spec.validations: Required value: validations or auditAnnotations must contain at least one item',
        'spec.auditAnnotations: Required value: validations or auditAnnotations must contain at least one item',
      ],
    },
    {
      name: 'validation problems',
      obj: vap({
        failurePolicy: 'Fail',
        matchConstraints: { ...matchConstraints, resourceRules: [] },
        paramKind: { apiVersion: 'a/b/c', kind: 'Config' },
        validations: [{ expression: '', message: 'two\nlines', reason: 'Teapot' }],
      }),
      want: [
        'spec.paramKind.apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c',
        'spec.matchConstraints.resourceRules: Required value',
        'spec.validations[0].expression: Required value: expression is not specified',
        'spec.validations[0].message: Invalid value: "two\\nlines": message must not contain line breaks',
        'spec.validations[0].reason: Unsupported value: "Teapot": supported values: "Forbidden", "Invalid", "RequestEntityTooLarge", "Unauthorized"',
      ],
    },
  ];
  cases.push(
    {
      name: 'variables',
      obj: vap({
        failurePolicy: 'Fail',
        matchConstraints,
        validations: [{ expression: 'true' }],
        variables: [
          { name: '1x', expression: 'a' },
          { name: 'ok', expression: ' ' },
        ],
      }),
      want: [
        'spec.variables[0].name: Invalid value: "1x": name is not a valid CEL identifier',
        'spec.variables[1].expression: Required value: expression is not specified',
      ],
    },
    {
      name: 'audit annotation key is qualified with the policy name',
      obj: vap({
        failurePolicy: 'Fail',
        matchConstraints,
        auditAnnotations: [{ key: 'bad key', valueExpression: "'x'" }],
      }),
      want: [
        `spec.auditAnnotations[0].key: Invalid value: "p/bad key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      ],
    },
  );
  runCases(validatingAdmissionPolicyValidation, cases, test);
});

describe('ValidatingAdmissionPolicyBinding', () => {
  const b = (spec: JsonObject): JsonObject => ({ metadata: meta('b'), spec });
  const cases: Case[] = [
    { name: 'valid', obj: b({ policyName: 'p', validationActions: ['Deny', 'Audit'] }), want: [] },
    {
      name: 'missing everything',
      obj: b({}),
      want: [
        'spec.policyName: Required value',
        'spec.validationActions: Required value: at least one validation action is required',
      ],
    },
    {
      name: 'deny and warn',
      obj: b({ policyName: 'p', validationActions: ['Deny', 'Warn', 'Warn'] }),
      want: [
        'spec.validationActions[2]: Duplicate value: "Warn"',
        'spec.validationActions: Invalid value: ["Deny","Warn","Warn"]: must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)',
      ],
    },
    {
      name: 'param ref with name and selector',
      obj: b({
        policyName: 'p',
        validationActions: ['Deny'],
        paramRef: { name: 'x', selector: {}, parameterNotFoundAction: 'Deny' },
      }),
      want: [
        'spec.paramRef.name: Forbidden: name and selector are mutually exclusive',
        'spec.paramRef.selector: Forbidden: name and selector are mutually exclusive',
      ],
    },
  ];
  runCases(validatingAdmissionPolicyBindingValidation, cases, test);
});
