import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Lexer, scanAll, Token } from './lexer.js';

const name = (t: Token): string => Object.entries(Token).find(([, v]) => v === t)?.[0] ?? String(t);

describe('Lexer single tokens', () => {
  const cases: Array<[string, string, Token]> = [
    ['empty input', '', Token.EndOfString],
    ['comma', ',', Token.Comma],
    ['notin keyword', 'notin', Token.NotIn],
    ['in keyword', 'in', Token.In],
    ['equals', '=', Token.Equals],
    ['double equals', '==', Token.DoubleEquals],
    ['greater than', '>', Token.GreaterThan],
    ['less than', '<', Token.LessThan],
    ['bang alone', '!', Token.DoesNotExist],
    ['not equals is the longest match', '!=', Token.NotEquals],
    ['open paren', '(', Token.OpenPar],
    ['close paren', ')', Token.ClosedPar],
    ['tilde is identifier text', '~', Token.Identifier],
    ['pipes are identifier text', '||', Token.Identifier],
    ['keyword prefix is an identifier', 'inx', Token.Identifier],
  ];
  for (const [title, input, want] of cases) {
    test(title, () => {
      const item = new Lexer(input).lex();
      assert.equal(name(item.tok), name(want));
      assert.equal(item.literal, input);
    });
  }
});

describe('Lexer sequences', () => {
  const T = Token;
  const cases: Array<[string, string, Token[]]> = [
    ['in with spaced parens', 'key in ( value )', [T.Identifier, T.In, T.OpenPar, T.Identifier, T.ClosedPar]],
    ['notin', 'key notin ( value )', [T.Identifier, T.NotIn, T.OpenPar, T.Identifier, T.ClosedPar]],
    [
      'two values',
      'key in ( value1, value2 )',
      [T.Identifier, T.In, T.OpenPar, T.Identifier, T.Comma, T.Identifier, T.ClosedPar],
    ],
    ['bare key', 'key', [T.Identifier]],
    ['negated key', '!key', [T.DoesNotExist, T.Identifier]],
    ['empty parens', '()', [T.OpenPar, T.ClosedPar]],
    ['empty set then key', 'x in (),y', [T.Identifier, T.In, T.OpenPar, T.ClosedPar, T.Comma, T.Identifier]],
    [
      'operators only',
      '== != (), = notin',
      [T.DoubleEquals, T.NotEquals, T.OpenPar, T.ClosedPar, T.Comma, T.Equals, T.NotIn],
    ],
    ['greater than', 'key>2', [T.Identifier, T.GreaterThan, T.Identifier]],
    ['less than', 'key<1', [T.Identifier, T.LessThan, T.Identifier]],
    [
      'triple equals splits after the longest operator',
      'a===b',
      [T.Identifier, T.DoubleEquals, T.Equals, T.Identifier],
    ],
    ['double bang', '!!a', [T.DoesNotExist, T.DoesNotExist, T.Identifier]],
    ['tabs, CR and LF are blanks', '\ta\r\n=\nb', [T.Identifier, T.Equals, T.Identifier]],
    ['vertical tab is not a blank', 'a\vb', [T.Identifier]],
    ['NUL ends an identifier and is consumed', 'a\u0000b', [T.Identifier, T.Identifier]],
    ['leading NUL ends the input', '\u0000a=b', []],
  ];
  for (const [title, input, want] of cases) {
    test(title, () => {
      const items = scanAll(input);
      assert.equal(items.at(-1)?.tok, Token.EndOfString);
      assert.deepEqual(
        items.slice(0, -1).map((i) => name(i.tok)),
        want.map(name),
      );
    });
  }

  test('literals keep the original text', () => {
    assert.deepEqual(
      scanAll('0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)').map((i) => i.literal),
      ['0.1.2.domain/99', 'notin', '(', '10.10.100.1', ',', 'tick.tack.clock', ')', ''],
    );
  });

  test('end of input repeats', () => {
    const l = new Lexer('a');
    l.lex();
    assert.equal(l.lex().tok, Token.EndOfString);
    assert.equal(l.lex().tok, Token.EndOfString);
  });
});
