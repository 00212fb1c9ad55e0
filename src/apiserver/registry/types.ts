import type { FieldError } from '../../apimachinery/field/index.js';

/** A decoded API object as the registry handles it (plain JSON). */
export type JsonObject = Record<string, unknown>;

/**
 * What differs between resources on the write path, as upstream's per-resource REST strategy.
 * Hooks mutate the object they are given and never throw; validation returns field errors.
 */
export interface Strategy {
  /** Whether objects live in a namespace. */
  readonly namespaced: boolean;
  /** Whether `metadata.generation` is 1 on create and grows when anything outside metadata/status changes. */
  readonly tracksGeneration: boolean;
  /** Whether an update of a missing object creates it. */
  readonly allowCreateOnUpdate: boolean;
  /** Whether an update without `metadata.resourceVersion` overwrites the latest object. */
  readonly allowUnconditionalUpdate: boolean;
  /** Whether delete manages the garbage collector's `orphan` / `foregroundDeletion` finalizers. */
  readonly garbageCollection: boolean;
  /** Clears or fills fields before validation on create. */
  prepareForCreate(obj: JsonObject): void;
  /** Restores fields the endpoint may not change (status on the main resource, spec on status). */
  prepareForUpdate(obj: JsonObject, old: JsonObject): void;
  /** Create validation; [] when valid. */
  validate(obj: JsonObject): FieldError[];
  /** Update validation; [] when valid. */
  validateUpdate(obj: JsonObject, old: JsonObject): FieldError[];
  /** Warnings for an accepted object. */
  warnings(obj: JsonObject, old?: JsonObject): string[];
  /**
   * For kinds deleted gracefully (pods): the grace period to use given the requested one, or
   * undefined when the object is deleted at once. Absent for kinds without graceful deletion.
   */
  gracePeriodSeconds?(obj: JsonObject, requested: number | undefined): number | undefined;
  /**
   * Whether an update that removed the last finalizer of a deleting object may remove it (absent:
   * yes); namespaces also wait for spec.finalizers.
   */
  canDeleteDuringUpdate?(obj: JsonObject): boolean;
  /** Time to live of a written object in seconds (events: one hour); undefined for none. */
  ttlSeconds?(obj: JsonObject, update: boolean): number | undefined;
}

/** Who asks and when: what the registry needs from the request besides its body. */
export interface RequestContext {
  /** The namespace of the request path; '' for cluster-scoped requests and all-namespace lists. */
  readonly namespace: string;
  /** The authenticated user's name; the store does not act on it (admission and audit do). */
  readonly user: string;
  /** The user's groups (and more), for admission; absent for internal callers. */
  readonly userInfo?: {
    readonly name: string;
    readonly uid?: string;
    readonly groups: readonly string[];
    readonly extra?: Readonly<Record<string, readonly string[]>>;
  };
  /** The clock; injected so tests are deterministic. */
  now(): Date;
  /** Where admission adds warnings for the response's Warning headers; absent: dropped. */
  readonly warnings?: string[];
}

/** Options of create. */
export interface CreateOptions {
  /** Run every step but write nothing. */
  readonly dryRun?: boolean;
  /** The field manager recorded in managedFields; the HTTP layer derives it (default 'unknown'). */
  readonly fieldManager?: string;
}

/** Options of update, updateStatus and patch. */
export type UpdateOptions = CreateOptions;

/** Options of get. */
export interface GetOptions {
  /** '' or '0': latest; otherwise the object must be at least this recent. */
  readonly resourceVersion?: string;
}

/** Preconditions of delete. */
export interface Preconditions {
  readonly uid?: string;
  readonly resourceVersion?: string;
}

/** Options of delete, as DeleteOptions carries them (already validated). */
export interface DeleteOptions {
  readonly gracePeriodSeconds?: number;
  readonly preconditions?: Preconditions;
  readonly orphanDependents?: boolean;
  readonly propagationPolicy?: string;
  readonly dryRun?: boolean;
}

/** Outcome of delete: the object kept (marked for deletion) or gone. */
export type DeleteResult =
  | { readonly deleted: false; readonly object: JsonObject }
  | {
      readonly deleted: true;
      /** The deleted object, or a Success Status for kinds that answer with one. */
      readonly object: JsonObject;
    };

/** Outcome of a write: the object as stored (or as it would be, on dry run) and warnings. */
export interface WriteResult {
  readonly object: JsonObject;
  /** True when the object was created (create, or update that created). */
  readonly created: boolean;
  readonly warnings: readonly string[];
}
