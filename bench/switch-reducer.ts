/**
 * The hand-written limit: the same lifecycle and rules as `dispatch`, written as one switch with hand-rolled
 * validation, no zod, no tables compiled from XState. It returns the same records (the benchmark checks
 * that on a sample), so the ratio against it measures what the library's generality costs.
 */
import type { MaintenanceCalendar, OrderRecord, OrderStatus } from '../src/index.js';

type Status = OrderStatus;
interface Blocker {
  code: string;
  message: string;
  retryAt?: string;
  fields?: string[];
}
interface Ctx {
  orderId: string;
  marketplace: string;
  channel: string | null;
  deliveryMode: string | null;
  fulfilledByMarketplace: boolean;
  shipment: { carrier: string | null; trackingNumber: string | null; trackingUrl: string | null; at: string } | null;
  refunds: { amount: number | null; reason: string | null; at: string }[];
  marketplaceUpdatedAt: string | null;
  marketplaceStatus: Status | null;
  pendingAction?: Pending;
}
/** A seller action the marketplace has not settled: what it changed, to undo if it turns it down. */
interface Pending {
  type: string;
  eventId: string | null;
  at: string;
  from: Status;
  actionId: null;
  undo: Record<string, unknown>;
  unset: string[];
}
interface Ev {
  type: string;
  at: string;
  id?: string;
  carrier?: string | null;
  trackingNumber?: string | null;
  trackingUrl?: string | null;
  reason?: string | null;
  amount?: number;
  status?: Status;
}
export interface SwitchOptions {
  calendar?: MaintenanceCalendar;
  historyLimit?: number;
  unreachableStatus?: 'apply' | 'refuse';
}
export interface SwitchResult {
  ok: boolean;
  order: OrderRecord;
  status: Status;
  changed: boolean;
  duplicate: boolean;
  blockers: Blocker[];
  audit: Record<string, unknown>;
  anomaly?: 'UNREACHABLE_STATUS' | 'ACTION_REJECTED';
}

/** The final statuses, written out by hand (shared with the bare reducer and robot3 with plain guards). */
export const FINAL = new Set<string>([
  'NonPickedUpByCustomer',
  'PaymentRefused',
  'AutomaticCancellation',
  'RefusedBySeller',
  'ShipmentRefusedBySeller',
  'RefusedNoShipment',
  'CancelledBeforeNotificationByCustomer',
  'CancelledBeforePaymentByCustomer',
  'CancelledByCustomer',
]);
const SELLER = new Set([
  'ACCEPT',
  'REFUSE',
  'SHIP',
  'REFUSE_SHIPMENT',
  'MAKE_AVAILABLE_IN_STORE',
  'ACCEPT_CANCELLATION',
  'DECLINE_CANCELLATION',
  'REFUND',
]);
const FACTS = new Set([
  'ACCEPTANCE_DEADLINE_PASSED',
  'CUSTOMER_CANCELLED',
  'PAYMENT_STARTED',
  'FRAUD_CHECK_PASSED',
  'PAYMENT_CONFIRMED',
  'PAYMENT_REFUSED',
  'SHIPMENT_CONFIRMED',
  'SHIPPING_DEADLINE_PASSED',
  'CANCELLATION_REQUESTED',
  'PICKED_UP',
  'PICKUP_DEADLINE_PASSED',
  'MARKETPLACE_STATUS_CHANGED',
]);
const STATUSES = new Set<string>([
  'WaitingForSellerAcceptation',
  'AcceptedBySeller',
  'PaymentInProgress',
  'ValidatedFianet',
  'WaitingForShipmentAcceptation',
  'ShippedBySeller',
  'Shipped',
  'AvailableOnStore',
  'PickedUp',
  ...FINAL,
  'CancellationRequestPending',
]);
const TRACKED = new Set(['suivi', 'tracked', 'trk', 'recommande', 'registered', 'reg']);
const STORE = new Set(['mag', 'magasin', 'store', 'in_store', 'click_and_collect']);
const norm = (m: string) => m.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();

