import type { JsonObject } from './types.js';

/**
 * What upstream's namespace strategy does on create: the status starts Active, and the
 * `kubernetes` finalizer is added to spec.finalizers (the namespace controller removes it once
 * the namespace's content is gone). Mutates `ns`.
 */
export function prepareNamespaceForCreate(ns: JsonObject): void {
  ns['status'] = { phase: 'Active' };
  const spec = (typeof ns['spec'] === 'object' && ns['spec'] !== null ? ns['spec'] : {}) as JsonObject;
  const finalizers = Array.isArray(spec['finalizers']) ? (spec['finalizers'] as unknown[]) : [];
  if (!finalizers.includes('kubernetes')) spec['finalizers'] = [...finalizers, 'kubernetes'];
  ns['spec'] = spec;
}

function finalizersIn(ns: JsonObject): unknown[] | undefined {
  const spec = ns['spec'];
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return undefined;
  const f = (spec as JsonObject)['finalizers'];
  return Array.isArray(f) ? f : undefined;
}

/**
 * What upstream's namespace strategy does on update of the main resource: spec.finalizers and the
 * status are kept as stored (they change through namespaces/finalize and namespaces/status).
 * Mutates `ns`.
 */
export function prepareNamespaceForUpdate(ns: JsonObject, old: JsonObject): void {
  const kept = finalizersIn(old);
  const spec = (typeof ns['spec'] === 'object' && ns['spec'] !== null ? ns['spec'] : {}) as JsonObject;
  if (kept === undefined) delete spec['finalizers'];
  else spec['finalizers'] = structuredClone(kept);
  ns['spec'] = spec;
  if (old['status'] === undefined) delete ns['status'];
  else ns['status'] = structuredClone(old['status']);
}

/** Whether a terminating namespace may go away: its spec.finalizers are empty. Pure. */
export function namespaceFinalized(ns: JsonObject): boolean {
  return (finalizersIn(ns) ?? []).length === 0;
}
