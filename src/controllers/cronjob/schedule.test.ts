import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSchedule } from './schedule.js';

const iso = (s: string): number => Date.parse(s);
const text = (ms: number | undefined): string => (ms === undefined ? 'none' : new Date(ms).toISOString());

function nextTimes(schedule: string, from: string, n: number, tz?: string): string[] {
  const s = parseSchedule(schedule, tz);
  const out: string[] = [];
  let t: number | undefined = iso(from);
  for (let i = 0; i < n && t !== undefined; i++) {
    t = s.next(t);
    out.push(text(t));
  }
  return out;
}

describe('parseSchedule', () => {
  const cases: { name: string; schedule: string; from: string; want: string[]; tz?: string }[] = [
    {
      name: 'every minute',
      schedule: '* * * * *',
      from: '2026-01-01T00:00:30Z',
      want: ['2026-01-01T00:01:00.000Z', '2026-01-01T00:02:00.000Z'],
    },
    {
      name: 'steps',
      schedule: '*/15 * * * *',
      from: '2026-01-01T00:00:00Z',
      want: ['2026-01-01T00:15:00.000Z', '2026-01-01T00:30:00.000Z', '2026-01-01T00:45:00.000Z'],
    },
    {
      name: 'ranges, lists and N/step',
      schedule: '5,10-11 9/12 * * *',
      from: '2026-01-01T00:00:00Z',
      want: [
        '2026-01-01T09:05:00.000Z',
        '2026-01-01T09:10:00.000Z',
        '2026-01-01T09:11:00.000Z',
        '2026-01-01T21:05:00.000Z',
      ],
    },
    {
      name: 'month and weekday names',
      schedule: '0 12 * FEB mon-tue',
      from: '2026-01-01T00:00:00Z',
      want: ['2026-02-02T12:00:00.000Z', '2026-02-03T12:00:00.000Z', '2026-02-09T12:00:00.000Z'],
    },
    {
      name: 'day-of-month or day-of-week when both are restricted',
      schedule: '0 0 13 * 5',
      from: '2026-02-01T00:00:00Z',
      want: ['2026-02-06T00:00:00.000Z', '2026-02-13T00:00:00.000Z', '2026-02-20T00:00:00.000Z'],
    },
    {
      name: '@hourly',
      schedule: '@hourly',
      from: '2026-01-01T00:30:00Z',
      want: ['2026-01-01T01:00:00.000Z', '2026-01-01T02:00:00.000Z'],
    },
    {
      name: '@yearly',
      schedule: '@yearly',
      from: '2026-03-01T00:00:00Z',
      want: ['2027-01-01T00:00:00.000Z'],
    },
    {
      name: '@weekly',
      schedule: '@weekly',
      from: '2026-01-01T00:00:00Z',
      want: ['2026-01-04T00:00:00.000Z'],
    },
    { name: 'February 30 never comes', schedule: '0 0 30 2 *', from: '2026-01-01T00:00:00Z', want: ['none'] },
    {
      name: '@every',
      schedule: '@every 90s',
      from: '2026-01-01T00:00:00Z',
      want: ['2026-01-01T00:01:30.000Z', '2026-01-01T00:03:00.000Z'],
    },
    {
      name: 'time zone field',
      schedule: '0 9 * * *',
      tz: 'Asia/Tokyo',
      from: '2026-01-01T00:00:00Z',
      want: ['2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z'],
    },
    {
      name: 'TZ= prefix',
      schedule: 'CRON_TZ=America/New_York 0 9 * * *',
      from: '2026-01-01T00:00:00Z',
      want: ['2026-01-01T14:00:00.000Z'],
    },
    {
      name: 'spring forward skips 02:30 that day',
      schedule: '30 2 * * *',
      tz: 'America/New_York',
      from: '2026-03-07T12:00:00Z',
      want: ['2026-03-09T06:30:00.000Z'],
    },
    {
      name: 'spring forward: the day before still runs at 02:30 EST',
      schedule: '30 2 * * *',
      tz: 'America/New_York',
      from: '2026-03-07T00:00:00Z',
      want: ['2026-03-07T07:30:00.000Z', '2026-03-09T06:30:00.000Z'],
    },
    {
      name: 'fall back runs 01:30 twice',
      schedule: '30 1 * * *',
      tz: 'America/New_York',
      from: '2026-11-01T00:00:00Z',
      want: ['2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z', '2026-11-02T06:30:00.000Z'],
    },
    {
      name: 'hourly across a DST change keeps absolute hours',
      schedule: '0 * * * *',
      tz: 'Europe/Berlin',
      from: '2026-03-29T00:30:00Z',
      want: ['2026-03-29T01:00:00.000Z', '2026-03-29T02:00:00.000Z'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(nextTimes(c.schedule, c.from, c.want.length, c.tz), c.want);
    });
  }

  it('rejects bad schedules with the API server messages', () => {
    assert.throws(() => parseSchedule('* * * *'), {
      message: 'expected exactly 5 fields, found 4: [* * * *]',
    });
    assert.throws(() => parseSchedule('60 * * * *'), { message: 'end of range (60) above maximum (59): 60' });
    assert.throws(() => parseSchedule('@fortnightly'), { message: 'unrecognized descriptor: @fortnightly' });
    assert.throws(() => parseSchedule('TZ=Mars/Olympus * * * * *'), {
      message: 'provided bad location Mars/Olympus: unknown time zone Mars/Olympus',
    });
  });
});
