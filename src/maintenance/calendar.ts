import { checkHorizon, checkTarget, epochOf } from './calendar-arguments.js';
import { tz } from '@date-fns/tz';
// Per function, not the date-fns barrel: importing the barrel costs about 160 ms at start-up.
import type { Duration } from 'date-fns';
import { add } from 'date-fns/add';
import { parseISO } from 'date-fns/parseISO';
import { z } from 'zod';
import { OrderMachineError, describeIssues, type ValidationIssue } from '../lifecycle/errors.js';
import { instantSchema, type InstantInput } from '../lifecycle/instant.js';

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
}

const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;

function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

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
 * Builds a maintenance calendar. Throws {@link OrderMachineError} `INVALID_CALENDAR` naming the window and
 * field at fault: an unparsable time, an unknown time zone, a local time without a zone, an end not after
 * its start.
 *
 * @example
 * const calendar = createMaintenanceCalendar([
 *   { start: '2024-02-21T20:00', end: '2024-02-21T23:00', timeZone: 'Europe/Paris', label: 'Lengow upgrade' },
 * ]);
 * calendar.nextOpening('2024-02-21T19:30:00Z'); // '2024-02-21T22:00:00.000Z'
 */
export function createMaintenanceCalendar(windows: readonly MaintenanceWindowInput[] = []): MaintenanceCalendar {
  const issues: ValidationIssue[] = [];
  if (!Array.isArray(windows)) {
    throw new OrderMachineError('INVALID_CALENDAR', 'Invalid maintenance calendar: windows must be an array', [
      { path: [], message: 'must be an array' },
    ]);
  }
  const indexed: IndexedWindow[] = [];
  windows.forEach((raw, i) => {
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
  return calendarFrom(indexed);
}

function calendarFrom(indexed: readonly IndexedWindow[]): MaintenanceCalendar {
  const unscoped = buildSpanIndex(indexed.filter((w) => w.window.scope === null));
  const byScope = new Map<string, SpanIndex>();
  for (const key of new Set(indexed.flatMap((w) => w.window.scope ?? []))) {
    byScope.set(key, buildSpanIndex(indexed.filter((w) => w.window.scope?.includes(key))));
  }
  const everything = buildSpanIndex(indexed);
  const starts = indexed.map((w) => w.startMs);

  // The indexes that apply to a target: every window when no target is named.
  const indexesFor = (target?: CalendarTarget): SpanIndex[] => {
    if (target?.scope === undefined) return [everything];
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
  };
}

/** A calendar with no window: seller actions are never blocked by maintenance. */
export const EMPTY_CALENDAR: MaintenanceCalendar = createMaintenanceCalendar([]);
