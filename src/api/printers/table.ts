/**
 * Building the Table: header rules, list metadata and the `includeObject` transformation.
 */
import { goQuote } from '../../apimachinery/field/index.js';
import { DEFAULT_COLUMNS, defaultRow } from './default-table.js';
import { isObj, type Obj } from './json.js';
import { printerFor } from './registry.js';
import type { PrintContext, PrintedRow, Table, TableListMeta, TableRow } from './types.js';

/** What a row's `object` holds: the object, its metadata as PartialObjectMetadata, or nothing. */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

/**
 * Reads the `includeObject` query parameter: absent or empty means `Metadata`, as upstream's
 * default. Returns the upstream Bad Request message for any other value.
 */
export function parseIncludeObject(
  raw: string | undefined,
): { readonly ok: true; readonly value: IncludeObject } | { readonly ok: false; readonly message: string } {
  if (raw === undefined || raw === '') return { ok: true, value: 'Metadata' };
  if (raw === 'None' || raw === 'Metadata' || raw === 'Object') return { ok: true, value: raw };
  return { ok: false, message: `unrecognized includeObject value: ${goQuote(raw)}` };
}

/** Options of `printTable`. */
export interface PrintTableOptions {
  /** The clock ages are computed against. */
  readonly now: Date;
  /** Leave out the column definitions (`columnDefinitions: null`), as `?noHeaders=true` asks. */
  readonly noHeaders?: boolean;
  /**
   * What rows carry as `object`. Defaults to `Object` (what the printers produce); the request
   * handler passes the `includeObject` query parameter, whose upstream default is `Metadata`.
   */
  readonly includeObject?: IncludeObject;
  /** Copied onto the Table's metadata (resourceVersion, continue, remainingItemCount). */
  readonly listMeta?: TableListMeta;
  /** The cluster's effective default StorageClass, when known (see `PrintContext`). */
  readonly defaultStorageClass?: string;
}

/** The metadata of an object as a `meta.k8s.io/v1` PartialObjectMetadata. Pure. */
export function toPartialObjectMetadata(o: unknown): Obj {
  const metadata = isObj(o) && isObj(o['metadata']) ? o['metadata'] : {};
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata };
}

function finishRow(row: PrintedRow, include: IncludeObject): TableRow {
  const object =
    include === 'None' ? null : include === 'Metadata' ? toPartialObjectMetadata(row.object) : row.object;
  return row.conditions === undefined
    ? { cells: row.cells, object }
    : { cells: row.cells, conditions: row.conditions, object };
}

function listMeta(meta: TableListMeta | undefined): TableListMeta {
  if (meta === undefined) return {};
  const out: { resourceVersion?: string; continue?: string; remainingItemCount?: number } = {};
  if (meta.resourceVersion !== undefined && meta.resourceVersion !== '')
    out.resourceVersion = meta.resourceVersion;
  if (meta.continue !== undefined && meta.continue !== '') out.continue = meta.continue;
  if (meta.remainingItemCount !== undefined) out.remainingItemCount = meta.remainingItemCount;
  return out;
}

/**
 * The `meta.k8s.io/v1` Table of `objects` of `resource`, with every column (wide ones too), as
 * the apiserver builds it. With `subresource: 'scale'` the objects are autoscaling/v1 Scales. Resources without a printer get the default Name / Created At table.
 * Does not mutate the objects; deterministic for a given `opts.now`. Throws PrintError only when
 * upstream's printer fails too (a controller reference with a malformed apiVersion).
 */
export function printTable(
  resource: { readonly group: string; readonly resource: string; readonly subresource?: string },
  objects: readonly object[],
  opts: PrintTableOptions,
): Table {
  const items = objects.map((o): Obj => (isObj(o) ? o : {}));
  const ctx: PrintContext =
    opts.defaultStorageClass === undefined
      ? { nowMs: opts.now.getTime() }
      : { nowMs: opts.now.getTime(), defaultStorageClass: opts.defaultStorageClass };
  const include = opts.includeObject ?? 'Object';
  const printer = printerFor(resource.group, resource.resource, resource.subresource);
  const base = { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: listMeta(opts.listMeta) } as const;
  if (printer === undefined) {
    // The default convertor leaves the rows unset (null on the wire) for an empty list.
    const rows = items.length === 0 ? null : items.map((o) => finishRow(defaultRow(o), include));
    return { ...base, columnDefinitions: opts.noHeaders === true ? null : DEFAULT_COLUMNS, rows };
  }
  const rows = printer.print(items, ctx).map((r) => finishRow(r, include));
  return { ...base, columnDefinitions: opts.noHeaders === true ? null : printer.columns, rows };
}

/** Whether `group`/`resource` has a dedicated printer (otherwise the default table is used). */
export function hasPrinter(group: string, resource: string): boolean {
  return printerFor(group, resource) !== undefined;
}
