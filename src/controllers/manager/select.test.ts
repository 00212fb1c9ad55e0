import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ControllerDescriptor } from '../context.js';
import { type KnownController, selectControllers } from './select.js';

const d = (name: string): ControllerDescriptor => ({ name, start: () => undefined });
const KNOWN: KnownController[] = [
  { name: 'a-controller', aliases: ['a'], descriptor: d('a'), enabledByDefault: true },
  { name: 'b-controller', aliases: [], descriptor: d('b'), enabledByDefault: true },
  { name: 'c-controller', aliases: ['c'], descriptor: d('c'), enabledByDefault: false },
];
const names = (r: ReturnType<typeof selectControllers>) =>
  r.ok ? r.controllers.map((c) => c.name) : r.message;

describe('selectControllers', () => {
  const cases: [string, string[] | undefined, string[] | string][] = [
    ['default is *', undefined, ['a', 'b']],
    ['* with an opt-in', ['*', 'c'], ['a', 'b', 'c']],
    ['* minus one', ['*', '-a'], ['b']],
    ['* minus one by its full name', ['*', '-a-controller'], ['b']],
    ['full name', ['b-controller'], ['b']],
    ['only named', ['c'], ['c']],
    ['nothing', [], []],
    ['unknown', ['*', 'zz'], '"zz" is not in the list of known controllers'],
    ['unknown disabled', ['-zz'], '"zz" is not in the list of known controllers'],
  ];
  for (const [name, spec, want] of cases) {
    it(name, () => assert.deepEqual(names(selectControllers(KNOWN, spec)), want));
  }
});
