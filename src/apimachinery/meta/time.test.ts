import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  compareInstants,
  formatMicroTime,
  formatRFC3339,
  goTimeQuote,
  type Instant,
  instantFromDate,
  instantToDate,
  isZeroTime,
  MetaParseError,
  microTimeNow,
  parseMicroTime,
  parseRFC3339,
  parseRFC3339Micro,
  parseTime,
  rfc3339Now,
} from './index.js';

const L = '"2006-01-02T15:04:05Z07:00"';
const LM = '"2006-01-02T15:04:05.000000Z07:00"';
const cannot = (v: string, elem: string, as: string, layout = L): string =>
  `parsing time "${v}" as ${layout}: cannot parse "${elem}" as "${as}"`;

type Ok = [name: string, input: string, seconds: number, nanos: number];
type Bad = [name: string, input: string, message: string];

describe('parseRFC3339 accepts what metav1.Time accepts', () => {
  const cases: Ok[] = [
    ['UTC', '2024-01-02T03:04:05Z', 1704164645, 0],
    ['epoch plus 1000s', '1970-01-01T00:16:40Z', 1000, 0],
    ['nanoseconds', '2024-01-02T03:04:05.123456789Z', 1704164645, 123456789],
    ['digits past the ninth are dropped', '2024-01-02T03:04:05.1234567891234Z', 1704164645, 123456789],
    ['one fractional digit', '2024-01-02T03:04:05.5Z', 1704164645, 500000000],
    ['comma separates the fraction', '2024-01-02T03:04:05,5Z', 1704164645, 500000000],
    ['positive offset', '2024-01-02T03:04:05+01:00', 1704161045, 0],
    ['negative offset with minutes', '2024-01-02T03:04:05-07:30', 1704191645, 0],
    ['offset of 24 hours', '2024-01-02T03:04:05+24:00', 1704078245, 0],
    ['offset of 60 minutes', '2024-01-02T03:04:05+01:60', 1704157445, 0],
    ['one-digit hour', '2024-01-02T3:04:05Z', 1704164645, 0],
    ['leap day', '2024-02-29T03:04:05Z', 1709175845, 0],
    ['year zero', '0000-01-01T00:00:00Z', -62167219200, 0],
    ['zero time', '0001-01-01T00:00:00Z', -62135596800, 0],
    ['last instant of 9999', '9999-12-31T23:59:59.999999999Z', 253402300799, 999999999],
  ];
  for (const [name, input, seconds, nanos] of cases) {
    test(name, () => assert.deepEqual(parseRFC3339(input), { seconds, nanos }));
  }
});

