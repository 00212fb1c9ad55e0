import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CSVParseError, parseCSV } from './csv.js';

const ok: { name: string; input: string; want: string[][] }[] = [
  { name: 'simple', input: 'a,b,c\n', want: [['a', 'b', 'c']] },
  { name: 'no final newline', input: 'a,b,c', want: [['a', 'b', 'c']] },
  {
    name: 'CRLF line ends',
    input: 'a,b\r\nc,d\r\n',
    want: [
      ['a', 'b'],
      ['c', 'd'],
    ],
  },
  { name: 'final CR without newline dropped', input: 'a,b\r', want: [['a', 'b']] },
  { name: 'bare CR inside a field kept', input: 'a\rb,c\n', want: [['a\rb', 'c']] },
  { name: 'blank lines skipped', input: '\n\na,b\n\n\r\nc\n', want: [['a', 'b'], ['c']] },
  { name: 'quoted field with comma', input: 't,u,"g1,g2"\n', want: [['t', 'u', 'g1,g2']] },
  { name: 'doubled quote', input: '"a""b",c\n', want: [['a"b', 'c']] },
  { name: 'empty quoted field', input: '"",x\n', want: [['', 'x']] },
  { name: 'quoted newline', input: '"a\nb",c\n', want: [['a\nb', 'c']] },
  { name: 'quoted CRLF becomes LF', input: '"a\r\nb",c\r\n', want: [['a\nb', 'c']] },
  { name: 'leading space kept', input: ' a, b\n', want: [[' a', ' b']] },
  { name: 'empty fields', input: ',,\n', want: [['', '', '']] },
  { name: 'trailing comma is an empty field', input: 'a,\n', want: [['a', '']] },
  { name: 'hash is data, not a comment', input: '#a,b\n', want: [['#a', 'b']] },
  { name: 'whitespace-only line is a record', input: ' \n', want: [[' ']] },
  { name: 'variable field counts', input: 'a\nb,c\n', want: [['a'], ['b', 'c']] },
  { name: 'multi-byte text', input: 'é,"ü"\n', want: [['é', 'ü']] },
  { name: 'empty input', input: '', want: [] },
];

for (const c of ok) {
  test(`parseCSV accepts: ${c.name}`, () => {
    assert.deepEqual(parseCSV(c.input), c.want);
  });
}

// Line and byte-column numbers as Go's encoding/csv reports them.
const bad: { name: string; input: string; message: string }[] = [
  {
    name: 'quote inside unquoted field',
    input: 'a,b"c,d\n',
    message: 'parse error on line 1, column 4: bare " in non-quoted-field',
  },
  {
    name: 'doubled quote in unquoted field',
    input: 'a""b,c\n',
    message: 'parse error on line 1, column 2: bare " in non-quoted-field',
  },
  {
    name: 'bare quote after space',
    input: 'a "word","b"\n',
    message: 'parse error on line 1, column 3: bare " in non-quoted-field',
  },
  {
    name: 'trailing quote',
    input: '"a word",b"\n',
    message: 'parse error on line 1, column 11: bare " in non-quoted-field',
  },
  {
    name: 'text after closing quote',
    input: '"a "word","b"\n',
    message: 'parse error on line 1, column 4: extraneous or missing " in quoted-field',
  },
  {
    name: 'unterminated quote',
    input: 'a,"bc',
    message: 'parse error on line 1, column 6: extraneous or missing " in quoted-field',
  },
  {
    name: 'error on a later line',
    input: 'a,b,c\nd,e"\n',
    message: 'parse error on line 2, column 4: bare " in non-quoted-field',
  },
  {
    name: 'error inside a record that spans lines',
    input: 'a,"b\nc"d,e',
    message: 'record on line 1; parse error on line 2, column 2: extraneous or missing " in quoted-field',
  },
  {
    name: 'column counts bytes',
    input: 'é,x"\n',
    message: 'parse error on line 1, column 5: bare " in non-quoted-field',
  },
];

for (const c of bad) {
  test(`parseCSV rejects: ${c.name}`, () => {
    assert.throws(
      () => parseCSV(c.input),
      (e: unknown) => e instanceof CSVParseError && e.message === c.message,
    );
  });
}
