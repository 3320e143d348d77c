import type { InstantInput } from './instant.js';
import { toIsoInstant } from './instant.js';
import { DEADLINE_FIELDS } from './deadlines.js';
import { lineRefundFields } from './line-refunds.js';
import type { Parcel, RecordLine } from './lines.js';
import { withFields } from './with-fields.js';

/** The shipment the seller declared, or the marketplace reported. */
export interface Shipment {
  readonly carrier: string | null;
  readonly trackingNumber: string | null;
  readonly trackingUrl: string | null;
  /** When the shipment was declared or last reported (UTC ISO). */
  readonly at: string;
}

/** Refunds an order may carry: far above any real order, low enough to refuse a runaway record. */
export const MAX_STORED_REFUNDS = 1000;

/**
 * What the marketplace reports about the money of an order beside its status (Lengow's `refunded`,
 * `partial_refunded` and `closed`, which Cdiscount shows on shipped orders): `refunded`, the whole order was
 * paid back; `partially_refunded`, part of it; `closed`, the order is settled and closed.
 */
export const SETTLEMENTS = ['refunded', 'partially_refunded', 'closed'] as const;

/** One of {@link SETTLEMENTS}. */
export type Settlement = (typeof SETTLEMENTS)[number];

/** Octopia's supply modes: who ships the order. Only `Seller` orders are the seller's to ship. */
export const SUPPLY_MODES = ['Seller', 'Fulfillment', 'Xdock'] as const;

/** One of {@link SUPPLY_MODES}. */
export type SupplyMode = (typeof SUPPLY_MODES)[number];

/** One refund recorded on an order; `amount: null` is a full refund (of what the earlier ones left). */
export interface Refund {
  readonly amount: number | null;
  readonly reason: string | null;
  readonly at: string;
  /** The shipping fees were refunded too (present only when the seller said so, as Octopia's refund asks). */
  readonly shippingFees?: boolean;
  /** The line refunded, for a refund naming one (its id); absent for a refund of the order. */
  readonly line?: string;
  /** The units of that line refunded. */
  readonly quantity?: number;
}

/**
 * A seller action applied to the order but not yet settled by the marketplace: it confirms it (a verdict, a
 * report of the status it leads to or beyond, or the order moving on), or rejects it (a verdict, or a report
 * still giving the status before it once `pendingTimeout` has passed), which returns the order to `from` and
 * undoes what the action recorded. Plain JSON.
 */
export interface PendingAction<S extends string = string> {
  /** The seller action: its event type. */
  readonly type: string;
  /** The id of the event that made it, when it had one. */
  readonly eventId: string | null;
  /** When it was made (UTC ISO). */
  readonly at: string;
  /** The status the order was in: where a rejection returns it. */
  readonly from: S;
  /** The marketplace's (or Lengow's) id of the action, once known (`ACTION_SENT`). */
  readonly actionId: string | null;
  /** The context fields the action changed, as they were before it (a rejection puts them back). */
  readonly undo: Readonly<Record<string, unknown>>;
  /** The context fields the action added, absent before it (a rejection removes them). */
  readonly unset: readonly string[];
}

/**
 * The machine's context: the order data the rules read and the lifecycle records. Plain JSON.
 */
