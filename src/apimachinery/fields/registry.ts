import { badRequest, type GroupResource, type StatusError } from '../errors/index.js';
import { goQuote } from '../field/index.js';
import { FieldSelectorError } from './errors.js';
import { bool, first, int, object, objectMetaFields, str } from './object-fields.js';
import { type FieldSelector, parseFieldSelector } from './selector.js';

/**
 * What one resource offers for field selection, as upstream's field label conversion
 * functions and registry attribute functions define it.
 */
interface ResourceFields {
  /**
   * The labels a request may use and the field each one selects on. Absent: only
   * `metadata.name` and `metadata.namespace`, with upstream's default message.
   */
  readonly labels?: Readonly<Record<string, string>>;
  /** The message for a label not in `labels`. */
  readonly unsupported?: (label: string) => string;
  readonly namespaced: boolean;
  /** Fields beyond object metadata, computed from the object. */
  readonly extra?: (obj: unknown) => Record<string, string>;
}

function identity(...labels: string[]): Record<string, string> {
  return Object.fromEntries(labels.map((l) => [l, l]));
}

const notSupported = (label: string): string => `field label not supported: ${label}`;

function podFields(pod: unknown): Record<string, string> {
  // The first pod IP wins; older writers may have set only status.podIP.
  const firstIP = str(first(pod, 'status', 'podIPs'), 'ip');
  return {
    'spec.nodeName': str(pod, 'spec', 'nodeName'),
    'spec.restartPolicy': str(pod, 'spec', 'restartPolicy'),
    'spec.schedulerName': str(pod, 'spec', 'schedulerName'),
    'spec.serviceAccountName': str(pod, 'spec', 'serviceAccountName'),
    'spec.hostNetwork': bool(pod, 'spec', 'hostNetwork'),
    'status.phase': str(pod, 'status', 'phase'),
    'status.podIP': firstIP !== '' ? firstIP : str(pod, 'status', 'podIP'),
    'status.nominatedNodeName': str(pod, 'status', 'nominatedNodeName'),
  };
}

// Core and events.k8s.io events share one field set, named after the core/v1 fields; an
// object of either shape is read (involvedObject/regarding, source/deprecatedSource).
function eventFields(event: unknown): Record<string, string> {
  const ref = object(event, 'involvedObject') ?? object(event, 'regarding');
  const reporting = str(event, 'reportingComponent') || str(event, 'reportingController');
  const source = str(event, 'source', 'component') || str(event, 'deprecatedSource', 'component');
  return {
    'involvedObject.kind': str(ref, 'kind'),
    'involvedObject.namespace': str(ref, 'namespace'),
    'involvedObject.name': str(ref, 'name'),
    'involvedObject.uid': str(ref, 'uid'),
    'involvedObject.apiVersion': str(ref, 'apiVersion'),
    'involvedObject.resourceVersion': str(ref, 'resourceVersion'),
    'involvedObject.fieldPath': str(ref, 'fieldPath'),
    reason: str(event, 'reason'),
    reportingComponent: reporting,
    source: source || reporting,
    type: str(event, 'type'),
  };
}

const coreEventLabels = identity(
  'involvedObject.kind',
  'involvedObject.namespace',
  'involvedObject.name',
  'involvedObject.uid',
  'involvedObject.apiVersion',
  'involvedObject.resourceVersion',
  'involvedObject.fieldPath',
  'reason',
  'reportingComponent',
  'source',
  'type',
  'metadata.namespace',
  'metadata.name',
);

const eventsV1Labels: Record<string, string> = {
  reason: 'reason',
  'regarding.kind': 'involvedObject.kind',
  'regarding.namespace': 'involvedObject.namespace',
  'regarding.name': 'involvedObject.name',
  'regarding.uid': 'involvedObject.uid',
  'regarding.apiVersion': 'involvedObject.apiVersion',
  'regarding.resourceVersion': 'involvedObject.resourceVersion',
  'regarding.fieldPath': 'involvedObject.fieldPath',
  reportingController: 'reportingComponent',
  source: 'source',
  type: 'type',
  'metadata.namespace': 'metadata.namespace',
  'metadata.name': 'metadata.name',
};

