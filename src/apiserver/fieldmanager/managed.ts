import { formatRFC3339 } from '../../apimachinery/meta/index.js';
import { compareStrings, type Json } from './path.js';
import { FieldSet } from './set.js';

/**
 * metadata.managedFields in memory: one versioned field set per manager identity, plus the time
 * of each manager's last change. The identity is upstream's: the JSON of the entry's manager,
 * operation, apiVersion (Update entries only) and subresource.
 */

/** The operation an entry records. */
export type Operation = 'Apply' | 'Update';

/** The fields one manager owns, at the API version it used. */
export interface VersionedSet {
  readonly set: FieldSet;
  readonly apiVersion: string;
  /** True for Apply entries. */
  readonly applied: boolean;
}

/** Who a manager identity names. */
export interface ManagerInfo {
  readonly manager: string;
  readonly operation: Operation;
  /** '' for Apply identities (the version lives in the versioned set). */
  readonly apiVersion: string;
  readonly subresource: string;
}

/** Managed fields by manager identity, with times (RFC 3339 text, as stored). Mutable. */
export interface Managed {
  readonly fields: Map<string, VersionedSet>;
  readonly times: Map<string, string>;
}

/** An empty Managed. */
export function emptyManaged(): Managed {
  return { fields: new Map(), times: new Map() };
}

/** A copy whose maps can be changed without touching `m` (the sets are immutable). */
export function copyManaged(m: Managed): Managed {
  return { fields: new Map(m.fields), times: new Map(m.times) };
}

/** The identity of a manager (upstream's BuildManagerIdentifier). Pure. */
export function managerIdentity(info: ManagerInfo): string {
  const o: Record<string, string> = {};
  if (info.manager !== '') o['manager'] = info.manager;
  o['operation'] = info.operation;
  if (info.operation === 'Update' && info.apiVersion !== '') o['apiVersion'] = info.apiVersion;
  if (info.subresource !== '') o['subresource'] = info.subresource;
  return JSON.stringify(o);
}

/** Reads an identity back. Pure. */
export function parseIdentity(id: string): ManagerInfo {
  let o: Record<string, unknown> = {};
  try {
    const v = JSON.parse(id) as unknown;
    if (typeof v === 'object' && v !== null) o = v as Record<string, unknown>;
  } catch {
    return { manager: id, operation: 'Update', apiVersion: '', subresource: '' };
  }
  const s = (k: string): string => (typeof o[k] === 'string' ? (o[k] as string) : '');
  return {
    manager: s('manager'),
    operation: s('operation') === 'Apply' ? 'Apply' : 'Update',
    apiVersion: s('apiVersion'),
    subresource: s('subresource'),
  };
}

/**
 * How upstream names a manager in conflict messages: `"m"`, `"m" with subresource "status"`,
 * and ` using apps/v1` for Update managers. Pure.
 */
export function printManager(id: string): string {
  const info = parseIdentity(id);
  let out = JSON.stringify(info.manager);
  if (info.subresource !== '') out += ` with subresource ${JSON.stringify(info.subresource)}`;
  if (info.operation === 'Update') out += ` using ${info.apiVersion}`;
  return out;
}

/** `[{}]`: the request asks for managedFields to be cleared. Pure. */
export function isResetManagedFields(v: unknown): boolean {
  return (
    Array.isArray(v) &&
    v.length === 1 &&
    typeof v[0] === 'object' &&
    v[0] !== null &&
    Object.keys(v[0] as object).length === 0
  );
}

/**
 * Decodes metadata.managedFields. Throws Error with upstream-like text for an entry that is not
 * an object, has an unknown operation or fieldsType, unreadable fieldsV1, or a duplicate
 * identity. Pure.
 */
export function decodeManaged(entries: unknown): Managed {
  const m = emptyManaged();
  if (entries === undefined || entries === null) return m;
  if (!Array.isArray(entries)) throw new Error('managedFields must be a list');
  for (const e of entries) {
    if (typeof e !== 'object' || e === null || Array.isArray(e))
      throw new Error('invalid managedFields entry');
    const entry = e as Record<string, unknown>;
    const op = entry['operation'];
    if (op !== 'Apply' && op !== 'Update') throw new Error(`invalid operation ${JSON.stringify(op ?? '')}`);
    if (entry['fieldsType'] !== 'FieldsV1') {
      throw new Error(`invalid fieldsType ${JSON.stringify(entry['fieldsType'] ?? '')}`);
    }
    const str = (k: string): string => (typeof entry[k] === 'string' ? (entry[k] as string) : '');
    const id = managerIdentity({
      manager: str('manager'),
      operation: op,
      apiVersion: str('apiVersion'),
      subresource: str('subresource'),
    });
    if (m.fields.has(id)) throw new Error(`found duplicate manager: ${id}`);
    const set = entry['fieldsV1'] === undefined ? new FieldSet() : FieldSet.fromFieldsV1(entry['fieldsV1']);
    m.fields.set(id, { set, apiVersion: str('apiVersion'), applied: op === 'Apply' });
    if (typeof entry['time'] === 'string') m.times.set(id, normalTime(entry['time']));
  }
  return m;
}

