import { deepEqual } from '../../apimachinery/meta/index.js';
import type { Json, Path } from './path.js';
import type { TypeNode } from './schema.js';
import { FieldSet } from './set.js';
import type { VersionedSet } from './managed.js';
import {
  type Comparison,
  compare,
  ensureNamedFieldsAreMembers,
  merge,
  removeItems,
  toFieldSet,
} from './typed.js';

/**
 * structured-merge-diff's Updater: how an update or an apply changes the owners of fields, and
 * how apply merges and prunes. Managers are keyed by identity (see managed.ts). All functions
 * are pure: they return new maps and values.
 */

/** One field another manager owns with a different value. */
export interface Conflict {
  readonly manager: string;
  readonly path: Path;
}

/** The conflicts that stop an apply without force, in upstream's path order per manager. */
export class ConflictsError extends Error {
  override readonly name = 'ConflictsError';
  constructor(readonly conflicts: readonly Conflict[]) {
    super(`${conflicts.length} conflict(s)`);
  }
}

/** What the updater needs to know about the resource. */
export interface UpdaterContext {
  readonly type: TypeNode;
  /** The API version of the request (`apps/v1`). */
  readonly apiVersion: string;
  /** Fields the endpoint's strategy resets; never owned through it and never a conflict. */
  readonly ignored: FieldSet;
}

function withoutIgnored(s: FieldSet, ignored: FieldSet): FieldSet {
  return ignored.isEmpty() ? s : s.recursiveDifference(ignored).difference(ignored);
}

// Every other manager loses what the change removed, and (with force) what it modified or added.
function updateOthers(
  ctx: UpdaterContext,
  c: Comparison,
  managers: Map<string, VersionedSet>,
  workflow: string,
  force: boolean,
): Map<string, VersionedSet> {
  const changed = withoutIgnored(c.modified.union(c.added), ctx.ignored);
  const removed = withoutIgnored(c.removed, ctx.ignored);
  const out = new Map(managers);
  const conflicts: Conflict[] = [];
  for (const [manager, vs] of managers) {
    if (manager === workflow) continue;
    const hit = vs.set.intersection(changed);
    if (!hit.isEmpty()) for (const path of hit.paths()) conflicts.push({ manager, path });
    const rest = vs.set.difference(hit).difference(removed);
    if (rest.isEmpty()) out.delete(manager);
    else out.set(manager, { ...vs, set: rest });
  }
  if (!force && conflicts.length > 0) throw new ConflictsError(conflicts);
  for (const [manager, vs] of out) if (vs.set.isEmpty()) out.delete(manager);
  return out;
}

/**
 * A non-apply write by `manager` (an Update identity): the fields it changed (added, modified;
 * minus what it removed and what the strategy resets) join its set and leave every other
 * manager's; removed fields leave every set. Returns the new managers and whether the write
 * changed any field (upstream moves the manager's time only then).
 */
export function updateManagers(
  ctx: UpdaterContext,
  live: Json,
  next: Json,
  managers: Map<string, VersionedSet>,
  manager: string,
): { managers: Map<string, VersionedSet>; changed: boolean } {
  const CURRENT = '\u0000current-operation';
  const c = compare(live, next, ctx.type);
  const out = updateOthers(ctx, c, managers, CURRENT, true);
  const own = withoutIgnored(c.modified.union(c.added).difference(c.removed), ctx.ignored);
  if (own.isEmpty()) return { managers: out, changed: false };
  const previous = out.get(manager);
  out.set(manager, {
    set: previous === undefined ? own : own.union(previous.set),
    apiVersion: ctx.apiVersion,
    applied: false,
  });
  return { managers: out, changed: true };
}

/** The result of an apply: the new object (undefined when it equals the live one) and managers. */
export interface ApplyResult {
  readonly object: Json | undefined;
  readonly managers: Map<string, VersionedSet>;
}

/**
 * Applies `config` for `manager` (an Apply identity): merges it into the live object, makes the
 * configuration's field set the manager's, prunes what the manager applied before but no longer
 * applies and nobody else owns, and takes the changed fields from other managers — refusing
 * with a ConflictsError where their values differ, unless `force`. Throws SchemaError for a
 * configuration that does not fit the schema.
 */
export function applyConfig(
  ctx: UpdaterContext,
  live: Json,
  config: Json,
  managers: Map<string, VersionedSet>,
  manager: string,
  force: boolean,
): ApplyResult {
  const set = withoutIgnored(toFieldSet(config, ctx.type, true), ctx.ignored);
  const merged = merge(live, config, ctx.type);
  const lastSet = managers.get(manager);
  const next = new Map(managers);
  next.set(manager, { set, apiVersion: ctx.apiVersion, applied: true });
  const pruned = prune(ctx.type, merged, next, lastSet);
  const out = updateOthers(ctx, compare(live, pruned, ctx.type), next, manager, force);
  if (set.isEmpty()) out.delete(manager);
  return { object: deepEqual(live, pruned) ? undefined : pruned, managers: out };
}

// Removes what the manager applied last time and not this time, unless another manager (or
// its own new configuration) owns it; fields nobody owned stay.
function prune(
  t: TypeNode,
  merged: Json,
  managers: Map<string, VersionedSet>,
  lastSet: VersionedSet | undefined,
): Json {
  if (lastSet === undefined || lastSet.set.isEmpty()) return merged;
  const last = ensureNamedFieldsAreMembers(lastSet.set, t);
  let owned = new FieldSet();
  for (const vs of managers.values()) owned = owned.union(vs.set);
  const ownedNamed = ensureNamedFieldsAreMembers(owned, t);
  const mergedSet = ensureNamedFieldsAreMembers(toFieldSet(merged, t), t);
  const first = removeItems(merged, last, t);
  const firstSet = ensureNamedFieldsAreMembers(toFieldSet(first, t), t);
  const addedBack = removeItems(merged, mergedSet.difference(firstSet.union(ownedNamed)), t);
  const addedBackSet = ensureNamedFieldsAreMembers(toFieldSet(addedBack, t), t);
  return removeItems(merged, mergedSet.difference(addedBackSet).intersection(last), t);
}
