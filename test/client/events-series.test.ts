// The events.k8s.io/v1 broadcaster against a real `kite server`: repeats become a series that
// kubectl and the REST client see. The broadcaster runs on a manual clock so that the series
// sweep (6 minutes) can be reached without waiting.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { ConfigMap } from 'kubernetes-types/core/v1.js';
import type { Event as EventV1 } from 'kubernetes-types/events/v1.js';
import { parse as parseYAML } from 'yaml';
import { type EventsV1Broadcaster, newEventsV1Broadcaster } from '../../src/client/events/index.js';
import { CONFIG_MAPS, EVENTS_V1, NAMESPACES } from '../../src/client/resources.js';
import { clientFromKubeconfig, type RestClient } from '../../src/client/rest/index.js';
import { advanceFlushing } from '../../src/client/testing/flush-timers.js';
import { ManualClock } from '../../src/client/testing/manual-clock.js';
import { type KiteServer, startKiteServer } from '../support/kite-server.js';
import { kubectlPath } from '../support/kubectl.js';

const run = promisify(execFile);
const NS = 'series';
const MIN = 60_000;

let server: KiteServer;
let client: RestClient;

before(async () => {
  server = await startKiteServer();
  ({ client } = await clientFromKubeconfig(server.kubeconfig, { userAgent: 'events-series-test/1.0' }));
  await client.resource(NAMESPACES).create('', { metadata: { name: NS } });
});

after(async () => {
  client?.close();
  await server?.stop();
});

/** Moves `clock` on by `ms`, stopping at each timer to let the writes it starts finish. */
const pass = (clock: ManualClock, b: EventsV1Broadcaster, ms: number): Promise<void> =>
  advanceFlushing(clock, b, ms, 100);

async function kubectlEvents(): Promise<EventV1[]> {
  const kubectl = kubectlPath();
  assert.ok(kubectl !== undefined, 'kubectl is needed');
  const { stdout } = await run(kubectl, [
    '--kubeconfig',
    server.kubeconfig,
    'get',
    'events.events.k8s.io',
    '-n',
    NS,
    '-o',
    'yaml',
  ]);
  return (parseYAML(stdout) as { items: EventV1[] }).items;
}

describe('events.k8s.io/v1 series against a real server', () => {
  it('shows repeated events as one event with a series', async () => {
    const clock = new ManualClock(Date.now());
    const b = newEventsV1Broadcaster({
      client,
      clock,
      reportingController: 'kite.io/series-test',
      reportingInstance: 'series-test-1',
    });
    try {
      const cm: ConfigMap = await client.resource(CONFIG_MAPS).create(NS, { metadata: { name: 'settings' } });
      const r = b.newRecorder();
      r.eventf(cm, undefined, 'Warning', 'FailedSync', 'Sync', 'cannot parse settings');
      await b.flush();
      clock.advance(1_000);
      r.eventf(cm, undefined, 'Warning', 'FailedSync', 'Sync', 'cannot parse settings');
      await b.flush();

      const [e, ...rest] = await kubectlEvents();
      assert.equal(rest.length, 0);
      assert.equal(e?.series?.count, 2);
      assert.match(e?.series?.lastObservedTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      assert.equal(e?.reportingController, 'kite.io/series-test');
      assert.equal(e?.reportingInstance, 'series-test-1');
      assert.equal(e?.action, 'Sync');
      assert.equal(e?.reason, 'FailedSync');
      assert.equal(e?.note, 'cannot parse settings');
      assert.equal(e?.type, 'Warning');
      assert.equal(e?.regarding?.kind, 'ConfigMap');
      assert.equal(e?.regarding?.name, 'settings');
      assert.equal(e?.regarding?.uid, cm.metadata?.uid);
      assert.ok(e?.metadata?.name?.startsWith('settings.'));

      // Three more repeats are counted locally and written when the series ends.
      for (let i = 0; i < 3; i++) {
        clock.advance(MIN);
        r.eventf(cm, undefined, 'Warning', 'FailedSync', 'Sync', 'cannot parse settings');
      }
      await b.flush();
      const before = await client.resource(EVENTS_V1).list(NS);
      assert.equal(before.items[0]?.series?.count, 2);
      await pass(clock, b, 13 * MIN);
      const done = await client.resource(EVENTS_V1).list(NS);
      assert.equal(done.items.length, 1);
      assert.equal(done.items[0]?.series?.count, 5);
      assert.equal(clock.pending(), 0);
    } finally {
      b.shutdown();
    }
  });
});
