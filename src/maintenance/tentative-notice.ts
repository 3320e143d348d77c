/*
 * Tentative maintenance notices (issue 13, item 5). Some notices give no window, only a span it will fall in:
 * Lead Commerce announced an upgrade "some night between 5 and 31 August 2024, early morning New York time,
 * at most an hour", the date given later to each customer (DOMAIN.md sections 9 and 10). Such a notice blocks
 * nothing: the calendar reports it (`tentativeAt`) so callers can warn. Once its start is `announced`, the
 * calendar turns it into a firm window like any other.
 *
 * This module reads and checks notices; the calendar (calendar.ts) imports it, never the other way round.
 */
import { tz, tzOffset } from '@date-fns/tz';
// Per function, not the date-fns barrel: importing the barrel costs about 160 ms at start-up.
import type { Duration } from 'date-fns';
import { addDays } from 'date-fns/addDays';
import { parseISO } from 'date-fns/parseISO';
import { z } from 'zod';
import type { ValidationIssue } from '../lifecycle/errors.js';

/**
 * A tentative maintenance notice as callers write it: the maintenance will happen at some time within
 * `possible`, read in `timeZone`, and last about `duration`. Without `announced` it blocks nothing; with it,
 * it is the window `[announced, announced + duration)`.
 *
 * @example
 * const leadCommerce: TentativeNoticeInput = {
 *   label: 'Lead Commerce upgrade',
 *   timeZone: 'America/New_York',
 *   possible: { from: '2024-08-05', to: '2024-08-31', hours: { from: '00:00', to: '06:00' } },
 *   duration: { hours: 1 },
 * };
 */
export interface TentativeNoticeInput {
  /** What the notice is about (at most 200 characters), kept on the window once announced. */
  readonly label?: string | undefined;
  /** The channels, platforms or marketplaces it applies to, as for windows; absent = all. */
  readonly scope?: readonly string[] | undefined;
  /** Required: an IANA zone such as `America/New_York` (never a fixed offset: New York is UTC-4 in August). */
  readonly timeZone: string;
  readonly possible: {
    /** First possible local date, `YYYY-MM-DD`, inclusive. */
    readonly from: string;
    /** Last possible local date, `YYYY-MM-DD`, inclusive. */
    readonly to: string;
    /**
     * Local times of day `HH:MM`, `from` inclusive, `to` exclusive; `to` before `from` is an overnight span
     * (`22:00` to `02:00`). Absent = the whole day.
     */
    readonly hours?: { readonly from: string; readonly to: string } | undefined;
  };
  /** The expected length, as a date-fns `Duration` (`{ hours: 1 }`): positive. */
  readonly duration: Duration;
  /**
   * The start, once announced: a local date-time (`2024-08-12T02:00`) read in `timeZone`, or an instant
   * (with `Z` or an offset, or a `Date`). It must lie within the possible span.
   */
  readonly announced?: string | Date | undefined;
}

/**
 * A validated, still tentative notice (no `announced`), plain JSON: dates and hours as given, `scope`
 * lower-cased as windows have it, and the UTC instants bounding the possible span.
 */
export interface TentativeNotice {
  /** The label given, or `null`. */
  readonly label: string | null;
  /** The scope given, lower-cased; `null` when it applies to every target. */
  readonly scope: readonly string[] | null;
  /** The IANA zone `possible` is read in, as given. */
  readonly timeZone: string;
  /** The local dates and hours, as given. */
  readonly possible: {
    readonly from: string;
    readonly to: string;
    /** `null` when the whole day is possible. */
    readonly hours: { readonly from: string; readonly to: string } | null;
  };
  /** The expected length, with the units given. */
  readonly duration: Readonly<Duration>;
  /** The first instant of the possible span (UTC ISO). */
  readonly earliest: string;
  /** The end of the possible span, exclusive (UTC ISO): an announced start lies before it. */
  readonly latest: string;
}

/** Whether `zone` is a time zone this runtime knows (IANA names; `Intl` refuses offsets such as `+02:00`). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// Legacy IANA names that read like a seasonal zone but are fixed offsets all year: "EST" is UTC-5 even in
// August, when New York is UTC-4. Lead Commerce wrote "EST" and meant New York time (DOMAIN.md section 10).
const FIXED_ABBREVIATIONS = new Set(['est', 'mst', 'hst']);

/**
 * The shape of a notice; the checks across fields (dates in order, a positive duration) follow parsing. Built on
 * the first notice read, not at import: most callers never give one.
 */
let noticeSchema: ReturnType<typeof buildNoticeSchema> | undefined;
const tentativeNoticeInputSchema = () => (noticeSchema ??= buildNoticeSchema());

function buildNoticeSchema() {
  const localDate = z.iso.date({ error: 'must be a local date YYYY-MM-DD' });
  const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time of day HH:MM, from 00:00 to 23:59');
  // Calendar units in whole numbers: date-fns would drop a fraction of a day or month without a word.
  const calendarUnit = z.number().int('must be a whole number').nonnegative('must not be negative').optional();
  const clockUnit = z.number().nonnegative('must not be negative').optional();

  return z
    .object({
      label: z.string().max(200).optional(),
      scope: z.array(z.string().min(1).max(100)).max(100).optional(),
      timeZone: z
        .string({ error: 'is required: an IANA time zone such as America/New_York' })
        .refine(isKnownTimeZone, 'is not a known IANA time zone')
        .refine(
          (zone) => !FIXED_ABBREVIATIONS.has(zone.toLowerCase()),
          'is a fixed offset all year: write the place, such as America/New_York for US Eastern time',
        ),
      possible: z
        .object({
          from: localDate,
          to: localDate,
          hours: z.object({ from: timeOfDay, to: timeOfDay }).strict().optional(),
        })
        .strict(),
      duration: z
        .object({
          years: calendarUnit,
          months: calendarUnit,
          weeks: calendarUnit,
          days: calendarUnit,
          hours: clockUnit,
          minutes: clockUnit,
          seconds: clockUnit,
        })
        .strict(),
      announced: z.union([z.string(), z.date()]).optional(),
    })
    .strict();
}

