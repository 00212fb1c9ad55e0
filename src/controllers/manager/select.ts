// The `--controllers` flag of kube-controller-manager: `*` turns on every controller that is on by
// default, `name` turns one on, `-name` turns one off. Names are upstream's (`replicaset-controller`)
// or their older aliases (`replicaset`).
import type { ControllerDescriptor } from '../context.js';

/** A controller the manager can run, and whether `*` includes it. */
export interface KnownController {
  /** Upstream's name, e.g. `node-ipam-controller`. */
  readonly name: string;
  /** Older names the flag also accepts, e.g. `nodeipam`. */
  readonly aliases: readonly string[];
  readonly descriptor: ControllerDescriptor;
  /** Off-by-default controllers run only when named. */
  readonly enabledByDefault: boolean;
}

/**
 * The controllers `spec` (the flag's comma-separated items; `['*']` when absent) selects from
 * `known`, in `known` order; or the error for an unknown name. Pure.
 */
export function selectControllers(
  known: readonly KnownController[],
  spec: readonly string[] = ['*'],
): { ok: true; controllers: ControllerDescriptor[] } | { ok: false; message: string } {
  const canonical = new Map<string, string>();
  for (const k of known) for (const n of [k.name, ...k.aliases]) canonical.set(n, k.name);
  const on = new Set<string>();
  const off = new Set<string>();
  let star = false;
  for (const item of spec) {
    if (item === '*') {
      star = true;
      continue;
    }
    const negated = item.startsWith('-');
    const name = canonical.get(negated ? item.slice(1) : item);
    if (name === undefined) {
      return {
        ok: false,
        message: `"${negated ? item.slice(1) : item}" is not in the list of known controllers`,
      };
    }
    (negated ? off : on).add(name);
  }
  const controllers = known
    .filter((k) => !off.has(k.name) && (on.has(k.name) || (star && k.enabledByDefault)))
    .map((k) => k.descriptor);
  return { ok: true, controllers };
}