// Statuses each status reaches through the lifecycle (written out by hand, as a switch reducer would).
const AFTER_WAITING_SHIPMENT: Status[] = [
  'ShippedBySeller',
  'Shipped',
  'AvailableOnStore',
  'PickedUp',
  'NonPickedUpByCustomer',
  'ShipmentRefusedBySeller',
  'RefusedNoShipment',
  'CancellationRequestPending',
  'CancelledByCustomer',
];
const AFTER_PAYMENT: Status[] = ['WaitingForShipmentAcceptation', 'PaymentRefused', 'CancelledBeforePaymentByCustomer', ...AFTER_WAITING_SHIPMENT];
/** Statuses each status reaches, written out by hand (shared with the bare reducer and robot3 with plain guards). */
export const REACHES: Readonly<Record<Status, ReadonlySet<string>>> = {
  WaitingForSellerAcceptation: new Set([
    'AcceptedBySeller',
    'PaymentInProgress',
    'ValidatedFianet',
    'RefusedBySeller',
    'AutomaticCancellation',
    'CancelledBeforeNotificationByCustomer',
    ...AFTER_PAYMENT,
  ]),
  AcceptedBySeller: new Set(['PaymentInProgress', 'ValidatedFianet', ...AFTER_PAYMENT]),
  PaymentInProgress: new Set(['ValidatedFianet', ...AFTER_PAYMENT]),
  ValidatedFianet: new Set(AFTER_PAYMENT),
  WaitingForShipmentAcceptation: new Set(AFTER_WAITING_SHIPMENT),
  CancellationRequestPending: new Set(['WaitingForShipmentAcceptation', ...AFTER_WAITING_SHIPMENT.filter((s) => s !== 'CancellationRequestPending')]),
  ShippedBySeller: new Set(['Shipped']),
  Shipped: new Set(),
  AvailableOnStore: new Set(['PickedUp', 'NonPickedUpByCustomer']),
  PickedUp: new Set(),
  NonPickedUpByCustomer: new Set(),
  PaymentRefused: new Set(),
  AutomaticCancellation: new Set(),
  RefusedBySeller: new Set(),
  ShipmentRefusedBySeller: new Set(),
  RefusedNoShipment: new Set(),
  CancelledBeforeNotificationByCustomer: new Set(),
  CancelledBeforePaymentByCustomer: new Set(),
  CancelledByCustomer: new Set(),
};

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function instant(v: unknown): string | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString();
  if (typeof v !== 'string' || !ISO.test(v)) return undefined;
  const month = +v.slice(5, 7);
  const day = +v.slice(8, 10);
  if (month < 1 || month > 12 || day < 1 || day > DAYS[month - 1]!) return undefined;
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) return undefined;
  return v.length === 24 && v.endsWith('Z') ? v : new Date(ms).toISOString();
}
const optText = (v: unknown, max: number) => v === undefined || v === null || (typeof v === 'string' && v.length <= max);
const clean = (v: string | null | undefined) => {
  const t = v?.trim();
  return t ? t : null;
};
const blank = (v: string | null | undefined) => v === undefined || v === null || v.trim() === '';

