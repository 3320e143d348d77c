import { checkHorizon, checkTarget, epochOf } from './calendar-arguments.js';
import { tz } from '@date-fns/tz';
// Per function, not the date-fns barrel: importing the barrel costs about 160 ms at start-up.
import type { Duration } from 'date-fns';
import { add } from 'date-fns/add';
import { parseISO } from 'date-fns/parseISO';
import { z } from 'zod';
import { OrderMachineError, describeIssues, type ValidationIssue } from '../lifecycle/errors.js';
import { instantSchema, type InstantInput } from '../lifecycle/instant.js';
import {
  isKnownTimeZone,
  isTentativeNoticeInput,
  isWithinPossibleSpan,
  readTentativeNotice,
  type ReadNotice,
  type TentativeNotice,
  type TentativeNoticeInput,
} from './tentative-notice.js';

/**
 * A maintenance window as callers write it. `start` and `end` are instants with `Z` or an offset, or local
 * wall-clock times (`2024-02-21T20:00`) read in `timeZone` (IANA, e.g. `Europe/Paris`). Start inclusive,
 * end exclusive. `scope` lists the channels, platforms or marketplaces it applies to; absent = all.
 */
export interface MaintenanceWindowInput {
  readonly start: string | Date;
  readonly end: string | Date;
  readonly timeZone?: string | undefined;
  readonly label?: string | undefined;
  readonly scope?: readonly string[] | undefined;
}

/**
 * One entry of a calendar: a firm window, or a tentative notice (it has `possible`): see
 * {@link TentativeNoticeInput}.
 */
export type MaintenanceEntryInput = MaintenanceWindowInput | TentativeNoticeInput;

/** A validated window: instants as UTC ISO strings, plain JSON (feed it back to the calendar as input). */
export interface MaintenanceWindow {
  readonly start: string;
  readonly end: string;
  readonly label: string | null;
  readonly scope: readonly string[] | null;
}

/** What a calendar query is about: the identifiers of an order (its marketplace, its channel). */
export interface CalendarTarget {
  /** Identifiers matched case-insensitively against each window's `scope`; absent = every window applies. */
  readonly scope?: readonly (string | null | undefined)[] | undefined;
}

/** A window in force at some instant, with the end of the whole span of touching or overlapping windows. */
export interface ActiveMaintenance {
  readonly window: MaintenanceWindow;
  /** When seller actions reopen (UTC ISO): the end of the covered span, never inside a window. */
  readonly reopensAt: string;
}

/**
 * Maintenance windows, indexed for logarithmic look-ups. Built by {@link createMaintenanceCalendar}.
 * Queries read only the instants given: never the wall clock.
 */
export interface MaintenanceCalendar {
  /** The windows, sorted by start. */
  readonly windows: readonly MaintenanceWindow[];
  /** The window in force at `at` for the target, with the instant seller actions reopen; else `undefined`. */
  activeAt(at: InstantInput, target?: CalendarTarget): ActiveMaintenance | undefined;
  /** The first instant at or after `at` outside every applying window (UTC ISO). */
  nextOpening(at: InstantInput, target?: CalendarTarget): string;
  /** Windows that start within `[from, from + horizon)`: to warn merchants ahead. */
  startingWithin(from: InstantInput, horizon: Duration | number, target?: CalendarTarget): MaintenanceWindow[];
  /**
   * The tentative notices (no start announced yet), sorted by `earliest`. They block nothing: `activeAt`,
   * `nextOpening` and `startingWithin` ignore them. An announced notice is in `windows` instead.
   */
  readonly notices: readonly TentativeNotice[];
  /**
   * The tentative notices whose possible span covers `at` (its local date and time of day in each notice's
   * zone) and that apply to the target as windows do: to warn that maintenance may happen then. Blocks
   * nothing.
   *
   * @example
   * calendar.tentativeAt('2024-08-12T06:30:00Z', { scope: ['cdiscount', 'lengow'] }); // [leadCommerceNotice]
   */
  tentativeAt(at: InstantInput, target?: CalendarTarget): TentativeNotice[];
}

const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;

const windowInputSchema = z
  .object({
    start: z.union([z.string(), z.date()]),
    end: z.union([z.string(), z.date()]),
    timeZone: z.string().refine(isKnownTimeZone, 'is not a known IANA time zone').optional(),
    label: z.string().max(200).optional(),
    scope: z.array(z.string().min(1).max(100)).max(100).optional(),
  })
  .strict();

/** Reads a window bound: an instant, or a local wall-clock time in the window's zone (DST by date-fns). */
function resolveBound(value: string | Date, timeZone: string | undefined, path: (string | number)[], issues: ValidationIssue[]): number {
  if (typeof value === 'string' && LOCAL_TIME.test(value)) {
    if (timeZone === undefined) {
      issues.push({ path, message: 'is a local time: give the window a timeZone, or an offset such as Z' });
      return NaN;
    }
    const ms = +parseISO(value, { in: tz(timeZone) });
    if (Number.isNaN(ms)) issues.push({ path, message: 'is not a valid local date-time' });
    return ms;
  }
  const parsed = instantSchema.safeParse(value);
  if (!parsed.success) {
    issues.push({ path, message: 'must be an ISO 8601 date-time (with Z, an offset, or a timeZone) or a Date' });
    return NaN;
  }
  return Date.parse(parsed.data);
}

