import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  defaultRestrictions,
  discoveryRestrictions,
  negotiateOutput,
  negotiateOutputStream,
  parseAccept,
  prettyPrint,
  resourceRestrictions,
  tableOptionsForRequest,
  wantsAggregatedDiscovery,
} from './accept.js';
import { parseQuery } from './query.js';

const kubectlGet =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

describe('parseAccept', () => {
  it('orders by q, then concrete over wildcard', () => {
    const c = parseAccept(
      'text/*;q=0.3, text/html;q=0.7, text/html;level=1, text/html;level=2;q=0.4, */*;q=0.5',
    );
    assert.deepEqual(
      c.map((x) => [`${x.type}/${x.subType}`, x.q]),
      [
        ['text/html', 1],
        ['text/html', Math.fround(0.7)],
        ['*/*', 0.5],
        ['text/html', Math.fround(0.4)],
        ['text/*', Math.fround(0.3)],
      ],
    );
  });
  it('a bare * is any type', () => {
    assert.deepEqual(
      parseAccept('*').map((x) => [x.type, x.subType]),
      [['*', '*']],
    );
  });
  it('drops ranges without exactly one slash and params without =', () => {
    const c = parseAccept('text, a/b/c, application/json;pretty;as=Table');
    assert.equal(c.length, 1);
    assert.deepEqual([...c[0]!.params], [['as', 'Table']]);
  });
  it('an unparsable q is 0 and the clause is kept', () => {
    const c = parseAccept('application/json;q=high');
    assert.equal(c[0]?.q, 0);
  });
  it('a concrete type sorts before a wildcard even with lower q (as upstream)', () => {
    const c = parseAccept('*/*;q=1, application/yaml;q=0.5');
    assert.equal(c[0]?.subType, 'yaml');
  });
});

describe('negotiateOutput for a resource', () => {
  const r = resourceRestrictions();
  const cases: [string, string | undefined, string, string | undefined][] = [
    ['no header', undefined, 'application/json', undefined],
    ['empty header', '', 'application/json', undefined],
    ['json', 'application/json', 'application/json', undefined],
    ['yaml', 'application/yaml', 'application/yaml', undefined],
    ['first of equals wins', 'application/yaml, application/json', 'application/yaml', undefined],
    ['q decides', 'application/yaml;q=0.5, application/json', 'application/json', undefined],
    ['any', '*/*', 'application/json', undefined],
    ['any application', 'application/*', 'application/json', undefined],
    [
      'protobuf falls through to json',
      'application/vnd.kubernetes.protobuf, */*',
      'application/json',
      undefined,
    ],
    ['q=0 is still accepted', 'application/yaml;q=0', 'application/yaml', undefined],
    ['charset is ignored', 'application/json; charset=utf-8', 'application/json', undefined],
    ['kubectl get asks for a Table', kubectlGet, 'application/json', 'meta.k8s.io/v1/Table'],
    [
      'Table v1beta1',
      'application/json;as=Table;v=v1beta1;g=meta.k8s.io',
      'application/json',
      'meta.k8s.io/v1beta1/Table',
    ],
    [
      'Table as yaml',
      'application/yaml;as=Table;v=v1;g=meta.k8s.io',
      'application/yaml',
      'meta.k8s.io/v1/Table',
    ],
    [
      'partial metadata',
      'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1',
      'application/json',
      'meta.k8s.io/v1/PartialObjectMetadata',
    ],
    [
      'partial metadata list',
      'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1',
      'application/json',
      'meta.k8s.io/v1/PartialObjectMetadataList',
    ],
    [
      'unknown conversion falls to the next clause',
      'application/json;as=Foo;g=meta.k8s.io;v=v1, application/yaml',
      'application/yaml',
      undefined,
    ],
    ['server version v1', 'application/json;sv=v1', 'application/json', undefined],
    ['stream=watch on json', 'application/json;stream=watch', 'application/json', undefined],
  ];
  for (const [name, accept, media, convert] of cases) {
    it(name, () => {
      const o = negotiateOutput(accept, r);
      assert.ok(o.ok);
      assert.equal(o.value.mediaType, media);
      const c = o.value.convert;
      assert.equal(c === undefined ? undefined : `${c.group}/${c.version}/${c.kind}`, convert);
    });
  }
  const refused: [string, string][] = [
    ['text', 'text/plain'],
    ['protobuf only', 'application/vnd.kubernetes.protobuf'],
    ['unknown conversion only', 'application/json;as=Foo;g=meta.k8s.io;v=v1'],
    ['conversion in another group', 'application/json;as=Table;g=example.com;v=v1'],
    ['conversion without a kind', 'application/json;g=meta.k8s.io;v=v1'],
    ['another server version', 'application/json;sv=v2'],
    ['stream on yaml', 'application/yaml;stream=watch'],
    ['an unknown stream schema', 'application/json;stream=other'],
    ['case matters in the type', 'Application/JSON'],
  ];
  for (const [name, accept] of refused) {
    it(`406 for ${name}`, () => {
      const o = negotiateOutput(accept, r);
      assert.ok(!o.ok);
      assert.equal(o.error.code, 406);
      assert.equal(
        o.error.status.message,
        'only the following media types are accepted: application/json, application/yaml',
      );
    });
  }
  it('a resource without tables refuses Table', () => {
    assert.ok(
      !negotiateOutput('application/json;as=Table;v=v1;g=meta.k8s.io', resourceRestrictions({ table: false }))
        .ok,
    );
  });
  it('export is accepted and ignored', () => {
    const o = negotiateOutput('application/json; export=true', r);
    assert.ok(o.ok);
    assert.deepEqual(o.value.unrecognized, []);
  });
  it('an unknown range before a usable one is skipped, pretty=1 kept', () => {
    const o = negotiateOutput('unrecognized/stuff,application/json; pretty=1', r);
    assert.ok(o.ok);
    assert.equal(o.value.mediaType, 'application/json');
    assert.equal(o.value.pretty, true);
  });
  it('pretty and unrecognized parameters are reported', () => {
    const o = negotiateOutput('application/json;pretty=1;foo=bar', r);
    assert.ok(o.ok);
    assert.equal(o.value.pretty, true);
    assert.deepEqual(o.value.unrecognized, ['foo']);
  });
  it('plain endpoints refuse conversions', () => {
    assert.ok(!negotiateOutput('application/json;as=Table;v=v1;g=meta.k8s.io', defaultRestrictions).ok);
  });
});

