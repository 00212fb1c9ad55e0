// Creating and deleting pods on behalf of a controller, with the events upstream records about it.
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { isNotFound, type StatusError } from '../../apimachinery/errors/index.js';
import { nameIsDNSSubdomain } from '../../apimachinery/validation/index.js';
import type { EventRecorder } from '../../client/events/types.js';
import { PODS } from '../../client/resources.js';
import type { Client, KubeObject } from '../../client/types.js';

/** Event reasons of pod creation and deletion (also ReplicaFailure condition reasons). */
export const FAILED_CREATE_POD_REASON = 'FailedCreate';
export const SUCCESSFUL_CREATE_POD_REASON = 'SuccessfulCreate';
export const FAILED_DELETE_POD_REASON = 'FailedDelete';
export const SUCCESSFUL_DELETE_POD_REASON = 'SuccessfulDelete';

/** The status cause type the API server adds when a namespace being deleted refuses new objects. */
export const NAMESPACE_TERMINATING_CAUSE = 'NamespaceTerminating';

/** Whether `err` is a StatusError with a `details.causes` entry whose type (`reason` on the wire) is `cause`. */
export function hasStatusCause(err: unknown, cause: string): boolean {
  const causes = (err as Partial<StatusError> | undefined)?.status?.details?.causes;
  return Array.isArray(causes) && causes.some((c) => c.reason === cause);
}

/**
 * The generateName of pods of a controller named `name`: `name-`, or `name` alone when `name-`
 * is not a valid prefix. Pure.
 */
export function podNamePrefix(name: string): string {
  const prefix = `${name}-`;
  return nameIsDNSSubdomain(prefix, true).length === 0 ? prefix : name;
}

/**
 * Throws unless `ref` is a usable controller reference: apiVersion and kind set, `controller`
 * and `blockOwnerDeletion` true (upstream's messages).
 */
export function validateControllerRef(ref: OwnerReference | undefined): asserts ref is OwnerReference {
  if (ref === undefined) throw new Error('controllerRef is nil');
  if (!ref.apiVersion) throw new Error('controllerRef has empty APIVersion');
  if (!ref.kind) throw new Error('controllerRef has empty Kind');
  if (ref.controller !== true) throw new Error('controllerRef.Controller is not set to true');
  if (ref.blockOwnerDeletion !== true) throw new Error('controllerRef.BlockOwnerDeletion is not set');
}

/**
 * A new pod from `template`: its labels, annotations and finalizers copied, generateName from the
 * owner's name, `controllerRef` as its only owner reference (when given), spec deep-copied. Pure.
 */
export function podFromTemplate(
  template: PodTemplateSpec,
  owner: KubeObject,
  controllerRef?: OwnerReference,
): Pod {
  const meta: NonNullable<Pod['metadata']> = {};
  const tm = template.metadata ?? {};
  meta.labels = { ...(tm.labels ?? {}) };
  if (tm.annotations !== undefined && Object.keys(tm.annotations).length > 0)
    meta.annotations = { ...tm.annotations };
  meta.generateName = podNamePrefix(owner.metadata?.name ?? '');
  if (tm.finalizers !== undefined && tm.finalizers.length > 0) meta.finalizers = [...tm.finalizers];
  if (controllerRef !== undefined) meta.ownerReferences = [{ ...controllerRef }];
  const pod: Pod = { metadata: meta };
  if (template.spec !== undefined) pod.spec = structuredClone(template.spec);
  return pod;
}

/** What controllers do to pods (upstream's PodControlInterface); a fake can stand in for tests. */
export interface PodControl {
  /**
   * Creates one pod from `template` in `namespace`, controlled through `controllerRef`; records
   * `SuccessfulCreate` or `FailedCreate` on `owner`. `generateName` overrides the owner-name prefix.
   */
  createPods(
    namespace: string,
    template: PodTemplateSpec,
    owner: KubeObject,
    controllerRef: OwnerReference,
    generateName?: string,
  ): Promise<Pod>;
  /** Deletes a pod; records `SuccessfulDelete` or `FailedDelete` (not for a pod already gone). */
  deletePod(namespace: string, name: string, owner: KubeObject): Promise<void>;
  /** Strategic merge patch of a pod. */
  patchPod(namespace: string, name: string, body: unknown): Promise<void>;
}

/**
 * PodControl over a client and an event recorder (upstream's RealPodControl). `owner` objects
 * must carry apiVersion and kind for the events (see withTypeMeta).
 */
export class RealPodControl implements PodControl {
  constructor(
    private readonly client: Client,
    private readonly recorder: EventRecorder,
  ) {}

  async createPods(
    namespace: string,
    template: PodTemplateSpec,
    owner: KubeObject,
    controllerRef: OwnerReference,
    generateName?: string,
  ): Promise<Pod> {
    validateControllerRef(controllerRef);
    const pod = podFromTemplate(template, owner, controllerRef);
    if (generateName !== undefined && generateName !== '') pod.metadata!.generateName = generateName;
    if (Object.keys(pod.metadata?.labels ?? {}).length === 0)
      throw new Error('unable to create pods, no labels');
    let created: Pod;
    try {
      created = await this.client.resource(PODS).create(namespace, pod);
    } catch (e) {
      if (!hasStatusCause(e, NAMESPACE_TERMINATING_CAUSE)) {
        this.recorder.event(owner, 'Warning', FAILED_CREATE_POD_REASON, `Error creating: ${errorText(e)}`);
      }
      throw e;
    }
    this.recorder.event(
      owner,
      'Normal',
      SUCCESSFUL_CREATE_POD_REASON,
      `Created pod: ${created.metadata?.name ?? ''}`,
    );
    return created;
  }

  async deletePod(namespace: string, name: string, owner: KubeObject): Promise<void> {
    try {
      await this.client.resource(PODS).delete(namespace, name);
    } catch (e) {
      if (isNotFound(e)) throw e;
      this.recorder.event(owner, 'Warning', FAILED_DELETE_POD_REASON, `Error deleting: ${errorText(e)}`);
      throw new Error(`unable to delete pods: ${errorText(e)}`, { cause: e });
    }
    this.recorder.event(owner, 'Normal', SUCCESSFUL_DELETE_POD_REASON, `Deleted pod: ${name}`);
  }

  async patchPod(namespace: string, name: string, body: unknown): Promise<void> {
    await this.client.resource(PODS).patch(namespace, name, 'strategic', body);
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
