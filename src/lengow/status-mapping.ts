import type { ValidationIssue } from '../lifecycle/errors.js';
import { LENGOW_STATUSES, type LengowStatus } from './lengow-status.js';
import { cdiscount, isOrderStatus, type OrderStatus } from '../lifecycles/default.js';
import type { MarketplaceRules } from './marketplace-schema.js';
import type { LengowOrder } from './payload.js';

/*
 * Lengow's statuses are coarser than the lifecycle's: `accepted` covers AcceptedBySeller, PaymentInProgress and
 * ValidatedFianet; `canceled` covers every cancellation. Each Lengow status therefore maps to a list of
 * candidate statuses, in order of preference, plus a default. Given the order's current status, the status a
 * report means is:
 *   1. the current status, when it is a candidate (the report says what we already know: a duplicate);
 *   2. otherwise the first candidate the lifecycle reaches from the current status (so `canceled` on an order
 *      waiting for acceptance is CancelledBeforeNotificationByCustomer, `refused` on an order waiting for
 *      shipment is ShipmentRefusedBySeller);
 *   3. otherwise the default: the marketplace is the source of truth and `dispatch` applies it as an anomaly.
 * ShippedBySeller is deliberately not a candidate of `shipped`: the marketplace reporting shipped is the
 * confirmation the seller's declaration waits for, so it moves the order on to Shipped.
 * Refunds keep the order where the lifecycle keeps refunded orders (Shipped, PickedUp); amounts are not synced.
 */
const MAPPING: Readonly<Record<LengowStatus, { readonly default: OrderStatus; readonly candidates: readonly OrderStatus[] }>> = {
  new: {
    default: 'WaitingForSellerAcceptation',
    candidates: ['WaitingForSellerAcceptation', 'AcceptedBySeller', 'PaymentInProgress', 'ValidatedFianet'],
  },
  waiting_acceptance: { default: 'WaitingForSellerAcceptation', candidates: ['WaitingForSellerAcceptation'] },
  accepted: { default: 'AcceptedBySeller', candidates: ['AcceptedBySeller', 'PaymentInProgress', 'ValidatedFianet'] },
  waiting_shipment: {
    default: 'WaitingForShipmentAcceptation',
    candidates: ['WaitingForShipmentAcceptation', 'CancellationRequestPending'],
  },
  shipped: { default: 'Shipped', candidates: ['Shipped', 'AvailableOnStore', 'PickedUp'] },
  closed: { default: 'Shipped', candidates: ['Shipped', 'PickedUp'] },
  refused: { default: 'RefusedBySeller', candidates: ['RefusedBySeller', 'ShipmentRefusedBySeller', 'RefusedNoShipment'] },
  canceled: {
    default: 'CancelledByCustomer',
    candidates: [
      'CancelledBeforeNotificationByCustomer',
      'CancelledBeforePaymentByCustomer',
      'CancelledByCustomer',
      'NonPickedUpByCustomer',
      'AutomaticCancellation',
      'PaymentRefused',
    ],
  },
  refunding: { default: 'Shipped', candidates: ['Shipped', 'PickedUp'] },
  refunded: { default: 'Shipped', candidates: ['Shipped', 'PickedUp'] },
  partial_refunded: { default: 'Shipped', candidates: ['Shipped', 'PickedUp'] },
};

/** Whether the lifecycle reaches `to` from `from` through its own events. */
function reaches(from: OrderStatus, to: OrderStatus): boolean {
  return cdiscount.reaches[from].has(to);
}

