/**
 * The bare limit: the Cdiscount lifecycle (src/lifecycles/cdiscount.ts) as one `switch (status)` /
 * `switch (event.type)`, its guards written inline as plain functions, on a mutable minimal context. It
 * decides what `dispatch` decides on the same transitions and guards (fulfilment, the maintenance calendar's
 * `activeAt`, carrier and tracking for tracked delivery modes, in-store delivery for the store, refunds that
 * add up), and nothing else: no validation (the event is trusted), no record, no history, no audit, no
 * blockers (a refusal is a verdict, not an explanation), event ids in a `Set` only so that retries are
 * duplicates as they are for `dispatch`.
 *
 * Deliberately left out, so the benchmark compares verdicts only where the rules coincide: seller actions
 * kept pending until the marketplace settles them (a report of the current status confirming one, a day-old
 * contradiction rolling one back, `ACTION_*` verdicts), the marketplace's last report (repeats, stale
 * reports), tracking and settlements merged from reports, deadlines and their warnings, the marketplace's
 * own rules (`marketplaceRules`) and tracking policies (`trackingPolicy`, custom delivery-mode lists).
 */
import type { MaintenanceCalendar, OrderRecord } from '../src/index.js';
import { FINAL, REACHES as REACHES_BY_STATUS } from './switch-reducer.js';

// Read by any status name the events carry.
const REACHES: Readonly<Record<string, ReadonlySet<string>>> = REACHES_BY_STATUS;

/** The facts the guards read, and what the transitions write: nothing more. */
export interface BareContext {
  orderId: string;
  marketplace: string;
  channel: string | null;
  deliveryMode: string | null;
  fulfilledByMarketplace: boolean;
  carrier: string | null;
  trackingNumber: string | null;
  refundCount: number;
  /** Partial refunds added up, in ten-thousandths (amounts have at most four decimals). */
  refunded: number;
  /** A full refund (no amount) was recorded. */
  fullyRefunded: boolean;
  /** The order's total in ten-thousandths; -1 when unknown (refunds are then not capped). */
  total: number;
}

/** One order as the bare reducer holds it: mutated in place by every applied event. */
export interface BareOrder {
  status: string;
  readonly ctx: BareContext;
  /** Ids of applied events: a replayed id is a duplicate. */
  readonly seen: Set<string>;
}

/** The trusted event: the fields the rules read. */
export interface BareEvent {
  readonly type: string;
  readonly at: string;
  readonly id?: string;
  readonly carrier?: string | null;
  readonly trackingNumber?: string | null;
  readonly amount?: number;
  readonly status?: string;
}

/** The verdicts: applied (the order changed), refused, ignored (a duplicate, or a report with nothing to apply). */
export const APPLIED = 0;
export const REFUSED = 1;
export const IGNORED = 2;
export type BareVerdict = typeof APPLIED | typeof REFUSED | typeof IGNORED;

// Delivery modes, lower-cased (the library also strips accents; the workload's modes have none).
const UNTRACKED = new Set(['std', 'nthd', 'standard', 'normal']);
const STORE = new Set(['mag', 'rim', 'magasin', 'store', 'in_store', 'click_and_collect']);

const blank = (v: string | null | undefined) => v === undefined || v === null || v.trim() === '';
const cleaned = (v: string | null | undefined) => (blank(v) ? null : (v as string).trim());
const units = (amount: number) => Math.round(amount * 10_000);

// ---------------------------------------------------------------------------------------------------------
// The guards, as plain functions (shared with bench/robot3-plain.ts)

/** `canSellerAct`: the seller's to handle (not a fulfilment order), and no maintenance window open. */
export function sellerMayAct(ctx: BareContext, e: BareEvent, calendar: MaintenanceCalendar | undefined): boolean {
  if (ctx.fulfilledByMarketplace) return false;
  return calendar === undefined || calendar.activeAt(e.at, { scope: [ctx.marketplace, ctx.channel] }) === undefined;
}

/** `hasCarrierAndTracking`: only Standard ships untracked; any other mode, or none, needs both. */
export function trackingGiven(ctx: BareContext, e: BareEvent): boolean {
  const mode = ctx.deliveryMode;
  if (mode !== null && UNTRACKED.has(mode.trim().toLowerCase())) return true;
  return !blank(e.carrier) && !blank(e.trackingNumber);
}

/** `isStoreDelivery`: a store delivery mode is known. */
export function storeDelivery(ctx: BareContext): boolean {
  return ctx.deliveryMode !== null && STORE.has(ctx.deliveryMode.trim().toLowerCase());
}

/** `isNotFullyRefunded` and `refundFits`, and the cap on refunds a record keeps. */
export function refundAllowed(ctx: BareContext, e: BareEvent): boolean {
  if (ctx.refundCount >= 1000) return false;
  if (ctx.fullyRefunded || (ctx.total >= 0 && ctx.refundCount > 0 && ctx.refunded >= ctx.total)) return false;
  return e.amount === undefined || ctx.total < 0 || ctx.refunded + units(e.amount) <= ctx.total;
}

/** `recordShipment`. */
export function shipmentRecorded(ctx: BareContext, e: BareEvent): BareContext {
  ctx.carrier = cleaned(e.carrier);
  ctx.trackingNumber = cleaned(e.trackingNumber);
  return ctx;
}

/** `recordRefund`. */
export function refundRecorded(ctx: BareContext, e: BareEvent): BareContext {
  ctx.refundCount++;
  if (e.amount === undefined) ctx.fullyRefunded = true;
  else ctx.refunded += units(e.amount);
  return ctx;
}