/** Hand-rolled event validation: the same acceptance as the zod schemas for the fields the rules read. */
function parse(input: unknown): Ev | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const e = input as Record<string, unknown>;
  const type = e.type;
  if (typeof type !== 'string' || !(SELLER.has(type) || FACTS.has(type))) return undefined;
  const at = instant(e.at);
  if (at === undefined) return undefined;
  if (e.id !== undefined && (typeof e.id !== 'string' || e.id.length === 0 || e.id.length > 200)) return undefined;
  const out: Ev = { type, at };
  if (e.id !== undefined) out.id = e.id as string;
  switch (type) {
    case 'SHIP':
    case 'MARKETPLACE_STATUS_CHANGED':
      if (!optText(e.carrier, 100) || !optText(e.trackingNumber, 100) || !optText(e.trackingUrl, 2048)) return undefined;
      if ('carrier' in e) out.carrier = e.carrier as string | null;
      if ('trackingNumber' in e) out.trackingNumber = e.trackingNumber as string | null;
      if ('trackingUrl' in e) out.trackingUrl = e.trackingUrl as string | null;
      if (type === 'MARKETPLACE_STATUS_CHANGED') {
        if (typeof e.status !== 'string' || !STATUSES.has(e.status)) return undefined;
        out.status = e.status as Status;
      }
      break;
    case 'REFUND':
      if (e.amount !== undefined && (typeof e.amount !== 'number' || !(e.amount > 0) || e.amount > 1e9)) return undefined;
      if (e.amount !== undefined) out.amount = e.amount as number;
      if (!optText(e.reason, 1000)) return undefined;
      if ('reason' in e) out.reason = e.reason as string | null;
      break;
    case 'REFUSE':
    case 'REFUSE_SHIPMENT':
    case 'DECLINE_CANCELLATION':
      if (!optText(e.reason, 1000)) return undefined;
      if ('reason' in e) out.reason = e.reason as string | null;
      break;
  }
  return out;
}

function sellerBlockers(ctx: Ctx, e: Ev, options: SwitchOptions, extra?: 'ship' | 'store'): Blocker[] {
  const out: Blocker[] = [];
  if (ctx.fulfilledByMarketplace) out.push({ code: 'FULFILLED_BY_MARKETPLACE', message: `Order ${ctx.orderId} is shipped by the marketplace.` });
  const active = options.calendar?.activeAt(e.at, { scope: [ctx.marketplace, ctx.channel] });
  if (active) out.push({ code: 'MAINTENANCE_WINDOW', message: `${e.type} falls inside a maintenance window.`, retryAt: active.reopensAt });
  if (extra === 'ship' && ctx.deliveryMode !== null && TRACKED.has(norm(ctx.deliveryMode))) {
    const missing = [...(blank(e.carrier) ? ['carrier'] : []), ...(blank(e.trackingNumber) ? ['trackingNumber'] : [])];
    if (missing.length) out.push({ code: 'CARRIER_AND_TRACKING_REQUIRED', message: `missing: ${missing.join(', ')}`, fields: missing });
  }
  if (extra === 'store' && ctx.deliveryMode !== null && !STORE.has(norm(ctx.deliveryMode))) {
    out.push({ code: 'DELIVERY_MODE_MISMATCH', message: `${e.type} needs an in-store delivery mode.`, fields: ['deliveryMode'] });
  }
  return out;
}

function reported(ctx: Ctx, e: Ev): Ctx {
  const carrier = clean(e.carrier);
  const trackingNumber = clean(e.trackingNumber);
  const trackingUrl = clean(e.trackingUrl);
  const prev = ctx.shipment;
  const shipment =
    carrier !== null || trackingNumber !== null || trackingUrl !== null
      ? {
          carrier: carrier ?? prev?.carrier ?? null,
          trackingNumber: trackingNumber ?? prev?.trackingNumber ?? null,
          trackingUrl: trackingUrl ?? prev?.trackingUrl ?? null,
          at: e.at,
        }
      : prev;
  return settled({ ...ctx, shipment, marketplaceUpdatedAt: e.at, marketplaceStatus: e.status ?? ctx.marketplaceStatus });
}

/** The context with no action pending: the marketplace took it, or the order moved on. */
function settled(ctx: Ctx): Ctx {
  if (ctx.pendingAction === undefined) return ctx;
  const { pendingAction: _settled, ...rest } = ctx;
  return rest;
}