describe('negotiateOutputStream', () => {
  const r = resourceRestrictions();
  it('json streams', () => assert.ok(negotiateOutputStream('application/json', r).ok));
  it('a Table watch streams as json', () => {
    const o = negotiateOutputStream(kubectlGet, r);
    assert.ok(o.ok);
    assert.equal(o.value.convert?.kind, 'Table');
  });
  it('yaml cannot stream', () => {
    const o = negotiateOutputStream('application/yaml', r);
    assert.ok(!o.ok);
    assert.equal(
      o.error.status.message,
      'only the following media types are accepted: application/json;stream=watch',
    );
  });
});

describe('discovery', () => {
  const cases: [string, string | undefined, boolean][] = [
    ['no header', undefined, false],
    ['plain json', 'application/json', false],
    ['aggregated v2', 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList', true],
    [
      'kubectl preference list',
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json',
      true,
    ],
    [
      'aggregated protobuf only',
      'application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
      false,
    ],
    ['wrong kind', 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupList', false],
  ];
  for (const [name, accept, want] of cases) {
    it(name, () => assert.equal(wantsAggregatedDiscovery(accept), want));
  }
  it('discovery endpoints refuse tables', () => {
    assert.ok(!negotiateOutput('application/json;as=Table;v=v1;g=meta.k8s.io', discoveryRestrictions).ok);
  });
});

describe('prettyPrint and table options', () => {
  const cases: [string, string, string, boolean][] = [
    ['kubectl', '', 'kubectl/v1.36.0', false],
    ['curl', '', 'curl/8.0', true],
    ['a browser', '', 'Mozilla/5.0 (X11)', true],
    ['pretty=true', 'pretty=true', 'kubectl/v1', true],
    ['pretty=false beats curl', 'pretty=false', 'curl/8', false],
    ['pretty=maybe is false', 'pretty=maybe', 'curl/8', false],
    ['empty pretty falls back to the agent', 'pretty=', 'Wget/1', true],
  ];
  for (const [name, q, ua, want] of cases) {
    it(name, () => assert.equal(prettyPrint(parseQuery(q), ua), want));
  }
  it('includeObject values', () => {
    for (const v of ['', 'None', 'Metadata', 'Object'])
      assert.ok(tableOptionsForRequest(parseQuery(`includeObject=${v}`)).ok);
    const r = tableOptionsForRequest(parseQuery('includeObject=all'));
    assert.ok(!r.ok);
    assert.equal(r.error.code, 400);
    assert.equal(
      r.error.status.message,
      "Unable to convert to Table as requested: includeObject: Invalid value: \"all\": must be 'Metadata', 'Object', 'None', or empty",
    );
  });
});
