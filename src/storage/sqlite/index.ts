export type { Synchronous } from './schema.js';
export type { RestoreOptions, SaveResult } from './snapshot.js';
export { restoreSnapshot, saveSnapshot } from './snapshot.js';
export type { SqliteStoreOptions } from './sqlite-store.js';
export { openSqliteStore, SqliteStore, storePaths } from './sqlite-store.js';
