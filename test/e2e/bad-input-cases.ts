// The malformed requests the bad-input fuzz test sends: fast-check arbitraries that each build
// input kube-apiserver refuses with a 4xx (or, in the few cases noted, its own 5xx).
import fc from 'fast-check';

/** The namespace the requests aim at. */
export const NS = 'default';
/** The ConfigMap collection most requests target. */
export const CM = `/api/v1/namespaces/${NS}/configmaps`;
/** A collection in a named group, for list queries. */
export const DEPLOY = `/apis/apps/v1/namespaces/${NS}/deployments`;
/** ConfigMaps the test creates first: the targets of updates, patches and deletes. */
export const SEEDS = ['fuzz-seed-a', 'fuzz-seed-b'];

/** One request the fuzzer sends. */
export interface Case {
  readonly what: string;
  readonly method: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Uint8Array;
  /** Send the path byte for byte (the URL class would resolve `..` and `.`). */
  readonly verbatim?: boolean;
}

/** Content-Type headers of the three body encodings. */
export const json = { 'Content-Type': 'application/json' };
export const yaml = { 'Content-Type': 'application/yaml' };
export const protobuf = { 'Content-Type': 'application/vnd.kubernetes.protobuf' };
const target = fc.constantFrom(...SEEDS);
const dnsName = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/);

const malformedJSON = fc.oneof(
  fc.constantFrom(
    '{',
    '}',
    '[',
    '{"a":}',
    '{"a" 1}',
    '{,}',
    'nul',
    'tru',
    '"abc',
    '{"a":1,}',
    '[1,]',
    '01',
    '-',
  ),
  fc.constantFrom('1.e5', '{"a":"\\x"}', '{"a":"\u0001"}', '{}{}', '{"kind":"ConfigMap"', '\u00ff', ' '),
  fc.string({ maxLength: 30 }).map((s) => `{"kind":${s}`),
  fc.json().map((j) => `${j}}`),
);
const wrongType = fc.oneof(
  fc.constantFrom('null', '[]', '"ConfigMap"', '0', '-1.5e300', 'true', '[{}]'),
  fc.array(fc.jsonValue(), { maxLength: 4 }).map((a) => JSON.stringify(a)),
  fc.string({ maxLength: 20 }).map((s) => JSON.stringify(s)),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
);
const malformedYAML = fc.constantFrom(
  'a: [',
  'a: {',
  'a: "x',
  ': :',
  '- a\nb: c',
  'a: &x [*x]',
  'a: *nowhere',
  '\t- x',
  'kind: ConfigMap\n  metadata: x\n bad',
  '%YAML 9.9\n---\na: 1',
  '- 1\n- 2',
  '"just a string"',
  '42',
);

const wrongKinds = fc
  .tuple(
    fc.constantFrom(
      'Pod',
      'Secret',
      'Namespace',
      'configmap',
      'CONFIGMAP',
      'ConfigMapList',
      'Status',
      'Deployment',
    ),
    fc.constantFrom('v1', 'v2', 'apps/v1', 'v1beta1', 'core/v1', '/v1', 'v1/', 'example.com/v1'),
    dnsName,
  )
  .map(([kind, apiVersion, name]) => JSON.stringify({ kind, apiVersion, metadata: { name } }));

const deep = fc
  .tuple(fc.integer({ min: 501, max: 20_000 }), fc.constantFrom('[', '{"a":'), fc.boolean())
  .map(([n, open, closed]) => {
    const close = open === '[' ? ']' : '}';
    return `${open.repeat(n)}1${closed ? close.repeat(n) : ''}`;
  });
const deepYAML = fc
  .tuple(fc.integer({ min: 501, max: 20_000 }), fc.constantFrom('flow', 'block'))
  .map(([n, style]) => (style === 'flow' ? `a: ${'['.repeat(n)}${']'.repeat(n)}` : `${'- '.repeat(n)}1`));

