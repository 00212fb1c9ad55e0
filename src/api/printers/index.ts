/**
 * Server-side table printing: the `meta.k8s.io/v1` Table kubectl asks for with
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`, with upstream's columns and cells for
 * every built-in resource and the default Name / Created At table for the others.
 */
export { DEFAULT_COLUMNS } from './default-table.js';
export { effectiveDefaultStorageClass } from './storage.js';
export {
  hasPrinter,
  type IncludeObject,
  type PrintTableOptions,
  parseIncludeObject,
  printTable,
  toPartialObjectMetadata,
} from './table.js';
export {
  type Cell,
  PrintError,
  type Table,
  type TableColumnDefinition,
  type TableListMeta,
  type TableRow,
  type TableRowCondition,
} from './types.js';
