// Test support: a Handle over a snapshot of nodes and pods, with fake-client informers.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { InformerFactory } from '../../../client/informers/factory.js';
import { FakeClient } from '../../../client/testing/fake-client.js';
import { ManualClock } from '../../../client/testing/manual-clock.js';
import { RecordingBroadcaster } from '../../../controllers/testing.js';
import { DISCARD_LOGGER } from '../../../log/index.js';
import { newSnapshot, type Snapshot } from '../../framework/snapshot.js';
import type { Handle } from '../../framework/types.js';

/** A handle whose snapshot holds `nodes` and the `pods` bound to them. */
export function snapshotHandle(
  pods: readonly Pod[],
  nodes: readonly Node[],
): { handle: Handle; informers: InformerFactory; snapshot: Snapshot } {
  const clock = new ManualClock();
  const client = new FakeClient({ clock });
  const informers = new InformerFactory(client, { clock });
  const snapshot = newSnapshot(pods, nodes);
  const handle: Handle = {
    snapshot,
    client,
    informers,
    recorder: new RecordingBroadcaster().newRecorder('default-scheduler'),
    clock,
    log: DISCARD_LOGGER,
    nominator: { nominatedPodsForNode: () => [] },
    runFilterPluginsWithNominatedPods: () => undefined,
  };
  return { handle, informers, snapshot };
}