interface IndexedWindow {
  readonly window: MaintenanceWindow;
  readonly startMs: number;
  readonly endMs: number;
}

/** Disjoint spans of touching or overlapping windows, sorted; binary-searched by start. */
interface SpanIndex {
  readonly starts: number[];
  readonly ends: number[];
  readonly members: IndexedWindow[][];
}

function buildSpanIndex(windows: readonly IndexedWindow[]): SpanIndex {
  const index: SpanIndex = { starts: [], ends: [], members: [] };
  for (const w of windows) {
    const last = index.ends.length - 1;
    if (last >= 0 && w.startMs <= index.ends[last]!) {
      index.ends[last] = Math.max(index.ends[last]!, w.endMs);
      index.members[last]!.push(w);
    } else {
      index.starts.push(w.startMs);
      index.ends.push(w.endMs);
      index.members.push([w]);
    }
  }
  return index;
}

/** Index of the last entry of a sorted array that is <= value, or -1. */
function lastAtOrBefore(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function spanAt(index: SpanIndex, ms: number): number {
  const i = lastAtOrBefore(index.starts, ms);
  return i >= 0 && ms < index.ends[i]! ? i : -1;
}

/**
 * Builds a maintenance calendar from windows and tentative notices (entries with `possible`). Throws
 * {@link OrderMachineError} `INVALID_CALENDAR` naming the entry and field at fault: an unparsable time, an
 * unknown time zone, a local time without a zone, an end not after its start; for a notice also dates out of
 * order, a duration that is not positive, an announced start outside the possible span, an unknown field.
 * Nothing is built when anything is wrong.
 *
 * @example
 * const calendar = createMaintenanceCalendar([
 *   { start: '2024-02-21T20:00', end: '2024-02-21T23:00', timeZone: 'Europe/Paris', label: 'Lengow upgrade' },
 *   {
 *     label: 'Lead Commerce upgrade',
 *     timeZone: 'America/New_York',
 *     possible: { from: '2024-08-05', to: '2024-08-31', hours: { from: '00:00', to: '06:00' } },
 *     duration: { hours: 1 },
 *   },
 * ]);
 * calendar.nextOpening('2024-02-21T19:30:00Z'); // '2024-02-21T22:00:00.000Z'
 * calendar.activeAt('2024-08-12T06:30:00Z'); // undefined: a tentative notice blocks nothing
 * calendar.tentativeAt('2024-08-12T06:30:00Z').map((n) => n.label); // ['Lead Commerce upgrade']
 */
export function createMaintenanceCalendar(entries: readonly MaintenanceEntryInput[] = []): MaintenanceCalendar {
  const issues: ValidationIssue[] = [];
  if (!Array.isArray(entries)) {
    throw new OrderMachineError('INVALID_CALENDAR', 'Invalid maintenance calendar: windows must be an array', [
      { path: [], message: 'must be an array' },
    ]);
  }
  const indexed: IndexedWindow[] = [];
  const notices: ReadNotice[] = [];
  entries.forEach((raw, i) => {
    if (isTentativeNoticeInput(raw)) {
      const read = readTentativeNotice(raw, [i], issues);
      if (read === undefined) return;
      if (read.announced === undefined) notices.push(read);
      else {
        const window = announcedWindow(read, read.announced, i, issues);
        if (window) indexed.push(window);
      }
      return;
    }
    const parsed = windowInputSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) issues.push({ path: [i, ...issue.path], message: issue.message, code: issue.code });
      return;
    }
    const input = parsed.data;
    const before = issues.length;
    const startMs = resolveBound(input.start, input.timeZone, [i, 'start'], issues);
    const endMs = resolveBound(input.end, input.timeZone, [i, 'end'], issues);
    if (issues.length > before) return;
    if (!(endMs > startMs)) {
      issues.push({ path: [i, 'end'], message: 'must be after the window start' });
      return;
    }
    indexed.push({
      startMs,
      endMs,
      window: {
        start: new Date(startMs).toISOString(),
        end: new Date(endMs).toISOString(),
        label: input.label ?? null,
        scope: input.scope ? input.scope.map((s) => s.toLowerCase()) : null,
      },
    });
  });
  if (issues.length > 0) {
    throw new OrderMachineError('INVALID_CALENDAR', `Invalid maintenance calendar: ${describeIssues(issues)}`, issues);
  }
  indexed.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  notices.sort((a, b) => a.earliestMs - b.earliestMs || a.latestMs - b.latestMs);
  return calendarFrom(indexed, notices);
}

