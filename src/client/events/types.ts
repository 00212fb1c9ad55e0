// Contract of the event recorder: controllers report what they did as core/v1 Events.
import type { KubeObject } from '../types.js';

/** `Normal` or `Warning`, as core/v1 Event.type. */
export type EventType = 'Normal' | 'Warning';

/**
 * Records Events about objects. Never blocks and never throws: events are queued, aggregated
 * (repeats of the same event bump `count` and `lastTimestamp`) and written in the background;
 * failures to write are logged and dropped, as upstream's broadcaster does.
 */
export interface EventRecorder {
  /**
   * An event about `obj` (its kind, apiVersion, namespace, name, uid and resourceVersion form the
   * involvedObject; `obj.kind`/`apiVersion` must be set or derivable by the caller).
   */
  event(obj: KubeObject, type: EventType, reason: string, message: string): void;
}

/** Makes recorders for components and owns the background writer. */
export interface EventBroadcaster {
  /** A recorder whose events carry `source.component` (and `reportingController`) = `component`. */
  newRecorder(component: string): EventRecorder;
  /** Resolves once every queued event was written or dropped. */
  flush(): Promise<void>;
}
