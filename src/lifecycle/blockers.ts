/**
 * Stable, machine-readable reasons why an event is refused. Codes never change meaning; new codes may be
 * added in minor versions. `LIMIT_REACHED`: applying the event would take the record past a bound it keeps
 * (a refund past the 1,000 a record holds), so the order could no longer be stored. `ALREADY_REFUNDED`: the
 * order has nothing left to refund (a full refund was recorded, partial ones add up to its total, or the
 * marketplace reported it refunded). `REFUND_EXCEEDS_TOTAL`: a partial refund would take the refunds past the
 * order's total (`fields: ['amount']`; the message says what remains). `REFUND_EXCEEDS_LINE`: a refund of one line
 * would take its refunds past what the line was paid (`fields: ['amount']`, `line`). `ACTION_PENDING`: the same seller action
 * was made and the marketplace has not settled it yet (it is not offered again until it rejects it).
 */
export const BLOCKER_CODES = [
  'NOT_ALLOWED_IN_STATUS',
  'CARRIER_AND_TRACKING_REQUIRED',
  'MAINTENANCE_WINDOW',
  'FULFILLED_BY_MARKETPLACE',
  'INVALID_EVENT',
  'DELIVERY_MODE_MISMATCH',
  'STALE_UPDATE',
  'ACTION_NOT_SUPPORTED',
  'MISSING_ARGUMENT',
  'INVALID_ARGUMENT',
  'LIMIT_REACHED',
  'ALREADY_REFUNDED',
  'REFUND_EXCEEDS_TOTAL',
  'ACTION_PENDING',
  'REFUND_EXCEEDS_LINE',
] as const;

/** One of {@link BLOCKER_CODES}. */
export type BlockerCode = (typeof BLOCKER_CODES)[number];

/**
 * Why an event was refused: a stable `code` first, a plain-words `message` second.
 * `retryAt` (UTC ISO instant) is set when the same event will be accepted later, as after a maintenance
 * window; `fields` names the event fields at fault (for `MISSING_ARGUMENT` and `INVALID_ARGUMENT`, the marketplace's argument names,
 * such as `carrier_name`).
 */
export interface Blocker {
  readonly code: BlockerCode;
  readonly message: string;
  readonly retryAt?: string;
  readonly fields?: readonly string[];
  /** The line it concerns, by its id, when it concerns one line of the order (an event naming lines). */
  readonly line?: string;
}

/** Builds a blocker; `fields`, `retryAt` and `line` are left out when not given so records stay JSON-stable. */
export function blocker(
  code: BlockerCode,
  message: string,
  extra: { retryAt?: string | undefined; fields?: readonly string[] | undefined; line?: string | undefined } = {},
): Blocker {
  return {
    code,
    message,
    ...(extra.retryAt === undefined ? {} : { retryAt: extra.retryAt }),
    ...(extra.fields === undefined ? {} : { fields: extra.fields }),
    ...(extra.line === undefined ? {} : { line: extra.line }),
  };
}