const invalidUTF8 = fc
  .tuple(
    fc.uint8Array({ minLength: 1, maxLength: 6 }).map((a) => a.map((b) => 0x80 | b)),
    fc.constantFrom('name', 'kind', 'apiVersion'),
  )
  .map(([bad, field]) => {
    const pre = Buffer.from(`{"apiVersion":"v1","kind":"ConfigMap","metadata":{"${field}":"`);
    return Buffer.concat([pre, Buffer.from([0xff, 0xfe, ...bad]), Buffer.from('"}}')]);
  });

const badContentType = fc.constantFrom(
  'text/plain',
  'application/xml',
  'application/json-patch+json',
  'application/',
  '/json',
  ';',
  'application/json; charset',
  'application/json; a=1; a=2',
  'multipart/form-data; boundary=x',
  'application/vnd.kubernetes.protobuf;stream=watch',
  'application/cbor',
);

const badLabelSelector = fc
  .tuple(
    fc.constantFrom('', 'app=web,', 'tier in (a,b),', '!gone,'),
    fc.constantFrom(
      '=a',
      'a in (',
      'a notin',
      'a=(b',
      'a b',
      'a=b c',
      '!a=b',
      'a in ()x',
      `a=${'x'.repeat(64)}`,
      `${'k'.repeat(64)}=v`,
      'a/b/c=d',
      'a=b=c',
      'a>x',
      'a<1.5',
      '-a=b',
    ),
  )
  .map(([ok, bad]) => ok + bad);
// (Not `=`: upstream reads an empty field and value as no restriction at all.)
const badFieldSelector = fc.constantFrom(
  'foo=bar',
  'a',
  'metadata.name',
  'metadata.name=a,spec.x=b',
  'status.phase=Running',
  'metadata.name~a',
  'metadata.name=a\\',
  'metadata.name=a\\x',
);
const badListQuery = fc.oneof(
  badLabelSelector.map((s) => `labelSelector=${encodeURIComponent(s)}`),
  badFieldSelector.map((s) => `fieldSelector=${encodeURIComponent(s)}`),
  fc
    .constantFrom('limit', 'timeoutSeconds')
    .chain((k) =>
      fc
        .constantFrom('x', '1.5', '1e3', '0x10', ' 1', '99999999999999999999', '--1', '+', '')
        .map((v) => `${k}=${encodeURIComponent(v)}`),
    ),
  fc
    .constantFrom('abc', '-1', '1.0', '0x1', ' ', '18446744073709551616', '١٢')
    .map((rv) => `resourceVersion=${encodeURIComponent(rv)}`),
  fc.constantFrom(
    'resourceVersionMatch=Exact',
    'resourceVersionMatch=NotOlderThan',
    'resourceVersionMatch=Bogus&resourceVersion=1',
    'resourceVersionMatch=exact&resourceVersion=1',
    'resourceVersionMatch=Exact&resourceVersion=0',
    'resourceVersionMatch=Exact&resourceVersion=1&continue=x',
    'sendInitialEvents=true',
    'watch=1&resourceVersionMatch=Exact&sendInitialEvents=true',
    'watch=1&resourceVersionMatch=NotOlderThan',
    'watch=1&timeoutSeconds=abc',
    // Repeated parameters: Go reads the first value.
    'limit=x&limit=1',
    'timeoutSeconds=1.5&timeoutSeconds=1',
    'resourceVersionMatch=Bogus&resourceVersionMatch=Exact&resourceVersion=1',
  ),
  fc.string({ maxLength: 40 }).map((s) => `limit=1&continue=${encodeURIComponent(`x${s}`)}`),
  fc
    .constantFrom('eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MCwic3RhcnQiOiJhIn0', 'e30', 'W10', 'bnVsbA')
    .map((t) => `limit=1&continue=${t}`),
);

