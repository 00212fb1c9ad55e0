import { allResources, type ResourceInfo } from './catalogue.js';

function names(r: ResourceInfo): string[] {
  return [r.plural, r.singular, ...r.shortNames];
}

function match(resource: string, group: string | undefined, version: string | undefined): ResourceInfo[] {
  const out: ResourceInfo[] = [];
  for (const r of allResources()) {
    if (group !== undefined && r.group !== group) continue;
    if (version !== undefined && r.version !== version) continue;
    if (names(r).includes(resource)) out.push(r);
  }
  return out;
}

/**
 * Resolves a resource argument the way kubectl does: `pods`, `pod`, `po`, `deployments.apps`,
 * `hpa.v1.autoscaling`. Case-insensitive. Returns every match, best first (group priority,
 * then preferred version); an empty list when nothing matches. Pure; never throws.
 */
export function resolveResource(arg: string): readonly ResourceInfo[] {
  const lower = arg.trim().toLowerCase();
  if (lower === '') return [];
  const dot = lower.indexOf('.');
  if (dot < 0) return match(lower, undefined, undefined);
  const resource = lower.slice(0, dot);
  const rest = lower.slice(dot + 1);
  // `resource.version.group` wins when it names a served version; otherwise the whole rest is the group.
  const dot2 = rest.indexOf('.');
  if (dot2 > 0) {
    const full = match(resource, rest.slice(dot2 + 1), rest.slice(0, dot2));
    if (full.length > 0) return full;
  }
  return match(resource, rest, undefined);
}
