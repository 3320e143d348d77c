import { tz } from '@date-fns/tz';
// Per function, not the date-fns barrel: importing the barrel costs about 160 ms at start-up.
import type { Duration } from 'date-fns';
import { sub } from 'date-fns/sub';
import type { CalendarTarget, MaintenanceCalendar } from './calendar.js';
import { OrderMachineError } from '../lifecycle/errors.js';
import { checkTarget, isNonNegativeDuration } from './calendar-arguments.js';
import { instantSchema, type InstantInput } from '../lifecycle/instant.js';

/** Options of {@link retrievalRange}. */
export interface RetrievalRangeOptions {
  /** When the previous successful retrieval ran. */
  readonly lastRetrievedAt: InstantInput;
  /** The instant of this retrieval (from your scheduler: the library never reads the clock). */
  readonly now: InstantInput;
  readonly calendar?: MaintenanceCalendar | undefined;
  /**
   * Safety margin reached back before the last retrieval; default 2 hours, as Lengow's own connectors reach
   * back (Cdiscount advised at least 90 minutes). Filter what you fetch on Lengow's update date.
   */
  readonly overlap?: Duration | number | undefined;
  /** Restricts the windows considered to those that apply to these identifiers (e.g. `['lengow']`). */
  readonly target?: CalendarTarget | undefined;
}

/** A `[from, to)` range of instants (UTC ISO) to ask an order API for. */
export interface RetrievalRange {
  readonly from: string;
  readonly to: string;
}

const DEFAULT_OVERLAP: Duration = { hours: 2 };

function refuse(path: string[], message: string): never {
  throw new OrderMachineError('INVALID_INPUT', `retrievalRange: ${path.length ? path.join('.') : 'options'} ${message}`, [{ path, message }]);
}

function instant(value: InstantInput, field: string): number {
  const parsed = instantSchema.safeParse(value);
  if (!parsed.success) {
    throw new OrderMachineError('INVALID_INPUT', `retrievalRange: ${field} must be an ISO 8601 instant or a Date`, [
      { path: [field], message: 'must be an ISO 8601 date-time with Z or an offset, or a valid Date' },
    ]);
  }
  return Date.parse(parsed.data);
}

/**
 * The range an order import should ask for so that nothing placed during a maintenance window is missed:
 * from the last retrieval minus the overlap, reaching back over any window in force then (a retrieval
 * during a window may have missed orders), up to `now`. Lengow's notice asks API users exactly this.
 *
 * @example
 * retrievalRange({ lastRetrievedAt: '2024-02-21T19:45:00Z', now: '2024-02-21T22:15:00Z', calendar });
 * // { from: '2024-02-21T18:45:00.000Z', to: '2024-02-21T22:15:00.000Z' } with a 19:00-22:00 UTC window
 */
export function retrievalRange(options: RetrievalRangeOptions): RetrievalRange {
  if (typeof options !== 'object' || options === null) refuse([], 'must be an object: { lastRetrievedAt, now, calendar?, overlap?, target? }');
  const overlap = options.overlap ?? DEFAULT_OVERLAP;
  if (!isNonNegativeDuration(overlap)) refuse(['overlap'], 'must be a duration or a number of milliseconds, not negative');
  if (options.calendar !== undefined && typeof options.calendar?.activeAt !== 'function') {
    refuse(['calendar'], 'must be a maintenance calendar (createMaintenanceCalendar)');
  }
  checkTarget(options.target);
  const last = instant(options.lastRetrievedAt, 'lastRetrievedAt');
  const now = instant(options.now, 'now');
  if (last > now) {
    throw new OrderMachineError('INVALID_INPUT', 'retrievalRange: lastRetrievedAt must not be after now', [
      { path: ['lastRetrievedAt'], message: 'must not be after now' },
    ]);
  }
  // Durations count in UTC (a day is 24 hours), whatever the host's time zone.
  const back = (ms: number) => (typeof overlap === 'number' ? ms - Math.max(0, overlap) : +sub(new Date(ms), overlap, { in: tz('UTC') }));
  let from = back(last);
  // Reach back to the start of the window in force (the earliest-starting one), and again from there, until
  // no window is in force or the one found starts right there: each step moves earlier, so it ends.
  for (let active = options.calendar?.activeAt(new Date(from), options.target); active; ) {
    const next = back(Date.parse(active.window.start));
    if (next >= from) break;
    from = next;
    active = options.calendar?.activeAt(new Date(from), options.target);
  }
  return { from: new Date(from).toISOString(), to: new Date(now).toISOString() };
}
