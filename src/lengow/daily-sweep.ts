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
  /** Whose orders the sweep reads again: `legacy` (5 days) or `octopia` (2 days). */
  readonly vocabulary: LengowVocabulary;
  /** Maintenance windows: a window in force at the range's start widens it, as `retrievalRange` does. */
  readonly calendar?: MaintenanceCalendar | undefined;
  readonly target?: CalendarTarget | undefined;
}

/**
 * The range of Lengow's daily sweep for one vocabulary: the last 2 days for Octopia orders, 5 for legacy ones,
 * reaching back over a maintenance window in force at its start (see `retrievalRange`).
 *
 * @example
 * lengowDailySweep({ now: '2025-12-02T03:00:00Z', vocabulary: 'octopia' })
 * // { from: '2025-11-30T03:00:00.000Z', to: '2025-12-02T03:00:00.000Z' }
 */
export function lengowDailySweep(options: LengowDailySweepOptions): RetrievalRange {
  if (typeof options?.vocabulary !== 'string' || !Object.hasOwn(LENGOW_DAILY_SWEEP, options.vocabulary)) {
    throw new OrderMachineError('INVALID_INPUT', 'lengowDailySweep: vocabulary must be legacy or octopia', [
      { path: ['vocabulary'], message: 'must be legacy or octopia' },
    ]);
  }
  const sweep = LENGOW_DAILY_SWEEP[options.vocabulary];
  return retrievalRange({ lastRetrievedAt: options.now, now: options.now, overlap: sweep, calendar: options.calendar, target: options.target });
}
