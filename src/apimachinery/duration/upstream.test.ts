import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatGoDuration, parseGoDuration } from './index.js';
import { GO_DURATION_CASES } from './upstream-cases.js';

describe('Go duration parsing and printing match recorded upstream results', () => {
  for (const [input, nsOrError, text] of GO_DURATION_CASES) {
    test(JSON.stringify(input), () => {
      if (text === undefined) {
        assert.throws(() => parseGoDuration(input as string), {
          name: 'GoDurationError',
          message: nsOrError,
        });
        return;
      }
      const ns = parseGoDuration(input as string);
      assert.equal(ns, BigInt(nsOrError as string));
      assert.equal(formatGoDuration(ns), text);
    });
  }
});
