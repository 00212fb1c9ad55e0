// Quota resource names: object counts, compute requests and limits, extended resources.
import { isQualifiedName } from '../../apimachinery/validation/index.js';

/** Prefix of quota names counting objects of a resource (`count/<resource>.<group>`). */
export const OBJECT_COUNT_PREFIX = 'count/';
/** Prefix of request names (`requests.cpu`, `requests.example.com/gpu`). */
export const REQUESTS_PREFIX = 'requests.';
/** Prefix of huge page resource names. */
export const HUGEPAGES_PREFIX = 'hugepages-';
/** Prefix of huge page request names. */
export const REQUESTS_HUGEPAGES_PREFIX = 'requests.hugepages-';
/** Infix of per-storage-class quota names (`gold.storageclass.storage.k8s.io/requests.storage`). */
export const STORAGE_CLASS_SUFFIX = '.storageclass.storage.k8s.io/';

/** `count/<resource>` for the core group, `count/<resource>.<group>` otherwise. Pure. */
export function objectCountName(group: string, resource: string): string {
  return group === '' ? `${OBJECT_COUNT_PREFIX}${resource}` : `${OBJECT_COUNT_PREFIX}${resource}.${group}`;
}

/** The group and resource an object count name counts, or undefined for other names. Pure. */
export function parseObjectCountName(name: string): { group: string; resource: string } | undefined {
  if (!name.startsWith(OBJECT_COUNT_PREFIX)) return undefined;
  const rest = name.slice(OBJECT_COUNT_PREFIX.length);
  if (rest === '') return undefined;
  const dot = rest.indexOf('.');
  return dot < 0
    ? { group: '', resource: rest }
    : { group: rest.slice(dot + 1), resource: rest.slice(0, dot) };
}

/** Whether `name` is a native resource name (unprefixed, or in a `kubernetes.io/` domain). Pure. */
export function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/**
 * Whether a container resource name is an extended resource (not native, not `requests.`-prefixed,
 * and valid as a qualified name once prefixed with `requests.`). Pure.
 */
export function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith(REQUESTS_PREFIX)) return false;
  return isQualifiedName(`${REQUESTS_PREFIX}${name}`).length === 0;
}

/** Whether a quota name charges an extended resource (`requests.<domain>/<name>`). Pure. */
export function isExtendedResourceNameForQuota(name: string): boolean {
  return !isNativeResource(name) && name.startsWith(REQUESTS_PREFIX);
}
