/**
 * Fixtures shared by the printer tests: a fixed clock and one-object table helpers.
 */
import { formatRFC3339 } from '../../apimachinery/meta/index.js';
import { printTable } from './table.js';
import type { TableRow } from './types.js';

/** The clock every printer test uses. */
export const NOW = new Date('2026-01-14T12:00:00Z');

/** An RFC 3339 timestamp `ms` milliseconds before NOW (negative: in the future). */
export function ago(ms: number): string {
  return formatRFC3339(new Date(NOW.getTime() - ms));
}

/** Milliseconds in a second, minute, hour and day. */
export const S = 1000;
export const M = 60 * S;
export const H = 60 * M;
export const D = 24 * H;

/** The single row printed for `obj` as `group`/`resource` at NOW. */
export function rowOf(group: string, resource: string, obj: object): TableRow {
  const rows = printTable({ group, resource }, [obj], { now: NOW }).rows;
  if (rows === null || rows.length !== 1) throw new Error(`expected one row, got ${JSON.stringify(rows)}`);
  const row = rows[0];
  if (row === undefined) throw new Error('no row');
  return row;
}

/** The cells printed for `obj` as `group`/`resource` at NOW. */
export function cellsOf(group: string, resource: string, obj: object): readonly unknown[] {
  return rowOf(group, resource, obj).cells;
}

/** The column names of `group`/`resource`. */
export function columnNames(group: string, resource: string): string[] {
  const cols = printTable({ group, resource }, [], { now: NOW }).columnDefinitions ?? [];
  return cols.map((c) => (c.priority === 1 ? `(${c.name})` : c.name));
}
