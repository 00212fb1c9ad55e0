import type { PatchPrecondition } from './merge-patch.js';
import { getOwn, isObject } from './values.js';

/** A precondition failing when the patch changes the top-level `key` (mergepatch.RequireKeyUnchanged). Pure. */
export function requireKeyUnchanged(key: string): PatchPrecondition {
  return (patch) => getOwn(patch, key) === undefined;
}

/**
 * A precondition failing when the patch changes `metadata.<key>`
 * (mergepatch.RequireMetadataKeyUnchanged); kubectl apply uses it for name,
 * apiVersion and kind. Pure.
 */
export function requireMetadataKeyUnchanged(key: string): PatchPrecondition {
  return (patch) => {
    const metadata = getOwn(patch, 'metadata');
    if (!isObject(metadata)) return true;
    return getOwn(metadata, key) === undefined;
  };
}
