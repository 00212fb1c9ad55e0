// The dependency graph: one node per object uid (observed through a monitor, or "virtual": known
// only as someone's owner), with edges from owners to dependents.
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { type ObjectIdentity, refMatchesCoordinates } from './identity.js';

/**
 * One object of the graph. `owners` are its owner references as last observed; `dependents` the
 * nodes that name it as owner. A virtual node stands for an owner not (yet) seen by a monitor.
 * Mutated only by the graph builder; workers read it.
 */
export class GraphNode {
  readonly dependents = new Set<GraphNode>();
  owners: readonly OwnerReference[] = [];
  beingDeleted = false;
  deletingDependents = false;

  constructor(
    public identity: ObjectIdentity,
    public virtual: boolean,
  ) {}

  /** Whether a monitor has seen the object (false for virtual nodes). */
  get observed(): boolean {
    return !this.virtual;
  }

  /** A copy with the same dependents and owners (the sets are copied, the dependents shared). */
  clone(): GraphNode {
    const n = new GraphNode({ ...this.identity }, this.virtual);
    for (const d of this.dependents) n.dependents.add(d);
    n.owners = this.owners;
    n.beingDeleted = this.beingDeleted;
    n.deletingDependents = this.deletingDependents;
    return n;
  }

  /** Dependents whose reference to this node has blockOwnerDeletion=true. */
  blockingDependents(): GraphNode[] {
    const out: GraphNode[] = [];
    for (const d of this.dependents)
      if (d.owners.some((r) => r.uid === this.identity.uid && r.blockOwnerDeletion === true)) out.push(d);
    return out;
  }

  /** A strategic merge patch turning every blocking owner reference of this node non-blocking. */
  unblockOwnerReferencesPatch(): unknown {
    const refs = this.owners
      .filter((r) => r.blockOwnerDeletion === true)
      .map((r) => ({ ...r, blockOwnerDeletion: false }));
    return { metadata: { ownerReferences: refs, uid: this.identity.uid } };
  }
}

/**
 * Splits dependents into those whose reference to `id.uid` matches `id` (coordinates, and
 * namespace when `id` is namespaced) and those that do not. Pure.
 */
export function partitionDependents(
  deps: Iterable<GraphNode>,
  id: ObjectIdentity,
): { matching: GraphNode[]; nonMatching: GraphNode[] } {
  const matching: GraphNode[] = [];
  const nonMatching: GraphNode[] = [];
  const namespaced = id.namespace !== '';
  for (const dep of deps) {
    let found = false;
    for (const ref of dep.owners) {
      if (ref.uid !== id.uid) continue;
      found = refMatchesCoordinates(ref, id) && (!namespaced || dep.identity.namespace === id.namespace);
      break;
    }
    (found ? matching : nonMatching).push(dep);
  }
  return { matching, nonMatching };
}

/** A set of identity strings that forgets the least recently used beyond `capacity`. */
export class LruSet {
  private readonly entries = new Map<string, true>();

  constructor(private readonly capacity: number) {}

  add(key: string): void {
    this.entries.delete(key);
    this.entries.set(key, true);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
  }

  has(key: string): boolean {
    if (!this.entries.has(key)) return false;
    this.entries.delete(key);
    this.entries.set(key, true);
    return true;
  }

  get size(): number {
    return this.entries.size;
  }
}
