import { formatRFC3339 } from '../../apimachinery/meta/index.js';
import { GroupDiscoveryFailedError, type GroupVersionResource, type JsonObject } from './client.js';

/** The namespace condition types the deleter maintains, in the order it writes them. */
export const CONDITION_TYPES = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;

/** One of the deleter's condition types. */
export type ConditionType = (typeof CONDITION_TYPES)[number];

/** A namespace status condition (core/v1 NamespaceCondition). */
export interface NamespaceCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

// The reason and message of each condition when nothing is wrong (status False).
const OK: Record<ConditionType, { reason: string; message: string }> = {
  NamespaceDeletionDiscoveryFailure: {
    reason: 'ResourcesDiscovered',
    message: 'All resources successfully discovered',
  },
  NamespaceDeletionGroupVersionParsingFailure: {
    reason: 'ParsedGroupVersions',
    message: 'All legacy kube types successfully parsed',
  },
  NamespaceDeletionContentFailure: {
    reason: 'ContentDeleted',
    message: 'All content successfully deleted, may be waiting on finalization',
  },
  NamespaceContentRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
  NamespaceFinalizersRemaining: {
    reason: 'ContentHasNoFinalizers',
    message: 'All content-preserving finalizers finished',
  },
};

/** What is left after one pass over the namespace's resources. */
export interface ContentTotals {
  /** Objects remaining per resource (resources with none left are absent). */
  readonly remaining: ReadonlyMap<GroupVersionResource, number>;
  /** Remaining objects per finalizer they carry. */
  readonly finalizers: ReadonlyMap<string, number>;
}

// Go's sort.Strings: byte order.
function sortStrings(a: string[]): string[] {
  return a.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
}

/**
 * Turns the outcome of one deletion pass into the namespace's status conditions, as upstream's
 * namespaceConditionUpdater: each failure kind becomes a True condition with its reason and
 * message; every other maintained type gets its False "all good" variant. Collects, then `update`
 * writes into a namespace object. Not reusable across passes.
 */
export class NamespaceConditionUpdater {
  private readonly fresh: NamespaceCondition[] = [];
  private readonly contentErrors: Error[] = [];

  constructor(private readonly now: () => Date) {}

  private add(type: ConditionType, reason: string, message: string): void {
    this.fresh.push({
      type,
      status: 'True',
      lastTransitionTime: formatRFC3339(this.now()),
      reason,
      message,
    });
  }

  /** Discovery failed (wholly or for some group-versions). */
  processDiscoverResourcesErr(err: Error): void {
    const message =
      err instanceof GroupDiscoveryFailedError
        ? `Discovery failed for some groups, ${err.groups.size} failing: ${err.message}`
        : err.message;
    this.add('NamespaceDeletionDiscoveryFailure', 'DiscoveryFailed', message);
  }

  /** Some group-versions of discovery did not parse. */
  processGroupVersionErr(err: Error): void {
    this.add('NamespaceDeletionGroupVersionParsingFailure', 'GroupVersionParsingFailed', err.message);
  }

  /** Deleting one resource's content failed. */
  processDeleteContentErr(err: Error): void {
    this.contentErrors.push(err);
  }

  /** What remains: NamespaceContentRemaining and NamespaceFinalizersRemaining when anything does. */
  processContentTotals(totals: ContentTotals): void {
    const resources: string[] = [];
    for (const [gvr, n] of totals.remaining) {
      if (n > 0) resources.push(`${gvr.resource}.${gvr.group} has ${n} resource instances`);
    }
    if (totals.remaining.size > 0) {
      this.add(
        'NamespaceContentRemaining',
        'SomeResourcesRemain',
        `Some resources are remaining: ${sortStrings(resources).join(', ')}`,
      );
    }
    const finalizers: string[] = [];
    for (const [f, n] of totals.finalizers) {
      if (n > 0) finalizers.push(`${f} in ${n} resource instances`);
    }
    if (totals.finalizers.size > 0) {
      this.add(
        'NamespaceFinalizersRemaining',
        'SomeFinalizersRemain',
        `Some content in the namespace has finalizers remaining: ${sortStrings(finalizers).join(', ')}`,
      );
    }
  }

  /**
   * Writes the conditions into `ns.status.conditions` (mutates `ns`): a missing type is appended;
   * an existing one takes the new status, reason and message (its lastTransitionTime changes only
   * with the status). Returns whether anything changed.
   */
  update(ns: JsonObject): boolean {
    if (
      this.contentErrors.length > 0 &&
      !this.fresh.some((c) => c.type === 'NamespaceDeletionContentFailure')
    ) {
      const msgs = sortStrings(this.contentErrors.map((e) => e.message));
      this.add(
        'NamespaceDeletionContentFailure',
        'ContentDeletionFailed',
        `Failed to delete all resource types, ${msgs.length} remaining: ${msgs.join(', ')}`,
      );
    }
    const status = objectField(ns, 'status');
    const conditions: NamespaceCondition[] = Array.isArray(status['conditions'])
      ? (status['conditions'] as NamespaceCondition[])
      : [];
    let changed = false;
    for (const type of CONDITION_TYPES) {
      const next = this.fresh.find((c) => c.type === type) ?? {
        type,
        status: 'False' as const,
        lastTransitionTime: formatRFC3339(this.now()),
        ...OK[type],
      };
      const old = conditions.find((c) => c.type === type);
      if (old === undefined) {
        conditions.push(next);
        changed = true;
      } else if (old.status !== next.status || old.message !== next.message || old.reason !== next.reason) {
        if (old.status !== next.status) old.lastTransitionTime = formatRFC3339(this.now());
        old.status = next.status;
        old.reason = next.reason ?? '';
        old.message = next.message ?? '';
        changed = true;
      }
    }
    status['conditions'] = conditions;
    return changed;
  }
}

/** `obj[name]` when it is an object, else a fresh one stored there. Mutates `obj`. */
export function objectField(obj: JsonObject, name: string): JsonObject {
  const v = obj[name];
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as JsonObject;
  const fresh: JsonObject = {};
  obj[name] = fresh;
  return fresh;
}
