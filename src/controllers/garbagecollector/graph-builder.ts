// Keeps the dependency graph current from monitor events and decides which nodes the collector
// must look at (upstream's GraphBuilder.processGraphChanges).
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { GraphNode, LruSet, partitionDependents } from './graph.js';
import {
  beingDeleted,
  FINALIZER_DELETE_DEPENDENTS,
  FINALIZER_ORPHAN,
  hasFinalizer,
  identityOfRef,
  identityString,
  type ObjectIdentity,
  type ObjectMetadata,
  referencesDiffs,
  refMatchesCoordinates,
  sameIdentity,
} from './identity.js';

/** An object change seen by a monitor, or a virtual delete made by the collector. */
export type GraphEvent =
  | {
      readonly type: 'add' | 'update';
      readonly apiVersion: string;
      readonly kind: string;
      readonly obj: ObjectMetadata;
      /** The previous state, for updates. */
      readonly old?: ObjectMetadata;
    }
  | {
      readonly type: 'delete';
      readonly apiVersion: string;
      readonly kind: string;
      readonly obj: ObjectMetadata;
    }
  /** The collector verified that `identity` does not exist. */
  | { readonly type: 'virtualDelete'; readonly identity: ObjectIdentity };

/** What the builder asks of the collector. */
export interface GraphBuilderHooks {
  /** Look at `node` in the attempt-to-delete queue (rate limited when asked). */
  attemptToDelete(node: GraphNode, rateLimited?: boolean): void;
  /** Orphan the dependents of `node`. */
  attemptToOrphan(node: GraphNode): void;
  /** Warn (event OwnerRefInvalidNamespace) that `node`'s reference to `ownerUID` cannot resolve. */
  reportInvalidNamespaceOwnerRef(node: GraphNode, ref: OwnerReference): void;
}

/** Upstream's size of the cache of owners verified absent. */
export const ABSENT_OWNER_CACHE_SIZE = 500;

/**
 * The graph and its update rules. `process` is synchronous and must be called in event order;
 * nodes are read by workers between events.
 */
export class GraphBuilder {
  readonly uidToNode = new Map<string, GraphNode>();
  /** Identity strings (namespace '' for cluster-scoped) of owners verified absent. */
  readonly absentOwners = new LruSet(ABSENT_OWNER_CACHE_SIZE);

  constructor(private readonly hooks: GraphBuilderHooks) {}

  /** Applies one event to the graph and queues the nodes it concerns. */
  process(ev: GraphEvent): void {
    if (ev.type === 'virtualDelete') {
      this.processDelete(ev.identity, true);
      return;
    }
    const id: ObjectIdentity = {
      apiVersion: ev.apiVersion,
      kind: ev.kind,
      name: ev.obj.name,
      uid: ev.obj.uid,
      namespace: ev.obj.namespace,
    };
    if (ev.type === 'delete') {
      this.processDelete(id, false);
      return;
    }
    let existing = this.uidToNode.get(id.uid);
    if (existing?.virtual) existing = this.observe(existing, id);
    const obj = ev.obj;
    const old = ev.old;
    if (existing === undefined) {
      const node = new GraphNode(id, false);
      node.owners = obj.ownerReferences;
      node.beingDeleted = beingDeleted(obj);
      node.deletingDependents = node.beingDeleted && hasFinalizer(obj, FINALIZER_DELETE_DEPENDENTS);
      this.uidToNode.set(id.uid, node);
      this.addDependentToOwners(node, node.owners);
      this.processTransitions(old, obj, node);
      return;
    }
    const { added, removed, changed } = referencesDiffs(existing.owners, obj.ownerReferences);
    if (added.length + removed.length + changed.length > 0) {
      this.addUnblockedOwnersToDeleteQueue(removed, changed);
      existing.owners = obj.ownerReferences;
      this.addDependentToOwners(existing, added);
      this.removeDependentFromOwners(existing, removed);
    }
    if (beingDeleted(obj)) existing.beingDeleted = true;
    this.processTransitions(old, obj, existing);
  }

  // A virtual node is now seen by a monitor: keep its dependents, take the observed identity, and
  // look again at dependents that named it otherwise.
  private observe(node: GraphNode, observedId: ObjectIdentity): GraphNode {
    let current = node;
    if (!sameIdentity(node.identity, observedId)) {
      const { nonMatching } = partitionDependents(node.dependents, observedId);
      for (const dep of nonMatching) {
        if (observedId.namespace !== '' && dep.identity.namespace !== observedId.namespace) {
          const ref = dep.owners.find((r) => r.uid === observedId.uid);
          if (ref !== undefined) this.hooks.reportInvalidNamespaceOwnerRef(dep, ref);
        }
        this.hooks.attemptToDelete(dep);
      }
      current = node.clone();
      current.identity = observedId;
      this.uidToNode.set(observedId.uid, current);
    }
    current.virtual = false;
    return current;
  }