const badWriteQuery = fc.oneof(
  fc.constantFrom('Foo', 'all', 'ALL', '', 'true', 'All,All').map((v) => `dryRun=${encodeURIComponent(v)}`),
  fc.constantFrom('dryRun=All&dryRun=x', 'dryRun=x&dryRun=All'),
  fc
    .constantFrom('Foo', 'strict', 'warn', 'IGNORE', ' Strict')
    .map((v) => `fieldValidation=${encodeURIComponent(v)}`),
  fc.constantFrom('fieldValidation=Strict&fieldValidation=Bogus&dryRun=Nope'),
  fc.constantFrom(`fieldManager=${'m'.repeat(129)}`, 'fieldManager=%01', 'fieldManager=a%0Ab'),
);

const badName = fc.oneof(
  fc.constantFrom('..', '.'),
  // (Not `%2F` alone: Go decodes it to a trailing slash, which names the collection.)
  fc.constantFrom('%2e%2e', '%2E.', 'a%2Fb', 'a%2fb%2fc', '%00', 'a%00b', 'a%25b', '%ZZ', 'a%'),
  fc.integer({ min: 254, max: 4000 }).map((n) => 'n'.repeat(n)),
);

// A JSON patch body that is refused at decode time or when applied to a ConfigMap. (Not every odd
// patch is refused: the JSON-patch library upstream uses adds a missing key on replace and copies a
// missing `from` as null.)
const badJSONPatch = fc.oneof(
  malformedJSON,
  fc.constantFrom(
    '{}',
    '"x"',
    '[1]',
    '[{"op":"foo","path":"/a"}]',
    '[{"op":"add"}]',
    '[{"op":"remove","path":"/nothing/here"}]',
    '[{"op":"test","path":"/metadata/name","value":"other"}]',
    '[{"op":"move","from":"/nothing","path":"/data"}]',
    '[{"op":"add","path":"/data","value":5}]',
    '[{"op":"add","path":"/metadata/name","value":"renamed"}]',
    '[{"op":"add","path":"/metadata/namespace","value":"elsewhere"}]',
    '[{"op":"replace","path":"","value":[]}]',
    '[{"op":1,"path":"/a"}]',
  ),
);
const badMergePatch = fc.oneof(
  malformedJSON,
  fc.constantFrom(
    '[]',
    '"x"',
    '5',
    '{"data":5}',
    '{"data":{"k":5}}',
    '{"metadata":{"name":"other"}}',
    '{"metadata":{"namespace":"elsewhere"}}',
    '{"kind":"Pod"}',
    '{"apiVersion":"v9"}',
    '{"metadata":"x"}',
  ),
);
const badStrategicPatch = fc.oneof(
  malformedJSON,
  fc.constantFrom(
    '[]',
    '"x"',
    '{"data":[]}',
    '{"$patch":"foo"}',
    '{"data":{"$patch":"bogus"}}',
    '{"metadata":{"name":"other"}}',
    '{"metadata":{"labels":"x"}}',
    '{"$setElementOrder/data":5}',
    '{"$retainKeys":"x"}',
  ),
);
const badApplyPatch = fc.oneof(
  malformedYAML,
  fc.constantFrom('{', '[]', 'kind: Pod\napiVersion: v1\nmetadata:\n  name: x'),
);

const badDeleteBody = fc.oneof(
  malformedJSON,
  wrongType.filter((b) => b !== 'null'),
  fc.constantFrom(
    '{"gracePeriodSeconds":"x"}',
    '{"gracePeriodSeconds":1.5}',
    '{"gracePeriodSeconds":1e30}',
    '{"propagationPolicy":"Sideways"}',
    '{"propagationPolicy":5}',
    '{"orphanDependents":true,"propagationPolicy":"Orphan"}',
    '{"orphanDependents":"yes"}',
    '{"dryRun":"All"}',
    '{"dryRun":["Nope"]}',
    '{"dryRun":[1]}',
    '{"preconditions":"x"}',
    '{"preconditions":{"uid":"not-the-uid"}}',
    '{"preconditions":{"resourceVersion":"1"}}',
    '{"preconditions":{"uid":5}}',
    '{"kind":"Pod"}',
    '{"ignoreStoreReadErrorWithClusterBreakingPotential":true,"dryRun":["All"]}',
  ),
);
const badDeleteQuery = fc.constantFrom(
  'gracePeriodSeconds=x',
  'gracePeriodSeconds=1.5',
  'propagationPolicy=Sideways',
  'orphanDependents=true&propagationPolicy=Orphan',
  'dryRun=Nope',
);

