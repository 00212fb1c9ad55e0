/**
 * The table the apiserver serves for resources without a printer: Name and Created At.
 */
import { formatRFC3339 } from '../../apimachinery/meta/index.js';
import { column } from './columns.js';
import { isZero, name, timestamp } from './format.js';
import type { Obj } from './json.js';
import type { PrintedRow, TableColumnDefinition } from './types.js';

/** Columns of the default table. */
export const DEFAULT_COLUMNS: readonly TableColumnDefinition[] = [
  column('Name', 'string', 'Name of the object, unique within its namespace.', { format: 'name' }),
  column('Created At', 'date', 'When the object was created, in RFC 3339 form (UTC).'),
];

/** Go's zero time as RFC 3339, what an object without a creation timestamp shows. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

/** One row of the default table: the name and the RFC 3339 creation time in UTC. Pure. */
export function defaultRow(o: Obj): PrintedRow {
  const created = timestamp(o, 'metadata', 'creationTimestamp');
  return { cells: [name(o), isZero(created) ? ZERO_TIME : formatRFC3339(created)], object: o };
}