const table: ReadonlyMap<string, ResourceFields> = new Map<string, ResourceFields>([
  [
    '/pods',
    {
      labels: {
        ...identity(
          'metadata.name',
          'metadata.namespace',
          'spec.nodeName',
          'spec.restartPolicy',
          'spec.schedulerName',
          'spec.serviceAccountName',
          'spec.hostNetwork',
          'status.phase',
          'status.podIP',
          'status.podIPs',
          'status.nominatedNodeName',
        ),
        // Accepted for old clients; selects on the node name.
        'spec.host': 'spec.nodeName',
      },
      unsupported: notSupported,
      namespaced: true,
      extra: podFields,
    },
  ],
  [
    '/nodes',
    {
      labels: identity('metadata.name', 'spec.unschedulable'),
      unsupported: notSupported,
      namespaced: false,
      extra: (node) => ({ 'spec.unschedulable': bool(node, 'spec', 'unschedulable') }),
    },
  ],
  [
    '/replicationcontrollers',
    {
      labels: identity('metadata.name', 'metadata.namespace', 'status.replicas'),
      unsupported: notSupported,
      namespaced: true,
      extra: (rc) => ({ 'status.replicas': int(rc, 'status', 'replicas') }),
    },
  ],
  ['/events', { labels: coreEventLabels, unsupported: notSupported, namespaced: true, extra: eventFields }],
  [
    '/namespaces',
    {
      labels: identity('status.phase', 'metadata.name'),
      unsupported: notSupported,
      namespaced: false,
      // `name` is kept by upstream for compatibility although no request can select on it.
      extra: (ns) => ({ 'status.phase': str(ns, 'status', 'phase'), name: str(ns, 'metadata', 'name') }),
    },
  ],
  [
    '/secrets',
    {
      labels: identity('type', 'metadata.namespace', 'metadata.name'),
      unsupported: notSupported,
      namespaced: true,
      extra: (secret) => ({ type: str(secret, 'type') }),
    },
  ],
  [
    '/services',
    {
      labels: identity('metadata.namespace', 'metadata.name', 'spec.clusterIP', 'spec.type'),
      unsupported: notSupported,
      namespaced: true,
      extra: (svc) => ({
        'spec.clusterIP': str(svc, 'spec', 'clusterIP'),
        'spec.type': str(svc, 'spec', 'type'),
      }),
    },
  ],
  // apps/v1 registers no conversion for ReplicaSets, so requests may use metadata fields only,
  // although the stored field set carries status.replicas.
  [
    'apps/replicasets',
    { namespaced: true, extra: (rs) => ({ 'status.replicas': int(rs, 'status', 'replicas') }) },
  ],
  [
    'batch/jobs',
    {
      labels: identity('metadata.name', 'metadata.namespace', 'status.successful'),
      unsupported: (label) => `field label ${goQuote(label)} not supported for batchv1.Job`,
      namespaced: true,
      extra: (job) => ({ 'status.successful': int(job, 'status', 'succeeded') }),
    },
  ],
  [
    'certificates.k8s.io/certificatesigningrequests',
    {
      labels: identity('metadata.name', 'spec.signerName'),
      unsupported: notSupported,
      namespaced: false,
      extra: (csr) => ({ 'spec.signerName': str(csr, 'spec', 'signerName') }),
    },
  ],
  [
    'events.k8s.io/events',
    { labels: eventsV1Labels, unsupported: notSupported, namespaced: true, extra: eventFields },
  ],
  [
    'resource.k8s.io/resourceslices',
    {
      labels: identity('metadata.name', 'spec.nodeName', 'spec.driver'),
      unsupported: (label) =>
        `field label not supported for resource.k8s.io/v1, Kind=ResourceSlice: ${label}`,
      namespaced: false,
      extra: (slice) => ({
        'spec.nodeName': str(slice, 'spec', 'nodeName'),
        'spec.driver': str(slice, 'spec', 'driver'),
      }),
    },
  ],
]);

