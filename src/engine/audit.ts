import type { BlockerCode } from '../lifecycle/blockers.js';

/** What became of a dispatched event. */
export type AuditOutcome = 'applied' | 'duplicate' | 'refused';

/**
 * Why an accepted event is unusual: `UNREACHABLE_STATUS`, a marketplace report moved the order where the
 * lifecycle does not lead; `LATE_SHIPMENT`, the seller shipped after the order's shipping deadline;
 * `EARLIER_STATUS_REPORTED`, a newer marketplace report gave a status the order has moved past (nothing is
 * applied: the marketplace lags behind, or it did not take the seller's action yet); `ACTION_REJECTED`, the
 * marketplace turned down the pending seller action (a verdict, or a report still giving the status before
 * it after `pendingTimeout`): the order is back where it was, and the entry's `detail` says why.
 */
export type Anomaly = 'UNREACHABLE_STATUS' | 'LATE_SHIPMENT' | 'EARLIER_STATUS_REPORTED' | 'ACTION_REJECTED';

/** Every {@link Anomaly}. */
export const ANOMALIES = ['UNREACHABLE_STATUS', 'LATE_SHIPMENT', 'EARLIER_STATUS_REPORTED', 'ACTION_REJECTED'] as const satisfies readonly Anomaly[];

/**
 * One dispatch, accepted or refused: what was attempted, when, and what came of it. Plain JSON.
 * Refused and duplicate entries come with the result (for the caller's log); the record's own `history`
 * keeps the applied ones.
 */
export interface AuditEntry<S extends string = string> {
  /** The event type, or `null` when the event was too malformed to have one. */
  readonly eventType: string | null;
  readonly eventId: string | null;
  /** The event's instant (UTC ISO), or `null` when it had no valid one. */
  readonly at: string | null;
  readonly from: S;
  readonly to: S;
  readonly outcome: AuditOutcome;
  readonly blockers: readonly BlockerCode[];
  readonly anomaly?: Anomaly;
  /** For `ACTION_REJECTED`: why, in the marketplace's words (or the library's, for a report). */
  readonly detail?: string;
}

/** Applied entries an order record keeps when no `historyLimit` is given. */
export const DEFAULT_HISTORY_LIMIT = 50;
/** The largest `historyLimit` accepted; larger values are clamped to it. */
export const MAX_HISTORY_LIMIT = 1000;
/** Applied event ids an order record remembers for idempotency (newest kept). */
export const REMEMBERED_EVENT_IDS = 100;

/** Appends to a bounded list, dropping the oldest entries: the list never exceeds `limit`. */
export function appendBounded<T>(list: readonly T[], item: T, limit: number): T[] {
  if (limit <= 0) return [];
  const start = list.length + 1 > limit ? list.length + 1 - limit : 0;
  const out = list.slice(start);
  out.push(item);
  return out;
}

/** Clamps a caller's history limit into `0..MAX_HISTORY_LIMIT`. */
export function historyLimitOf(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_HISTORY_LIMIT;
  return Math.max(0, Math.min(MAX_HISTORY_LIMIT, Math.floor(limit)));
}
