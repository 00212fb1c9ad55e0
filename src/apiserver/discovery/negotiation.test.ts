import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { StatusError } from '../../apimachinery/errors/index.js';
import { AGGREGATED_DISCOVERY_CONTENT_TYPE } from './aggregated.js';
import { negotiateDiscovery, parseAccept } from './negotiation.js';

const V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const V2BETA1 = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';
const V2_PROTO = 'application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

describe('negotiateDiscovery', () => {
  const cases: { name: string; accept: string | undefined; want: 'aggregated' | 'json' | 'yaml' }[] = [
    { name: 'client-go default header', accept: `${V2},${V2BETA1},application/json`, want: 'aggregated' },
    {
      name: 'protobuf preferred, JSON aggregated next',
      accept: `${V2_PROTO},${V2},application/json`,
      want: 'aggregated',
    },
    { name: 'legacy client', accept: 'application/json, */*', want: 'json' },
    { name: 'no header', accept: undefined, want: 'json' },
    { name: 'empty header', accept: '  ', want: 'json' },
    { name: 'v2beta1 is no longer served: fall back', accept: `${V2BETA1},application/json`, want: 'json' },
    { name: 'aggregated refused with q=0', accept: `${V2};q=0,application/json`, want: 'json' },
    { name: 'lower q loses to legacy', accept: `${V2};q=0.5,application/json`, want: 'json' },
    { name: 'higher q wins over header order', accept: `application/json;q=0.5,${V2}`, want: 'aggregated' },
    {
      name: 'whitespace around parameters',
      accept: 'application/json ; g=apidiscovery.k8s.io ; v=v2 ; as=APIGroupDiscoveryList',
      want: 'aggregated',
    },
    {
      name: 'quoted parameter values',
      accept: 'application/json;g="apidiscovery.k8s.io";v="v2";as="APIGroupDiscoveryList"',
      want: 'aggregated',
    },
    {
      name: 'media type is case-insensitive',
      accept: 'Application/JSON;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
      want: 'aggregated',
    },
    {
      name: 'kind is case-sensitive',
      accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=apigroupdiscoverylist,application/yaml',
      want: 'yaml',
    },
    {
      name: 'conversion to another kind is skipped',
      accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
      want: 'json',
    },
    { name: 'yaml', accept: 'application/yaml', want: 'yaml' },
    { name: 'wildcard', accept: '*/*', want: 'json' },
    { name: 'bare star', accept: '*', want: 'json' },
    { name: 'application wildcard', accept: 'application/*', want: 'json' },
    { name: 'concrete type before wildcard at equal q', accept: '*/*,application/yaml', want: 'yaml' },
    {
      name: 'malformed q counts as zero',
      accept: 'application/yaml;q=abc,application/json;q=0.1',
      want: 'json',
    },
    { name: 'malformed clause skipped', accept: 'garbage,application/json', want: 'json' },
    {
      name: 'streaming clause skipped',
      accept: 'application/json;stream=watch,application/yaml',
      want: 'yaml',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = negotiateDiscovery(c.accept);
      if (c.want === 'aggregated')
        assert.deepEqual(got, { kind: 'aggregated', contentType: AGGREGATED_DISCOVERY_CONTENT_TYPE });
      else assert.deepEqual(got, { kind: 'legacy', contentType: `application/${c.want}` });
    });
  }

  const refused: { name: string; accept: string }[] = [
    { name: 'html only', accept: 'text/html' },
    { name: 'protobuf only', accept: 'application/vnd.kubernetes.protobuf' },
    { name: 'v2beta1 only', accept: V2BETA1 },
    { name: 'everything refused by q=0', accept: 'application/json;q=0' },
    { name: 'unparseable', accept: ';;;,' },
  ];
  for (const c of refused) {
    it(`406: ${c.name}`, () => {
      assert.throws(
        () => negotiateDiscovery(c.accept),
        (e: unknown) =>
          e instanceof StatusError &&
          e.code === 406 &&
          e.reason === 'NotAcceptable' &&
          e.message === 'only the following media types are accepted: application/json, application/yaml',
      );
    });
  }
});

describe('parseAccept', () => {
  it('orders by q, then specificity, then header order', () => {
    const got = parseAccept('*/*;q=0.8, text/*, application/json;q=0.8, text/plain').map(
      (c) => `${c.type}/${c.subtype}`,
    );
    assert.deepEqual(got, ['text/plain', 'text/*', 'application/json', '*/*']);
  });

  it('keeps parameters other than q', () => {
    const [c] = parseAccept('application/json;q=0.9;as=Table;g=meta.k8s.io;v=v1');
    assert.equal(c?.q, 0.9);
    assert.deepEqual(
      [...(c?.params ?? [])],
      [
        ['as', 'Table'],
        ['g', 'meta.k8s.io'],
        ['v', 'v1'],
      ],
    );
  });
});

describe('negotiation fuzz', () => {
  const RUNS = { seed: 20261123, numRuns: 2000 };
  const pieces = fc.constantFrom(
    'application/json',
    'application/yaml',
    '*/*',
    '*',
    'text/html',
    ';',
    ',',
    '=',
    'q=0',
    'q=0.5',
    'q=x',
    'g=apidiscovery.k8s.io',
    'v=v2',
    'as=APIGroupDiscoveryList',
    '"',
    ' ',
    '/',
  );
  const acceptLike = fc.array(pieces, { maxLength: 16 }).map((p) => p.join(''));

  it('never crashes: a format or a 406 StatusError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 60 }), acceptLike), (s) => {
        try {
          const got = negotiateDiscovery(s);
          assert.ok(got.kind === 'aggregated' || got.kind === 'legacy');
        } catch (e) {
          assert.ok(e instanceof StatusError, `unexpected ${String(e)}`);
          assert.equal(e.code, 406);
          assert.ok(e.message.length > 0);
        }
        for (const c of parseAccept(s)) assert.ok(!Number.isNaN(c.q));
      }),
      RUNS,
    );
  });
});
