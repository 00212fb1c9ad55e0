import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseWarningHeader, warningsFromRawHeaders } from './warnings.js';

describe('warnings', () => {
  it('parses one or several warnings with escapes', () => {
    assert.deepEqual(parseWarningHeader('299 - "a, \\"quoted\\" text"'), ['a, "quoted" text']);
    assert.deepEqual(parseWarningHeader('299 - "one", 299 - "two"'), ['one', 'two']);
    assert.deepEqual(parseWarningHeader('not a warning'), ['not a warning']);
  });

  it('reads every Warning header of a raw list', () => {
    assert.deepEqual(
      warningsFromRawHeaders([
        'Content-Type',
        'application/json',
        'Warning',
        '299 - "x"',
        'warning',
        '299 - "y"',
      ]),
      ['x', 'y'],
    );
  });
});