const magic = Buffer.from('k8s\0');
// Protobuf bodies no decoder accepts: no magic, a cut magic, or an envelope cut short.
const badProtobuf = fc.oneof(
  fc.uint8Array({ maxLength: 64 }).filter((b) => b.length < 4 || !magic.equals(b.subarray(0, 4))),
  fc.integer({ min: 0, max: 3 }).map((n) => magic.subarray(0, n)),
  fc.constantFrom(
    magic,
    Buffer.from('k8s\0\x0a'),
    Buffer.from('k8s\0\x0a\x05'),
    Buffer.from('k8s\0\x0a\x02\x0a\x00\x12\xff\xff\xff\xff\x0f'),
    Buffer.from('k8s\0\x12\x05hello'),
    Buffer.from('k8s\0\x0a\x0f\x0a\x02v1\x12\x09ConfigMap\x12\x80'),
    Buffer.from('k8s\0\x00'),
  ),
);
// Random bytes after the magic may decode (unknown fields are skipped) to an empty object, which a
// create or update still refuses (no name); a delete would take it as no options.
const protobufBody = fc.oneof(
  badProtobuf,
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.concat([magic, b])),
);

const method = fc.constantFrom(
  'OPTIONS',
  'TRACE',
  'PROPFIND',
  'MKCOL',
  'COPY',
  'LOCK',
  'SEARCH',
  'PURGE',
  'FOO',
);

const badAccept = fc.constantFrom(
  'application/xml',
  'text/html',
  'image/*',
  'application/json;as=Table',
  'application/json;as=Table;g=meta.k8s.io;v=v9',
  'application/json;as=Foo;g=meta.k8s.io;v=v1',
  'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v2',
  'application/vnd.kubernetes.protobuf;as=Table;g=meta.k8s.io;v=v1',
);

