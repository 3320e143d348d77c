/*
 * The deadlines an order runs against (DOMAIN.md sections 2 and 10): the seller accepts within about 48 h,
 * ships by the marketplace's date, the customer collects in store in time. Each is a fact of the order,
 * kept in its context when known: given at creation, imported, or counted from a configured duration from
 * the instant the order starts waiting.
 */
import type { Duration } from 'date-fns';
// Per function, not the date-fns barrel (start-up cost). Months and years are averages: give days or hours.
import { milliseconds } from 'date-fns/milliseconds';

/** The deadlines a lifecycle may name on its `deadline` events. */
export const DEADLINE_KINDS = ['acceptance', 'shipping', 'pickup'] as const;

/** One of {@link DEADLINE_KINDS}. */
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** The context field that holds each deadline (UTC ISO, absent when unknown). */
export const DEADLINE_FIELDS = {
  acceptance: 'acceptanceDeadline',
  shipping: 'shippingDeadline',
  pickup: 'pickupDeadline',
} as const satisfies Record<DeadlineKind, string>;

/**
 * How long the order has for each deadline from the instant it starts waiting for it: a date-fns `Duration`
 * (a day is 24 hours) or a number of milliseconds.
 */
export type DeadlineDurations = Readonly<Partial<Record<DeadlineKind, Duration | number>>>;

/**
 * The deadline of `kind` for an order that starts waiting at `since` (UTC ISO), from `durations`; `undefined`
 * when no duration is configured for it.
 */
export function deadlineFrom(durations: DeadlineDurations | undefined, kind: DeadlineKind, since: string): string | undefined {
  const duration = durations?.[kind];
  if (duration === undefined) return undefined;
  return new Date(Date.parse(since) + (typeof duration === 'number' ? duration : milliseconds(duration))).toISOString();
}
