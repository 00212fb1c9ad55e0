import {
  badRequest,
  invalid,
  type GroupResource,
  type StatusError,
} from '../../apimachinery/errors/index.js';
import { type FieldError, forbidden, notSupported } from '../../apimachinery/field/index.js';
import {
  convertFieldSelector,
  type FieldSelector,
  FieldSelectorError,
  oneTermEqualSelector,
  parseFieldSelector,
} from '../../apimachinery/fields/index.js';
import { labelSelectorForRequest, type Selector } from '../../apimachinery/labels/index.js';
import { first, type Query, QueryConversionError, queryBool, queryInt64 } from './query.js';

/** A parsed value, or the StatusError to answer with. */
export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: StatusError };

/** `resourceVersionMatch` values upstream knows. */
export const ResourceVersionMatch = { NotOlderThan: 'NotOlderThan', Exact: 'Exact' } as const;

/** The list/watch/deletecollection query parameters, decoded as upstream's internal ListOptions. */
export interface ListOptions {
  /** Undefined when the parameter is absent; an empty selector matches everything. */
  readonly labelSelector: Selector | undefined;
  readonly fieldSelector: FieldSelector | undefined;
  readonly watch: boolean;
  readonly allowWatchBookmarks: boolean;
  readonly resourceVersion: string;
  readonly resourceVersionMatch: string;
  readonly timeoutSeconds: number | undefined;
  /** 0 (or less) means no limit. */
  readonly limit: number;
  readonly continue: string;
  readonly sendInitialEvents: boolean | undefined;
}

/**
 * Decodes list parameters from a query the way upstream's parameter codec does, in its order:
 * integers first (`timeoutSeconds`, then `limit`: Go's strconv error text), then `labelSelector`
 * and `fieldSelector` syntax. Any failure is a 400 BadRequest carrying that text. Booleans never
 * fail (anything but `0`/`false` is true). Does not validate combinations: see validateListOptions.
 * Pure.
 */
export function decodeListQuery(q: Query): Parsed<ListOptions> {
  let timeoutSeconds: number | undefined;
  let limit: number | undefined;
  try {
    timeoutSeconds = queryInt64(q, 'timeoutSeconds');
    limit = queryInt64(q, 'limit');
  } catch (e) {
    if (e instanceof QueryConversionError) return { ok: false, error: badRequest(e.message) };
    throw e;
  }
  let labelSelector: Selector | undefined;
  const labelText = first(q, 'labelSelector');
  if (labelText !== undefined) {
    const r = labelSelectorForRequest(labelText);
    if (!r.ok) return { ok: false, error: r.error };
    labelSelector = r.selector;
  }
  let fieldSelector: FieldSelector | undefined;
  const fieldText = first(q, 'fieldSelector');
  if (fieldText !== undefined) {
    try {
      fieldSelector = parseFieldSelector(fieldText);
    } catch (e) {
      if (e instanceof FieldSelectorError) return { ok: false, error: badRequest(e.message) };
      throw e;
    }
  }
  return {
    ok: true,
    value: {
      labelSelector,
      fieldSelector,
      watch: queryBool(q, 'watch') ?? false,
      allowWatchBookmarks: queryBool(q, 'allowWatchBookmarks') ?? false,
      resourceVersion: first(q, 'resourceVersion') ?? '',
      resourceVersionMatch: first(q, 'resourceVersionMatch') ?? '',
      timeoutSeconds,
      limit: limit ?? 0,
      continue: first(q, 'continue') ?? '',
      sendInitialEvents: queryBool(q, 'sendInitialEvents'),
    },
  };
}

/**
 * Upstream's ValidateListOptions: the rules for `resourceVersionMatch`, `continue` and
 * `sendInitialEvents`, which differ for a list and for a watch (`opts.watch`). `watchList` says
 * whether streaming lists (sendInitialEvents on watch) are served. Returns the field errors in
 * upstream's order; empty means valid. Pure.
 */