/** A seller action that moved the order (not into a final status) stays pending, with what it changed. */
function pend(status: Status, before: Ctx, d: { to: Status; ctx: Ctx }, e: Ev): void {
  if (FINAL.has(d.to)) {
    d.ctx = settled(d.ctx);
    return;
  }
  const undo: Record<string, unknown> = {};
  if (d.ctx.shipment !== before.shipment) undo.shipment = before.shipment;
  if (d.ctx.refunds !== before.refunds) undo.refunds = before.refunds;
  d.ctx = { ...d.ctx, pendingAction: { type: e.type, eventId: e.id ?? null, at: e.at, from: status, actionId: null, undo, unset: [] } };
}

/** The marketplace's last report again, not newer. */
const repeatsLast = (ctx: Ctx, e: Ev) => e.status === ctx.marketplaceStatus && ctx.marketplaceUpdatedAt !== null && e.at <= ctx.marketplaceUpdatedAt;

/** The report brings a carrier, tracking number or URL the order does not have. */
const newTracking = (ctx: Ctx, e: Ev) =>
  (['carrier', 'trackingNumber', 'trackingUrl'] as const).some((field) => {
    const value = clean(e[field]);
    return value !== null && value !== (ctx.shipment?.[field] ?? null);
  });

const PENDING_TIMEOUT_MS = 24 * 3600_000;

const stale = (ctx: Ctx, e: Ev): Blocker | undefined =>
  ctx.marketplaceUpdatedAt !== null && Date.parse(e.at) < Date.parse(ctx.marketplaceUpdatedAt)
    ? { code: 'STALE_UPDATE', message: 'older than the last report' }
    : undefined;

type Decision = { to: Status; ctx: Ctx; anomaly?: 'UNREACHABLE_STATUS' | 'ACTION_REJECTED' } | { blockers: Blocker[] } | 'duplicate';

function decide(status: Status, ctx: Ctx, e: Ev, options: SwitchOptions): Decision {
  const d = decideStatus(status, ctx, e, options);
  if (typeof d !== 'object' || !('to' in d) || e.type === 'MARKETPLACE_STATUS_CHANGED') return d;
  if (SELLER.has(e.type)) pend(status, ctx, d, e);
  else if (d.to !== status) d.ctx = settled(d.ctx);
  return d;
}

