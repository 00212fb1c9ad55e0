// Test doubles for controllers: an event recorder that keeps what it was told.
import { type RecordedEvent, RecordingBroadcaster } from '../testing.js';

export type { RecordedEvent };

/**
 * A RecordingBroadcaster (events kept in memory, nothing written to a cluster) with helpers for
 * assertions, as client-go's FakeRecorder.
 */
export class FakeEventBroadcaster extends RecordingBroadcaster {
  /** `Type Reason Message` of every event so far, oldest first. */
  lines(): string[] {
    return this.events.map((e) => `${e.type} ${e.reason} ${e.message}`);
  }

  /** Forgets the events so far. */
  clear(): void {
    this.events.length = 0;
  }
}
