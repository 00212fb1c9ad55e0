import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatLogLine, Logger } from './logger.js';

const at = new Date(Date.UTC(2026, 10, 3, 9, 4, 5, 67));

describe('formatLogLine', () => {
  const cases: { name: string; kv: Record<string, unknown>; want: string }[] = [
    { name: 'message only', kv: {}, want: 'I1103 09:04:05.067000    4242 test] "hello"\n' },
    {
      name: 'every value kind',
      kv: { s: 'a "b"\n', n: 3, b: true, big: 12n, nil: undefined, err: new Error('boom'), o: { x: 1 } },
      want: 'I1103 09:04:05.067000    4242 test] "hello" s="a \\"b\\"\\n" n=3 b=true big=12 nil=<nil> err="boom" o="{\\"x\\":1}"\n',
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(formatLogLine('I', at, 4242, 'test', 'hello', c.kv), c.want));
  }

  it('severity letter leads and long pids are not cut', () => {
    assert.equal(formatLogLine('E', at, 123456789, 'x', 'm'), 'E1103 09:04:05.067000 123456789 x] "m"\n');
  });
});

describe('Logger', () => {
  function capture(verbosity: number) {
    const lines: string[] = [];
    const log = new Logger({ verbosity, write: (l) => lines.push(l), now: () => at, pid: 1 });
    return { log, lines };
  }

  it('writes info lines up to its verbosity only', () => {
    const { log, lines } = capture(2);
    log.info(0, 's', 'zero');
    log.info(2, 's', 'two');
    log.info(3, 's', 'three');
    assert.deepEqual(
      lines.map((l) => l.replace(/^.*\] /, '')),
      ['"zero"\n', '"two"\n'],
    );
    assert.equal(log.enabled(2), true);
    assert.equal(log.enabled(3), false);
  });

  it('writes warnings and errors at any verbosity', () => {
    const { log, lines } = capture(0);
    log.warning('s', 'w', { k: 'v' });
    log.error('s', 'e');
    assert.deepEqual(lines, [
      'W1103 09:04:05.067000       1 s] "w" k="v"\n',
      'E1103 09:04:05.067000       1 s] "e"\n',
    ]);
  });

  it('survives a throwing sink', () => {
    const log = new Logger({
      write: () => {
        throw new Error('EPIPE');
      },
    });
    assert.doesNotThrow(() => log.error('s', 'x'));
  });
});