/** A notice read and checked, with what the calendar needs beside its JSON form. */
export interface ReadNotice {
  readonly notice: TentativeNotice;
  /** The announced start as given, read by the calendar as window bounds are. */
  readonly announced: string | Date | undefined;
  readonly earliestMs: number;
  readonly latestMs: number;
  /** Minutes after local midnight of `possible.hours`, or `undefined` for the whole day. */
  readonly hours: { readonly from: number; readonly to: number } | undefined;
}

/**
 * Whether a calendar entry is a tentative notice: it has a `possible` field. Windows never have one, so
 * every window written before notices existed reads as it did.
 */
export function isTentativeNoticeInput(entry: unknown): boolean {
  return typeof entry === 'object' && entry !== null && Object.hasOwn(entry, 'possible');
}

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;
const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Milliseconds of a local wall-clock time in `zone` (date-fns places times skipped by DST after the gap). */
const localMs = (date: string, time: string, zone: string) => +parseISO(`${date}T${time}`, { in: tz(zone) });

const inFourDigitYears = (ms: number) => {
  const year = new Date(ms).getUTCFullYear();
  return year >= 1 && year <= 9999;
};

/**
 * Reads a notice at `path` (the entry's index). Pushes every problem found to `issues`, each naming its
 * field, and returns `undefined` then; the calendar throws them together.
 */
export function readTentativeNotice(entry: unknown, path: readonly PropertyKey[], issues: ValidationIssue[]): ReadNotice | undefined {
  const parsed = tentativeNoticeInputSchema().safeParse(entry);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // One issue per unknown key, naming it: `[3, 'possible', 'hour']` rather than `[3, 'possible']`.
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) issues.push({ path: [...path, ...issue.path, key], message: 'is not a known field', code: issue.code });
      } else issues.push({ path: [...path, ...issue.path], message: issue.message, code: issue.code });
    }
    return undefined;
  }
  const input = parsed.data;
  const { from, to, hours } = input.possible;
  const before = issues.length;
  if (to < from) issues.push({ path: [...path, 'possible', 'to'], message: 'must not be before possible.from' });
  if (hours && hours.from === hours.to) {
    issues.push({ path: [...path, 'possible', 'hours', 'to'], message: 'must differ from hours.from (omit hours for the whole day)' });
  }
  const duration = Object.fromEntries(Object.entries(input.duration).filter(([, amount]) => amount !== undefined)) as Duration;
  if (!Object.values(duration).some((amount) => (amount ?? 0) > 0)) {
    issues.push({ path: [...path, 'duration'], message: 'must be positive: at least one unit above zero, such as { hours: 1 }' });
  }
  if (issues.length > before) return undefined;

  const zone = input.timeZone;
  const minutes = hours ? { from: minutesOf(hours.from), to: minutesOf(hours.to) } : undefined;
  // Each instant is judged by its own local date (see isWithinPossibleSpan): an overnight span starts at
  // midnight of `from` (its morning part) and ends at midnight after `to` (its evening part).
  const sameDay = hours !== undefined && hours.from < hours.to; // HH:MM texts compare as times of day
  const earliestMs = localMs(from, sameDay ? hours.from : '00:00', zone);
  const latestMs = sameDay ? localMs(to, hours.to, zone) : +addDays(parseISO(`${to}T00:00`, { in: tz(zone) }), 1, { in: tz(zone) });
  if (!(inFourDigitYears(earliestMs) && inFourDigitYears(latestMs))) {
    issues.push({ path: [...path, 'possible'], message: 'must lie within years 0001 to 9999 in UTC' });
    return undefined;
  }
  return {
    announced: input.announced,
    earliestMs,
    latestMs,
    hours: minutes,
    notice: Object.freeze({
      label: input.label ?? null,
      scope: input.scope ? Object.freeze(input.scope.map((s) => s.toLowerCase())) : null,
      timeZone: zone,
      possible: Object.freeze({ from, to, hours: hours ? Object.freeze({ from: hours.from, to: hours.to }) : null }),
      duration: Object.freeze(duration),
      earliest: new Date(earliestMs).toISOString(),
      latest: new Date(latestMs).toISOString(),
    }),
  };
}

/**
 * Whether the notice's possible span covers the instant `ms`: its local date (in the notice's zone) is within
 * `possible.from`..`possible.to` and its local time of day within `possible.hours`.
 *
 * The choice for overnight hours, kept simple: each instant counts for its own local date. With hours 22:00 to
 * 02:00 from 5 to 31 August, 5 August 01:00 is covered (though it ends the night of 4 to 5 August) and
 * 1 September 01:00 is not (though it ends the night of 31 August). Write the dates to match.
 */
export function isWithinPossibleSpan(read: ReadNotice, ms: number): boolean {
  // [earliest, latest) holds exactly the instants whose local date is within from..to (the first and last
  // days cut at the hours when they do not cross midnight): only the time of day remains to check.
  if (ms < read.earliestMs || ms >= read.latestMs) return false;
  if (read.hours === undefined) return true;
  // The local minute of the day: the instant moved by the zone's UTC offset then (DST included).
  const minute = (((Math.floor(ms / MINUTE) + tzOffset(read.notice.timeZone, new Date(ms))) % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
  const { from, to } = read.hours;
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}
