/**
 * The event printer, for core/v1 events and events.k8s.io/v1 events (read through the same
 * fields after mapping the new names onto the old ones, as upstream converts both to one type).
 */
import { goTrimSpace } from '../../apimachinery/quantity/index.js';
import { column, NAME, simplePrinter, wide } from './columns.js';
import { isZero, lower, name, since, timestamp } from './format.js';
import { int, type Obj, obj, str } from './json.js';
import type { PrintContext, Printer } from './types.js';

/** The fields the printer reads, whichever API version the event came from. */
interface EventView {
  readonly type: string;
  readonly reason: string;
  readonly message: string;
  readonly kind: string;
  readonly objectName: string;
  readonly fieldPath: string;
  readonly sourceComponent: string;
  readonly sourceHost: string;
  readonly reportingController: string;
  readonly reportingInstance: string;
  readonly firstTimestamp: readonly string[];
  readonly lastTimestamp: readonly string[];
  readonly eventTime: readonly string[];
  readonly count: number;
  readonly series: Obj | undefined;
}

function coreView(o: Obj): EventView {
  return {
    type: str(o, 'type'),
    reason: str(o, 'reason'),
    message: str(o, 'message'),
    kind: str(o, 'involvedObject', 'kind'),
    objectName: str(o, 'involvedObject', 'name'),
    fieldPath: str(o, 'involvedObject', 'fieldPath'),
    sourceComponent: str(o, 'source', 'component'),
    sourceHost: str(o, 'source', 'host'),
    reportingController: str(o, 'reportingComponent'),
    reportingInstance: str(o, 'reportingInstance'),
    firstTimestamp: ['firstTimestamp'],
    lastTimestamp: ['lastTimestamp'],
    eventTime: ['eventTime'],
    count: int(o, 'count'),
    series: obj(o, 'series'),
  };
}

function eventsV1View(o: Obj): EventView {
  return {
    type: str(o, 'type'),
    reason: str(o, 'reason'),
    message: str(o, 'note'),
    kind: str(o, 'regarding', 'kind'),
    objectName: str(o, 'regarding', 'name'),
    fieldPath: str(o, 'regarding', 'fieldPath'),
    sourceComponent: str(o, 'deprecatedSource', 'component'),
    sourceHost: str(o, 'deprecatedSource', 'host'),
    reportingController: str(o, 'reportingController'),
    reportingInstance: str(o, 'reportingInstance'),
    firstTimestamp: ['deprecatedFirstTimestamp'],
    lastTimestamp: ['deprecatedLastTimestamp'],
    eventTime: ['eventTime'],
    count: int(o, 'deprecatedCount'),
    series: obj(o, 'series'),
  };
}

/** `component, instance`, or just the component when there is no instance. */
function formatSource(v: EventView): string {
  const component = v.sourceComponent !== '' ? v.sourceComponent : v.reportingController;
  const instance = v.sourceHost !== '' ? v.sourceHost : v.reportingInstance;
  return instance === '' ? component : `${component}, ${instance}`;
}

function printEvent(o: Obj, v: EventView, ctx: PrintContext) {
  const first = timestamp(o, ...v.firstTimestamp);
  const firstSeen = isZero(first) ? since(ctx, timestamp(o, ...v.eventTime)) : since(ctx, first);
  const last = timestamp(o, ...v.lastTimestamp);
  let lastSeen = isZero(last) ? firstSeen : since(ctx, last);
  let count = v.count;
  if (v.series !== undefined) {
    lastSeen = since(ctx, timestamp(v.series, 'lastObservedTime'));
    count = int(v.series, 'count');
  } else if (count === 0) {
    // Singleton events of the new API carry no count.
    count = 1;
  }
  const target = v.objectName !== '' ? `${lower(v.kind)}/${v.objectName}` : lower(v.kind);
  return [
    lastSeen,
    v.type,
    v.reason,
    target,
    v.fieldPath,
    formatSource(v),
    goTrimSpace(v.message),
    firstSeen,
    count,
    name(o),
  ];
}

const EVENT_COLUMNS = [
  column('Last Seen', 'string', 'Time since the event was last seen.'),
  column('Type', 'string', 'Type of the event (Normal or Warning).'),
  column('Reason', 'string', 'Short machine-readable reason of the event.'),
  column('Object', 'string', 'The object the event is about.'),
  wide('Subobject', 'string', 'Field path of the part of the object the event is about.'),
  wide('Source', 'string', 'The component, and host, that reported the event.'),
  column('Message', 'string', 'Human-readable description of the event.'),
  wide('First Seen', 'string', 'Time since the event was first seen.'),
  wide('Count', 'string', 'How many times the event happened.'),
  { ...NAME, priority: 1 },
];

/** core/v1 events. */
export const eventPrinter: Printer = simplePrinter(EVENT_COLUMNS, (o, ctx) =>
  printEvent(o, coreView(o), ctx),
);

/** events.k8s.io/v1 events. */
export const eventsV1Printer: Printer = simplePrinter(EVENT_COLUMNS, (o, ctx) =>
  printEvent(o, eventsV1View(o), ctx),
);