describe('parseRFC3339 rejects with Go’s messages', () => {
  const cases: Bad[] = [
    ['garbage', 'x', cannot('x', 'x', '2006')],
    ['empty', '', cannot('', '', '2006')],
    ['signed year', '+024-01-02T03:04:05Z', cannot('+024-01-02T03:04:05Z', '+024-01-02T03:04:05Z', '2006')],
    ['short year', '20-4-01-02T03:04:05Z', cannot('20-4-01-02T03:04:05Z', '20-4-01-02T03:04:05Z', '2006')],
    ['one-digit month', '2024-1-02T03:04:05Z', cannot('2024-1-02T03:04:05Z', '1-02T03:04:05Z', '01')],
    ['lower-case t', '2024-01-02t03:04:05Z', cannot('2024-01-02t03:04:05Z', 't03:04:05Z', 'T')],
    ['space for T', '2024-01-02 03:04:05Z', cannot('2024-01-02 03:04:05Z', ' 03:04:05Z', 'T')],
    ['lower-case z', '2024-01-02T03:04:05z', cannot('2024-01-02T03:04:05z', 'z', 'Z07:00')],
    ['no zone', '2024-01-02T03:04:05', cannot('2024-01-02T03:04:05', '', 'Z07:00')],
    ['zone without colon', '2024-01-02T03:04:05+0100', cannot('2024-01-02T03:04:05+0100', '+0100', 'Z07:00')],
    ['bad zone sign', '2024-01-02T03:04:05x01:00', cannot('2024-01-02T03:04:05x01:00', 'x01:00', 'Z07:00')],
    ['bad zone minute', '2024-01-02T03:04:05+01:0x', cannot('2024-01-02T03:04:05+01:0x', '+01:0x', 'Z07:00')],
    ['dot without digits', '2024-01-02T03:04:05.Z', cannot('2024-01-02T03:04:05.Z', '.Z', 'Z07:00')],
    ['negative fraction', '2024-01-02T03:04:05.-1Z', cannot('2024-01-02T03:04:05.-1Z', '.-1Z', 'Z07:00')],
    ['hour 24', '2024-01-02T24:04:05Z', 'parsing time "2024-01-02T24:04:05Z": hour out of range'],
    ['minute 60', '2024-01-02T03:60:05Z', 'parsing time "2024-01-02T03:60:05Z": minute out of range'],
    [
      'second 60 (no leap seconds)',
      '2024-01-02T03:04:60Z',
      'parsing time "2024-01-02T03:04:60Z": second out of range',
    ],
    ['month 13', '2024-13-02T03:04:05Z', 'parsing time "2024-13-02T03:04:05Z": month out of range'],
    ['month 0', '2024-00-02T03:04:05Z', 'parsing time "2024-00-02T03:04:05Z": month out of range'],
    ['February 30', '2024-02-30T03:04:05Z', 'parsing time "2024-02-30T03:04:05Z": day out of range'],
    [
      'February 29 outside leap years',
      '2023-02-29T03:04:05Z',
      'parsing time "2023-02-29T03:04:05Z": day out of range',
    ],
    ['day 0', '2024-01-00T03:04:05Z', 'parsing time "2024-01-00T03:04:05Z": day out of range'],
    [
      'offset hour 25',
      '2024-01-02T03:04:05+25:00',
      'parsing time "2024-01-02T03:04:05+25:00": time zone offset hour out of range',
    ],
    [
      'offset minute 61',
      '2024-01-02T03:04:05+01:61',
      'parsing time "2024-01-02T03:04:05+01:61": time zone offset minute out of range',
    ],
    [
      'offset minute named first',
      '2024-01-02T03:04:05+25:61',
      'parsing time "2024-01-02T03:04:05+25:61": time zone offset minute out of range',
    ],
    [
      'extra text',
      '2024-01-02T03:04:05Zextra',
      'parsing time "2024-01-02T03:04:05Zextra": extra text: "extra"',
    ],
    ['non-ASCII prints as bytes', 'é', cannot('\\xc3\\xa9', '\\xc3\\xa9', '2006')],
    [
      'non-ASCII extra text',
      '2024-01-02T03:04:05Zé',
      'parsing time "2024-01-02T03:04:05Z\\xc3\\xa9": extra text: "\\xc3\\xa9"',
    ],
    ['quotes and backslashes escaped', '"q\\', cannot('\\"q\\\\', '\\"q\\\\', '2006')],
    ['control characters escaped', '\n', cannot('\\x0a', '\\x0a', '2006')],
  ];
  for (const [name, input, message] of cases) {
    test(name, () => assert.throws(() => parseRFC3339(input), new MetaParseError(message)));
  }
});

describe('parseRFC3339Micro wants exactly six fractional digits', () => {
  test('six digits', () =>
    assert.deepEqual(parseRFC3339Micro('2024-01-02T03:04:05.123456Z'), {
      seconds: 1704164645,
      nanos: 123456000,
    }));
  test('six digits with an offset', () =>
    assert.deepEqual(parseRFC3339Micro('2024-01-02T03:04:05.000001+01:00'), {
      seconds: 1704161045,
      nanos: 1000,
    }));
  test('comma separator', () =>
    assert.deepEqual(parseRFC3339Micro('2024-01-02T03:04:05,000001Z'), { seconds: 1704164645, nanos: 1000 }));
  const v = '2024-01-02T03:04:05';
  const cases: Bad[] = [
    ['no fraction', `${v}Z`, cannot(`${v}Z`, 'Z', '.000000', LM)],
    ['three digits', `${v}.123Z`, cannot(`${v}.123Z`, '.123Z', '.000000', LM)],
    ['nine digits', `${v}.123456789Z`, cannot(`${v}.123456789Z`, '789Z', 'Z07:00', LM)],
    ['negative fraction', `${v}.-12345Z`, `parsing time "${v}.-12345Z": fractional second out of range`],
    [
      'day checked after the fraction',
      '2023-02-29T03:04:05.000000Z',
      'parsing time "2023-02-29T03:04:05.000000Z": day out of range',
    ],
  ];
  for (const [name, input, message] of cases) {
    test(name, () => assert.throws(() => parseRFC3339Micro(input), new MetaParseError(message)));
  }
});