function decideStatus(status: Status, ctx: Ctx, e: Ev, options: SwitchOptions): Decision {
  const seller = (to: Status, extra?: 'ship' | 'store'): Decision => {
    const blockers = sellerBlockers(ctx, e, options, extra);
    return blockers.length ? { blockers } : { to, ctx };
  };
  const fact = (to: Status): Decision => ({ to, ctx });
  switch (status) {
    case 'WaitingForSellerAcceptation':
      switch (e.type) {
        case 'ACCEPT':
          return seller('AcceptedBySeller');
        case 'REFUSE':
          return seller('RefusedBySeller');
        case 'ACCEPTANCE_DEADLINE_PASSED':
          return fact('AutomaticCancellation');
        case 'CUSTOMER_CANCELLED':
          return fact('CancelledBeforeNotificationByCustomer');
      }
      break;
    case 'AcceptedBySeller':
    case 'PaymentInProgress':
    case 'ValidatedFianet':
      switch (e.type) {
        case 'PAYMENT_STARTED':
          if (status === 'AcceptedBySeller') return fact('PaymentInProgress');
          break;
        case 'FRAUD_CHECK_PASSED':
          if (status !== 'ValidatedFianet') return fact('ValidatedFianet');
          break;
        case 'PAYMENT_CONFIRMED':
          return fact('WaitingForShipmentAcceptation');
        case 'PAYMENT_REFUSED':
          return fact('PaymentRefused');
        case 'CUSTOMER_CANCELLED':
          return fact('CancelledBeforePaymentByCustomer');
      }
      break;
    case 'WaitingForShipmentAcceptation':
      switch (e.type) {
        case 'SHIP': {
          const d = seller('ShippedBySeller', 'ship');
          if (typeof d === 'object' && 'to' in d) {
            d.ctx = {
              ...ctx,
              shipment: { carrier: clean(e.carrier), trackingNumber: clean(e.trackingNumber), trackingUrl: clean(e.trackingUrl), at: e.at },
            };
          }
          return d;
        }
        case 'REFUSE_SHIPMENT':
          return seller('ShipmentRefusedBySeller');
        case 'MAKE_AVAILABLE_IN_STORE':
          return seller('AvailableOnStore', 'store');
        case 'SHIPPING_DEADLINE_PASSED':
          return fact('RefusedNoShipment');
        case 'CANCELLATION_REQUESTED':
          return fact('CancellationRequestPending');
      }
      break;
    case 'CancellationRequestPending':
      if (e.type === 'ACCEPT_CANCELLATION') return seller('CancelledByCustomer');
      if (e.type === 'DECLINE_CANCELLATION') return seller('WaitingForShipmentAcceptation');
      break;
    case 'ShippedBySeller':
      if (e.type === 'SHIPMENT_CONFIRMED') return fact('Shipped');
      break;
    case 'Shipped':
    case 'PickedUp':
      if (e.type === 'REFUND') {
        const d = seller(status);
        if (typeof d === 'object' && 'to' in d) {
          d.ctx = { ...ctx, refunds: [...ctx.refunds, { amount: e.amount ?? null, reason: clean(e.reason), at: e.at }] };
        }
        return d;
      }
      break;
    case 'AvailableOnStore':
      if (e.type === 'PICKED_UP') return fact('PickedUp');
      if (e.type === 'PICKUP_DEADLINE_PASSED') return fact('NonPickedUpByCustomer');
      break;
  }
  if (e.type === 'MARKETPLACE_STATUS_CHANGED') {
    const to = e.status!;
    const pending = ctx.pendingAction;
    if (FINAL.has(status) && to !== status && !REACHES[to].has(status)) return { blockers: [{ code: 'NOT_ALLOWED_IN_STATUS', message: 'final' }] };
    if (to === status) {
      // The status again: news only when it settles the seller's pending action, or brings tracking.
      const confirms = pending !== undefined && pending.from !== status && e.at > pending.at && !repeatsLast(ctx, e);
      if (FINAL.has(status) || !(confirms || newTracking(ctx, e))) return 'duplicate';
      const old = stale(ctx, e);
      return old ? { blockers: [old] } : { to, ctx: reported(ctx, e) };
    }
    if (repeatsLast(ctx, e)) return 'duplicate';
    const old = stale(ctx, e);
    if (REACHES[status].has(to)) return old ? { blockers: [old] } : { to, ctx: reported(ctx, e) };
    // A report of a status the order already moved past: the marketplace lagging behind, or turning down the
    // seller's action still pending after a day.
    if (REACHES[to].has(status)) {
      if (old) return { blockers: [old] };
      if (
        pending !== undefined &&
        pending.from !== status &&
        (to === pending.from || REACHES[to].has(pending.from)) &&
        Date.parse(e.at) - Date.parse(pending.at) >= PENDING_TIMEOUT_MS
      ) {
        const undone = { ...settled(ctx), ...pending.undo } as Ctx;
        return { to: pending.from, ctx: { ...undone, marketplaceUpdatedAt: e.at, marketplaceStatus: to }, anomaly: 'ACTION_REJECTED' };
      }
      return 'duplicate';
    }
    if (old) return { blockers: [old] };
    if (options.unreachableStatus === 'refuse') return { blockers: [{ code: 'NOT_ALLOWED_IN_STATUS', message: 'unreachable; refused by policy' }] };
    return { to, ctx: reported(ctx, e), anomaly: 'UNREACHABLE_STATUS' };
  }
  const blockers: Blocker[] = [{ code: 'NOT_ALLOWED_IN_STATUS', message: `${e.type} is not allowed while the order is ${status}.` }];
  if (SELLER.has(e.type) && ctx.fulfilledByMarketplace) blockers.unshift({ code: 'FULFILLED_BY_MARKETPLACE', message: 'fulfilment order' });
  return { blockers };
}