export function validateListOptions(opts: ListOptions, watchList = true): FieldError[] {
  const errs: FieldError[] = [];
  const match = opts.resourceVersionMatch;
  const { NotOlderThan, Exact } = ResourceVersionMatch;
  if (opts.watch) {
    if (opts.sendInitialEvents !== undefined) {
      if (match !== NotOlderThan) {
        errs.push(
          forbidden(
            'resourceVersionMatch',
            `sendInitialEvents requires setting resourceVersionMatch to ${NotOlderThan}`,
          ),
        );
      }
      if (!watchList) {
        errs.push(
          forbidden(
            'sendInitialEvents',
            'sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled',
          ),
        );
      }
    }
    if (match !== '') {
      if (opts.sendInitialEvents === undefined) {
        errs.push(
          forbidden(
            'resourceVersionMatch',
            'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided',
          ),
        );
      }
      if (match !== NotOlderThan) errs.push(notSupported('resourceVersionMatch', match, [NotOlderThan]));
      if (opts.continue !== '') {
        errs.push(
          forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'),
        );
      }
    }
    return errs;
  }
  if (match !== '') {
    if (opts.resourceVersion === '') {
      errs.push(
        forbidden(
          'resourceVersionMatch',
          'resourceVersionMatch is forbidden unless resourceVersion is provided',
        ),
      );
    }
    if (opts.continue !== '') {
      errs.push(
        forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'),
      );
    }
    if (match !== Exact && match !== NotOlderThan) {
      errs.push(notSupported('resourceVersionMatch', match, [Exact, NotOlderThan, '']));
    }
    if (match === Exact && opts.resourceVersion === '0') {
      errs.push(
        forbidden(
          'resourceVersionMatch',
          'resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
        ),
      );
    }
  }
  if (opts.sendInitialEvents !== undefined) {
    errs.push(forbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list'));
  }
  return errs;
}

/**
 * Upstream's list option defaulting when streaming lists are served: a watch from resourceVersion
 * '' or '0' that sets neither sendInitialEvents nor resourceVersionMatch gets sendInitialEvents=true
 * and NotOlderThan, which means the same initial state plus, with bookmarks allowed, the bookmark
 * that marks its end. Returns a new object; the input is not changed. Pure.
 */
export function setListOptionsDefaults(opts: ListOptions, watchList = true): ListOptions {
  if (!watchList || opts.sendInitialEvents !== undefined || opts.resourceVersionMatch !== '') return opts;
  if (!opts.watch || (opts.resourceVersion !== '' && opts.resourceVersion !== '0')) return opts;
  return { ...opts, sendInitialEvents: true, resourceVersionMatch: ResourceVersionMatch.NotOlderThan };
}

/** Options for listOptionsForRequest. */
export interface ListRequestOptions {
  /** When given, field selector labels are converted (and unsupported ones rejected) for this resource. */
  readonly resource?: GroupResource;
  /** Whether streaming lists (watch with sendInitialEvents) are served; default true. */
  readonly watchList?: boolean;
}

/**
 * The list/watch/deletecollection handler's option processing, in upstream's order: decode (400
 * BadRequest), setListOptionsDefaults, validate (422 `ListOptions.meta.k8s.io "" is invalid: ...`), then field label
 * conversion for `resource` (400). A watch requested by a `/watch/` path is validated by the
 * query alone (as a list unless `watch` is also set), as upstream does. Pure.
 */
export function listOptionsForRequest(q: Query, o: ListRequestOptions = {}): Parsed<ListOptions> {
  const decoded = decodeListQuery(q);
  if (!decoded.ok) return decoded;
  const watchList = o.watchList ?? true;
  const opts = setListOptionsDefaults(decoded.value, watchList);
  const errs = validateListOptions(opts, watchList);
  if (errs.length > 0) {
    return { ok: false, error: invalid({ group: 'meta.k8s.io', kind: 'ListOptions' }, '', errs) };
  }
  const fs = opts.fieldSelector;
  if (o.resource === undefined || fs === undefined) return { ok: true, value: opts };
  const conv = convertFieldSelector(o.resource, fs);
  if (!conv.ok) return { ok: false, error: conv.error };
  return { ok: true, value: { ...opts, fieldSelector: conv.selector } };
}

/**
 * For a list or watch that names one object (a name in the path, or one taken from the
 * fieldSelector): a selector that restricts anything must pin `metadata.name` to that same name,
 * else 400 `fieldSelector metadata.name doesn't match requested name`. Returns the selector the
 * store should use (the given one, or `metadata.name=<name>` when none restricts). Pure.
 */
export function fieldSelectorForName(name: string, fs: FieldSelector | undefined): Parsed<FieldSelector> {
  if (fs !== undefined && !fs.empty()) {
    if (fs.requiresExactMatch('metadata.name') !== name) {
      return { ok: false, error: badRequest("fieldSelector metadata.name doesn't match requested name") };
    }
    return { ok: true, value: fs };
  }
  return { ok: true, value: oneTermEqualSelector('metadata.name', name) };
}
