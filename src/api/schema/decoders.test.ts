import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { base64Error, quantityError, timeError } from './decoders.js';

const FORMAT = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

describe('quantityError', () => {
  const cases: { name: string; in: string; want: string | undefined }[] = [
    { name: 'plain', in: '100', want: undefined },
    { name: 'milli', in: '100m', want: undefined },
    { name: 'binary', in: '1Gi', want: undefined },
    { name: 'exponent', in: '1e3', want: undefined },
    { name: 'negative exponent', in: '12E-3', want: undefined },
    { name: 'fraction', in: '.5', want: undefined },
    { name: 'signed', in: '-1.5Mi', want: undefined },
    { name: 'surrounding space', in: ' 1 ', want: undefined },
    { name: 'sign only is zero', in: '+', want: undefined },
    { name: 'empty', in: '', want: FORMAT },
    { name: 'word', in: 'abc', want: FORMAT },
    { name: 'two points', in: '1.2.3', want: FORMAT },
    { name: 'inner space', in: '1 Gi', want: FORMAT },
    { name: 'unknown suffix', in: '1Ki1', want: "unable to parse quantity's suffix" },
    { name: 'bad suffix letters', in: '1kk', want: "unable to parse quantity's suffix" },
    { name: 'a lone point is zero', in: '.', want: undefined },
    { name: 'a lone point with Ki is zero', in: '.Ki', want: undefined },
    { name: 'no digits on the exact path', in: '.Ei', want: 'unable to parse numeric part of quantity' },
    {
      name: 'no digits with a tiny exponent',
      in: '-.e-10',
      want: 'unable to parse numeric part of quantity',
    },
    { name: 'exponent without digits', in: '1e', want: "unable to parse quantity's suffix" },
  ];
  for (const c of cases) it(c.name, () => assert.equal(quantityError(c.in), c.want));
});

describe('timeError', () => {
  const L = '"2006-01-02T15:04:05Z07:00"';
  const cases: { name: string; in: string; micro?: boolean; want: string | undefined }[] = [
    { name: 'utc', in: '2024-02-29T10:00:00Z', want: undefined },
    { name: 'offset', in: '2024-01-01T10:00:00+02:00', want: undefined },
    { name: 'fraction accepted', in: '2024-01-01T10:00:00.123Z', want: undefined },
    { name: 'empty', in: '', want: `parsing time "" as ${L}: cannot parse "" as "2006"` },
    {
      name: 'wrong separator',
      in: '2024/01/01T00:00:00Z',
      want: `parsing time "2024/01/01T00:00:00Z" as ${L}: cannot parse "/01/01T00:00:00Z" as "-"`,
    },
    {
      name: 'month range',
      in: '2024-13-01T00:00:00Z',
      want: 'parsing time "2024-13-01T00:00:00Z": month out of range',
    },
    {
      name: 'day range',
      in: '2023-02-29T00:00:00Z',
      want: 'parsing time "2023-02-29T00:00:00Z": day out of range',
    },
    {
      name: 'hour range',
      in: '2024-01-01T24:00:00Z',
      want: 'parsing time "2024-01-01T24:00:00Z": hour out of range',
    },
    {
      name: 'missing zone',
      in: '2024-01-01T00:00:00',
      want: `parsing time "2024-01-01T00:00:00" as ${L}: cannot parse "" as "Z07:00"`,
    },
    {
      name: 'extra text',
      in: '2024-01-01T00:00:00Zx',
      want: 'parsing time "2024-01-01T00:00:00Zx": extra text: "x"',
    },
    {
      name: 'quotes like Go',
      in: 'é"',
      want: `parsing time "\\xc3\\xa9\\"" as ${L}: cannot parse "\\xc3\\xa9\\"" as "2006"`,
    },
    {
      name: 'zone hour range',
      in: '2024-01-01T00:00:00+25:00',
      want: 'parsing time "2024-01-01T00:00:00+25:00": time zone offset hour out of range',
    },
    {
      name: 'zone range before sign',
      in: '2024-01-01T00:00:00*25:00',
      want: 'parsing time "2024-01-01T00:00:00*25:00": time zone offset hour out of range',
    },
    {
      name: 'bad zone sign',
      in: '2024-01-01T00:00:00*01:00',
      want: `parsing time "2024-01-01T00:00:00*01:00" as ${L}: cannot parse "*01:00" as "Z07:00"`,
    },
    { name: 'single-digit hour accepted', in: '2024-01-01T1:00:00Z', want: undefined },
    { name: 'micro', in: '2024-01-01T00:00:00.000001Z', micro: true, want: undefined },
    {
      name: 'micro needs six digits',
      in: '2024-01-01T00:00:00Z',
      micro: true,
      want: 'parsing time "2024-01-01T00:00:00Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "Z" as ".000000"',
    },
  ];
  for (const c of cases) it(c.name, () => assert.equal(timeError(c.in, c.micro ?? false), c.want));
});

describe('base64Error', () => {
  const cases: { name: string; in: string; want: string | undefined }[] = [
    { name: 'empty', in: '', want: undefined },
    { name: 'padded', in: 'YQ==', want: undefined },
    { name: 'newlines skipped', in: 'YW\nJj', want: undefined },
    { name: 'short', in: 'abc', want: 'illegal base64 data at input byte 0' },
    { name: 'bad character', in: 'a$==', want: 'illegal base64 data at input byte 1' },
    { name: 'early padding', in: 'a===', want: 'illegal base64 data at input byte 1' },
    { name: 'data after padding', in: 'YQ==YQ==', want: 'illegal base64 data at input byte 4' },
    { name: 'one missing pad', in: 'YQ=', want: 'illegal base64 data at input byte 3' },
    { name: 'unpadded', in: 'YQ', want: 'illegal base64 data at input byte 0' },
  ];
  for (const c of cases) it(c.name, () => assert.equal(base64Error(c.in), c.want));
});

describe('decoders fuzz', () => {
  it('never throw', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        for (const r of [quantityError(s), timeError(s, false), timeError(s, true), base64Error(s)])
          assert.ok(r === undefined || r.length > 0);
      }),
      { seed: 11, numRuns: 2000 },
    );
  });
});