export interface OrderContext<S extends string = string> {
  readonly orderId: string;
  readonly marketplace: string;
  /** The platform the order syncs through (e.g. `lengow`); maintenance windows may be scoped to it. */
  readonly channel: string | null;
  /** The marketplace's delivery mode code or name (`STD`, `TRK`, `suivi`, `MAG`, ...). */
  readonly deliveryMode: string | null;
  /** Shipped by the marketplace itself: closed to seller actions. */
  readonly fulfilledByMarketplace: boolean;
  readonly shipment: Shipment | null;
  readonly refunds: readonly Refund[];
  /** Instant of the last status the marketplace reported; older reports are stale. */
  readonly marketplaceUpdatedAt: string | null;
  /** The status the marketplace last reported: hearing it again tells nothing new. */
  readonly marketplaceStatus: S | null;
  /**
   * The latest instant the order may ship (UTC ISO), when the marketplace gives one (Octopia's
   * `shippedAtMax`). A shipment after it is still applied, flagged `LATE_SHIPMENT`. Absent when unknown.
   */
  readonly shippingDeadline?: string | undefined;
  /** The latest instant the seller may accept or refuse the order (UTC ISO), when known. */
  readonly acceptanceDeadline?: string | undefined;
  /** The latest instant the customer may collect the order in store (UTC ISO), when known. */
  readonly pickupDeadline?: string | undefined;
  /**
   * The order's total, in its currency (Lengow's `total_order`): partial refunds may not add up past it.
   * Absent when unknown (refunds are then not capped).
   */
  readonly total?: number | undefined;
  /** The seller action the marketplace has not settled yet, if any (see {@link PendingAction}). */
  readonly pendingAction?: PendingAction<S> | undefined;
  /** The status as the marketplace last spelt it (`SHIPPED`), when a report said; absent otherwise. */
  readonly marketplaceRawStatus?: string | undefined;
  /** What the marketplace last reported about the order's money ({@link SETTLEMENTS}); absent when nothing. */
  readonly settlement?: Settlement | undefined;
  /**
   * The order's product lines, when it was created or imported with them, each with its own status only when
   * it is not the order's; absent for an order of one implicit line (read both ways with `linesOf`).
   */
  readonly lines?: readonly RecordLine<S>[] | undefined;
  /** The parcels of shipments of some lines (`SHIP` naming lines), in the order declared; absent before any. */
  readonly parcels?: readonly Parcel[] | undefined;
}

/** The machine's input: the order's identity and the facts known at creation. */
export interface OrderMachineInput<S extends string = string> {
  readonly orderId: string;
  readonly marketplace: string;
  readonly channel?: string | null | undefined;
  readonly deliveryMode?: string | null | undefined;
  readonly fulfilledByMarketplace?: boolean | undefined;
  /** Instant (UTC ISO) of the marketplace report the order was created from, e.g. an imported payload. */
  readonly marketplaceUpdatedAt?: string | null | undefined;
  /** The status that report gave. */
  readonly marketplaceStatus?: S | null | undefined;
  /** Shipment already known at creation, e.g. the tracking of an imported payload. */
  readonly shipment?: Shipment | null | undefined;
  /** The latest instant the order may ship (UTC ISO), when the marketplace gives one. */
  readonly shippingDeadline?: string | null | undefined;
  /** The latest instant the seller may accept or refuse the order (UTC ISO), when known. */
  readonly acceptanceDeadline?: string | null | undefined;
  /** The latest instant the customer may collect the order in store (UTC ISO), when known. */
  readonly pickupDeadline?: string | null | undefined;
  /** The order's total (at least 0, at most four decimals), when known. */
  readonly total?: number | null | undefined;
  /** What the marketplace reported about the order's money, when it did. */
  readonly settlement?: Settlement | null | undefined;
  /** The status as the marketplace spells it, when known. */
  readonly marketplaceRawStatus?: string | null | undefined;
  /** The order's product lines, as a record keeps them (`createOrder` checks them); absent for one implicit line. */
  readonly lines?: readonly RecordLine<S>[] | undefined;
}

/** Builds the initial context from the machine's input. */
export function contextFromInput<S extends string>(input: OrderMachineInput<S>): OrderContext<S> {
  // The key order of a record's context seen whole (identity first): one object shape for the engine and the
  // machine alike, so the rules they share stay monomorphic.
  const context: { -readonly [K in keyof OrderContext<S>]: OrderContext<S>[K] } = {
    orderId: input.orderId,
    marketplace: input.marketplace,
    fulfilledByMarketplace: input.fulfilledByMarketplace ?? false,
    channel: input.channel ?? null,
    deliveryMode: input.deliveryMode ?? null,
    shipment: input.shipment ?? null,
    refunds: [],
    marketplaceUpdatedAt: input.marketplaceUpdatedAt ?? null,
    marketplaceStatus: input.marketplaceStatus ?? null,
  };
  // Kept only when known: most orders have no deadline, and a record pays for every key it holds.
  for (const field of [DEADLINE_FIELDS.acceptance, DEADLINE_FIELDS.shipping, DEADLINE_FIELDS.pickup]) {
    const deadline = input[field];
    if (deadline) context[field] = toIsoInstant(deadline);
  }
  // The total and the settlement likewise, after the deadlines (the record schema's order).
  if (input.total != null) context.total = input.total;
  if (input.settlement != null) context.settlement = input.settlement;
  if (input.marketplaceRawStatus) context.marketplaceRawStatus = input.marketplaceRawStatus;
  if (input.lines) context.lines = input.lines;
  return context;
}

