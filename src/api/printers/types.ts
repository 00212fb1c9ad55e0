/**
 * The `meta.k8s.io/v1` Table shapes the printers produce, and the contract of one printer.
 */
import type { Obj } from './json.js';

/** One column of a Table; `priority` 1 marks a column kubectl shows only with `-o wide`. */
export interface TableColumnDefinition {
  readonly name: string;
  readonly type: string;
  readonly format: string;
  readonly description: string;
  readonly priority: number;
}

/** A row condition; upstream sets `Completed` on rows of finished pods. */
export interface TableRowCondition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
}

/** A cell value: upstream printers emit strings, int64s and bools. */
export type Cell = string | number | boolean;

/** One row: its cells (one per column, in order), optional conditions and the object it shows. */
export interface TableRow {
  readonly cells: readonly Cell[];
  readonly conditions?: readonly TableRowCondition[];
  /** The printed object, its metadata only, or null, as `includeObject` asks. */
  readonly object: unknown;
}

/** List metadata copied onto the Table, as upstream's table convertors copy it from the list. */
export interface TableListMeta {
  readonly resourceVersion?: string;
  readonly continue?: string;
  readonly remainingItemCount?: number;
}

/** A `meta.k8s.io/v1` Table. `columnDefinitions` is null when headers were not asked for. */
export interface Table {
  readonly kind: 'Table';
  readonly apiVersion: 'meta.k8s.io/v1';
  readonly metadata: TableListMeta;
  readonly columnDefinitions: readonly TableColumnDefinition[] | null;
  /** Null only for the default table of an empty list, as upstream encodes it. */
  readonly rows: readonly TableRow[] | null;
}

/** What a printer may read besides the object itself. */
export interface PrintContext {
  /** The clock for ages, in milliseconds since the epoch. */
  readonly nowMs: number;
  /**
   * The effective default StorageClass of the cluster, when the caller knows it; otherwise the
   * printer derives it from the objects it is given.
   */
  readonly defaultStorageClass?: string;
}

/** A printed row before `includeObject` is applied. */
export interface PrintedRow {
  readonly cells: readonly Cell[];
  readonly conditions?: readonly TableRowCondition[];
  readonly object: Obj;
}

/** The printer of one resource: its columns and how objects become rows. */
export interface Printer {
  readonly columns: readonly TableColumnDefinition[];
  /** Rows for `objects`; a printer may reorder them as upstream's list printer does. */
  readonly print: (objects: readonly Obj[], ctx: PrintContext) => PrintedRow[];
}

/**
 * A print function failed on an object it cannot represent, as upstream's printer returns an
 * error (the request then fails with it). The message is upstream's text.
 */
export class PrintError extends Error {
  override readonly name = 'PrintError';
}