const defaultLabels = identity('metadata.name', 'metadata.namespace');

function defaultUnsupported(label: string): string {
  return `${goQuote(label)} is not a known field selector: only "metadata.name", "metadata.namespace"`;
}

function entry(gr: GroupResource): ResourceFields | undefined {
  return table.get(`${gr.group}/${gr.resource}`);
}

/** The outcome of checking one field selector term against a resource. */
export type FieldLabelConversion =
  | { readonly ok: true; readonly field: string; readonly value: string }
  | { readonly ok: false; readonly message: string };

/**
 * Checks that `label` may be used in a field selector on `gr` and maps it to the field it
 * selects on (`spec.host` → `spec.nodeName` for pods, `regarding.name` →
 * `involvedObject.name` for events.k8s.io events). Unsupported labels yield upstream's
 * message, e.g. `field label not supported: x` or `"x" is not a known field selector: only
 * "metadata.name", "metadata.namespace"` for resources without their own list. Pure.
 */
export function convertFieldLabel(gr: GroupResource, label: string, value: string): FieldLabelConversion {
  const e = entry(gr);
  const labels = e?.labels ?? defaultLabels;
  if (Object.hasOwn(labels, label)) return { ok: true, field: labels[label]!, value };
  const message =
    e?.labels === undefined ? defaultUnsupported(label) : (e.unsupported ?? notSupported)(label);
  return { ok: false, message };
}

/** The labels requests may use in field selectors on `gr`, sorted. */
export function supportedFieldLabels(gr: GroupResource): string[] {
  return Object.keys(entry(gr)?.labels ?? defaultLabels).sort();
}

/**
 * The selectable field values of `obj` (a decoded API object of resource `gr`): object
 * metadata plus the resource's own fields, keyed by the names convertFieldLabel maps to.
 * Resources without a table entry get metadata.name and metadata.namespace. Pure, total.
 */
export function fieldsOf(gr: GroupResource, obj: unknown): Record<string, string> {
  const e = entry(gr);
  const meta = objectMetaFields(obj, e?.namespaced ?? true);
  return e?.extra === undefined ? meta : { ...e.extra(obj), ...meta };
}

/** A field selector ready for matching against fieldsOf, or the 400 BadRequest to answer with. */
export type FieldSelectorConversion =
  | { readonly ok: true; readonly selector: FieldSelector }
  | { readonly ok: false; readonly error: StatusError };

/**
 * Rewrites a parsed selector for `gr` with convertFieldLabel; the first unsupported label
 * (in the selector's order) yields a BadRequest carrying upstream's message. Pure.
 */
export function convertFieldSelector(gr: GroupResource, selector: FieldSelector): FieldSelectorConversion {
  try {
    const converted = selector.transform((label, value) => {
      const r = convertFieldLabel(gr, label, value);
      if (!r.ok) throw new FieldSelectorError('unsupported', r.message);
      return { field: r.field, value: r.value };
    });
    return { ok: true, selector: converted };
  } catch (e) {
    if (e instanceof FieldSelectorError) return { ok: false, error: badRequest(e.message) };
    throw e;
  }
}

/**
 * The `fieldSelector` query parameter of a list or watch on `gr`, parsed and converted, or
 * the 400 BadRequest upstream answers with (parse errors and unsupported labels alike).
 */
export function fieldSelectorForRequest(gr: GroupResource, text: string): FieldSelectorConversion {
  try {
    return convertFieldSelector(gr, parseFieldSelector(text));
  } catch (e) {
    if (e instanceof FieldSelectorError) return { ok: false, error: badRequest(e.message) };
    throw e;
  }
}