/** The minimal context of a record (read once per order, as a caller would load it). */
export function bareContextOf(order: OrderRecord): BareContext {
  const c = order.context;
  let refunded = 0;
  let fullyRefunded = false;
  for (const r of c.refunds) {
    if (r.amount === null) fullyRefunded = true;
    else refunded += units(r.amount);
  }
  return {
    orderId: order.orderId,
    marketplace: order.marketplace,
    channel: c.channel,
    deliveryMode: c.deliveryMode,
    fulfilledByMarketplace: order.fulfilledByMarketplace,
    carrier: c.shipment?.carrier ?? null,
    trackingNumber: c.shipment?.trackingNumber ?? null,
    refundCount: c.refunds.length,
    refunded,
    fullyRefunded,
    total: c.total === undefined ? -1 : units(c.total),
  };
}

export function bareOrderOf(order: OrderRecord): BareOrder {
  return { status: order.status, ctx: bareContextOf(order), seen: new Set() };
}

// ---------------------------------------------------------------------------------------------------------
// The reducer

/** Applies one trusted event to `o` in place; says what came of it. */
export function bareReduce(o: BareOrder, e: BareEvent, calendar: MaintenanceCalendar | undefined): BareVerdict {
  if (e.id !== undefined && o.seen.has(e.id)) return IGNORED;
  const verdict = decide(o, e, calendar);
  if (verdict === APPLIED && e.id !== undefined) o.seen.add(e.id);
  return verdict;
}

function move(o: BareOrder, status: string): BareVerdict {
  o.status = status;
  return APPLIED;
}

function decide(o: BareOrder, e: BareEvent, calendar: MaintenanceCalendar | undefined): BareVerdict {
  const ctx = o.ctx;
  switch (o.status) {
    case 'WaitingForSellerAcceptation':
      switch (e.type) {
        case 'ACCEPT':
          return sellerMayAct(ctx, e, calendar) ? move(o, 'AcceptedBySeller') : REFUSED;
        case 'REFUSE':
          return sellerMayAct(ctx, e, calendar) ? move(o, 'RefusedBySeller') : REFUSED;
        case 'ACCEPTANCE_DEADLINE_PASSED':
          return move(o, 'AutomaticCancellation');
        case 'CUSTOMER_CANCELLED':
          return move(o, 'CancelledBeforeNotificationByCustomer');
      }
      break;
    case 'AcceptedBySeller':
    case 'PaymentInProgress':
    case 'ValidatedFianet':
      switch (e.type) {
        case 'PAYMENT_STARTED':
          if (o.status === 'AcceptedBySeller') return move(o, 'PaymentInProgress');
          break;
        case 'FRAUD_CHECK_PASSED':
          if (o.status !== 'ValidatedFianet') return move(o, 'ValidatedFianet');
          break;
        case 'PAYMENT_CONFIRMED':
          return move(o, 'WaitingForShipmentAcceptation');
        case 'PAYMENT_REFUSED':
          return move(o, 'PaymentRefused');
        case 'CUSTOMER_CANCELLED':
          return move(o, 'CancelledBeforePaymentByCustomer');
      }
      break;
    case 'WaitingForShipmentAcceptation':
      switch (e.type) {
        case 'SHIP':
          if (!sellerMayAct(ctx, e, calendar) || !trackingGiven(ctx, e)) return REFUSED;
          shipmentRecorded(ctx, e);
          return move(o, 'ShippedBySeller');
        case 'REFUSE_SHIPMENT':
          return sellerMayAct(ctx, e, calendar) ? move(o, 'ShipmentRefusedBySeller') : REFUSED;
        case 'MAKE_AVAILABLE_IN_STORE':
          return sellerMayAct(ctx, e, calendar) && storeDelivery(ctx) ? move(o, 'AvailableOnStore') : REFUSED;
        case 'SHIPPING_DEADLINE_PASSED':
          return move(o, 'RefusedNoShipment');
        case 'CANCELLATION_REQUESTED':
          return move(o, 'CancellationRequestPending');
      }
      break;
    case 'CancellationRequestPending':
      if (e.type === 'ACCEPT_CANCELLATION') return sellerMayAct(ctx, e, calendar) ? move(o, 'CancelledByCustomer') : REFUSED;
      if (e.type === 'DECLINE_CANCELLATION') return sellerMayAct(ctx, e, calendar) ? move(o, 'WaitingForShipmentAcceptation') : REFUSED;
      break;
    case 'ShippedBySeller':
      if (e.type === 'SHIPMENT_CONFIRMED') return move(o, 'Shipped');
      break;
    case 'Shipped':
    case 'PickedUp':
      if (e.type === 'REFUND') {
        if (!sellerMayAct(ctx, e, calendar) || !refundAllowed(ctx, e)) return REFUSED;
        refundRecorded(ctx, e);
        return APPLIED;
      }
      break;
    case 'AvailableOnStore':
      switch (e.type) {
        case 'CONFIRM_PICKUP':
          return sellerMayAct(ctx, e, calendar) ? move(o, 'PickedUp') : REFUSED;
        case 'PICKED_UP':
          return move(o, 'PickedUp');
        case 'PICKUP_DEADLINE_PASSED':
          return move(o, 'NonPickedUpByCustomer');
      }
      break;
  }
  if (e.type === 'MARKETPLACE_STATUS_CHANGED') {
    // The marketplace is the source of truth: a status ahead is applied, the current one or one the order has
    // moved past tells nothing, a final status is never left, and any other status is applied (an anomaly).
    const reported = e.status as string;
    if (reported === o.status) return IGNORED;
    const behind = REACHES[reported]?.has(o.status) === true;
    if (FINAL.has(o.status)) return behind ? IGNORED : REFUSED;
    if (REACHES[o.status]!.has(reported)) return move(o, reported);
    return behind ? IGNORED : move(o, reported);
  }
  // Not allowed in this status (a fulfilment order's seller action too).
  return REFUSED;
}