/** Every kind of malformed request, one drawn per run. */
export const badRequests: fc.Arbitrary<Case> = fc.oneof(
  fc.tuple(badAccept, fc.constantFrom(CM, `${CM}/${SEEDS[0]}`)).map(([accept, path]) => ({
    what: 'unacceptable Accept',
    method: 'GET',
    path,
    headers: { Accept: accept },
  })),
  malformedJSON.map((body) => ({ what: 'malformed JSON', method: 'POST', path: CM, headers: json, body })),
  malformedYAML.map((body) => ({ what: 'malformed YAML', method: 'POST', path: CM, headers: yaml, body })),
  wrongType.map((body) => ({ what: 'wrong JSON type', method: 'POST', path: CM, headers: json, body })),
  fc.tuple(wrongType, target).map(([body, name]) => ({
    what: 'wrong type on update',
    method: 'PUT',
    path: `${CM}/${name}`,
    headers: json,
    body,
  })),
  wrongKinds.map((body) => ({
    what: 'wrong kind or apiVersion',
    method: 'POST',
    path: CM,
    headers: json,
    body,
  })),
  fc.tuple(dnsName, fc.constantFrom('kube-system', 'other', 'DEFAULT', 'a/b')).map(([name, ns]) => ({
    what: 'mismatched namespace',
    method: 'POST',
    path: CM,
    headers: json,
    body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns } }),
  })),
  fc.tuple(target, fc.constantFrom('other', 'kube-system')).map(([name, ns]) => ({
    what: 'mismatched namespace on update',
    method: 'PUT',
    path: `${CM}/${name}`,
    headers: json,
    body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns } }),
  })),
  fc.tuple(target, dnsName).map(([name, other]) => ({
    what: 'mismatched name on update',
    method: 'PUT',
    path: `${CM}/${name}`,
    headers: json,
    body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${other}-x` } }),
  })),
  deep.map((body) => ({ what: 'deep JSON', method: 'POST', path: CM, headers: json, body })),
  deepYAML.map((body) => ({ what: 'deep YAML', method: 'POST', path: CM, headers: yaml, body })),
  invalidUTF8.map((body) => ({ what: 'invalid UTF-8', method: 'POST', path: CM, headers: json, body })),
  fc.tuple(badContentType, fc.constantFrom('POST', 'PUT')).map(([ct, m]) => ({
    what: 'bad content type',
    method: m,
    path: m === 'POST' ? CM : `${CM}/${SEEDS[0]}`,
    headers: { 'Content-Type': ct },
    body: '{}',
  })),
  fc.tuple(badContentType, target).map(([ct, name]) => ({
    what: 'bad patch content type',
    method: 'PATCH',
    path: `${CM}/${name}`,
    headers: { 'Content-Type': ct },
    body: '{}',
  })),
  fc
    .tuple(badListQuery, fc.constantFrom(CM, DEPLOY, '/api/v1/configmaps', '/apis/apps/v1/deployments'))
    .map(([q, p]) => ({
      what: 'bad list query',
      method: 'GET',
      path: `${p}?${q}`,
    })),
  fc.tuple(badListQuery, fc.constantFrom('DELETE')).map(([q, m]) => ({
    what: 'bad deletecollection query',
    method: m,
    path: `${CM}?${q}`,
  })),
  fc.tuple(fc.constantFrom('abc', '-1', '1.5', ' 1', '18446744073709551616'), target).map(([rv, name]) => ({
    what: 'bad resourceVersion on get',
    method: 'GET',
    path: `${CM}/${name}?resourceVersion=${encodeURIComponent(rv)}`,
  })),
  fc
    .tuple(fc.constantFrom<unknown>('abc', '-1', '1.5', 5, true, '1', '18446744073709551616'), target)
    .map(([rv, name]) => ({
      what: 'bad or stale resourceVersion on update',
      method: 'PUT',
      path: `${CM}/${name}`,
      headers: json,
      body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, resourceVersion: rv } }),
    })),
  fc.tuple(fc.constantFrom('5', 'abc', '1'), dnsName).map(([rv, name]) => ({
    what: 'resourceVersion on create',
    method: 'POST',
    path: CM,
    headers: json,
    body: JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `rv-${name}`, resourceVersion: rv },
    }),
  })),
  fc.tuple(badDeleteBody, fc.constantFrom('', '?labelSelector=x%3D%3D%3Dy')).map(([body, q]) => ({
    what: 'bad deletecollection body',
    method: 'DELETE',
    path: `${CM}${q}`,
    headers: json,
    body,
  })),
  fc.tuple(badWriteQuery, dnsName).map(([q, name]) => ({
    what: 'bad create query',
    method: 'POST',
    path: `${CM}?${q}`,
    headers: json,
    body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `q-${name}` } }),
  })),
  fc.tuple(badWriteQuery, target).map(([q, name]) => ({
    what: 'bad update query',
    method: 'PUT',
    path: `${CM}/${name}?${q}`,
    headers: json,
    body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } }),
  })),
  fc.tuple(badWriteQuery, target).map(([q, name]) => ({
    what: 'bad patch query',
    method: 'PATCH',
    path: `${CM}/${name}?${q}`,
    headers: { 'Content-Type': 'application/merge-patch+json' },
    body: '{"data":{"x":"y"}}',
  })),
  fc.tuple(target, fc.constantFrom('force=true', 'force=false', 'force=')).map(([name, q]) => ({
    what: 'force on a non-apply patch',
    method: 'PATCH',
    path: `${CM}/${name}?${q}`,
    headers: { 'Content-Type': 'application/merge-patch+json' },
    body: '{}',
  })),
  fc.tuple(badJSONPatch, target).map(([body, name]) => ({
    what: 'bad JSON patch',
    method: 'PATCH',
    path: `${CM}/${name}`,
    headers: { 'Content-Type': 'application/json-patch+json' },
    body,
  })),
  fc.tuple(badMergePatch, target).map(([body, name]) => ({
    what: 'bad merge patch',
    method: 'PATCH',
    path: `${CM}/${name}`,
    headers: { 'Content-Type': 'application/merge-patch+json' },
    body,
  })),
  fc.tuple(badStrategicPatch, target).map(([body, name]) => ({
    what: 'bad strategic merge patch',
    method: 'PATCH',
    path: `${CM}/${name}`,
    headers: { 'Content-Type': 'application/strategic-merge-patch+json' },
    body,
  })),
  fc.tuple(badApplyPatch, target).map(([body, name]) => ({
    what: 'bad apply patch',
    method: 'PATCH',
    path: `${CM}/${name}?fieldManager=fuzz`,
    headers: { 'Content-Type': 'application/apply-patch+yaml' },
    body,
  })),
  fc.tuple(badName, fc.constantFrom('GET', 'DELETE', 'PUT', 'PATCH')).map(([name, m]) => ({
    what: 'bad name in path',
    method: m,
    path: `${CM}/${name}`,
    verbatim: true,
    headers: m === 'PATCH' ? { 'Content-Type': 'application/merge-patch+json' } : json,
    ...(m === 'GET' || m === 'DELETE' ? {} : { body: '{}' }),
  })),
  badName.map((ns) => ({
    what: 'bad namespace in path',
    method: 'GET',
    path: `/api/v1/namespaces/${ns}/configmaps/x`,
    verbatim: true,
  })),
  fc.tuple(method, fc.constantFrom(CM, `${CM}/${SEEDS[0]}`, DEPLOY)).map(([m, p]) => ({
    what: 'unknown method',
    method: m,
    path: p,
    // A fresh connection: a refused method closes it, as Go's server would.
    verbatim: true,
  })),
  fc
    .tuple(fc.constantFrom('log2', 'foo', 'status/x', 'scale', 'STATUS', '..', 'exec2'), target)
    .map(([sub, name]) => ({
      what: 'unknown subresource',
      method: 'GET',
      path: `${CM}/${name}/${sub}`,
      verbatim: true,
    })),
  fc.tuple(fc.constantFrom('dup', 'dryRun=All&dryRun=All&dryRun=x'), dnsName).map(([q, name]) => ({
    what: 'duplicate query parameters',
    method: 'POST',
    // Go reads the first of repeated values.
    path: q === 'dup' ? `${CM}?fieldValidation=Bad&fieldValidation=Strict` : `${CM}?${q}`,
    headers: json,
    body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `d-${name}` } }),
  })),
  fc.tuple(protobufBody, fc.constantFrom('POST', 'PUT')).map(([body, m]) => ({
    what: 'bad protobuf body',
    method: m,
    path: m === 'POST' ? CM : `${CM}/${SEEDS[0]}`,
    headers: protobuf,
    body,
  })),
  fc.tuple(badDeleteBody, target).map(([body, name]) => ({
    what: 'bad DeleteOptions body',
    method: 'DELETE',
    path: `${CM}/${name}`,
    headers: json,
    body,
  })),
  fc.tuple(badDeleteQuery, target).map(([q, name]) => ({
    what: 'bad DeleteOptions query',
    method: 'DELETE',
    path: `${CM}/${name}?${q}`,
  })),
  // An empty body is no options at all, so it must carry something.
  fc
    .tuple(
      badProtobuf.filter((b) => b.length > 0),
      target,
    )
    .map(([body, name]) => ({
      what: 'bad protobuf DeleteOptions',
      method: 'DELETE',
      path: `${CM}/${name}`,
      headers: protobuf,
      body,
    })),
);
