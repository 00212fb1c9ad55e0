import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject } from '../types.js';
import { decodeGoBase64 } from './data-maps.js';
import { goUnmarshalMapError } from './go-json-check.js';
import { coreValidations } from './index.js';
import { at, type Case, runCases, strs } from './testing.js';

const cm = coreValidations['v1/ConfigMap']!;
const secret = coreValidations['v1/Secret']!;
const b64 = (s: string): string => Buffer.from(s).toString('base64');
const keyMsg = (k: string): string =>
  `Invalid value: "${k}": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`;

function makeConfigMap(): JsonObject {
  return {
    metadata: { name: 'valid', namespace: 'validns', resourceVersion: '1' },
    data: { key: 'value', '.dotfile': 'x' },
  };
}

const configMapCases: Case[] = [
  { name: 'valid', tweak: () => {}, want: [] },
  {
    name: 'valid binaryData next to data',
    tweak: (o) => {
      o['binaryData'] = { bin: b64('\u0000\u0001') };
    },
    want: [],
  },
  {
    name: 'invalid key',
    tweak: (o) => {
      o['data'] = { 'a b': 'x' };
    },
    want: [`data[a b]: ${keyMsg('a b')}`],
  },
  {
    name: 'leading .. key',
    tweak: (o) => {
      o['data'] = { '..dotfile': 'x' };
    },
    want: ['data[..dotfile]: Invalid value: "..dotfile": must not start with \'..\''],
  },
  {
    name: 'key in both data and binaryData',
    tweak: (o) => {
      o['binaryData'] = { key: b64('v') };
    },
    want: ['data[key]: Invalid value: "key": duplicate of key present in binaryData'],
  },
  {
    name: 'invalid binaryData key',
    tweak: (o) => {
      o['binaryData'] = { 'a/b': b64('v') };
    },
    want: [`binaryData[a/b]: ${keyMsg('a/b')}`],
  },
  {
    name: 'exactly 1 MiB of data',
    tweak: (o) => {
      o['data'] = { a: 'x'.repeat(1024 * 1024) };
    },
    want: [],
  },
  {
    name: 'over 1 MiB across data and binaryData',
    tweak: (o) => {
      o['data'] = { a: 'x'.repeat(1024 * 1024) };
      o['binaryData'] = { b: b64('y') };
    },
    want: [': Too long: may not be more than 1048576 bytes'],
  },
  {
    name: 'invalid base64 in binaryData',
    tweak: (o) => {
      o['binaryData'] = { b: 'not base64!' };
    },
    want: ['binaryData[b]: Invalid value: illegal base64 data at input byte 3'],
  },
  {
    name: 'missing name',
    tweak: (o) => delete at(o, 'metadata')['name'],
    want: ['metadata.name: Required value: name or generateName is required'],
  },
  {
    name: 'data of the wrong type',
    tweak: (o) => {
      o['data'] = ['x'];
    },
    want: ['data: Invalid value: "array": must be of type object'],
  },
];

describe('ConfigMap create', () => runCases(makeConfigMap, (o) => cm.validate(o), configMapCases));

describe('ConfigMap update', () => {
  const immutableOld = (): JsonObject => ({ ...makeConfigMap(), immutable: true });
  const cases: Array<[string, JsonObject, JsonObject, string[]]> = [
    ['mutable map may change data', makeConfigMap(), { ...makeConfigMap(), data: { other: 'v' } }, []],
    ['immutable map unchanged', immutableOld(), immutableOld(), []],
    [
      'immutable may not be cleared',
      immutableOld(),
      { ...immutableOld(), immutable: false },
      ['immutable: Forbidden: field is immutable when `immutable` is set'],
    ],
    [
      'immutable data may not change',
      immutableOld(),
      { ...immutableOld(), data: { key: 'other' } },
      ['data: Forbidden: field is immutable when `immutable` is set'],
    ],
    [
      'immutable binaryData may not be added',
      immutableOld(),
      { ...immutableOld(), binaryData: { b: b64('x') } },
      ['binaryData: Forbidden: field is immutable when `immutable` is set'],
    ],
    ['a mutable map may become immutable', makeConfigMap(), immutableOld(), []],
  ];
  for (const [name, old, next, want] of cases) {
    test(name, () => assert.deepEqual(strs(cm.validateUpdate(next, old)), want.sort()));
  }
});

function makeSecret(): JsonObject {
  return {
    metadata: { name: 'valid', namespace: 'default', resourceVersion: '1' },
    type: 'Opaque',
    data: { 'app-secret.yaml': b64('bar: baz'), '.dotfile': b64('x') },
  };
}
const ofType =
  (type: string, data: Record<string, string>, annotations?: Record<string, string>) => (o: JsonObject) => {
    o['type'] = type;
    o['data'] = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)]));
    if (annotations) at(o, 'metadata')['annotations'] = annotations;
  };

