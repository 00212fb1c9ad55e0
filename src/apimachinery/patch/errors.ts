import type { JsonObject } from './values.js';
import { goFormat } from './go-format.js';

/**
 * How the API server reports a patch failure: the `metav1.Status` reason it uses.
 * `Unknown` stands for upstream's empty reason (StatusReasonUnknown) with code 500:
 * what kube-apiserver answers for patch errors it does not classify (for example
 * an unknown `$patch` directive), with the library's text as message.
 */
export type PatchErrorReason =
  | 'BadRequest'
  | 'Invalid'
  | 'Conflict'
  | 'Unknown'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType';

/**
 * The one error class the patch engines throw for bad input. `message` is the
 * text upstream's library produces; `reason` is how kube-apiserver classifies it.
 */
export class PatchError extends Error {
  override readonly name: string = 'PatchError';
  constructor(
    readonly reason: PatchErrorReason,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A three-way patch whose changes collide with changes made on the server since
 * the last apply (`mergepatch.ErrConflict`). Only raised when overwrite is off.
 */
export class PatchConflictError extends PatchError {
  override readonly name: string = 'PatchConflictError';
  constructor(patchYaml: string, changedYaml: string) {
    super(
      'Conflict',
      `patch:\n${patchYaml}\nconflicts with changes made from original to current:\n${changedYaml}\n`,
    );
  }
}

/** A computed patch failed one of the caller's preconditions (`mergepatch.ErrPreconditionFailed`). */
export class PreconditionFailedError extends PatchError {
  override readonly name: string = 'PreconditionFailedError';
  constructor(patch: JsonObject) {
    super('Invalid', `precondition failed for: ${goFormat(patch)}`);
  }
}

// The strategic-merge sentinels of k8s.io/apimachinery/pkg/util/mergepatch, with the
// classification kube-apiserver gives each.
const badRequest = (message: string) => () => new PatchError('BadRequest', message);
const unprocessable = (message: string) => () => new PatchError('Invalid', message);

/** Error factories whose texts match upstream's mergepatch sentinels. */
export const smpErrors = {
  badJSONDoc: badRequest('invalid JSON document'),
  noListOfLists: unprocessable('lists of lists are not supported'),
  badPatchFormatForPrimitiveList: badRequest('invalid patch format of primitive list'),
  badPatchFormatForRetainKeys: badRequest('invalid patch format of retainKeys'),
  badPatchFormatForSetElementOrderList: badRequest('invalid patch format of setElementOrder list'),
  patchContentNotMatchRetainKeys: unprocessable("patch content doesn't match retainKeys list"),
  unsupportedStrategicMergePatchFormat: badRequest('strategic merge patch format is not supported'),
} as const;

/** An error upstream leaves unclassified: kube-apiserver answers it as an internal error. */
export function internalPatchError(message: string): PatchError {
  return new PatchError('Unknown', message);
}

/** The text kube-apiserver answers (code 500) when a request makes it panic. */
export const APISERVER_PANIC_MESSAGE =
  'This request caused apiserver to panic. Look in the logs for details.';

/**
 * Where upstream's Go code panics (hashing or comparing maps and lists held in
 * interface values), kite fails the same request with kube-apiserver's answer to
 * a panic instead.
 */
export function goPanicError(): PatchError {
  return new PatchError('Unknown', APISERVER_PANIC_MESSAGE);
}
