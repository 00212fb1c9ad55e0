import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { ConfigMap, Namespace, Secret } from 'kubernetes-types/core/v1.js';
import { InformerFactory } from '../../client/informers/factory.js';
import { CONFIG_MAPS, NAMESPACES, PODS, SECRETS } from '../../client/resources.js';
import { FakeClient } from '../../client/testing/fake-client.js';
import { ManualClock } from '../../client/testing/manual-clock.js';
import type { NamespaceEvent } from './client.js';
import { DISCARD_LOGGER } from '../../log/index.js';
import { DEFAULT_CONTROLLER_MANAGER_OPTIONS } from '../context.js';
import { NamespaceController } from './controller.js';
import { namespaceController } from './index.js';
import {
  clientNamespaceDeletionClient,
  informerNamespaceEvents,
  preferredNamespacedLists,
} from './rest-client.js';

async function until(what: string, cond: () => boolean, turns = 5000): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (cond()) return;
    await new Promise((r) => setImmediate(r));
  }
  assert.fail(`timed out waiting for ${what}`);
}

const stops: AbortController[] = [];
afterEach(() => {
  for (const s of stops.splice(0)) s.abort();
});

function cluster() {
  const clock = new ManualClock();
  const fake = new FakeClient({ clock, resources: [NAMESPACES, CONFIG_MAPS, SECRETS, PODS] });
  return { clock, fake };
}

describe('preferredNamespacedLists', () => {
  it('keeps namespaced resources of preferred versions, without subresources', () => {
    const lists = preferredNamespacedLists([
      {
        group: '',
        version: 'v1',
        preferred: true,
        resources: [
          { name: 'pods', kind: 'Pod', namespaced: true, verbs: ['list', 'delete'] },
          { name: 'pods/status', kind: 'Pod', namespaced: true, verbs: ['get'] },
          { name: 'nodes', kind: 'Node', namespaced: false, verbs: ['list', 'delete'] },
        ],
      },
      {
        group: 'apps',
        version: 'v1beta1',
        preferred: false,
        resources: [{ name: 'deployments', kind: 'Deployment', namespaced: true, verbs: ['delete'] }],
      },
      {
        group: 'apps',
        version: 'v1',
        preferred: true,
        resources: [{ name: 'deployments', kind: 'Deployment', namespaced: true, verbs: ['delete'] }],
      },
    ]);
    assert.deepEqual(lists, [
      { groupVersion: 'v1', resources: [{ name: 'pods', namespaced: true, verbs: ['list', 'delete'] }] },
      { groupVersion: 'apps/v1', resources: [{ name: 'deployments', namespaced: true, verbs: ['delete'] }] },
    ]);
  });
});

describe('informerNamespaceEvents', () => {
  it('starts with the cached namespaces, then follows changes', async () => {
    const { fake } = cluster();
    fake.seed(NAMESPACES, [{ metadata: { name: 'a' } }, { metadata: { name: 'b' } }]);
    const informers = new InformerFactory(fake);
    const stop = new AbortController();
    stops.push(stop);
    informers.start(stop.signal);
    const source = informerNamespaceEvents(informers);
    const seen: string[] = [];
    const done = (async () => {
      for await (const ev of source.events(stop.signal)) {
        seen.push(describeEvent(ev));
        if (ev.type === 'delete') break;
      }
    })();
    await until('replace', () => seen.length > 0);
    await fake.resource(NAMESPACES).create('', { metadata: { name: 'c' } });
    await fake.resource(NAMESPACES).delete('', 'a');
    await done;
    assert.equal(seen[0], 'replace a,b');
    assert.ok(seen.includes('upsert c'));
    assert.equal(seen.at(-1), 'delete a');
  });
});

function describeEvent(ev: NamespaceEvent): string {
  if (ev.type === 'replace')
    return `replace ${ev.namespaces.map((n) => (n['metadata'] as { name: string }).name).join(',')}`;
  if (ev.type === 'upsert') return `upsert ${(ev.namespace['metadata'] as { name: string }).name}`;
  return `delete ${ev.name}`;
}

