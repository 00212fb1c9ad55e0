import { MetaParseError } from './errors.js';

/** An API group and version; the core group is `''`. */
export interface GroupVersion {
  readonly group: string;
  readonly version: string;
}

/** An API group, version and kind. */
export interface GroupVersionKind extends GroupVersion {
  readonly kind: string;
}

/**
 * Splits an `apiVersion` as upstream's ParseGroupVersion: `apps/v1` → apps + v1, `v1` → '' + v1,
 * `''` and `'/'` → both empty. More than one `/` throws MetaParseError
 * `unexpected GroupVersion string: a/b/c`. An empty part after a single `/` is accepted here
 * (`foo/` → foo + ''); callers decide whether an empty version is acceptable.
 */
export function parseGroupVersion(apiVersion: string): GroupVersion {
  if (apiVersion === '' || apiVersion === '/') return { group: '', version: '' };
  const first = apiVersion.indexOf('/');
  if (first < 0) return { group: '', version: apiVersion };
  if (apiVersion.indexOf('/', first + 1) >= 0) {
    throw new MetaParseError(`unexpected GroupVersion string: ${apiVersion}`);
  }
  return { group: apiVersion.slice(0, first), version: apiVersion.slice(first + 1) };
}

/** The `apiVersion` string of a group-version: `apps/v1`, or just `v1` for the core group. */
export function formatGroupVersion(gv: GroupVersion): string {
  return gv.group === '' ? gv.version : `${gv.group}/${gv.version}`;
}

/**
 * The group-version-kind for an apiVersion and kind, as upstream's FromAPIVersionAndKind: an
 * unparsable apiVersion yields empty group and version rather than an error. Never throws.
 */
export function fromAPIVersionAndKind(apiVersion: string, kind: string): GroupVersionKind {
  try {
    return { ...parseGroupVersion(apiVersion), kind };
  } catch {
    return { group: '', version: '', kind };
  }
}

/** Upstream's text form of a GVK, used in messages: `apps/v1, Kind=Deployment`, `/v1, Kind=Pod`. */
export function gvkString(gvk: GroupVersionKind): string {
  return `${gvk.group}/${gvk.version}, Kind=${gvk.kind}`;
}

/**
 * The group-version-kind of a plain object from its `apiVersion` and `kind` members (absent or
 * non-string members read as ''). Never throws; a malformed apiVersion gives empty group/version.
 */
export function groupVersionKind(obj: unknown): GroupVersionKind {
  const o = obj !== null && typeof obj === 'object' ? (obj as Record<string, unknown>) : {};
  const apiVersion = typeof o['apiVersion'] === 'string' ? o['apiVersion'] : '';
  const kind = typeof o['kind'] === 'string' ? o['kind'] : '';
  return fromAPIVersionAndKind(apiVersion, kind);
}
