import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { CronScheduleError, checkCronSchedule } from './cron-schedule.js';
import { loadLocation } from './time-zone.js';

function outcome(schedule: string): string {
  try {
    checkCronSchedule(schedule);
    return 'ok';
  } catch (e) {
    if (e instanceof CronScheduleError) return e.message;
    throw e;
  }
}

const cases: ReadonlyArray<[name: string, schedule: string, want: string]> = [
  ['every minute', '* * * * *', 'ok'],
  ['question mark as star', '? * * * ?', 'ok'],
  ['lists ranges and steps', '0,15,30-45/5 */2 1-31/10 1-12 0-6', 'ok'],
  ['single value with step runs to the maximum', '5/15 * * * *', 'ok'],
  ['month and weekday names, any case', '0 0 * JAN-Dec mon-FRI', 'ok'],
  ['empty list items are skipped', ',,, * * * *', 'ok'],
  ['extra whitespace', '  0   0 * * *  ', 'ok'],
  ['descriptor hourly', '@hourly', 'ok'],
  ['descriptor annually', '@annually', 'ok'],
  ['descriptor midnight', '@midnight', 'ok'],
  ['every with a Go duration', '@every 1h30m', 'ok'],
  ['TZ prefix', 'TZ=UTC 0 0 * * *', 'ok'],
  ['CRON_TZ prefix with a zone', 'CRON_TZ=America/New_York 0 0 * * *', 'ok'],
  ['empty', '', 'empty spec string'],
  ['too few fields', '* * *', 'expected exactly 5 fields, found 3: [* * *]'],
  ['six fields (no seconds)', '0 * * * * *', 'expected exactly 5 fields, found 6: [0 * * * * *]'],
  ['minute above 59', '60 * * * *', 'end of range (60) above maximum (59): 60'],
  ['hour above 23', '0 24 * * *', 'end of range (24) above maximum (23): 24'],
  ['day of month zero', '0 0 0 * *', 'beginning of range (0) below minimum (1): 0'],
  ['month 13', '0 0 * 13 *', 'end of range (13) above maximum (12): 13'],
  ['weekday 7', '0 0 * * 7', 'end of range (7) above maximum (6): 7'],
  ['reversed range', '0 5-2 * * *', 'beginning of range (5) beyond end of range (2): 5-2'],
  ['zero step', '*/0 * * * *', 'step of range should be a positive number: */0'],
  ['too many hyphens', '1-2-3 * * * *', 'too many hyphens: 1-2-3'],
  ['too many slashes', '*/2/3 * * * *', 'too many slashes: */2/3'],
  ['not a number', 'x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
  [
    'weekday name in the minute field',
    'MON * * * *',
    'failed to parse int from MON: strconv.Atoi: parsing "MON": invalid syntax',
  ],
  [
    'number out of range',
    '99999999999999999999 * * * *',
    'failed to parse int from 99999999999999999999: strconv.Atoi: parsing "99999999999999999999": value out of range',
  ],
  ['negative step', '*/-1 * * * *', 'negative number (-1) not allowed: -1'],
  ['unknown descriptor', '@fortnightly', 'unrecognized descriptor: @fortnightly'],
  [
    'every without a unit',
    '@every 5',
    'failed to parse duration @every 5: time: missing unit in duration "5"',
  ],
  ['every with garbage', '@every x', 'failed to parse duration @every x: time: invalid duration "x"'],
  ['TZ without a space', 'TZ=UTC', 'invalid schedule format: runtime error: slice bounds out of range [:-1]'],
  ['bare TZ=', 'TZ=', 'invalid schedule format: runtime error: slice bounds out of range [:-1]'],
  [
    'unknown TZ',
    'TZ=Mars/Olympus 0 0 * * *',
    'provided bad location Mars/Olympus: unknown time zone Mars/Olympus',
  ],
  ['TZ with dot-dot', 'TZ=../etc 0 0 * * *', 'provided bad location ../etc: time: invalid location name'],
];

describe('checkCronSchedule', () => {
  for (const [name, schedule, want] of cases) test(name, () => assert.equal(outcome(schedule), want));
});

describe('loadLocation', () => {
  const zones: ReadonlyArray<[string, string | undefined]> = [
    ['America/New_York', undefined],
    ['Europe/Berlin', undefined],
    ['UTC', undefined],
    ['Etc/GMT+5', undefined],
    ['US/Eastern', undefined],
    ['america/new_york', 'unknown time zone america/new_york'],
    ['Mars/Olympus', 'unknown time zone Mars/Olympus'],
    ['/etc/passwd', 'time: invalid location name'],
  ];
  for (const [zone, want] of zones) test(zone, () => assert.equal(loadLocation(zone), want));
});

test('schedule parser never fails with anything but CronScheduleError', () => {
  const token = fc.constantFrom(
    '*',
    '?',
    '/',
    '-',
    ',',
    ' ',
    '0',
    '1',
    '7',
    '59',
    '60',
    'jan',
    'MON',
    '@',
    'TZ=',
    'x',
  );
  const schedule = fc.oneof(
    fc.string(),
    fc.array(token, { maxLength: 12 }).map((t) => t.join('')),
  );
  fc.assert(
    fc.property(schedule, (s) => {
      outcome(s);
    }),
    { seed: 20260701, numRuns: 2000 },
  );
});
