import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Attributes } from './attributes.js';
import { forbiddenError } from './forbidden.js';
import { interimAuthorizer } from './index.js';
import { ruleAllows } from './rule-match.js';

const RUNS = { seed: 20261123, numRuns: 2000 };
const word = fc.oneof(
  fc.constantFrom('', '*', 'get', 'pods', 'apps', '/api', '/api/*', '*/scale'),
  fc.string({ maxLength: 8 }),
);
const user = fc.record({
  name: fc.string({ maxLength: 8 }),
  groups: fc.array(fc.constantFrom('system:masters', 'system:authenticated', 'system:unauthenticated', 'x'), {
    maxLength: 3,
  }),
});
const attrs: fc.Arbitrary<Attributes> = fc.oneof(
  fc.record({
    isResourceRequest: fc.constant(true as const),
    user,
    verb: word,
    namespace: word,
    apiGroup: word,
    apiVersion: word,
    resource: word,
    subresource: word,
    name: word,
  }),
  fc.record({ isResourceRequest: fc.constant(false as const), user, verb: word, path: word }),
);
const rule = fc.record(
  {
    verbs: fc.array(word, { maxLength: 3 }),
    apiGroups: fc.array(word, { maxLength: 3 }),
    resources: fc.array(word, { maxLength: 3 }),
    resourceNames: fc.array(word, { maxLength: 2 }),
    nonResourceURLs: fc.array(word, { maxLength: 3 }),
  },
  { requiredKeys: ['verbs'] },
);

test('ruleAllows never throws and a rule without verbs allows nothing', () => {
  fc.assert(
    fc.property(rule, attrs, (r, a) => {
      const got = ruleAllows(a, r);
      if (r.verbs.length === 0) assert.equal(got, false);
    }),
    RUNS,
  );
});

test('the interim policy always answers and system:masters is always allowed', () => {
  const authz = interimAuthorizer();
  fc.assert(
    fc.property(attrs, (a) => {
      const d = authz.authorize(a);
      if (a.user.groups.includes('system:masters')) assert.equal(d.decision, 'allow');
      if (d.decision !== 'allow') assert.equal(forbiddenError(a, d.reason).code, 403);
    }),
    RUNS,
  );
});
