import type { CompiledLifecycle } from '../lifecycle/compile.js';
import type { Settlement } from '../lifecycle/context.js';
import type { ValidationIssue } from '../lifecycle/errors.js';
import { LENGOW_STATUSES, type LengowStatus } from './lengow-status.js';
import { cdiscount, isOrderStatus, type OrderStatus } from '../lifecycles/default.js';
import { octopia, type OctopiaStatus } from '../lifecycles/octopia.js';
import type { LengowVocabulary } from './vocabulary.js';
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
 * What `refunded`, `partial_refunded` and `closed` add is kept beside the status as the order's settlement
 * (see `settlementFromLengow`), so a refunded order never reads as plainly shipped.
 */
type Mapping<S extends string> = Readonly<Record<LengowStatus, { readonly default: S; readonly candidates: readonly S[] }>>;

const MAPPING: Mapping<OrderStatus> = {
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

/*
 * Octopia's table (Lengow's "Cdiscount (Octopia) - Orders management"): `shipped` is Shipped or Delivered,
 * `canceled` is Rejected or Refused (a report of `canceled` the seller did not cause is the marketplace's
 * rejection), `refunded` is Cancelled. Lengow's statuses the table does not list read as their nearest
 * counterpart: `closed` as Delivered, `refunding` and `partial_refunded` as Cancelled (Octopia refunds the
 * whole order).
 */
const OCTOPIA_MAPPING: Mapping<OctopiaStatus> = {
  new: { default: 'Processing', candidates: ['Processing'] },
  waiting_acceptance: { default: 'WaitingAcceptance', candidates: ['WaitingAcceptance'] },
  accepted: { default: 'Accepted', candidates: ['Accepted'] },
  waiting_shipment: { default: 'InPreparation', candidates: ['InPreparation'] },
  shipped: { default: 'Shipped', candidates: ['Shipped', 'Delivered'] },
  closed: { default: 'Delivered', candidates: ['Delivered'] },
  refused: { default: 'Refused', candidates: ['Refused'] },
  canceled: { default: 'Rejected', candidates: ['Rejected', 'Refused'] },
  refunding: { default: 'Cancelled', candidates: ['Cancelled'] },
  refunded: { default: 'Cancelled', candidates: ['Cancelled'] },
  partial_refunded: { default: 'Cancelled', candidates: ['Cancelled'] },
};

/** What a Lengow status says of the order's money beside its status (DOMAIN.md section 10 "Refund statuses"). */
const SETTLEMENT_OF: Readonly<Partial<Record<LengowStatus, Settlement>>> = {
  refunded: 'refunded',
  partial_refunded: 'partially_refunded',
  closed: 'closed',
};

/**
 * The settlement a Lengow status reports beside the status it maps to: `refunded` -> `refunded`,
 * `partial_refunded` -> `partially_refunded`, `closed` -> `closed`; none for the others (`refunding` is a
 * refund under way, not done).
 * @example settlementFromLengow('partial_refunded') // 'partially_refunded'
 */
export function settlementFromLengow(lengowStatus: LengowStatus | null | undefined): Settlement | undefined {
  return lengowStatus == null ? undefined : SETTLEMENT_OF[lengowStatus];
}

/**
 * The settlement a payload reports: read from the Lengow status its status was read through (a marketplace
 * definition's), else from its `lengow_status`.
 * @internal
 */
export function settlementOfLengowOrder(order: LengowOrder, lengowStatus: LengowStatus | null): Settlement | undefined {
  return settlementFromLengow(lengowStatus ?? order.lengow_status);
}

/** The status a Lengow status means in a lifecycle, for an order now in `current` (see below). */
function fromLengow<S extends string>(mapping: Mapping<S>, lifecycle: CompiledLifecycle<S>, lengowStatus: LengowStatus, current?: S): S {
  const { default: fallback, candidates } = mapping[lengowStatus];
  if (current === undefined) return fallback;
  if (candidates.includes(current)) return current;
  return candidates.find((candidate) => lifecycle.reaches[current].has(candidate)) ?? fallback;
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
  return fromLengow(MAPPING, cdiscount, lengowStatus, current);
}

/**
 * The Octopia status a Lengow status means, for an Octopia order now in `current` (or a new one): Lengow's
 * Octopia table read backwards, the current status kept when it is a candidate, else the first candidate the
 * lifecycle reaches from it.
 *
 * | Lengow | default | also, when current or reachable |
 * |---|---|---|
 * | new | Processing | |
 * | waiting_acceptance | WaitingAcceptance | |
 * | accepted | Accepted | |
 * | waiting_shipment | InPreparation | |
 * | shipped | Shipped | Delivered |
 * | closed | Delivered | |
 * | refused | Refused | |
 * | canceled | Rejected | Refused |
 * | refunded, refunding, partial_refunded | Cancelled | |
 *
 * @example
 * octopiaStatusFromLengow('refunded') // 'Cancelled'
 * octopiaStatusFromLengow('canceled', 'Refused') // 'Refused' (nothing new)
 */
export function octopiaStatusFromLengow(lengowStatus: LengowStatus, current?: OctopiaStatus): OctopiaStatus {
  return fromLengow(OCTOPIA_MAPPING, octopia, lengowStatus, current);
}

const ALIASES = new Map<string, LengowStatus[]>();
for (const mapping of [MAPPING, OCTOPIA_MAPPING] as Mapping<string>[]) {
  for (const lengowStatus of LENGOW_STATUSES) {
    for (const status of mapping[lengowStatus].candidates) {
      const list = ALIASES.get(status) ?? [];
      if (!list.includes(lengowStatus)) list.push(lengowStatus);
      ALIASES.set(status, list);
    }
  }
}
// ShippedBySeller is Lengow's `shipped` too (see above), it just is not where a `shipped` report leads.
ALIASES.set('ShippedBySeller', ['shipped']);

/**
 * Every Lengow status an order in this status (of either vocabulary) may show: the statuses whose reports
 * map to it. A marketplace action allowed in any of them is allowed (the record does not keep the finer
 * Lengow status).
 *
 * @example
 * lengowStatusesOf('WaitingForSellerAcceptation') // ['new', 'waiting_acceptance']
 * lengowStatusesOf('InPreparation') // ['waiting_shipment']
 */
export function lengowStatusesOf(status: OrderStatus | OctopiaStatus): readonly LengowStatus[] {
  return ALIASES.get(status) ?? [];
}

/** The status a payload reports, or the issue that names why it reports none. */
export type LengowReportedStatus<S extends string> =
  | { readonly ok: true; readonly status: S; readonly lengowStatus: LengowStatus | null }
  | { readonly ok: false; readonly issue: ValidationIssue };

/**
 * The lifecycle status a Lengow order payload reports, for an order now in `current` (or a new one), in the
 * legacy vocabulary (the default):
 * - `marketplace_status` itself when it is one of the {@link ORDER_STATUSES} (Cdiscount's vocabulary);
 * - otherwise its Lengow status, read through the marketplace's definition when `rules` cover the marketplace
 *   (Mirakl `SHIPPING` -> `waiting_shipment`), or taken from the payload's `lengow_status` when they do not,
 *   then mapped by {@link orderStatusFromLengow} (`waiting_shipment` -> WaitingForShipmentAcceptation).
 * In the Octopia vocabulary, `marketplace_status` must be an Octopia status, taken as is.
 * A status neither way knows is an issue at `['marketplace_status']`.
 *
 * @example
 * statusOfLengowOrder(miraklPayload, rules) // { ok: true, status: 'WaitingForShipmentAcceptation', lengowStatus: 'waiting_shipment' }
 * statusOfLengowOrder(octopiaPayload, undefined, undefined, 'octopia') // { ok: true, status: 'InPreparation', lengowStatus: null }
 */
export function statusOfLengowOrder(
  order: LengowOrder,
  rules: MarketplaceRules | undefined,
  current?: OrderStatus,
): LengowReportedStatus<OrderStatus>;
export function statusOfLengowOrder(
  order: LengowOrder,
  rules: MarketplaceRules | undefined,
  current: OctopiaStatus | undefined,
  vocabulary: 'octopia',
): LengowReportedStatus<OctopiaStatus>;
export function statusOfLengowOrder(
  order: LengowOrder,
  rules: MarketplaceRules | undefined,
  current?: string,
  vocabulary: LengowVocabulary = 'legacy',
): LengowReportedStatus<string> {
  const reported = order.marketplace_status;
  if (vocabulary === 'octopia') {
    if (octopia.isStatus(reported)) return { ok: true, status: reported, lengowStatus: null };
    return {
      ok: false,
      issue: {
        path: ['marketplace_status'],
        message: `"${reported}" is not an Octopia order status (expected one of ${octopia.statuses.join(', ')})`,
        code: 'unknown_status',
      },
    };
  }
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
  return { ok: true, status: orderStatusFromLengow(lengowStatus, current as OrderStatus | undefined), lengowStatus };
}
