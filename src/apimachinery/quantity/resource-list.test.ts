import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  addResourceLists,
  formatResourceList,
  isZeroResourceList,
  lessThanOrEqual,
  maskResourceList,
  maxResourceList,
  negativeResourceNames,
  parseResourceList,
  QuantityError,
  removeZeros,
  resourceListsEqual,
  resourceNames,
  subtractNonNegative,
  subtractResourceLists,
} from './index.js';

const rl = (o: Record<string, string>) => parseResourceList(o);
const text = (m: ReadonlyMap<string, { toString(): string }>) => formatResourceList(m as never);

describe('resource list arithmetic (upstream quota helpers)', () => {
  test('add takes the union of names', () => {
    assert.deepEqual(text(addResourceLists(rl({ cpu: '100m' }), rl({ cpu: '100m' }))), { cpu: '200m' });
    assert.deepEqual(text(addResourceLists(rl({ cpu: '100m' }), rl({ memory: '1Gi' }))), {
      cpu: '100m',
      memory: '1Gi',
    });
    assert.deepEqual(text(addResourceLists(rl({}), rl({ cpu: '1' }))), { cpu: '1' });
  });
  test('subtract negates names only in the right list', () => {
    assert.deepEqual(text(subtractResourceLists(rl({ cpu: '1' }), rl({ cpu: '250m', memory: '1Gi' }))), {
      cpu: '750m',
      memory: '-1Gi',
    });
  });
  test('subtractNonNegative floors at zero', () => {
    assert.deepEqual(
      text(subtractNonNegative(rl({ cpu: '1', pods: '3' }), rl({ cpu: '2', memory: '1Gi' }))),
      {
        cpu: '0',
        memory: '0',
        pods: '3',
      },
    );
  });
  test('max keeps the larger amount', () => {
    assert.deepEqual(
      text(maxResourceList(rl({ cpu: '1', memory: '1Gi' }), rl({ cpu: '1500m', pods: '2' }))),
      {
        cpu: '1500m',
        memory: '1Gi',
        pods: '2',
      },
    );
  });
  test('equals compares names and amounts', () => {
    assert.equal(resourceListsEqual(rl({ cpu: '1' }), rl({ cpu: '1000m' })), true);
    assert.equal(resourceListsEqual(rl({ cpu: '1' }), rl({ cpu: '1', memory: '0' })), false);
    assert.equal(resourceListsEqual(rl({ cpu: '1' }), rl({ memory: '1' })), false);
    assert.equal(resourceListsEqual(rl({}), rl({})), true);
  });
  test('lessThanOrEqual checks names present in both', () => {
    assert.deepEqual(
      lessThanOrEqual(rl({ cpu: '1', memory: '2Gi' }), rl({ cpu: '2', memory: '1Gi', pods: '1' })),
      {
        ok: false,
        exceeded: ['memory'],
      },
    );
    assert.deepEqual(lessThanOrEqual(rl({ cpu: '2', extra: '5' }), rl({ cpu: '2' })), {
      ok: true,
      exceeded: [],
    });
  });
  test('mask, names, zero and negative helpers', () => {
    const list = rl({ memory: '0', cpu: '-1', pods: '3' });
    assert.deepEqual(text(maskResourceList(list, ['cpu', 'nope'])), { cpu: '-1' });
    assert.deepEqual(resourceNames(list), ['cpu', 'memory', 'pods']);
    assert.equal(isZeroResourceList(list), false);
    assert.equal(isZeroResourceList(rl({ cpu: '0', memory: '0Gi' })), true);
    assert.equal(isZeroResourceList(rl({})), true);
    assert.deepEqual(text(removeZeros(list)), { cpu: '-1', pods: '3' });
    assert.deepEqual(negativeResourceNames(list), ['cpu']);
  });
  test('inputs are not mutated', () => {
    const a = rl({ cpu: '1' });
    addResourceLists(a, rl({ cpu: '1' }));
    assert.deepEqual(text(a), { cpu: '1' });
  });
});

describe('parseResourceList and formatResourceList', () => {
  test('reads JSON objects and writes sorted keys', () => {
    const list = parseResourceList(JSON.parse('{"memory":"1.5Gi","cpu":0.5,"__proto__":"1"}'));
    assert.deepEqual(Object.keys(formatResourceList(list)), ['__proto__', 'cpu', 'memory']);
    assert.equal(formatResourceList(list)['memory'], '1536Mi');
    assert.equal(
      JSON.stringify(formatResourceList(list)),
      '{"__proto__":"1","cpu":"500m","memory":"1536Mi"}',
    );
  });
  test('null and undefined are empty lists', () => {
    assert.equal(parseResourceList(null).size, 0);
    assert.equal(parseResourceList(undefined).size, 0);
  });
  test('bad input is refused', () => {
    assert.throws(() => parseResourceList({ cpu: 'lots' }), { name: 'QuantityError' });
    assert.throws(() => parseResourceList([]), { name: 'QuantityError' });
    assert.throws(() => parseResourceList('1'), { name: 'QuantityError' });
  });
});

test('fuzz: parseResourceList returns a list or throws QuantityError', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 2 }), (v) => {
      try {
        for (const q of parseResourceList(v).values()) assert.equal(typeof q.toString(), 'string');
      } catch (e) {
        assert.ok(e instanceof QuantityError && e.message.length > 0);
      }
    }),
    { seed: 20261123, numRuns: 2000 },
  );
});
