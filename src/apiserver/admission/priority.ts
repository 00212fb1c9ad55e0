import { isAlreadyExists, isNotFound } from '../../apimachinery/errors/index.js';
import type { AdmissionAttributes } from '../registry/admission.js';
import type { JsonObject, RequestContext } from '../registry/types.js';
import { RESOURCES } from './resources.js';
import type { AdmissionLookup, AdmissionPlugin } from './types.js';
import {
  admissionForbidden,
  boolAt,
  ensureObject,
  isResource,
  metadataOf,
  numberAt,
  stringAt,
} from './util.js';

/** Upstream's plugin name. */
export const PRIORITY = 'Priority';

/** The priority of pods when no class is named and none is the global default. */
export const DEFAULT_PRIORITY_WHEN_NO_DEFAULT_CLASS = 0;

/** The priority of the system-cluster-critical class (system-node-critical is 1000 more). */
export const SYSTEM_CRITICAL_PRIORITY = 2_000_000_000;

/** The PriorityClasses upstream creates at start; they may never be changed or removed by users. */
export function systemPriorityClasses(): JsonObject[] {
  const pc = (name: string, value: number, description: string): JsonObject => ({
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name },
    value,
    description,
  });
  return [
    pc(
      'system-node-critical',
      SYSTEM_CRITICAL_PRIORITY + 1000,
      'Used for system critical pods that must not be moved from their current node.',
    ),
    pc(
      'system-cluster-critical',
      SYSTEM_CRITICAL_PRIORITY,
      'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
    ),
  ];
}

/** The part of a PriorityClass registry that bootstrapping needs (RegistryStore has it). */
export interface PriorityClassWriter {
  get(ctx: RequestContext, name: string): Promise<JsonObject>;
  create(ctx: RequestContext, body: unknown): Promise<unknown>;
}

/**
 * Creates the system PriorityClasses that are missing (upstream's
 * `scheduling/bootstrap-system-priority-classes` post-start hook); existing ones are left as
 * they are. Idempotent and safe to run from several servers at once (AlreadyExists is
 * success). Rejects with the first other failure; the caller retries.
 */
export async function bootstrapSystemPriorityClasses(
  registry: PriorityClassWriter,
  now: () => Date = () => new Date(),
): Promise<void> {
  const ctx: RequestContext = { namespace: '', user: 'system:apiserver', now };
  for (const pc of systemPriorityClasses()) {
    const name = stringAt(metadataOf(pc), 'name');
    try {
      await registry.get(ctx, name);
      continue;
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    try {
      await registry.create(ctx, pc);
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
    }
  }
}

// The global default class; with several (a race), the one of lowest value, as upstream.
async function defaultClass(lookup: AdmissionLookup): Promise<JsonObject | undefined> {
  let best: JsonObject | undefined;
  for (const pc of await lookup.list(RESOURCES.priorityClasses, '')) {
    if (boolAt(pc, 'globalDefault') !== true) continue;
    if (best === undefined || (numberAt(best, 'value') ?? 0) > (numberAt(pc, 'value') ?? 0)) best = pc;
  }
  return best;
}

/**
 * Priority: on pod create, resolves spec.priorityClassName (or the global default class, or
 * priority 0) into spec.priority and spec.preemptionPolicy, refusing an unknown class and a
 * pod that sets a different priority or policy itself; on pod update keeps the stored values.
 * On PriorityClass create and update, refuses a second globalDefault class. Reads
 * PriorityClasses. (The `system-` name prefix is checked by PriorityClass validation.)
 */
export function priority(lookup: AdmissionLookup): AdmissionPlugin {
  return {
    name: PRIORITY,
    async admit(a: AdmissionAttributes): Promise<void> {
      if (a.subresource !== '' || !isResource(a, '', 'pods') || a.object === undefined) return;
      const spec = ensureObject(a.object, 'spec');
      if (a.operation === 'UPDATE') {
        // Validation forbids changing these; an update that omits them keeps the stored ones.
        const old = ensureObject(structuredClone(a.oldObject ?? {}), 'spec');
        if (spec['priority'] === undefined && old['priority'] !== undefined)
          spec['priority'] = old['priority'];
        if (spec['preemptionPolicy'] === undefined && old['preemptionPolicy'] !== undefined)
          spec['preemptionPolicy'] = old['preemptionPolicy'];
        return;
      }
      if (a.operation !== 'CREATE') return;
      let value: number;
      let policy: string | undefined;
      const className = stringAt(spec, 'priorityClassName');
      if (className === '') {
        const def = await defaultClass(lookup);
        if (def === undefined) {
          value = DEFAULT_PRIORITY_WHEN_NO_DEFAULT_CLASS;
          policy = 'PreemptLowerPriority';
        } else {
          spec['priorityClassName'] = stringAt(metadataOf(def), 'name');
          value = numberAt(def, 'value') ?? 0;
          policy = stringAt(def, 'preemptionPolicy') || undefined;
        }
      } else {
        const pc = await lookup.get(RESOURCES.priorityClasses, '', className);
        if (pc === undefined)
          throw admissionForbidden(a, `no PriorityClass with name ${className} was found`);
        value = numberAt(pc, 'value') ?? 0;
        policy = stringAt(pc, 'preemptionPolicy') || undefined;
      }
      const given = numberAt(spec, 'priority');
      if (given !== undefined && given !== value) {
        throw admissionForbidden(
          a,
          `the integer value of priority (${given}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`,
        );
      }
      spec['priority'] = value;
      if (policy !== undefined) {
        const givenPolicy = stringAt(spec, 'preemptionPolicy');
        if (givenPolicy !== '' && givenPolicy !== policy) {
          throw admissionForbidden(
            a,
            `the string value of PreemptionPolicy (${givenPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`,
          );
        }
        spec['preemptionPolicy'] = policy;
      }
    },
    async validate(a: AdmissionAttributes): Promise<void> {
      if (a.subresource !== '' || a.object === undefined) return;
      if (!isResource(a, 'scheduling.k8s.io', 'priorityclasses')) return;
      if (a.operation !== 'CREATE' && a.operation !== 'UPDATE') return;
      if (boolAt(a.object, 'globalDefault') !== true) return;
      const def = await defaultClass(lookup);
      if (def === undefined) return;
      const defName = stringAt(metadataOf(def), 'name');
      if (a.operation === 'CREATE' || defName !== stringAt(metadataOf(a.object), 'name')) {
        throw admissionForbidden(
          a,
          `PriorityClass ${defName} is marked as default. Only one default can exist`,
        );
      }
    },
  };
}
