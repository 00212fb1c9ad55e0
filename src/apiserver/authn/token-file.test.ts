import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadTokenFile, parseTokenFile, TokenFileError } from './token-file.js';

const file = `
token1,user1,uid1
token2,user2,uid2
token3,user3,uid3,"group1,group2"
token4,user4,uid4,"group2"
token5,user5,uid5,group5
token6,user6,uid6,group5,otherdata
token7,user7,uid7,"group1,group2",otherdata
`;

const lookups: {
  name: string;
  token: string;
  want: { name: string; uid: string; groups: string[] } | undefined;
}[] = [
  { name: 'three columns', token: 'token1', want: { name: 'user1', uid: 'uid1', groups: [] } },
  { name: 'three columns again', token: 'token2', want: { name: 'user2', uid: 'uid2', groups: [] } },
  {
    name: 'quoted groups',
    token: 'token3',
    want: { name: 'user3', uid: 'uid3', groups: ['group1', 'group2'] },
  },
  { name: 'one quoted group', token: 'token4', want: { name: 'user4', uid: 'uid4', groups: ['group2'] } },
  { name: 'unquoted group', token: 'token5', want: { name: 'user5', uid: 'uid5', groups: ['group5'] } },
  {
    name: 'extra columns ignored',
    token: 'token6',
    want: { name: 'user6', uid: 'uid6', groups: ['group5'] },
  },
  {
    name: 'extra columns after quoted groups',
    token: 'token7',
    want: { name: 'user7', uid: 'uid7', groups: ['group1', 'group2'] },
  },
  { name: 'unknown token', token: 'token8', want: undefined },
  { name: 'empty token never matches', token: '', want: undefined },
];

for (const c of lookups) {
  test(`token file lookup: ${c.name}`, () => {
    const { tokens, warnings } = parseTokenFile('/etc/tokens.csv', file);
    assert.deepEqual(tokens.get(c.token), c.want);
    assert.deepEqual(warnings, []);
  });
}

const errors: { name: string; contents: string; message: string }[] = [
  {
    name: 'record with two columns',
    contents: 'token1,user1,uid1\ntoken2,user2,uid2\ntoken3,user3\ntoken4\n',
    message: "token file '/t.csv' must have at least 3 columns (token, user name, user uid), found 2",
  },
  {
    name: 'record with one column',
    contents: 'token4\n',
    message: "token file '/t.csv' must have at least 3 columns (token, user name, user uid), found 1",
  },
  {
    name: 'CSV syntax error',
    contents: 'token1,user1,uid1\ntok"en,u,i\n',
    message: 'parse error on line 2, column 4: bare " in non-quoted-field',
  },
  {
    name: 'unterminated groups quote',
    contents: 'token1,user1,uid1,"g1,g2\n',
    message: 'parse error on line 1, column 26: extraneous or missing " in quoted-field',
  },
];

for (const c of errors) {
  test(`token file rejected: ${c.name}`, () => {
    assert.throws(
      () => parseTokenFile('/t.csv', c.contents),
      (e: unknown) => e instanceof TokenFileError && e.message === c.message,
    );
  });
}

test('token file: an empty token is skipped with a warning naming its record', () => {
  const { tokens, warnings } = parseTokenFile('/t.csv', 'a,u,1\n,user5,uid5\n');
  assert.equal(tokens.size, 1);
  assert.deepEqual(warnings, ["empty token has been found in token file '/t.csv', record number '2'"]);
});

test('token file: a duplicate token warns and the later record wins', () => {
  const { tokens, warnings } = parseTokenFile('/t.csv', 't,first,1\n\nt,second,2\n');
  assert.equal(tokens.get('t')?.name, 'second');
  assert.deepEqual(warnings, ["duplicate token has been found in token file '/t.csv', record number '2'"]);
});

test('token file: an empty groups column is one empty group, as upstream splits it', () => {
  const { tokens } = parseTokenFile('/t.csv', 't,u,1,\n');
  assert.deepEqual(tokens.get('t')?.groups, ['']);
});

test('token file: CRLF files and blank lines', () => {
  const { tokens } = parseTokenFile('/t.csv', '\r\nt1,u1,1\r\n\r\nt2,u2,2,"a,b"\r\n');
  assert.deepEqual(tokens.get('t2'), { name: 'u2', uid: '2', groups: ['a', 'b'] });
  assert.equal(tokens.size, 2);
});

test('loadTokenFile reads the file from disk', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kite-tokens-'));
  try {
    const path = join(dir, 'tokens.csv');
    await writeFile(path, 'abc,admin,1,system:masters\n');
    const { tokens } = await loadTokenFile(path);
    assert.deepEqual(tokens.get('abc'), { name: 'admin', uid: '1', groups: ['system:masters'] });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