const secretCases: Case[] = [
  { name: 'valid Opaque', tweak: () => {}, want: [] },
  {
    name: 'valid custom type',
    tweak: (o) => {
      o['type'] = 'example.com/custom';
    },
    want: [],
  },
  {
    name: 'invalid key',
    tweak: (o) => {
      o['data'] = { 'a@b': b64('x') };
    },
    want: [`data[a@b]: ${keyMsg('a@b')}`],
  },
  {
    name: 'stringData keys are checked as data keys',
    tweak: (o) => {
      o['stringData'] = { 'bad key': 'x' };
    },
    want: [`data[bad key]: ${keyMsg('bad key')}`],
  },
  {
    name: 'data over 1 MiB',
    tweak: (o) => {
      o['data'] = { a: Buffer.alloc(1024 * 1024 + 1).toString('base64') };
    },
    want: ['data: Too long: may not be more than 1048576 bytes'],
  },
  {
    name: 'service-account-token without the name annotation',
    tweak: ofType('kubernetes.io/service-account-token', {}),
    want: ['metadata.annotations[kubernetes.io/service-account.name]: Required value'],
  },
  {
    name: 'valid service-account-token',
    tweak: ofType('kubernetes.io/service-account-token', {}, { 'kubernetes.io/service-account.name': 'foo' }),
    want: [],
  },
  {
    name: 'dockercfg missing its key',
    tweak: ofType('kubernetes.io/dockercfg', {}),
    want: ['data[.dockercfg]: Required value'],
  },
  {
    name: 'dockercfg that is not JSON',
    tweak: ofType('kubernetes.io/dockercfg', { '.dockercfg': 'bad' }),
    want: [
      'data[.dockercfg]: Invalid value: "<secret contents redacted>": invalid character \'b\' looking for beginning of value',
    ],
  },
  {
    name: 'valid dockercfg',
    tweak: ofType('kubernetes.io/dockercfg', { '.dockercfg': '{"registry":{"auth":"x"}}' }),
    want: [],
  },
  {
    name: 'dockerconfigjson holding an array',
    tweak: ofType('kubernetes.io/dockerconfigjson', { '.dockerconfigjson': '[]' }),
    want: [
      'data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": json: cannot unmarshal array into Go value of type map[string]interface {}',
    ],
  },
  {
    name: 'basic-auth with neither key',
    tweak: ofType('kubernetes.io/basic-auth', {}),
    want: ['data[password]: Required value', 'data[username]: Required value'],
  },
  {
    name: 'basic-auth with an empty username only',
    tweak: ofType('kubernetes.io/basic-auth', { username: '' }),
    want: [],
  },
  {
    name: 'ssh-auth with an empty key',
    tweak: ofType('kubernetes.io/ssh-auth', { 'ssh-privatekey': '' }),
    want: ['data[ssh-privatekey]: Required value'],
  },
  {
    name: 'tls missing both keys',
    tweak: ofType('kubernetes.io/tls', {}),
    want: ['data[tls.crt]: Required value', 'data[tls.key]: Required value'],
  },
  {
    name: 'tls with both keys',
    tweak: ofType('kubernetes.io/tls', { 'tls.crt': 'c', 'tls.key': 'k' }),
    want: [],
  },
];

describe('Secret create (upstream TestValidateSecret cases)', () =>
  runCases(makeSecret, (o) => secret.validate(o), secretCases));

describe('Secret update', () => {
  const immutableOld = (): JsonObject => ({ ...makeSecret(), immutable: true });
  const cases: Array<[string, JsonObject, JsonObject, string[]]> = [
    ['unchanged', makeSecret(), makeSecret(), []],
    [
      'type may not change',
      makeSecret(),
      { ...makeSecret(), type: 'example.com/other' },
      ['type: Invalid value: "example.com/other": field is immutable'],
    ],
    [
      'immutable data may not change',
      immutableOld(),
      { ...immutableOld(), data: { other: b64('x') } },
      ['data: Forbidden: field is immutable when `immutable` is set'],
    ],
    [
      'stringData on an immutable secret changes its data',
      immutableOld(),
      { ...immutableOld(), stringData: { new: 'x' } },
      ['data: Forbidden: field is immutable when `immutable` is set'],
    ],
    [
      'immutable may not be cleared',
      immutableOld(),
      { ...makeSecret() },
      ['immutable: Forbidden: field is immutable when `immutable` is set'],
    ],
  ];
  for (const [name, old, next, want] of cases) {
    test(name, () => assert.deepEqual(strs(secret.validateUpdate(next, old)), want.sort()));
  }
});

describe('Go decoding helpers', () => {
  const base64Cases: Array<[string, string, string | number]> = [
    ['padded', 'YWI=', 'ab'],
    ['newlines are skipped', 'YW\nI=', 'ab'],
    ['missing padding', 'YWI', 0],
    ['one character', 'Y', 0],
    ['non-ASCII counts bytes', 'YWI\u00e9', 3],
    ['bad character', 'YW*=', 2],
    ['padding in the middle', 'YQ==YQ==', 4],
  ];
  for (const [name, input, want] of base64Cases) {
    test(`base64: ${name}`, () => {
      const r = decodeGoBase64(input);
      if (typeof want === 'string')
        assert.deepEqual(r, { ok: true, bytes: Uint8Array.from(Buffer.from(want)) });
      else assert.deepEqual(r, { ok: false, at: want });
    });
  }
  const jsonCases: Array<[string, string, string | undefined]> = [
    ['object', '{"a":[1,2.5e3,true,null,"x\\u00e9"]}', undefined],
    ['null decodes into a map', 'null', undefined],
    ['empty input', '', 'unexpected end of JSON input'],
    ['missing colon', '{"a" 1}', "invalid character '1' after object key"],
    ['trailing comma', '{"a":1,}', "invalid character '}' looking for beginning of object key string"],
    ['trailing garbage', '{} x', "invalid character 'x' after top-level value"],
    ['bad literal', '{"a":tru}', "invalid character '}' in literal true (expecting 'e')"],
    ['string value', '"x"', 'json: cannot unmarshal string into Go value of type map[string]interface {}'],
    ['number value', '12', 'json: cannot unmarshal number into Go value of type map[string]interface {}'],
    ['bad escape', '{"a":"\\q"}', "invalid character 'q' in string escape code"],
  ];
  for (const [name, input, want] of jsonCases) {
    test(`json: ${name}`, () => assert.equal(goUnmarshalMapError(input), want));
  }
});
