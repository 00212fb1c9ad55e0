import { runStoreConformance } from '../../src/storage/conformance.js';
import { openSqliteStore } from '../../src/storage/sqlite/index.js';
import { tempDir } from '../support/temp-dir.js';

runStoreConformance('sqlite', async () => {
  const dir = tempDir('sqlite-conf');
  const store = await openSqliteStore({ dir: dir.path });
  return {
    store,
    reopen: () => openSqliteStore({ dir: dir.path }),
    cleanup: async () => dir.remove(),
  };
});
