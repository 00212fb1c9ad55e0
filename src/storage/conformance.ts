/**
 * The behaviour every Store backend must show, as one node:test suite. A backend's test file
 * calls `runStoreConformance('sqlite', factory)`; the suite talks to the store only through the
 * Store interface, so the same cases judge the embedded store and etcd alike.
 */
import { describe } from 'node:test';
import type { Store } from './store.js';
import { registerCrud } from './conformance/crud.js';
import type { StoreFactory } from './conformance/harness.js';
import { registerLifecycle } from './conformance/lifecycle.js';
import { registerList } from './conformance/list.js';
import { registerWatch } from './conformance/watch.js';

export type { StoreFactory, StoreFixture } from './conformance/harness.js';

/**
 * Registers the conformance suite under `describe(name)`. `newStore` is called once per test and
 * must return an empty store of its own; `reopen` (optional) opens the same data again after the
 * store is closed; `cleanup` removes what the fixture made. Registration only: nothing runs until
 * the test runner does.
 */
export function runStoreConformance(
  name: string,
  newStore: () => Promise<{ store: Store; reopen?: () => Promise<Store>; cleanup: () => Promise<void> }>,
): void {
  const factory: StoreFactory = newStore;
  describe(`store conformance: ${name}`, () => {
    registerCrud(factory);
    registerList(factory);
    registerWatch(factory);
    registerLifecycle(factory);
  });
}