describe('NamespaceController over the client', () => {
  it('empties a terminating namespace and releases its finalizer', async () => {
    const { clock, fake } = cluster();
    fake.seed(NAMESPACES, [
      {
        metadata: { name: 'doomed', deletionTimestamp: '2026-01-01T00:00:00Z' },
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Terminating' },
      } as Namespace,
      { metadata: { name: 'kept' }, spec: { finalizers: ['kubernetes'] } } as Namespace,
    ]);
    const cms: ConfigMap[] = [];
    for (let i = 0; i < 20; i++)
      cms.push({ metadata: { name: `cm-${i}`, namespace: i % 2 === 0 ? 'doomed' : 'kept' } });
    fake.seed(CONFIG_MAPS, cms);
    fake.seed(SECRETS, [{ metadata: { name: 's', namespace: 'doomed' } } as Secret]);
    const informers = new InformerFactory(fake, { clock });
    const stop = new AbortController();
    stops.push(stop);
    informers.start(stop.signal);
    const controller = new NamespaceController({
      client: clientNamespaceDeletionClient(fake),
      events: informerNamespaceEvents(informers),
      clock,
      deletionGracePeriodMs: 0,
      workers: 2,
    });
    void controller.start(stop.signal);
    const doomed = () => fake.objects(NAMESPACES).find((n) => n.metadata?.name === 'doomed');
    await until(
      'finalizer released',
      () => doomed() === undefined || (doomed()?.spec?.finalizers ?? []).length === 0,
    );
    assert.equal(fake.objects(CONFIG_MAPS, 'doomed').length, 0);
    assert.equal(fake.objects(SECRETS, 'doomed').length, 0);
    assert.equal(fake.objects(CONFIG_MAPS, 'kept').length, 10);
    const conditions = (doomed()?.status?.conditions ?? []).map((c) => `${c.type}=${c.status}`);
    if (doomed() !== undefined)
      assert.ok(conditions.includes('NamespaceDeletionDiscoveryFailure=False'), conditions.join(' '));
    const finalize = fake.actions().filter((a) => a.subresource === 'finalize');
    assert.equal(finalize.length, 1);
    assert.equal(finalize[0]?.name, 'doomed');
  });
});

describe('namespaceController descriptor', () => {
  it("runs the controller over the context, after upstream's 5 s delay", async () => {
    const { clock, fake } = cluster();
    fake.seed(NAMESPACES, [
      { metadata: { name: 'doomed' }, spec: { finalizers: ['kubernetes'] } } as Namespace,
    ]);
    fake.seed(CONFIG_MAPS, [{ metadata: { name: 'cm', namespace: 'doomed' } }]);
    const informers = new InformerFactory(fake, { clock });
    const stop = new AbortController();
    stops.push(stop);
    await namespaceController.start(
      {
        client: fake,
        informers,
        events: { newRecorder: () => ({ event: () => {} }), flush: async () => {} },
        clock,
        log: DISCARD_LOGGER,
        options: DEFAULT_CONTROLLER_MANAGER_OPTIONS,
      },
      stop.signal,
    );
    informers.start(stop.signal);
    await fake.resource(NAMESPACES).delete('', 'doomed');
    const doomed = () => fake.objects(NAMESPACES).find((n) => n.metadata?.name === 'doomed');
    await until('terminating seen', () => doomed()?.metadata?.deletionTimestamp !== undefined);
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    assert.equal(fake.objects(CONFIG_MAPS, 'doomed').length, 1, 'nothing happens before the delay');
    clock.advance(5_000);
    await until('content deleted', () => {
      clock.advance(10);
      return fake.objects(CONFIG_MAPS, 'doomed').length === 0;
    });
    await until('finalizer released', () => (doomed()?.spec?.finalizers ?? []).length === 0);
  });
});
