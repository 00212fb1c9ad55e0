import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Event as EventV1 } from 'kubernetes-types/events/v1.js';
import { alreadyExists, invalid } from '../../apimachinery/errors/index.js';
import { DISCARD_LOGGER } from '../../log/index.js';
import { EVENTS_V1 } from '../resources.js';
import { FakeClient } from '../testing/fake-client.js';
import { seriesPatch, writeEventV1 } from './events-v1-sink.js';

const GR = { group: 'events.k8s.io', resource: 'events' };

function event(series?: EventV1['series']): EventV1 {
  return {
    metadata: { namespace: 'ns1', name: 'web-1.1', resourceVersion: '7' },
    eventTime: '2026-01-01T10:00:00.000000Z',
    reportingController: 'c',
    reportingInstance: 'c-1',
    action: 'A',
    reason: 'R',
    regarding: { kind: 'Pod', namespace: 'ns1', name: 'web-1' },
    note: 'm',
    type: 'Normal',
    ...(series === undefined ? {} : { series }),
  };
}

const SERIES = { count: 3, lastObservedTime: '2026-01-01T10:05:00.000000Z' };

describe('writeEventV1', () => {
  it('patches only the series', () => {
    assert.equal(seriesPatch(event()), undefined);
    assert.deepEqual(seriesPatch(event(SERIES)), { series: SERIES });
  });

  const cases: {
    name: string;
    series: boolean;
    fail: 'create' | 'patch';
    err: () => Error;
    retry: boolean;
  }[] = [
    {
      name: 'transport failure of a create',
      series: false,
      fail: 'create',
      err: () => new Error('EPIPE'),
      retry: true,
    },
    {
      name: 'transport failure of a patch',
      series: true,
      fail: 'patch',
      err: () => new Error('ECONNRESET'),
      retry: true,
    },
    {
      name: 'AlreadyExists of a new event',
      series: false,
      fail: 'create',
      err: () => alreadyExists(GR, 'web-1.1'),
      retry: false,
    },
    {
      name: 'AlreadyExists of a series create',
      series: true,
      fail: 'create',
      err: () => alreadyExists(GR, 'web-1.1'),
      retry: true,
    },
    {
      name: 'Invalid',
      series: false,
      fail: 'create',
      err: () => invalid({ group: 'events.k8s.io', kind: 'Event' }, 'web-1.1', []),
      retry: false,
    },
  ];
  for (const c of cases) {
    it(`retries or not: ${c.name}`, async () => {
      const fake = new FakeClient();
      fake.prependReactor(c.fail, 'events', () => {
        throw c.err();
      });
      const out = await writeEventV1(
        fake.resource(EVENTS_V1),
        event(c.series ? SERIES : undefined),
        DISCARD_LOGGER,
      );
      assert.equal(out.retry, c.retry);
      assert.equal(out.written, undefined);
    });
  }

  it('creates a series whose event is gone, without the resourceVersion', async () => {
    const fake = new FakeClient();
    const out = await writeEventV1(fake.resource(EVENTS_V1), event(SERIES), DISCARD_LOGGER);
    assert.equal(out.retry, false);
    assert.deepEqual(out.written?.series, SERIES);
    assert.deepEqual(
      fake.actions().map((a) => a.verb),
      ['patch', 'create'],
    );
    const sent = fake.actions()[1]?.object as EventV1;
    assert.equal(sent.metadata?.resourceVersion, undefined);
  });
});
