import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { path } from '../field/index.js';
import { LabelSelectorError, parseSelector, parseToRequirements } from './index.js';

const keyRegex =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character " +
  "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const valueRegex =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and " +
  "end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is " +
  "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('parseSelector accepts and prints canonically', () => {
  // [name, input, canonical text]
  const cases: Array<[string, string, string]> = [
    ['three equalities', 'x=a,y=b,z=c', 'x=a,y=b,z=c'],
    ['empty selector', '', ''],
    ['not equals', 'x!=a,y=b', 'x!=a,y=b'],
    ['empty value', 'x=', 'x='],
    ['empty value with blank', 'x= ', 'x='],
    ['two empty values', 'x=,z= ', 'x=,z='],
    ['two blank values', 'x= ,z= ', 'x=,z='],
    ['does not exist', '!x', '!x'],
    ['greater than', 'x>1', 'x>1'],
    ['greater and less', 'x>1,z<5', 'x>1,z<5'],
    ['double equals kept', 'a==b', 'a==b'],
    ['sorted by key', 'x=a,a=x', 'a=x,x=a'],
    ['carriage return before key', '\rx', 'x'],
    ['dns prefix key', 'this-is-a-dns.domain.com/key-with-dash', 'this-is-a-dns.domain.com/key-with-dash'],
    [
      'dns prefix key with in',
      'this-is-another-dns.domain.com/key-with-dash in (so,what)',
      'this-is-another-dns.domain.com/key-with-dash in (so,what)',
    ],
    [
      'numeric domain and dotted values',
      '0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)',
      '0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)',
    ],
    ['tab and double blank around in', 'foo  in\t (abc)', 'foo in (abc)'],
    ['newline after notin', 'x notin\n (abc)', 'x notin (abc)'],
    ['tabs after notin', 'x  notin\t\t\t(abc,def)', 'x notin (abc,def)'],
    ['values sorted', 'x in (def,abc)', 'x in (abc,def)'],
    ['trailing comma adds empty value', 'x in (abc,)', 'x in (,abc)'],
    ['duplicates removed', 'x in (abc,abc)', 'x in (abc)'],
    ['empty parens mean the empty value', 'x in ()', 'x in ()'],
    ['double trailing comma', 'x in (a,,)', 'x in (,a)'],
    ['triple trailing comma', 'x in (a,,,)', 'x in (,a)'],
    ['many commas', 'x in (a,,,,,,)', 'x in (,a)'],
    ['repeats and gaps', 'x in (a,,a,,a,,a,,)', 'x in (,a)'],
    ['leading comma', 'x notin (, a)', 'x notin (,a)'],
    ['lone comma', 'x in (,)', 'x in ()'],
    ['blank parens', 'x notin ( )', 'x notin ()'],
    ['mixed set-based', 'x notin (abc,,def),bar,z in (),w', 'bar,w,x notin (,abc,def),z in ()'],
    ['exists then in', 'x,y in (a)', 'x,y in (a)'],
    ['trailing blank after key', 'a ', 'a'],
    ['keywords as values', 'a in (x,y,notin, z,in)', 'a in (in,notin,x,y,z)'],
    ['keywords as key and value', 'in in (notin)', 'in in (notin)'],
    ['keyword key with equals', 'notin=in', 'notin=in'],
    ['same key twice keeps order', 'z!=a,z', 'z!=a,z'],
    ['largest int64', 'x>9223372036854775807', 'x>9223372036854775807'],
    ['leading NUL selects everything', '\u0000x=(', ''],
  ];
  for (const [name, input, want] of cases) {
    test(name, () => assert.equal(parseSelector(input).toString(), want));
  }

  test('parse is deterministic', () => {
    assert.equal(parseSelector('x=a,a=x').toString(), parseSelector('a=x,x=a').toString());
  });

  test('empty selector is empty', () => {
    assert.equal(parseSelector('').empty(), true);
    assert.equal(parseSelector('a').empty(), false);
  });
});