/** The firm window of an announced notice: `[announced, announced + duration)`, with its label and scope. */
function announcedWindow(read: ReadNotice, announced: string | Date, index: number, issues: ValidationIssue[]): IndexedWindow | undefined {
  const { notice } = read;
  const path = [index, 'announced'];
  const startMs = resolveBound(announced, notice.timeZone, path, issues);
  if (Number.isNaN(startMs)) return undefined;
  if (!isWithinPossibleSpan(read, startMs)) {
    const hours = notice.possible.hours ? `, ${notice.possible.hours.from} to ${notice.possible.hours.to}` : '';
    issues.push({
      path,
      message: `must lie within the possible span: ${notice.possible.from} to ${notice.possible.to}${hours} (${notice.timeZone})`,
    });
    return undefined;
  }
  // Added in the notice's zone: days and months are local calendar days and months; hours, minutes and
  // seconds are elapsed time (date-fns adds them as milliseconds), so an hour is an hour across a DST change.
  const endMs = +add(new Date(startMs), notice.duration, { in: tz(notice.timeZone) });
  if (Number.isNaN(endMs) || new Date(endMs).getUTCFullYear() > 9999) {
    issues.push({ path: [index, 'duration'], message: 'is too long: the window would end after year 9999' });
    return undefined;
  }
  if (!(endMs > startMs)) {
    issues.push({ path: [index, 'duration'], message: 'must last at least a millisecond' });
    return undefined;
  }
  return {
    startMs,
    endMs,
    window: {
      start: new Date(startMs).toISOString(),
      end: new Date(endMs).toISOString(),
      label: notice.label,
      scope: notice.scope,
    },
  };
}

function calendarFrom(indexed: readonly IndexedWindow[], notices: readonly ReadNotice[]): MaintenanceCalendar {
  const unscoped = buildSpanIndex(indexed.filter((w) => w.window.scope === null));
  const byScope = new Map<string, SpanIndex>();
  for (const key of new Set(indexed.flatMap((w) => w.window.scope ?? []))) {
    byScope.set(key, buildSpanIndex(indexed.filter((w) => w.window.scope?.includes(key))));
  }
  const everything = buildSpanIndex(indexed);
  const starts = indexed.map((w) => w.startMs);

  // The indexes that apply to a target: every window when no target is named.
  const all = [everything];
  const indexesFor = (target?: CalendarTarget): SpanIndex[] => {
    if (target?.scope === undefined) return all;
    const out = [unscoped];
    for (const id of target.scope) {
      const index = id ? byScope.get(id.toLowerCase()) : undefined;
      if (index) out.push(index);
    }
    return out;
  };

  // Walks from span to span across indexes until an instant lies outside all of them.
  const openingFrom = (indexes: SpanIndex[], ms: number): number => {
    let cursor = ms;
    for (let moved = true; moved; ) {
      moved = false;
      for (const index of indexes) {
        const span = spanAt(index, cursor);
        if (span >= 0) {
          cursor = index.ends[span]!;
          moved = true;
        }
      }
    }
    return cursor;
  };

  return {
    windows: indexed.map((w) => w.window),
    activeAt(at, target) {
      const ms = epochOf(at, 'at');
      checkTarget(target);
      const indexes = indexesFor(target);
      for (const index of indexes) {
        const span = spanAt(index, ms);
        if (span < 0) continue;
        const active = index.members[span]!.find((w) => w.startMs <= ms && ms < w.endMs);
        if (active) return { window: active.window, reopensAt: new Date(openingFrom(indexes, ms)).toISOString() };
      }
      return undefined;
    },
    nextOpening(at, target) {
      const ms = epochOf(at, 'at');
      checkTarget(target);
      return new Date(openingFrom(indexesFor(target), ms)).toISOString();
    },
    startingWithin(from, horizon, target) {
      const fromMs = epochOf(from, 'from');
      checkHorizon(horizon);
      checkTarget(target);
      // Durations count in UTC (a day is 24 hours), whatever the host's time zone.
      const untilMs = typeof horizon === 'number' ? fromMs + horizon : +add(new Date(fromMs), horizon, { in: tz('UTC') });
      const wanted = target?.scope?.flatMap((s) => (s ? [s.toLowerCase()] : []));
      const out: MaintenanceWindow[] = [];
      for (let i = lastAtOrBefore(starts, fromMs - 1) + 1; i < indexed.length && starts[i]! < untilMs; i++) {
        const { window } = indexed[i]!;
        if (!wanted || window.scope === null || window.scope.some((s) => wanted.includes(s))) out.push(window);
      }
      return out;
    },
    notices: notices.map((n) => n.notice),
    tentativeAt(at, target) {
      const ms = epochOf(at, 'at');
      checkTarget(target);
      // A short linear scan: calendars hold few notices.
      const wanted = target?.scope?.flatMap((s) => (typeof s === 'string' && s ? [s.toLowerCase()] : []));
      const out: TentativeNotice[] = [];
      for (const read of notices) {
        const { scope } = read.notice;
        if ((!wanted || scope === null || scope.some((s) => wanted.includes(s))) && isWithinPossibleSpan(read, ms)) out.push(read.notice);
      }
      return out;
    },
  };
}

/** A calendar with no window: seller actions are never blocked by maintenance. */
export const EMPTY_CALENDAR: MaintenanceCalendar = createMaintenanceCalendar([]);
