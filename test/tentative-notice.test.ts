/**
 * Tentative maintenance notices (issue 13, item 5), checked against the notices of DOMAIN.md sections 9 and 10:
 * Lead Commerce (a night between 5 and 31 Aug 2024, New York time, about an hour, the date announced later),
 * ANYMARKET (28 Jul 2024 from 01:00 Sao Paulo time, up to 4 h, its own channel only) and Lengow (21 Feb 2024,
 * 20:00 to 23:00 Paris time, for everyone).
 */
import { describe, expect, it } from 'vitest';
import {
  createMaintenanceCalendar,
  isOrderMachineError,
  type MaintenanceEntryInput,
  type TentativeNoticeInput,
  type ValidationIssue,
} from 'order-status-machine';

// "An upgrade some night between 5 and 31 August, early morning EST, at most an hour, the date given later."
// EST as Lead Commerce wrote it is New York time: America/New_York, UTC-4 in August.
const leadCommerce = {
  label: 'Lead Commerce upgrade',
  timeZone: 'America/New_York',
  possible: { from: '2024-08-05', to: '2024-08-31', hours: { from: '00:00', to: '06:00' } },
  duration: { hours: 1 },
} satisfies TentativeNoticeInput;

// "28/07/2024 from 01:00 (Brasilia time) for up to 4 h": ANYMARKET's channel, not orders synced through Lengow.
const anymarket = {
  label: 'ANYMARKET maintenance',
  scope: ['ANYMARKET'],
  timeZone: 'America/Sao_Paulo',
  possible: { from: '2024-07-28', to: '2024-07-28' },
  duration: { hours: 4 },
  announced: '2024-07-28T01:00',
} satisfies TentativeNoticeInput;

// "21 Feb 2024, 20:00-23:00 (Paris time)": feeds and APIs down for every channel.
const lengowWindow = { start: '2024-02-21T20:00', end: '2024-02-21T23:00', timeZone: 'Europe/Paris', label: 'Lengow maintenance' };

/** The issues of the INVALID_CALENDAR error building a calendar of `entries` throws. */
function refusal(entries: readonly unknown[]): readonly ValidationIssue[] {
  try {
    createMaintenanceCalendar(entries as MaintenanceEntryInput[]);
  } catch (error) {
    if (isOrderMachineError(error) && error.code === 'INVALID_CALENDAR') return error.issues;
    throw error;
  }
  return expect.unreachable('the calendar was built');
}
const pathsOf = (issues: readonly ValidationIssue[]) => issues.map((issue) => issue.path);

