import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  type CheckOutcome,
  type HealthCheck,
  healthQuery,
  renderHealth,
  runHealthChecks,
  runSingleCheck,
} from './health.js';

const ok = (name: string): HealthCheck => ({ name, check: () => undefined });
const failing = (name: string, reason: string): HealthCheck => ({
  name,
  check: () => {
    throw new Error(reason);
  },
});
const rejecting = (name: string, reason: string): HealthCheck => ({
  name,
  check: () => Promise.reject(new Error(reason)),
});

describe('runHealthChecks', () => {
  const cases: {
    name: string;
    endpoint: 'healthz' | 'livez' | 'readyz';
    checks: HealthCheck[];
    query: string;
    status: 200 | 500;
    body: string;
  }[] = [
    {
      name: 'all pass, terse',
      endpoint: 'healthz',
      checks: [ok('ping'), ok('log')],
      query: '',
      status: 200,
      body: 'ok',
    },
    {
      name: 'all pass, verbose',
      endpoint: 'readyz',
      checks: [ok('ping'), ok('log'), ok('etcd')],
      query: 'verbose',
      status: 200,
      body: '[+]ping ok\n[+]log ok\n[+]etcd ok\nreadyz check passed\n',
    },
    {
      name: 'verbose with an empty value still counts',
      endpoint: 'livez',
      checks: [ok('ping')],
      query: 'verbose=',
      status: 200,
      body: '[+]ping ok\nlivez check passed\n',
    },
    {
      name: 'failure is always verbose and withholds the reason',
      endpoint: 'healthz',
      checks: [ok('ping'), failing('etcd', 'connection refused'), ok('log')],
      query: '',
      status: 500,
      body: '[+]ping ok\n[-]etcd failed: reason withheld\n[+]log ok\nhealthz check failed\n',
    },
    {
      name: 'rejected promise fails like a throw',
      endpoint: 'readyz',
      checks: [rejecting('informer-sync', '3 informers not started yet')],
      query: 'verbose',
      status: 500,
      body: '[-]informer-sync failed: reason withheld\nreadyz check failed\n',
    },
    {
      name: 'excluded failing check is not run and passes',
      endpoint: 'readyz',
      checks: [ok('ping'), failing('etcd', 'down')],
      query: 'exclude=etcd&verbose',
      status: 200,
      body: '[+]ping ok\n[+]etcd excluded: ok\nreadyz check passed\n',
    },
    {
      name: 'unknown exclusions warned about, sorted and quoted',
      endpoint: 'healthz',
      checks: [ok('ping')],
      query: 'exclude=zeta&exclude=alpha&exclude=zeta&verbose',
      status: 200,
      body: '[+]ping ok\nwarn: some health checks cannot be excluded: no matches for "alpha","zeta"\nhealthz check passed\n',
    },
    {
      name: 'warning stays out of a terse success',
      endpoint: 'healthz',
      checks: [ok('ping')],
      query: 'exclude=nope',
      status: 200,
      body: 'ok',
    },
    {
      name: 'warning appears in a failure',
      endpoint: 'livez',
      checks: [failing('etcd', 'x')],
      query: 'exclude=nope',
      status: 500,
      body: '[-]etcd failed: reason withheld\nwarn: some health checks cannot be excluded: no matches for "nope"\nlivez check failed\n',
    },
    {
      name: 'exclusion names with control characters are Go-quoted',
      endpoint: 'healthz',
      checks: [ok('ping')],
      query: 'exclude=a%0Ab%22&verbose',
      status: 200,
      body: '[+]ping ok\nwarn: some health checks cannot be excluded: no matches for "a\\nb\\""\nhealthz check passed\n',
    },
    {
      name: 'no checks: ping stands in',
      endpoint: 'healthz',
      checks: [],
      query: 'verbose',
      status: 200,
      body: '[+]ping ok\nhealthz check passed\n',
    },
    {
      name: 'duplicate names: one exclusion covers the first only',
      endpoint: 'healthz',
      checks: [failing('x', 'a'), failing('x', 'b')],
      query: 'exclude=x',
      status: 500,
      body: '[+]x excluded: ok\n[-]x failed: reason withheld\nhealthz check failed\n',
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const got = await runHealthChecks(c.endpoint, c.checks, healthQuery(new URLSearchParams(c.query)));
      assert.equal(got.status, c.status);
      assert.equal(got.body, c.body);
      assert.equal(got.headers['Content-Type'], 'text/plain; charset=utf-8');
      assert.equal(got.headers['X-Content-Type-Options'], 'nosniff');
    });
  }

  it('failure reasons go to failures, for the log', async () => {
    const got = await runHealthChecks(
      'healthz',
      [failing('etcd', 'connection refused')],
      healthQuery(new URLSearchParams()),
    );
    assert.deepEqual(got.failures, [{ name: 'etcd', reason: 'connection refused' }]);
    assert.ok(!got.body.includes('connection refused'));
  });

  it('runs checks one after another in order', async () => {
    const seen: string[] = [];
    const slow: HealthCheck = {
      name: 'slow',
      check: async () => {
        await new Promise((r) => setTimeout(r, 5));
        seen.push('slow');
      },
    };
    const fast: HealthCheck = { name: 'fast', check: () => void seen.push('fast') };
    await runHealthChecks('readyz', [slow, fast], { verbose: false, exclude: [] });
    assert.deepEqual(seen, ['slow', 'fast']);
  });
});

