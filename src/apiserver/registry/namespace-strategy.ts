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