describe('parseTime and parseMicroTime read JSON values', () => {
  test('null is unset', () => assert.equal(parseTime(null), undefined));
  test('undefined is unset', () => assert.equal(parseTime(undefined), undefined));
  test('empty string is an error in JSON, as upstream', () =>
    assert.throws(() => parseTime(''), new MetaParseError(cannot('', '', '2006'))));
  test('empty string is unset with emptyIsUnset', () =>
    assert.equal(parseTime('', { emptyIsUnset: true }), undefined));
  test('"null" is unset with emptyIsUnset', () =>
    assert.equal(parseMicroTime('null', { emptyIsUnset: true }), undefined));
  const types: Array<[string, unknown, string]> = [
    ['number', 5, 'number'],
    ['boolean', true, 'bool'],
    ['array', [], 'array'],
    ['object', {}, 'object'],
  ];
  for (const [name, value, kind] of types) {
    test(`a ${name} is a decode error`, () =>
      assert.throws(
        () => parseTime(value),
        new MetaParseError(`json: cannot unmarshal ${kind} into Go value of type string`),
      ));
  }
  test('micro time', () =>
    assert.deepEqual(parseMicroTime('2024-01-02T03:04:05.000007Z'), { seconds: 1704164645, nanos: 7000 }));
});

describe('formatting', () => {
  const t: Instant = { seconds: 1704164645, nanos: 123456789 };
  const cases: Array<[string, string, string]> = [
    ['RFC 3339 truncates the fraction', formatRFC3339(t), '2024-01-02T03:04:05Z'],
    ['micro time truncates to microseconds', formatMicroTime(t), '2024-01-02T03:04:05.123456Z'],
    ['micro time pads', formatMicroTime({ seconds: 0, nanos: 1000 }), '1970-01-01T00:00:00.000001Z'],
    [
      'from a Date, always UTC',
      formatRFC3339(new Date('2024-01-02T04:04:05.999+01:00')),
      '2024-01-02T03:04:05Z',
    ],
    [
      'micro from a Date',
      formatMicroTime(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 7))),
      '2024-01-02T03:04:05.007000Z',
    ],
    ['before the epoch', formatRFC3339({ seconds: -1, nanos: 0 }), '1969-12-31T23:59:59Z'],
    ['zero time', formatRFC3339({ seconds: -62135596800, nanos: 0 }), '0001-01-01T00:00:00Z'],
    ['year zero', formatRFC3339({ seconds: -62167219200, nanos: 0 }), '0000-01-01T00:00:00Z'],
    ['year -1 as Go writes it', formatRFC3339({ seconds: -62198755200, nanos: 0 }), '-0001-01-01T00:00:00Z'],
    ['five-digit year', formatRFC3339({ seconds: 253402300800, nanos: 0 }), '10000-01-01T00:00:00Z'],
    ['leap day', formatRFC3339({ seconds: 1709175845, nanos: 0 }), '2024-02-29T03:04:05Z'],
  ];
  for (const [name, got, want] of cases) test(name, () => assert.equal(got, want));

  test('injected clock', () => {
    const now = (): Date => new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
    assert.equal(rfc3339Now(now), '2024-01-02T03:04:05Z');
    assert.equal(microTimeNow(now), '2024-01-02T03:04:05.678000Z');
  });
  test('real clock gives the RFC 3339 shape', () =>
    assert.match(rfc3339Now(), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/));
  test('invalid Date throws RangeError', () =>
    assert.throws(() => formatRFC3339(new Date(Number.NaN)), RangeError));
  test('instants round-trip through Date at millisecond precision', () => {
    const d = new Date(Date.UTC(1960, 5, 1, 12, 0, 0, 250));
    assert.deepEqual(instantFromDate(d), { seconds: Math.floor(d.getTime() / 1000), nanos: 250_000_000 });
    assert.equal(instantToDate(instantFromDate(d)).getTime(), d.getTime());
  });
  test('isZeroTime', () => {
    assert.equal(isZeroTime(parseRFC3339('0001-01-01T00:00:00Z')), true);
    assert.equal(isZeroTime(parseRFC3339('0001-01-01T00:00:00.000000001Z')), false);
  });
  test('compareInstants orders by seconds then nanos', () => {
    assert.ok(compareInstants({ seconds: 1, nanos: 5 }, { seconds: 1, nanos: 6 }) < 0);
    assert.ok(compareInstants({ seconds: 2, nanos: 0 }, { seconds: 1, nanos: 999999999 }) > 0);
    assert.equal(compareInstants({ seconds: 3, nanos: 3 }, { seconds: 3, nanos: 3 }), 0);
  });
});