describe('runSingleCheck', () => {
  it('ok', async () => {
    const got = await runSingleCheck(ok('etcd'));
    assert.deepEqual([got.status, got.body], [200, 'ok']);
  });
  it('shows the reason on the check path', async () => {
    const got = await runSingleCheck(failing('etcd', 'connection refused'));
    assert.deepEqual([got.status, got.body], [500, 'internal server error: connection refused\n']);
  });
  it('non-Error throw values', async () => {
    const got = await runSingleCheck({
      name: 'odd',
      check: () => {
        throw 'plain string';
      },
    });
    assert.equal(got.body, 'internal server error: plain string\n');
  });
});

describe('renderHealth fuzz', () => {
  const RUNS = { seed: 20261123, numRuns: 2000 };
  const outcome: fc.Arbitrary<CheckOutcome> = fc.oneof(
    fc.record({ name: fc.string({ maxLength: 12 }), state: fc.constant('ok' as const) }),
    fc.record({ name: fc.string({ maxLength: 12 }), state: fc.constant('excluded' as const) }),
    fc.record({
      name: fc.string({ maxLength: 12 }),
      state: fc.constant('failed' as const),
      reason: fc.string(),
    }),
  );

  it('never crashes; status, summary line and withheld reasons hold', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('healthz' as const, 'livez' as const, 'readyz' as const),
        fc.array(outcome, { maxLength: 8 }),
        fc.array(fc.string({ maxLength: 12 }), { maxLength: 4 }),
        fc.boolean(),
        (endpoint, outcomes, unmatched, verbose) => {
          const got = renderHealth(endpoint, outcomes, unmatched, verbose);
          const failed = outcomes.filter((o) => o.state === 'failed');
          assert.equal(got.status, failed.length > 0 ? 500 : 200);
          assert.equal(got.failures.length, failed.length);
          if (failed.length > 0) assert.ok(got.body.endsWith(`${endpoint} check failed\n`));
          else if (verbose) assert.ok(got.body.endsWith(`${endpoint} check passed\n`));
          else assert.equal(got.body, 'ok');
          for (const o of outcomes)
            if (o.state === 'failed' && got.status === 500)
              assert.ok(got.body.includes(`[-]${o.name} failed: reason withheld\n`));
        },
      ),
      RUNS,
    );
  });

  it('never rejects on random query strings and check names', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 40 }),
        fc.array(fc.tuple(fc.string({ maxLength: 8 }), fc.boolean()), { maxLength: 5 }),
        async (query, specs) => {
          const checks = specs.map(([name, pass]) => (pass ? ok(name) : failing(name, 'r')));
          const got = await runHealthChecks('readyz', checks, healthQuery(new URLSearchParams(query)));
          assert.ok(got.status === 200 || got.status === 500);
        },
      ),
      { seed: 20261123, numRuns: 500 },
    );
  });
});
