// Namespace, label and field filtering of objects for the in-memory client.
import { fieldSelectorForRequest, fieldsOf } from '../../apimachinery/fields/index.js';
import { labelSelectorForRequest } from '../../apimachinery/labels/index.js';
import type { KubeObject, Resource } from '../types.js';

/** A predicate over stored objects of one resource. */
export type ObjectFilter = (obj: KubeObject) => boolean;

/**
 * The filter of a list, watch or deletecollection: namespace ('' = all), `labelSelector` and
 * `fieldSelector` (every field label the API server supports for the resource). Throws the
 * 400 BadRequest StatusError the API server answers for an unparsable or unsupported selector.
 */
export function objectFilter(
  r: Resource,
  namespace: string,
  opts: { labelSelector?: string; fieldSelector?: string },
): ObjectFilter {
  const gr = { group: r.group, resource: r.resource };
  const labels = labelSelectorForRequest(opts.labelSelector ?? '');
  if (!labels.ok) throw labels.error;
  const fields = fieldSelectorForRequest(gr, opts.fieldSelector ?? '');
  if (!fields.ok) throw fields.error;
  const ls = labels.selector;
  const fs = fields.selector;
  return (obj) => {
    if (namespace !== '' && (obj.metadata?.namespace ?? '') !== namespace) return false;
    if (!ls.empty() && !ls.matches(obj.metadata?.labels ?? {})) return false;
    return fs.empty() || fs.matches(fieldsOf(gr, obj));
  };
}