describe('goTimeQuote', () => {
  const q = (s: string): string => goTimeQuote(Buffer.from(s, 'utf8'));
  test('printable ASCII', () => assert.equal(q('a b~'), '"a b~"'));
  test('DEL is left alone, as Go does', () => assert.equal(q('\u007f'), '"\u007f"'));
  test('4-byte characters', () => assert.equal(q('😀'), '"\\xf0\\x9f\\x98\\x80"'));
  test('invalid UTF-8 byte by byte', () => assert.equal(goTimeQuote(Uint8Array.of(0xff, 0x41)), '"\\xffA"'));
  test('truncated sequence', () => assert.equal(goTimeQuote(Uint8Array.of(0xe2, 0x82)), '"\\xe2\\x82"'));
});

describe('round trips and fuzz', () => {
  test('format then parse gives the instant back (seconds precision)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62167219200, max: 253402300799 }), (seconds) => {
        assert.deepEqual(parseRFC3339(formatRFC3339({ seconds, nanos: 0 })), { seconds, nanos: 0 });
      }),
      { seed: 42, numRuns: 2000 },
    );
  });
  test('micro format then parse keeps microseconds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4102444800 }),
        fc.integer({ min: 0, max: 999999 }),
        (seconds, micros) => {
          const t = { seconds, nanos: micros * 1000 };
          assert.deepEqual(parseRFC3339Micro(formatMicroTime(t)), t);
        },
      ),
      { seed: 43, numRuns: 2000 },
    );
  });
  test('offsets shift the instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (h, m) => {
        const off = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
        const base = parseRFC3339('2024-06-01T12:00:00Z').seconds;
        assert.equal(parseRFC3339(`2024-06-01T12:00:00+${off}`).seconds, base - (h * 60 + m) * 60);
        assert.equal(parseRFC3339(`2024-06-01T12:00:00-${off}`).seconds, base + (h * 60 + m) * 60);
      }),
      { seed: 44, numRuns: 500 },
    );
  });
  const timeLike = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.stringMatching(
      /^[0-9]{1,5}-[0-9]{1,3}-[0-9]{1,3}[Tt ][0-9]{1,3}:[0-9]{1,3}:[0-9]{1,3}([.,][-+0-9]{0,12})?([Zz]|[-+x][0-9]{2}:?[0-9x]{2})?.{0,3}$/,
    ),
  );
  for (const [name, parse] of [
    ['parseRFC3339', parseRFC3339],
    ['parseRFC3339Micro', parseRFC3339Micro],
  ] as const) {
    test(`${name} never crashes`, () => {
      fc.assert(
        fc.property(timeLike, (s) => {
          try {
            const t = parse(s);
            assert.ok(Number.isInteger(t.seconds) && Number.isInteger(t.nanos));
            assert.ok(t.nanos >= 0 && t.nanos < 1e9);
          } catch (e) {
            assert.ok(e instanceof MetaParseError, String(e));
            assert.ok(e.message.startsWith('parsing time "'));
          }
        }),
        { seed: 7, numRuns: 3000 },
      );
    });
  }
  test('parseTime never crashes on random JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        try {
          parseTime(v);
        } catch (e) {
          assert.ok(e instanceof MetaParseError, String(e));
        }
      }),
      { seed: 8, numRuns: 2000 },
    );
  });
});
