import type { CalendarTarget, MaintenanceCalendar } from '../maintenance/calendar.js';
import { retrievalRange, type RetrievalRange } from '../maintenance/retrieval-range.js';
import { OrderMachineError } from '../lifecycle/errors.js';
import type { InstantInput } from '../lifecycle/instant.js';
import type { LengowVocabulary } from './vocabulary.js';

/**
 * How far back Lengow's once-a-day retrieval reaches, by vocabulary: orders created or changed in the last 5
 * days in the legacy flow, 2 days for Octopia (Lengow's "Orders management" pages).
 */
export const LENGOW_DAILY_SWEEP = { legacy: { days: 5 }, octopia: { days: 2 } } as const satisfies Record<LengowVocabulary, { days: number }>;

/** Options of {@link lengowDailySweep}. */
export interface LengowDailySweepOptions {
  /** The instant of the sweep (from your scheduler: the library never reads the clock). */
  readonly now: InstantInput;
  /** Whose orders the sweep reads again: `legacy` (5 days, the default) or `octopia` (2 days). */
  readonly vocabulary?: LengowVocabulary | undefined;
  /** Days to reach back instead of the vocabulary's (a whole number, at least 1). */
  readonly days?: number | undefined;
  /** Maintenance windows: a window in force at the range's start widens it, as `retrievalRange` does. */
  readonly calendar?: MaintenanceCalendar | undefined;
  readonly target?: CalendarTarget | undefined;
}

/**
 * The range of Lengow's daily sweep for one vocabulary: the last 2 days for Octopia orders, 5 for legacy ones
 * (the default), or `days`, reaching back over a maintenance window in force at its start (see
 * `retrievalRange`). Filter what you fetch on Lengow's update date.
 *
 * @example
 * lengowDailySweep({ now: '2025-12-02T03:00:00Z', vocabulary: 'octopia' })
 * // { from: '2025-11-30T03:00:00.000Z', to: '2025-12-02T03:00:00.000Z' }
 */
export function lengowDailySweep(options: LengowDailySweepOptions): RetrievalRange {
  if (typeof options !== 'object' || options === null) {
    throw new OrderMachineError('INVALID_INPUT', 'lengowDailySweep: options must be an object: { now, vocabulary?, days?, calendar? }', [
      { path: [], message: 'must be an object' },
    ]);
  }
  const vocabulary = options.vocabulary ?? 'legacy';
  if (typeof vocabulary !== 'string' || !Object.hasOwn(LENGOW_DAILY_SWEEP, vocabulary)) {
    throw new OrderMachineError('INVALID_INPUT', 'lengowDailySweep: vocabulary must be legacy or octopia', [
      { path: ['vocabulary'], message: 'must be legacy or octopia' },
    ]);
  }
  if (options.days !== undefined && !(Number.isInteger(options.days) && options.days >= 1)) {
    throw new OrderMachineError('INVALID_INPUT', 'lengowDailySweep: days must be a whole number, at least 1', [
      { path: ['days'], message: 'must be a whole number, at least 1' },
    ]);
  }
  const sweep = options.days === undefined ? LENGOW_DAILY_SWEEP[vocabulary] : { days: options.days };
  return retrievalRange({ lastRetrievedAt: options.now, now: options.now, overlap: sweep, calendar: options.calendar, target: options.target });
}
