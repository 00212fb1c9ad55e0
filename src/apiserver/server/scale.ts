import { DEFINITIONS } from '../../api/index.js';
import { validateScale } from '../../api/validation/workloads/index.js';
import { conflict, invalid, OptimisticLockErrorMsg, StatusError } from '../../apimachinery/errors/index.js';
import { labelSelectorAsSelector, selectorFromSet } from '../../apimachinery/labels/index.js';
import { applyPatch, type PatchSchema, patchSchemaFromOpenAPI } from '../../apimachinery/patch/index.js';
import type { JsonObject, RegistryStore, RequestContext } from '../registry/index.js';

const SCALE_DEFINITION = 'io.k8s.api.autoscaling.v1.Scale';
let scaleSchema: PatchSchema | undefined;

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// The label selector of a scalable object as the Scale's status.selector string: structured
// selectors (apps) print in canonical form, ReplicationController's plain map as a set.
function selectorString(parent: JsonObject): string {
  const spec = isObject(parent['spec']) ? parent['spec'] : {};
  const sel = spec['selector'];
  if (!isObject(sel)) return '';
  try {
    if ('matchLabels' in sel || 'matchExpressions' in sel)
      return labelSelectorAsSelector(sel as never).toString();
    return selectorFromSet(sel as Record<string, string>).toString();
  } catch {
    return '';
  }
}

/** The autoscaling/v1 Scale view of a scalable object, as upstream's scale subresource builds it. */
export function scaleOf(parent: JsonObject): JsonObject {
  const meta = isObject(parent['metadata']) ? parent['metadata'] : {};
  const spec = isObject(parent['spec']) ? parent['spec'] : {};
  const status = isObject(parent['status']) ? parent['status'] : {};
  const metadata: JsonObject = {};
  for (const k of ['name', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp']) {
    if (meta[k] !== undefined) metadata[k] = meta[k];
  }
  const replicas = typeof spec['replicas'] === 'number' ? spec['replicas'] : 0;
  const current = typeof status['replicas'] === 'number' ? status['replicas'] : 0;
  const st: JsonObject = { replicas: current };
  const selector = selectorString(parent);
  if (selector !== '') st['selector'] = selector;
  return { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata, spec: { replicas }, status: st };
}

/**
 * Writes a Scale back to its parent: validates it (422 `Scale.autoscaling "x" is invalid`),
 * honours its resourceVersion as a precondition (409), and updates the parent's spec.replicas
 * as `fieldManager` (when given).
 */
export async function updateScale(
  registry: RegistryStore,
  ctx: RequestContext,
  name: string,
  scale: JsonObject,
  dryRun: boolean,
  fieldManager?: string,
): Promise<JsonObject> {
  const errs = validateScale(scale);
  if (errs.length > 0) throw invalid({ group: 'autoscaling', kind: 'Scale' }, name, errs);
  const parent = await registry.get(ctx, name);
  const wantRV = isObject(scale['metadata']) ? scale['metadata']['resourceVersion'] : undefined;
  const parentMeta = parent['metadata'] as JsonObject;
  if (typeof wantRV === 'string' && wantRV !== '' && wantRV !== parentMeta['resourceVersion']) {
    throw conflict(
      { group: registry.info.group, resource: registry.info.plural },
      name,
      OptimisticLockErrorMsg,
    );
  }
  const spec = isObject(parent['spec']) ? parent['spec'] : {};
  spec['replicas'] = (scale['spec'] as JsonObject)['replicas'] ?? 0;
  parent['spec'] = spec;
  const r = await registry.update(ctx, name, parent, {
    dryRun,
    subresource: 'scale',
    ...(fieldManager === undefined ? {} : { fieldManager }),
  });
  return scaleOf(r.object);
}

/** Applies a patch to the current Scale (JSON, merge or strategic), then writes it back. */
export async function patchScale(
  registry: RegistryStore,
  ctx: RequestContext,
  name: string,
  contentType: string,
  body: Uint8Array,
  dryRun: boolean,
  fieldManager?: string,
): Promise<JsonObject> {
  const current = scaleOf(await registry.get(ctx, name));
  scaleSchema ??= patchSchemaFromOpenAPI(DEFINITIONS as Record<string, unknown>, SCALE_DEFINITION);
  const r = applyPatch(contentType, current as Parameters<typeof applyPatch>[1], body, scaleSchema);
  if (!r.ok) {
    throw new StatusError({
      status: 'Failure',
      message: r.error.message,
      reason: r.error.reason,
      code: r.error.code,
    });
  }
  const patched = r.object as JsonObject;
  // The patch was computed against this resourceVersion; keep it as the precondition.
  const meta = isObject(patched['metadata']) ? patched['metadata'] : {};
  meta['resourceVersion'] = (current['metadata'] as JsonObject)['resourceVersion'];
  patched['metadata'] = meta;
  return updateScale(registry, ctx, name, patched, dryRun, fieldManager);
}