const bounded = <T>(list: readonly T[], item: T, limit: number): T[] => {
  if (limit <= 0) return [];
  const out = list.slice(list.length + 1 > limit ? list.length + 1 - limit : 0);
  out.push(item);
  return out;
};

/** Applies one event: the same contract as `dispatch` (pure, refusals as values, ids for idempotency). */
export function switchReduce(order: OrderRecord, input: unknown, options: SwitchOptions = {}): SwitchResult {
  const status = order.status;
  const e = parse(input);
  const audit = (to: Status, outcome: string, blockers: Blocker[], anomaly?: string) => ({
    eventType: e?.type ?? null,
    eventId: e?.id ?? null,
    at: e?.at ?? null,
    from: status,
    to,
    outcome,
    blockers: blockers.map((b) => b.code),
    ...(anomaly ? { anomaly } : {}),
  });
  const refuse = (blockers: Blocker[]): SwitchResult => ({
    ok: false,
    order,
    status,
    changed: false,
    duplicate: false,
    blockers,
    audit: audit(status, 'refused', blockers),
  });
  const duplicate = (): SwitchResult => ({
    ok: true,
    order,
    status,
    changed: false,
    duplicate: true,
    blockers: [],
    audit: audit(status, 'duplicate', []),
  });
  if (e === undefined) return refuse([{ code: 'INVALID_EVENT', message: 'Malformed event.' }]);
  if (e.id !== undefined && order.appliedEventIds.includes(e.id)) return duplicate();
  // The record keeps the identity at its top level; the rules read it in the context, as dispatch's do.
  const ctx = {
    orderId: order.orderId,
    marketplace: order.marketplace,
    fulfilledByMarketplace: order.fulfilledByMarketplace,
    ...order.context,
  } as unknown as Ctx;
  const d = decide(status, ctx, e, options);
  if (d === 'duplicate') return duplicate();
  if ('blockers' in d) return refuse(d.blockers);
  const entry = audit(d.to, 'applied', [], d.anomaly);
  const limit = options.historyLimit === undefined ? 50 : Math.max(0, Math.min(1000, Math.floor(options.historyLimit)));
  // Every key written out, as dispatch does: a spread of the old record is the slow part of both.
  const next = {
    schemaVersion: order.schemaVersion,
    orderId: order.orderId,
    marketplace: order.marketplace,
    status: d.to,
    fulfilledByMarketplace: d.ctx.fulfilledByMarketplace,
    revision: order.revision + 1,
    createdAt: order.createdAt,
    updatedAt: e.at > order.updatedAt ? e.at : order.updatedAt,
    appliedEventIds: e.id === undefined ? order.appliedEventIds : bounded(order.appliedEventIds, e.id, 100),
    history: bounded(order.history, entry as never, limit),
    context: withoutIdentity(d.ctx),
  } as unknown as OrderRecord;
  const result: SwitchResult = { ok: true, order: next, status: d.to, changed: true, duplicate: false, blockers: [], audit: entry };
  if (d.anomaly) result.anomaly = d.anomaly;
  return result;
}

function withoutIdentity(ctx: Ctx): object {
  const { orderId: _orderId, marketplace: _marketplace, fulfilledByMarketplace: _fulfilled, ...kept } = ctx;
  return kept;
}

/**
 * The floor: the same decisions (lifecycle, guards, idempotency by id) on a bare status and context, trusting
 * the event (no validation) and building nothing (no record, no history, no audit). Returns the next status
 * and context, or `undefined` when the event is refused or a duplicate.
 */
export function switchDecide(
  status: Status,
  ctx: Ctx,
  ids: ReadonlySet<string>,
  e: Ev,
  options: SwitchOptions,
): { to: Status; ctx: Ctx } | undefined {
  if (e.id !== undefined && ids.has(e.id)) return undefined;
  const d = decide(status, ctx, e, options);
  return d === 'duplicate' || 'blockers' in d ? undefined : d;
}
export type { Ctx as SwitchContext, Ev as SwitchEvent };