describe('parseSelector rejects with upstream messages', () => {
  const cases: Array<[string, string, string]> = [
    [
      'or operator',
      'x=a||y=b',
      `unable to parse requirement: values[0][x]: Invalid value: "a||y": ${valueRegex}`,
    ],
    [
      'negative integer is not a label value',
      'x>-1',
      `unable to parse requirement: values[0][x]: Invalid value: "-1": ${valueRegex}`,
    ],
    ['chained equals', 'x==a==b', "found '==', expected: ',' or 'end of string'"],
    ['negation with value', '!x=a', "found '=', expected: ',' or 'end of string'"],
    [
      'non-integer for lt',
      'x<a',
      "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer",
    ],
    ['double comma', 'x,,y', "found ',', expected: identifier after ','"],
    ['leading comma', ',x,y', "found ',', expected: !, identifier, or 'end of string'"],
    [
      'misspelled operator',
      'x nott in (y)',
      "unable to parse requirement: found 'nott', expected: in, notin, =, ==, !=, gt, lt",
    ],
    ['trailing comma', 'a in (xyz),', "found '', expected: identifier after ','"],
    ['missing comma after set', 'a in (xyz)b notin ()', "found 'b', expected: ',' or 'end of string'"],
    [
      'values without comma',
      'a in (xyz abc)',
      "unable to parse requirement: found 'abc', expected: ',' or ')'",
    ],
    [
      'unterminated set',
      'a notin(',
      "unable to parse requirement: found '', expected: ',', ')' or identifier",
    ],
    [
      'paren after key',
      'a (',
      "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt",
    ],
    ['lone paren', '(', "found '(', expected: !, identifier, or 'end of string'"],
    ['in without parens', 'x in a', "unable to parse requirement: found 'a' expected: '('"],
    ['unclosed values', 'x in (a,b', "unable to parse requirement: found '', expected: ',' or ')'"],
    [
      'operator inside set',
      'x in (a,=)',
      "unable to parse requirement: found '=', expected: ',', or identifier",
    ],
    ['operator as value', 'x=(', "unable to parse requirement: found '(', expected: identifier"],
    ['closing paren as value', 'x=)', "unable to parse requirement: found ')', expected: identifier"],
    [
      'closing paren as operator',
      'x)',
      "unable to parse requirement: found ')', expected: in, notin, =, ==, !=, gt, lt",
    ],
    ['closing paren instead of opening', 'x in )', "unable to parse requirement: found ')' expected: '('"],
    ['lone bang', '!', "unable to parse requirement: found '', expected: identifier"],
    ['not-equals first', '!=a', "found '!=', expected: !, identifier, or 'end of string'"],
    ['bang then operator', '! =a', "unable to parse requirement: found '=', expected: identifier"],
    ['operator first', '=a', "found '=', expected: !, identifier, or 'end of string'"],
    ['bad key', '-a', `unable to parse requirement: <nil>: Invalid value: "-a": name part ${keyRegex}`],
    ['bad value', 'x=-a', `unable to parse requirement: values[0][x]: Invalid value: "-a": ${valueRegex}`],
    [
      'non-integer and bad value',
      'x>-a',
      "unable to parse requirement: [values[0]: Invalid value: \"-a\": for 'Gt', 'Lt' operators, the value must be " +
        `an integer, values[0][x]: Invalid value: "-a": ${valueRegex}]`,
    ],
    [
      'integer out of int64 range',
      'x>9223372036854775808',
      "unable to parse requirement: values[0]: Invalid value: \"9223372036854775808\": for 'Gt', 'Lt' operators, the value must be an integer",
    ],
    [
      'NUL splits key from garbage',
      'a\u0000b',
      "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt",
    ],
  ];
  for (const [name, input, message] of cases) {
    test(name, () => {
      assert.throws(
        () => parseSelector(input),
        (e: unknown) => e instanceof LabelSelectorError && e.message === message,
        `${JSON.stringify(input)} should fail with ${message}`,
      );
    });
  }

  test('value errors carry field errors', () => {
    try {
      parseSelector('x=-a');
      assert.fail('expected an error');
    } catch (e) {
      assert.ok(e instanceof LabelSelectorError);
      assert.equal(e.fieldErrors.length, 1);
      assert.equal(e.fieldErrors[0]?.field, 'values[0][x]');
    }
  });

  test('a path option prefixes field paths', () => {
    assert.throws(
      () => parseSelector('-a', { path: path('spec', 'selector') }),
      (e: unknown) =>
        e instanceof LabelSelectorError &&
        e.message.startsWith('unable to parse requirement: spec.selector:'),
    );
    assert.throws(
      () => parseSelector('x=-a', { path: path('spec', 'selector') }),
      (e: unknown) =>
        e instanceof LabelSelectorError &&
        e.message.startsWith('unable to parse requirement: spec.selector.values[0][x]:'),
    );
  });
});

describe('parseToRequirements', () => {
  test('operators and values of each requirement', () => {
    const reqs = parseToRequirements('x notin (abc,,def),bar,z in (),w,!q,n>3');
    assert.deepEqual(
      reqs.map((r) => [r.key, r.operator, r.values]),
      [
        ['bar', 'exists', []],
        ['n', 'gt', ['3']],
        ['q', '!', []],
        ['w', 'exists', []],
        ['x', 'notin', ['', 'abc', 'def']],
        ['z', 'in', ['']],
      ],
    );
  });

  test('empty selector has no requirements', () => assert.deepEqual(parseToRequirements(''), []));
});
