/**
 * Cell formatting shared by the printers: ages, label and selector text, container lists,
 * quantities, and the "a,b,c + N more..." truncation.
 */
import { humanDuration } from '../../apimachinery/duration/index.js';
import {
  formatLabels as formatLabelMap,
  formatLabelSelector as formatSelector,
  LabelSelectorError,
  type LabelSelector,
  labelSelectorAsSelector,
} from '../../apimachinery/labels/index.js';
import {
  compareInstants,
  type Instant,
  isZeroTime,
  MetaParseError,
  parseRFC3339,
} from '../../apimachinery/meta/index.js';
import { QuantityError, quantityFromJSON } from '../../apimachinery/quantity/index.js';
import { at, isObj, type Obj, objList, str, strList, strMap } from './json.js';
import type { PrintContext } from './types.js';

/** The instant of the RFC 3339 timestamp at `path`, undefined when unset or unparseable. */
export function timestamp(o: unknown, ...path: readonly string[]): Instant | undefined {
  const v = at(o, ...path);
  if (typeof v !== 'string') return undefined;
  try {
    return parseRFC3339(v);
  } catch (e) {
    // A stored object never holds an unparseable time; reading one as unset keeps printing total.
    if (e instanceof MetaParseError) return undefined;
    throw e;
  }
}

/** Milliseconds since the epoch of an instant (sub-millisecond digits dropped). */
export function instantMs(t: Instant): number {
  return t.seconds * 1000 + Math.floor(t.nanos / 1_000_000);
}

/** True for an unset or zero time (upstream's `IsZero`). */
export function isZero(t: Instant | undefined): t is undefined {
  return t === undefined || isZeroTime(t);
}

/** Go's `a.Before(b)` with unset read as the zero time. */
export function before(a: Instant | undefined, b: Instant | undefined): boolean {
  if (isZero(b)) return false;
  if (isZero(a)) return true;
  return compareInstants(a, b) < 0;
}

/** kubectl's age of a timestamp: `<unknown>` when unset, else the human duration since it. */
export function since(ctx: PrintContext, t: Instant | undefined): string {
  if (isZero(t)) return '<unknown>';
  return humanDuration(ctx.nowMs - instantMs(t));
}

/** The AGE cell of an object: the age of `metadata.creationTimestamp`. */
export function age(o: Obj, ctx: PrintContext): string {
  return since(ctx, timestamp(o, 'metadata', 'creationTimestamp'));
}

/** `metadata.name`, `''` when unset. */
export function name(o: Obj): string {
  return str(o, 'metadata', 'name');
}

/** Labels as `k=v,k2=v2` in key order, `<none>` when empty. */
export function formatLabels(o: unknown, ...path: readonly string[]): string {
  return formatLabelMap(strMap(o, ...path));
}

/**
 * Reads a LabelSelector from JSON keeping only well-typed parts, as Go's decoder would have
 * produced them; undefined for a nil selector.
 */
export function labelSelector(o: unknown, ...path: readonly string[]): LabelSelector | undefined {
  const v = at(o, ...path);
  if (!isObj(v)) return undefined;
  const matchExpressions = objList(v, 'matchExpressions').map((e) => ({
    key: str(e, 'key'),
    operator: str(e, 'operator'),
    values: strList(e, 'values'),
  }));
  return { matchLabels: strMap(v, 'matchLabels'), matchExpressions };
}

/** `metav1.FormatLabelSelector`: the selector text, `<none>` when empty, `<error>` when invalid. */
export function formatLabelSelector(o: unknown, ...path: readonly string[]): string {
  return formatSelector(labelSelector(o, ...path) ?? null);
}

/** The selector text (empty for everything or nothing), or undefined when the selector is invalid. */
export function selectorString(o: unknown, ...path: readonly string[]): string | undefined {
  try {
    return labelSelectorAsSelector(labelSelector(o, ...path) ?? null).toString();
  } catch (e) {
    if (e instanceof LabelSelectorError) return undefined;
    throw e;
  }
}

/** Container names and images, each comma-joined in order (upstream's `layoutContainerCells`). */
export function containerCells(o: unknown, ...path: readonly string[]): [string, string] {
  const containers = objList(o, ...path);
  return [containers.map((c) => str(c, 'name')).join(','), containers.map((c) => str(c, 'image')).join(',')];
}

/**
 * Joins `items` with commas, `<unset>` when there are none, and `a,b,c + N more...` when more
 * than `max` were counted (upstream's `listWithMoreString`).
 */
export function listWithMore(items: readonly string[], more: boolean, count: number, max: number): string {
  const joined = items.join(',');
  if (more) return `${joined} + ${count - max} more...`;
  return joined === '' ? '<unset>' : joined;
}

/** Upstream's `printBool`: `True` or `False`. */
export function goBool(b: boolean): string {
  return b ? 'True' : 'False';
}

/** Upstream's `printBoolPtr`: `True`, `False`, or `<unset>` for a nil pointer. */
export function goBoolPtr(b: boolean | undefined): string {
  return b === undefined ? '<unset>' : goBool(b);
}

/** Go's `%v` of a `[]string`: `[a b c]`. */
export function goStringSlice(items: readonly string[]): string {
  return `[${items.join(' ')}]`;
}

/** A decimal integer as Go prints an int64 (no exponent for large values); `n` must be finite. */
export function goInt(n: number): string {
  if (Number.isSafeInteger(n) || !Number.isFinite(n)) return String(n);
  return BigInt(Math.trunc(n)).toString();
}

function quantityText(v: unknown): string | undefined {
  try {
    return quantityFromJSON(v).toString();
  } catch (e) {
    if (e instanceof QuantityError) return typeof v === 'string' ? v : undefined;
    throw e;
  }
}

/** `Quantity.String()` of a quantity held by value: `0` when unset. */
export function quantityValue(o: unknown, ...path: readonly string[]): string {
  const v = at(o, ...path);
  if (v === undefined || v === null) return '0';
  return quantityText(v) ?? '0';
}

/** `(*Quantity).String()` of a quantity pointer: `<nil>` when unset. */
export function quantityPtr(o: unknown, ...path: readonly string[]): string {
  const v = at(o, ...path);
  if (v === undefined || v === null) return '<nil>';
  return quantityText(v) ?? '<nil>';
}

/** `IntOrString.String()` of the value at `path`, undefined for a nil pointer. */
export function intOrString(o: unknown, ...path: readonly string[]): string | undefined {
  const v = at(o, ...path);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return goInt(Math.trunc(v));
  return undefined;
}

/** `host:port` as Go's `net.JoinHostPort` writes it (brackets around a host holding `:`). */
export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Go's `strings.ToLower` of kinds, groups and resources. */
export function lower(s: string): string {
  return s.toLowerCase();
}