  private processDelete(id: ObjectIdentity, virtual: boolean): void {
    const existing = this.uidToNode.get(id.uid);
    if (existing === undefined) return;
    let remove = true;
    if (virtual) {
      if (existing.virtual) {
        const { matching, nonMatching } = partitionDependents(existing.dependents, id);
        if (nonMatching.length > 0) {
          // Some dependents name this owner otherwise: keep the node, settle the ones that agree.
          remove = false;
          if (matching.length > 0) {
            this.absentOwners.add(identityString(id));
            for (const dep of matching) this.hooks.attemptToDelete(dep);
          }
          if (sameIdentity(existing.identity, id)) {
            const alt = alternateOwnerIdentity(nonMatching, id);
            if (alt !== undefined) {
              const replacement = existing.clone();
              replacement.identity = alt;
              this.uidToNode.set(alt.uid, replacement);
              this.hooks.attemptToDelete(replacement, true);
            }
          }
        }
      } else if (!sameIdentity(existing.identity, id)) {
        // An observed node is never removed on the word of a virtual delete with other coordinates.
        remove = false;
        const { matching } = partitionDependents(existing.dependents, id);
        if (matching.length > 0) {
          this.absentOwners.add(identityString(id));
          for (const dep of matching) this.hooks.attemptToDelete(dep);
        }
      }
    }
    if (!remove) return;
    this.removeNode(existing);
    if (existing.dependents.size > 0) this.absentOwners.add(identityString(id));
    for (const dep of existing.dependents) this.hooks.attemptToDelete(dep);
    for (const ref of existing.owners) {
      const owner = this.uidToNode.get(ref.uid);
      if (owner?.deletingDependents === true) this.hooks.attemptToDelete(owner);
    }
  }

  private processTransitions(old: ObjectMetadata | undefined, now: ObjectMetadata, node: GraphNode): void {
    if (startsWaitingFor(old, now, FINALIZER_ORPHAN)) {
      this.hooks.attemptToOrphan(node);
      return;
    }
    if (startsWaitingFor(old, now, FINALIZER_DELETE_DEPENDENTS)) {
      node.deletingDependents = true;
      for (const dep of node.dependents) this.hooks.attemptToDelete(dep);
      this.hooks.attemptToDelete(node);
    }
  }

  // Adds `node` to the dependents of each owner, creating virtual owners as needed; queues
  // `node` when a reference might not resolve (other namespace, other coordinates).
  private addDependentToOwners(node: GraphNode, owners: readonly OwnerReference[]): void {
    let potentiallyInvalid = false;
    for (const ref of owners) {
      let owner = this.uidToNode.get(ref.uid);
      if (owner === undefined) {
        // The guessed namespace is the dependent's; attemptToDelete verifies it.
        owner = new GraphNode(identityOfRef(ref, node.identity.namespace), true);
        this.uidToNode.set(ref.uid, owner);
        owner.dependents.add(node);
        this.hooks.attemptToDelete(owner);
        continue;
      }
      owner.dependents.add(node);
      if (potentiallyInvalid) continue;
      const ownerNamespaced = owner.identity.namespace !== '';
      if (ownerNamespaced && owner.identity.namespace !== node.identity.namespace) {
        if (owner.observed) this.hooks.reportInvalidNamespaceOwnerRef(node, ref);
        potentiallyInvalid = true;
      } else if (!refMatchesCoordinates(ref, owner.identity)) {
        potentiallyInvalid = true;
      } else if (
        !ownerNamespaced &&
        owner.identity.namespace !== node.identity.namespace &&
        !owner.observed
      ) {
        // A virtual cluster-scoped owner named from another namespace may be a namespaced kind
        // wrongly referenced by a cluster-scoped dependent.
        potentiallyInvalid = true;
      }
    }
    if (potentiallyInvalid) this.hooks.attemptToDelete(node);
  }

  private removeDependentFromOwners(node: GraphNode, owners: readonly OwnerReference[]): void {
    for (const ref of owners) this.uidToNode.get(ref.uid)?.dependents.delete(node);
  }

  private removeNode(node: GraphNode): void {
    this.uidToNode.delete(node.identity.uid);
    this.removeDependentFromOwners(node, node.owners);
  }

  // Owners waiting for their dependents' deletion look again when a blocking reference went away
  // or stopped blocking.
  private addUnblockedOwnersToDeleteQueue(
    removed: readonly OwnerReference[],
    changed: readonly { old: OwnerReference; now: OwnerReference }[],
  ): void {
    const consider = (ref: OwnerReference) => {
      const owner = this.uidToNode.get(ref.uid);
      if (owner?.deletingDependents === true) this.hooks.attemptToDelete(owner);
    };
    for (const ref of removed) if (ref.blockOwnerDeletion === true) consider(ref);
    for (const c of changed) {
      if (c.old.blockOwnerDeletion === true && c.now.blockOwnerDeletion !== true) consider(c.now);
    }
  }
}

// Whether the object has just started waiting (deletion requested with `finalizer` present).
function startsWaitingFor(old: ObjectMetadata | undefined, now: ObjectMetadata, finalizer: string): boolean {
  if (!beingDeleted(now) || !hasFinalizer(now, finalizer)) return false;
  if (old === undefined) return true;
  return !beingDeleted(old) || !hasFinalizer(old, finalizer);
}

// Another identity the dependents give to an owner whose verified-absent identity is `absent`:
// the smallest one (by its printed form) after `absent`, else the smallest, so that repeated
// verification walks every candidate once.
function alternateOwnerIdentity(
  deps: readonly GraphNode[],
  absent: ObjectIdentity,
): ObjectIdentity | undefined {
  const candidates: ObjectIdentity[] = [];
  for (const dep of deps) {
    for (const ref of dep.owners) {
      if (ref.uid !== absent.uid) continue;
      const id = identityOfRef(ref, dep.identity.namespace);
      if (!sameIdentity(id, absent)) candidates.push(id);
    }
  }
  if (candidates.length === 0) return undefined;
  const key = (i: ObjectIdentity) => identityString(i);
  candidates.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return candidates.find((c) => key(c) > key(absent)) ?? candidates[0];
}
