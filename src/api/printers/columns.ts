/**
 * Column definitions and the glue that turns a per-object print function into a Printer.
 */
import type { Obj } from './json.js';
import type { Cell, PrintContext, Printer, PrintedRow, TableColumnDefinition } from './types.js';

interface ColumnOptions {
  readonly format?: string;
  readonly priority?: number;
}

/** A column definition; `priority` defaults to 0 (always shown) and `format` to `''`. */
export function column(
  name: string,
  type: string,
  description: string,
  opts: ColumnOptions = {},
): TableColumnDefinition {
  return { name, type, format: opts.format ?? '', description, priority: opts.priority ?? 0 };
}

/** A column kubectl shows only with `-o wide`. */
export function wide(name: string, type: string, description: string): TableColumnDefinition {
  return column(name, type, description, { priority: 1 });
}

/** The `Name` column every printer starts with. */
export const NAME = column('Name', 'string', 'Name of the object, unique within its namespace.', {
  format: 'name',
});

/** The `Age` column: time since the object was created. */
export const AGE = column('Age', 'string', 'Time since the object was created.');

/** Wide `Containers` column of workload templates. */
export const CONTAINERS = wide('Containers', 'string', 'Names of the containers in the pod template.');

/** Wide `Images` column of workload templates. */
export const IMAGES = wide('Images', 'string', 'Images of the containers in the pod template.');

/**
 * A Printer that prints each object on its own with `fn`, keeping the input order. `fn` must be
 * pure and must not throw except with PrintError.
 */
export function simplePrinter(
  columns: readonly TableColumnDefinition[],
  fn: (o: Obj, ctx: PrintContext) => readonly Cell[],
): Printer {
  return {
    columns,
    print: (objects, ctx) => objects.map((object): PrintedRow => ({ cells: fn(object, ctx), object })),
  };
}