/**
 * The lifecycle status a Lengow status means for an order now in `current` (or, without `current`, for a
 * new order).
 *
 * | Lengow | default | also, when current or reachable |
 * |---|---|---|
 * | new | WaitingForSellerAcceptation | AcceptedBySeller, PaymentInProgress, ValidatedFianet |
 * | waiting_acceptance | WaitingForSellerAcceptation | |
 * | accepted | AcceptedBySeller | PaymentInProgress, ValidatedFianet |
 * | waiting_shipment | WaitingForShipmentAcceptation | CancellationRequestPending |
 * | shipped | Shipped | AvailableOnStore, PickedUp |
 * | closed, refunding, refunded, partial_refunded | Shipped | PickedUp |
 * | refused | RefusedBySeller | ShipmentRefusedBySeller, RefusedNoShipment |
 * | canceled | CancelledByCustomer | CancelledBeforeNotificationByCustomer, CancelledBeforePaymentByCustomer, NonPickedUpByCustomer, AutomaticCancellation, PaymentRefused |
 *
 * @example
 * orderStatusFromLengow('canceled') // 'CancelledByCustomer'
 * orderStatusFromLengow('canceled', 'WaitingForSellerAcceptation') // 'CancelledBeforeNotificationByCustomer'
 * orderStatusFromLengow('accepted', 'PaymentInProgress') // 'PaymentInProgress' (nothing new)
 */
export function orderStatusFromLengow(lengowStatus: LengowStatus, current?: OrderStatus): OrderStatus {
  const { default: fallback, candidates } = MAPPING[lengowStatus];
  if (current === undefined) return fallback;
  if (candidates.includes(current)) return current;
  return candidates.find((candidate) => reaches(current, candidate)) ?? fallback;
}

const ALIASES = new Map<OrderStatus, LengowStatus[]>();
for (const lengowStatus of LENGOW_STATUSES) {
  for (const status of MAPPING[lengowStatus].candidates) {
    const list = ALIASES.get(status) ?? [];
    list.push(lengowStatus);
    ALIASES.set(status, list);
  }
}
// ShippedBySeller is Lengow's `shipped` too (see above), it just is not where a `shipped` report leads.
ALIASES.set('ShippedBySeller', ['shipped']);

/**
 * Every Lengow status an order in this lifecycle status may show: the statuses whose reports map to it.
 * A marketplace action allowed in any of them is allowed (the record does not keep the finer Lengow status).
 *
 * @example lengowStatusesOf('WaitingForSellerAcceptation') // ['new', 'waiting_acceptance']
 */
export function lengowStatusesOf(status: OrderStatus): readonly LengowStatus[] {
  return ALIASES.get(status) ?? [];
}

/**
 * The lifecycle status a Lengow order payload reports, for an order now in `current` (or a new one):
 * - `marketplace_status` itself when it is one of the {@link ORDER_STATUSES} (Cdiscount's vocabulary);
 * - otherwise its Lengow status, read through the marketplace's definition when `rules` cover the marketplace
 *   (Mirakl `SHIPPING` -> `waiting_shipment`), or taken from the payload's `lengow_status` when they do not,
 *   then mapped by {@link orderStatusFromLengow} (`waiting_shipment` -> WaitingForShipmentAcceptation).
 * A status neither way knows is an issue at `['marketplace_status']`.
 *
 * @example
 * statusOfLengowOrder(miraklPayload, rules) // { ok: true, status: 'WaitingForShipmentAcceptation', lengowStatus: 'waiting_shipment' }
 */
export function statusOfLengowOrder(
  order: LengowOrder,
  rules: MarketplaceRules | undefined,
  current?: OrderStatus,
):
  | { readonly ok: true; readonly status: OrderStatus; readonly lengowStatus: LengowStatus | null }
  | { readonly ok: false; readonly issue: ValidationIssue } {
  const reported = order.marketplace_status;
  if (isOrderStatus(reported)) return { ok: true, status: reported, lengowStatus: null };
  const covered = rules?.covers(order.marketplace) === true;
  const lengowStatus = covered ? rules!.lengowStatusOf(order.marketplace, reported) : (order.lengow_status ?? undefined);
  if (lengowStatus === undefined) {
    const where = covered ? `nor a status the ${order.marketplace} definition lists` : 'and the payload has no lengow_status to read it through';
    return {
      ok: false,
      issue: { path: ['marketplace_status'], message: `"${reported}" is not a known order status, ${where}`, code: 'unknown_status' },
    };
  }
  return { ok: true, status: orderStatusFromLengow(lengowStatus, current), lengowStatus };
}