interface ShipmentFacts {
  readonly at: InstantInput;
  readonly carrier?: string | null | undefined;
  readonly trackingNumber?: string | null | undefined;
  readonly trackingUrl?: string | null | undefined;
}

/** The shipment fields a seller or the marketplace reports. */
export const SHIPMENT_FIELDS = ['carrier', 'trackingNumber', 'trackingUrl'] as const;

/** A reported text, trimmed; blank is none. */
export const clean = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/** Action `recordShipment`: keeps the carrier and tracking the seller declared. */
export function recordShipment<C extends OrderContext<string>>(context: C, event: ShipmentFacts): C {
  const shipment: Shipment = {
    carrier: clean(event.carrier),
    trackingNumber: clean(event.trackingNumber),
    trackingUrl: clean(event.trackingUrl),
    at: toIsoInstant(event.at),
  };
  return withFields<OrderContext<string>>(context, { shipment }) as C;
}

/** Action `recordRefund`: appends a full (`amount` absent) or partial refund, and whether shipping fees were refunded. */
export function recordRefund<C extends OrderContext<string>>(
  context: C,
  event: {
    readonly at: InstantInput;
    readonly amount?: number | undefined;
    readonly reason?: string | null | undefined;
    readonly refundShippingFees?: boolean | undefined;
  },
): C {
  // A refund naming a line keeps it and its units, and its share of the line's price when it gives no amount.
  const line = lineRefundFields(context, event);
  const amount = event.amount ?? line.amount ?? null;
  let refund: Refund = { amount, reason: clean(event.reason), at: toIsoInstant(event.at) };
  if (event.refundShippingFees !== undefined) refund = { ...refund, shippingFees: event.refundShippingFees };
  if (line.line !== undefined) refund = { ...refund, line: line.line, quantity: line.quantity as number };
  const refunds = [...context.refunds, refund];
  return withFields<OrderContext<string>>(context, { refunds }) as C;
}

/**
 * Action `recordMarketplaceUpdate`: remembers which status the marketplace last reported and when, and merges the
 * carrier and tracking it reported (a reported value wins; a missing one keeps what we had). The settlement
 * reported replaces the order's; a report without one keeps it (the marketplace's last word on the money).
 */
export function recordMarketplaceUpdate<C extends OrderContext<string>>(
  context: C,
  event: ShipmentFacts & {
    readonly status?: string | undefined;
    readonly settlement?: Settlement | undefined;
    readonly rawStatus?: string | undefined;
    readonly fulfilledByMarketplace?: boolean | undefined;
  },
): C {
  const at = toIsoInstant(event.at);
  const carrier = clean(event.carrier);
  const trackingNumber = clean(event.trackingNumber);
  const trackingUrl = clean(event.trackingUrl);
  const reported = carrier !== null || trackingNumber !== null || trackingUrl !== null;
  const previous = context.shipment;
  const shipment: Shipment | null = reported
    ? {
        carrier: carrier ?? previous?.carrier ?? null,
        trackingNumber: trackingNumber ?? previous?.trackingNumber ?? null,
        trackingUrl: trackingUrl ?? previous?.trackingUrl ?? null,
        at,
      }
    : previous;
  const fields: { -readonly [K in keyof OrderContext<string>]?: OrderContext<string>[K] } = {
    shipment,
    marketplaceUpdatedAt: at,
    marketplaceStatus: event.status ?? context.marketplaceStatus,
  };
  if (event.settlement !== undefined) fields.settlement = event.settlement;
  if (event.rawStatus !== undefined) fields.marketplaceRawStatus = event.rawStatus;
  // Fulfilment is learnt, never unlearnt: a marketplace that ships the order keeps shipping it.
  if (event.fulfilledByMarketplace === true) fields.fulfilledByMarketplace = true;
  return withFields<OrderContext<string>>(context, fields) as C;
}
