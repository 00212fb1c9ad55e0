import type { ResourceInfo } from '../../api/index.js';
import type { JsonObject, RequestContext } from './types.js';

/** The operation an admission plugin sees, as upstream's admission.Operation. */
export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

/** What admission learns of one request (upstream's admission.Attributes). */
export interface AdmissionAttributes {
  readonly operation: AdmissionOperation;
  /** The resource written (for subresources, the parent resource). */
  readonly resource: ResourceInfo;
  /** '' for the main resource; `status`, `binding`, `eviction`, ... otherwise. */
  readonly subresource: string;
  /** The namespace of the request; '' for cluster-scoped resources. */
  readonly namespace: string;
  /** The object's name; '' on a create that will generate one. */
  readonly name: string;
  /** The incoming object. Mutating admission may change it in place; undefined on DELETE. */
  readonly object: JsonObject | undefined;
  /** The stored object on UPDATE and DELETE; undefined on CREATE. */
  readonly oldObject: JsonObject | undefined;
  readonly dryRun: boolean;
  readonly ctx: RequestContext;
  /**
   * Where admission appends warnings for the response's `Warning` headers (PodSecurity's
   * `would violate ...`). The caller shares one array between the admit and validate calls of a
   * request; when absent, warnings are dropped.
   */
  readonly warnings?: string[];
}

/**
 * Admission control as the registry calls it: `admit` (mutating) runs after decoding and
 * defaulting and before the strategy prepares and validates; `validate` runs after strategy
 * validation, just before the write. Both reject with a StatusError to refuse the request.
 */
export interface Admission {
  admit(a: AdmissionAttributes): Promise<void>;
  validate(a: AdmissionAttributes): Promise<void>;
}

/** Admission that lets everything through unchanged. */
export const NO_ADMISSION: Admission = {
  admit: () => Promise.resolve(),
  validate: () => Promise.resolve(),
};

/**
 * Called with whether the write the hook prepared for succeeded (or, on dry run, would have);
 * a hook releases what it reserved when it did not.
 */
export type FinishFunc = (succeeded: boolean) => Promise<void>;

/**
 * Per-resource steps around storage writes that need I/O, as upstream's BeginCreate /
 * BeginUpdate / AfterDelete of the generic store (services allocate cluster IPs and node ports
 * with them). Begin hooks run after mutating admission and before the strategy prepares and
 * validates the object; they may change it in place and reject with a StatusError.
 */
export interface RegistryHooks {
  beginCreate?(ctx: RequestContext, obj: JsonObject, dryRun: boolean): Promise<FinishFunc>;
  beginUpdate?(ctx: RequestContext, obj: JsonObject, old: JsonObject, dryRun: boolean): Promise<FinishFunc>;
  /** After an object is removed from the store (not on dry run). */
  afterDelete?(ctx: RequestContext, obj: JsonObject): Promise<void>;
}