describe('a tentative notice (Lead Commerce, August 2024)', () => {
  const calendar = createMaintenanceCalendar([leadCommerce]);

  it('blocks nothing: activeAt, nextOpening and startingWithin ignore it', () => {
    const at = '2024-08-12T06:30:00Z'; // 02:30 in New York
    expect(calendar.windows).toEqual([]);
    expect(calendar.activeAt(at)).toBeUndefined();
    expect(calendar.nextOpening(at)).toBe('2024-08-12T06:30:00.000Z');
    expect(calendar.startingWithin('2024-08-01T00:00:00Z', { months: 1 })).toEqual([]);
  });

  it('is kept as plain JSON, with the UTC instants bounding its possible span', () => {
    expect(calendar.notices).toEqual([
      {
        label: 'Lead Commerce upgrade',
        scope: null,
        timeZone: 'America/New_York',
        possible: { from: '2024-08-05', to: '2024-08-31', hours: { from: '00:00', to: '06:00' } },
        duration: { hours: 1 },
        // Midnight on 5 Aug and 06:00 on 31 Aug in New York summer time (UTC-4).
        earliest: '2024-08-05T04:00:00.000Z',
        latest: '2024-08-31T10:00:00.000Z',
      },
    ]);
    expect(JSON.parse(JSON.stringify(calendar.notices))).toEqual(calendar.notices);
  });

  it('is found by tentativeAt at 02:30 New York time on 12 Aug, not in the afternoon', () => {
    expect(calendar.tentativeAt('2024-08-12T06:30:00Z').map((n) => n.label)).toEqual(['Lead Commerce upgrade']);
    expect(calendar.tentativeAt('2024-08-12T16:00:00Z')).toEqual([]);
  });

  it('is not found on 4 Aug nor on 1 Sep, at the same time of night', () => {
    expect(calendar.tentativeAt('2024-08-04T06:30:00Z')).toEqual([]);
    expect(calendar.tentativeAt('2024-09-01T06:30:00Z')).toEqual([]);
  });

  it('reads the hours in New York summer time, not a fixed UTC-5', () => {
    expect(calendar.tentativeAt('2024-08-12T09:30:00Z')).toHaveLength(1); // 05:30 EDT
    expect(calendar.tentativeAt('2024-08-12T10:30:00Z')).toEqual([]); // 06:30 EDT (05:30 at UTC-5)
    expect(calendar.tentativeAt('2024-08-12T04:00:00Z')).toHaveLength(1); // 00:00 EDT, inclusive
    expect(calendar.tentativeAt('2024-08-12T03:59:59.999Z')).toEqual([]); // 23:59 on 11 Aug
  });

  it('covers from its earliest instant, inclusive, to its latest, exclusive', () => {
    expect(calendar.tentativeAt('2024-08-05T04:00:00Z')).toHaveLength(1);
    expect(calendar.tentativeAt('2024-08-31T09:59:59.999Z')).toHaveLength(1);
    expect(calendar.tentativeAt('2024-08-31T10:00:00Z')).toEqual([]);
  });

  it('applies to every order when unscoped', () => {
    expect(calendar.tentativeAt('2024-08-12T06:30:00Z', { scope: ['cdiscount', 'lengow'] })).toHaveLength(1);
    expect(calendar.tentativeAt('2024-08-12T06:30:00Z', { scope: [] })).toHaveLength(1);
  });

  it('refuses an instant that is not one, and a target that is not one, as INVALID_INPUT', () => {
    expect(() => calendar.tentativeAt('soon')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => calendar.tentativeAt('2024-08-12T06:30:00Z', { scope: 'lengow' } as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });
});

describe('an announced notice (Lead Commerce, 12 Aug 2024 at 02:00 New York time)', () => {
  const announced = createMaintenanceCalendar([{ ...leadCommerce, announced: '2024-08-12T02:00' }]);

  it('becomes the firm window [announced, announced + duration) with its label', () => {
    expect(announced.windows).toEqual([
      { start: '2024-08-12T06:00:00.000Z', end: '2024-08-12T07:00:00.000Z', label: 'Lead Commerce upgrade', scope: null },
    ]);
    expect(announced.notices).toEqual([]);
    expect(announced.tentativeAt('2024-08-12T06:30:00Z')).toEqual([]);
  });

  it('blocks like any window: activeAt finds it, nextOpening skips it', () => {
    expect(announced.activeAt('2024-08-12T06:30:00Z')).toEqual({
      window: announced.windows[0],
      reopensAt: '2024-08-12T07:00:00.000Z',
    });
    expect(announced.nextOpening('2024-08-12T06:30:00Z')).toBe('2024-08-12T07:00:00.000Z');
    expect(announced.activeAt('2024-08-12T07:00:00Z')).toBeUndefined();
    expect(announced.startingWithin('2024-08-12T00:00:00Z', { days: 1 }).map((w) => w.label)).toEqual(['Lead Commerce upgrade']);
  });

  it('reads an announced instant, or a Date, as it is', () => {
    for (const start of ['2024-08-12T06:00:00Z', '2024-08-12T02:00:00-04:00', new Date('2024-08-12T06:00:00Z')]) {
      expect(createMaintenanceCalendar([{ ...leadCommerce, announced: start }]).windows).toEqual(announced.windows);
    }
  });

  it('counts hours as elapsed time across a DST change, and days as local days', () => {
    // New York leaves summer time at 02:00 on 3 Nov 2024: 00:30 EDT plus 2 hours is 01:30 EST.
    const autumn = { ...leadCommerce, possible: { from: '2024-11-02', to: '2024-11-03' } };
    expect(createMaintenanceCalendar([{ ...autumn, duration: { hours: 2 }, announced: '2024-11-03T00:30' }]).windows[0]).toMatchObject({
      start: '2024-11-03T04:30:00.000Z',
      end: '2024-11-03T06:30:00.000Z',
    });
    // A day from noon on 2 Nov is noon on 3 Nov: 25 hours that night.
    expect(createMaintenanceCalendar([{ ...autumn, duration: { days: 1 }, announced: '2024-11-02T12:00' }]).windows[0]).toMatchObject({
      start: '2024-11-02T16:00:00.000Z',
      end: '2024-11-03T17:00:00.000Z',
    });
  });

  it('is refused outside the possible span, naming announced', () => {
    for (const start of ['2024-08-12T07:00', '2024-09-01T02:00', '2024-08-04T02:00', '2024-08-12T10:30:00Z']) {
      const issues = refusal([{ ...leadCommerce, announced: start }]);
      expect(pathsOf(issues)).toEqual([[0, 'announced']]);
      expect(issues[0]!.message).toContain('2024-08-05 to 2024-08-31, 00:00 to 06:00 (America/New_York)');
    }
  });
});

describe('an announced, scoped notice (ANYMARKET, 28 Jul 2024)', () => {
  const calendar = createMaintenanceCalendar([anymarket]);
  const at = '2024-07-28T05:00:00Z'; // 02:00 in Sao Paulo (UTC-3)

  it('is the window 01:00 to 05:00 Sao Paulo time, scoped to its channel in lower case', () => {
    expect(calendar.windows).toEqual([
      { start: '2024-07-28T04:00:00.000Z', end: '2024-07-28T08:00:00.000Z', label: 'ANYMARKET maintenance', scope: ['anymarket'] },
    ]);
  });

  it('blocks an order of its channel, not an order synced through Lengow', () => {
    expect(calendar.activeAt(at, { scope: ['anymarket'] })).toMatchObject({ reopensAt: '2024-07-28T08:00:00.000Z' });
    expect(calendar.activeAt(at, { scope: ['cdiscount', 'lengow'] })).toBeUndefined();
    expect(calendar.nextOpening(at, { scope: ['cdiscount', 'lengow'] })).toBe('2024-07-28T05:00:00.000Z');
  });

  it('while tentative, is found only for targets its scope applies to, case-insensitively', () => {
    const { announced: _, ...tentative } = anymarket;
    const unannounced = createMaintenanceCalendar([tentative]);
    expect(unannounced.activeAt(at, { scope: ['anymarket'] })).toBeUndefined();
    expect(unannounced.tentativeAt(at, { scope: [null, 'AnyMarket'] }).map((n) => n.label)).toEqual(['ANYMARKET maintenance']);
    expect(unannounced.tentativeAt(at, { scope: ['cdiscount', 'lengow'] })).toEqual([]);
    expect(unannounced.tentativeAt(at)).toHaveLength(1);
  });
});

describe('windows and notices in one calendar (Lengow, ANYMARKET, Lead Commerce)', () => {
  const calendar = createMaintenanceCalendar([leadCommerce, anymarket, lengowWindow]);

  it('keeps window inputs working as before, sorted with announced notices', () => {
    expect(calendar.windows.map((w) => [w.label, w.start, w.end])).toEqual([
      ['Lengow maintenance', '2024-02-21T19:00:00.000Z', '2024-02-21T22:00:00.000Z'],
      ['ANYMARKET maintenance', '2024-07-28T04:00:00.000Z', '2024-07-28T08:00:00.000Z'],
    ]);
    expect(calendar.notices.map((n) => n.label)).toEqual(['Lead Commerce upgrade']);
  });

  it('blocks every order during the unscoped Lengow window, and warns of nothing then', () => {
    for (const scope of [['anymarket'], ['cdiscount', 'lengow']]) {
      expect(calendar.activeAt('2024-02-21T19:30:00Z', { scope })).toMatchObject({ window: { label: 'Lengow maintenance' } });
      expect(calendar.tentativeAt('2024-02-21T19:30:00Z', { scope })).toEqual([]);
    }
  });

  it("reads Lengow's hours in Paris winter time (UTC+1) when written as a notice", () => {
    const notice = createMaintenanceCalendar([
      {
        label: 'Lengow',
        timeZone: 'Europe/Paris',
        possible: { from: '2024-02-21', to: '2024-02-21', hours: { from: '20:00', to: '23:00' } },
        duration: { hours: 3 },
      },
    ]);
    expect(notice.notices[0]).toMatchObject({ earliest: '2024-02-21T19:00:00.000Z', latest: '2024-02-21T22:00:00.000Z' });
    expect(notice.tentativeAt('2024-02-21T19:30:00Z')).toHaveLength(1);
    expect(notice.tentativeAt('2024-02-21T22:00:00Z')).toEqual([]);
  });
});

describe('possible hours', () => {
  it('span midnight when to is before from, each instant counting for its own local date', () => {
    const calendar = createMaintenanceCalendar([
      { ...leadCommerce, possible: { from: '2024-08-05', to: '2024-08-31', hours: { from: '22:00', to: '02:00' } } },
    ]);
    expect(calendar.notices[0]).toMatchObject({ earliest: '2024-08-05T04:00:00.000Z', latest: '2024-09-01T04:00:00.000Z' });
    expect(calendar.tentativeAt('2024-08-05T05:00:00Z')).toHaveLength(1); // 01:00 on 5 Aug
    expect(calendar.tentativeAt('2024-08-31T03:00:00Z')).toHaveLength(1); // 23:00 on 30 Aug
    expect(calendar.tentativeAt('2024-09-01T03:00:00Z')).toHaveLength(1); // 23:00 on 31 Aug
    expect(calendar.tentativeAt('2024-09-01T05:00:00Z')).toEqual([]); // 01:00 on 1 Sep
    expect(calendar.tentativeAt('2024-08-12T12:00:00Z')).toEqual([]); // 08:00
  });

  it('cover the whole day when absent', () => {
    const calendar = createMaintenanceCalendar([{ ...leadCommerce, possible: { from: '2024-08-05', to: '2024-08-31' } }]);
    expect(calendar.notices[0]).toMatchObject({
      possible: { hours: null },
      earliest: '2024-08-05T04:00:00.000Z',
      latest: '2024-09-01T04:00:00.000Z',
    });
    expect(calendar.tentativeAt('2024-08-12T16:00:00Z')).toHaveLength(1);
    expect(calendar.tentativeAt('2024-09-01T03:59:59.999Z')).toHaveLength(1);
    expect(calendar.tentativeAt('2024-09-01T04:00:00Z')).toEqual([]);
  });
});

describe('bad notices', () => {
  const possible = leadCommerce.possible;
  it.each([
    ['a span ending before it starts', { possible: { ...possible, from: '2024-08-31', to: '2024-08-05' } }, [0, 'possible', 'to']],
    ['a malformed date', { possible: { ...possible, from: '2024-8-05' } }, [0, 'possible', 'from']],
    ['a date not in the calendar', { possible: { ...possible, to: '2024-02-30' } }, [0, 'possible', 'to']],
    ['a malformed time of day', { possible: { ...possible, hours: { from: '0:00', to: '06:00' } } }, [0, 'possible', 'hours', 'from']],
    ['hour 24', { possible: { ...possible, hours: { from: '00:00', to: '24:00' } } }, [0, 'possible', 'hours', 'to']],
    ['hours of no length', { possible: { ...possible, hours: { from: '02:00', to: '02:00' } } }, [0, 'possible', 'hours', 'to']],
    ['an unknown time zone', { timeZone: 'America/Gotham' }, [0, 'timeZone']],
    ['a missing time zone', { timeZone: undefined }, [0, 'timeZone']],
    ['EST, a fixed UTC-5 all year', { timeZone: 'EST' }, [0, 'timeZone']],
    ['a zero duration', { duration: { hours: 0 } }, [0, 'duration']],
    ['an empty duration', { duration: {} }, [0, 'duration']],
    ['a negative duration', { duration: { hours: -1 } }, [0, 'duration', 'hours']],
    ['a duration in text', { duration: { hours: '1' } }, [0, 'duration', 'hours']],
    ['a fraction of a day', { duration: { days: 0.5 } }, [0, 'duration', 'days']],
    ['a duration of unknown unit', { duration: { hour: 1 } }, [0, 'duration', 'hour']],
    ['a duration as a number', { duration: 3_600_000 }, [0, 'duration']],
    ['a missing duration', { duration: undefined }, [0, 'duration']],
    ['an unparsable announced start', { announced: 'the 12th' }, [0, 'announced']],
    ['an announced start outside the span', { announced: '2024-08-12T12:00' }, [0, 'announced']],
    ['an unknown field', { start: '2024-08-12T02:00' }, [0, 'start']],
    ['an unknown field in the span', { possible: { ...possible, hour: possible.hours } }, [0, 'possible', 'hour']],
  ])('refuses %s with INVALID_CALENDAR naming the entry and field', (_name, change, path) => {
    expect(pathsOf(refusal([{ ...leadCommerce, ...change }]))).toEqual([path]);
  });

  it('reports every bad entry at once and builds nothing', () => {
    const issues = refusal([
      lengowWindow,
      { ...leadCommerce, timeZone: 'Mars/Olympus' },
      { start: '2024-02-21T20:00', end: '2024-02-21T19:00:00Z', timeZone: 'Europe/Paris' },
      { ...anymarket, announced: '2024-07-29T01:00' },
    ]);
    expect(pathsOf(issues)).toEqual([
      [1, 'timeZone'],
      [2, 'end'],
      [3, 'announced'],
    ]);
  });

  it('names the entry in the error message, as for windows', () => {
    expect(() => createMaintenanceCalendar([{ ...leadCommerce, duration: { hours: 0 } }])).toThrow(/\[0\]\.duration/);
  });
});