// metav1.Time keeps whole seconds in UTC: `2024-01-01T00:00:00.000Z` from a client is stored as
// `2024-01-01T00:00:00Z`. Text that does not parse is kept as sent.
function normalTime(t: string): string {
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? t : formatRFC3339(new Date(ms));
}

function seconds(t: string | undefined): number {
  if (t === undefined) return 0;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

/**
 * Encodes managed fields as upstream orders them: Apply before Update, then by time, manager,
 * apiVersion and subresource. Managers with empty sets are left out. Pure.
 */
export function encodeManaged(m: Managed): Json[] {
  const rows: { info: ManagerInfo; vs: VersionedSet; time: string | undefined }[] = [];
  for (const [id, vs] of m.fields) {
    if (vs.set.isEmpty()) continue;
    rows.push({ info: parseIdentity(id), vs, time: m.times.get(id) });
  }
  rows.sort(
    (p, q) =>
      compareStrings(p.info.operation, q.info.operation) ||
      seconds(p.time) - seconds(q.time) ||
      compareStrings(p.info.manager, q.info.manager) ||
      compareStrings(p.vs.apiVersion, q.vs.apiVersion) ||
      compareStrings(p.info.subresource, q.info.subresource),
  );
  return rows.map(({ info, vs, time }) => {
    const e: Record<string, Json> = {};
    if (info.manager !== '') e['manager'] = info.manager;
    e['operation'] = info.operation;
    if (vs.apiVersion !== '') e['apiVersion'] = vs.apiVersion;
    if (time !== undefined) e['time'] = time;
    e['fieldsType'] = 'FieldsV1';
    e['fieldsV1'] = vs.set.toFieldsV1();
    if (info.subresource !== '') e['subresource'] = info.subresource;
    return e;
  });
}

/** Upstream's cap on Update entries; older ones merge into one `ancient-changes` entry per version. */
export const MAX_UPDATE_MANAGERS = 10;

/** Name of the entry that collects the oldest Update entries beyond the cap. */
export const ANCIENT_CHANGES = 'ancient-changes';

/**
 * Merges the oldest Update entries into `ancient-changes` (one per apiVersion) until at most
 * {@link MAX_UPDATE_MANAGERS} Update entries remain, as upstream does. Mutates `m`.
 */
export function capUpdateManagers(m: Managed, max = MAX_UPDATE_MANAGERS): void {
  const updaters = [...m.fields.entries()].filter(([, vs]) => !vs.applied).map(([id]) => id);
  if (updaters.length <= max) return;
  updaters.sort((a, b) => seconds(m.times.get(a)) - seconds(m.times.get(b)) || compareStrings(a, b));
  const firstOfVersion = new Map<string, string>();
  let length = updaters.length;
  for (let i = 0; i < updaters.length && length > max; i++) {
    const id = updaters[i]!;
    const vs = m.fields.get(id)!;
    const time = m.times.get(id);
    const bucket = managerIdentity({
      manager: ANCIENT_CHANGES,
      operation: 'Update',
      apiVersion: vs.apiVersion,
      subresource: '',
    });
    const first = firstOfVersion.get(vs.apiVersion);
    if (first === undefined) {
      firstOfVersion.set(vs.apiVersion, id);
      continue;
    }
    if (!m.fields.has(bucket)) {
      const s = m.fields.get(first)!;
      m.fields.delete(first);
      m.times.delete(first);
      m.fields.set(bucket, s);
    }
    m.fields.set(bucket, {
      set: vs.set.union(m.fields.get(bucket)!.set),
      apiVersion: vs.apiVersion,
      applied: false,
    });
    m.fields.delete(id);
    m.times.delete(id);
    if (time !== undefined) m.times.set(bucket, time);
    else m.times.delete(bucket);
    length--;
  }
}
