import { z } from 'zod';
import type { ValidationIssue } from '../lifecycle/errors.js';
import { SUPPLY_MODES } from '../lifecycle/context.js';
import { instantSchema } from '../lifecycle/instant.js';
import { NOT_STORABLE, STORABLE_TEXT } from '../lifecycle/text.js';
import { lengowStatusSchema } from './lengow-status.js';

/*
 * Lengow API v3 order payloads (GET /v3.0/orders). Unknown keys pass through untouched: Lengow adds fields
 * over time and a connector must not break on them. The fields the lifecycle reads are checked strictly, and
 * every string and list is bounded so a hostile 10 MB payload costs one linear pass and is refused early.
 */

/** Most orders a page may hold (Lengow pages hold far fewer). */
export const MAX_LENGOW_PAGE_ORDERS = 1000;
/** Most packages an order may hold. */
export const MAX_LENGOW_PACKAGES = 50;
/** Most trackings a package's delivery may hold. */
export const MAX_LENGOW_TRACKINGS = 20;
/** Most cart lines a package may hold. */
export const MAX_LENGOW_CART_LINES = 1000;
/** Most validation issues reported for one payload: enough to fix it, never a flood. */
export const MAX_REPORTED_ISSUES = 50;

// Text the record may keep must be text a store can hold (no NUL, no unpaired surrogate).
const text = (max: number) => z.string().max(max, `must be at most ${max} characters`).regex(STORABLE_TEXT, NOT_STORABLE);
const required = (max: number) => text(max).trim().min(1, 'must not be blank');
const list = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max, `must hold at most ${max} entries`);

/** Instants come as ISO 8601 strings with an offset; bounded before the (costlier) date check. */
// (The cast only narrows instantSchema's input to the strings a JSON payload can hold.)
const instant = text(64).pipe(instantSchema as unknown as z.ZodType<string, string>);

// An amount as text: digits, an optional minus and point; no exponent, no spaces, no comma.
const DECIMAL_AMOUNT = /^-?\d{1,15}(\.\d{1,6})?$/;
const NOT_AN_AMOUNT = 'must be an amount: a number or a decimal string, e.g. "45.90"';

/**
 * Amounts come as decimal strings (`"45.90"`) in older payloads and as JSON numbers (`40.3`) in newer ones
 * (Lengow's 2024 WooCommerce fixture). Both are read alike and both leave the schema as decimal strings: a
 * number becomes the shortest decimal that denotes it (`40.3` is `'40.3'`, never 40.29999...), so nothing
 * downstream can add amounts as floats (`sumMoney` adds them exactly). The bounds are the same for both
 * spellings: at most 15 digits before the point and 6 after it; a number JavaScript writes with an exponent
 * (`1e21`, `1e-7`) is no amount. Anything else is refused.
 */
const amount = z
  .union([z.number().transform((value) => String(value)), text(32)], { error: NOT_AN_AMOUNT })
  .pipe(z.string().regex(DECIMAL_AMOUNT, NOT_AN_AMOUNT))
  .nullish();

// Older payloads write the flag as 0/1 (connectors cast it to an integer), newer ones as a boolean.
const flag = z.union([z.boolean(), z.literal(0), z.literal(1)], { error: 'must be true, false, 0 or 1' }).nullish();

/** One tracking of a package's delivery, as the marketplace or the seller declared it. */
export const lengowTrackingSchema = z.looseObject({
  carrier: text(100).nullish(),
  /** The delivery method (for Cdiscount, the delivery mode: `Standard`, `Suivi`, `Recommandé`, ...). */
  method: text(100).nullish(),
  number: text(100).nullish(),
  url: text(2048).nullish(),
  /** Pre-2020 payloads flag fulfilment here rather than in `order_types`. */
  is_delivered_by_marketplace: flag,
});

/** A package's delivery: its address fields pass through; the trackings are read. */
export const lengowDeliverySchema = z.looseObject({
  id: z.union([z.number().int(), text(100)]).nullish(),
  trackings: list(lengowTrackingSchema, MAX_LENGOW_TRACKINGS).nullish(),
});

/**
 * Lengow's statuses, as its API reference lists them ("List of order statuses", https://api.lengow.io/docs/;
 * Lengow's OpenAPI document, as copied in github.com/api-evangelist/lengow at
 * `openapi/lengow-channel-execution-openapi.yml`, commit 122a64f3): the eleven order statuses
 * (`LENGOW_STATUSES`), the four eBay pick-up statuses and `to_refund` (the merchant has to refund). Cart lines
 * carry this vocabulary in their own `lengow_status` (the Orders API filters on it as `lengow_line_status`).
 * Lengow's connectors name only the eleven (`LengowOrder::STATE_*` in plugin-prestashop, -magento2, -shopware6,
 * -woocommerce), so the list is taken from the reference. Issue 12: a line in `to_refund` or `pickup_completed`
 * is a line Lengow documents, never a reason to refuse its order.
 */
export const LENGOW_LINE_STATUSES = [
  'new',
  'waiting_acceptance',
  'refused',
  'accepted',
  'waiting_shipment',
  'shipped',
  'closed',
  'canceled',
  'refunding',
  'refunded',
  'partial_refunded',
  'pickup_to_prepare',
  'to_pickup',
  'pickup_completed',
  'pickup_canceled',
  'to_refund',
] as const;

/** One of {@link LENGOW_LINE_STATUSES}. */
export type LengowLineStatus = (typeof LENGOW_LINE_STATUSES)[number];

/**
 * Whether a cart line's `lengow_status` is one Lengow documents.
 * @example isLengowLineStatus('to_refund') // true
 * @example isLengowLineStatus('lost_in_transit') // false
 */
export function isLengowLineStatus(value: unknown): value is LengowLineStatus {
  return typeof value === 'string' && (LENGOW_LINE_STATUSES as readonly string[]).includes(value);
}

/**
 * One cart line, with its own statuses (the lifecycle works at order level; lines are kept for callers). Its
 * `lengow_status` is kept as sent: one Lengow does not document is no reason to refuse the order, the import
 * reports it (`UNKNOWN_LINE_STATUS`) instead.
 */
export const lengowCartLineSchema = z.looseObject({
  marketplace_order_line_id: z.union([text(200), z.number().int()]).nullish(),
  marketplace_status: text(100).nullish(),
  lengow_status: text(100).nullish(),
  quantity: z.number().int().min(0).max(1_000_000).nullish(),
  amount,
  shipping: amount,
  fees: amount,
});

/** One package: where it goes and what it holds. */
export const lengowPackageSchema = z.looseObject({
  delivery: lengowDeliverySchema.nullish(),
  cart: list(lengowCartLineSchema, MAX_LENGOW_CART_LINES).nullish(),
});

/** One entry of `order_types`, such as `{ "type": "is_delivered_by_marketplace" }` or `{ "type": "is_express" }`. */
export const lengowOrderTypeSchema = z.looseObject({
  type: required(100),
  label: text(200).nullish(),
});

/**
 * Zod schema of a Lengow API v3 order. Checks what the lifecycle needs (identity, statuses, `updated_at`,
 * trackings, fulfilment flags, amounts as numbers or decimal strings, read as decimal strings) and passes every
 * other key through.
 */
export const lengowOrderSchema = z.looseObject({
  marketplace: required(100),
  marketplace_order_id: required(200),
  /** The marketplace's own status name (`WaitingForShipmentAcceptation`, `SHIPPING`, ...). */
  marketplace_status: required(100),
  lengow_status: lengowStatusSchema.nullish(),
  order_types: list(lengowOrderTypeSchema, 50).nullish(),
  marketplace_order_date: instant.nullish(),
  imported_at: instant.nullish(),
  /** When Lengow last saw the order change: the instant of every status it reports. */
  updated_at: instant,
  currency: z.looseObject({ iso_a3: text(3).nullish() }).nullish(),
  total_order: amount,
  original_total_order: amount,
  commission: amount,
  shipping: amount,
  processing_fee: amount,
  packages: list(lengowPackageSchema, MAX_LENGOW_PACKAGES).nullish(),
  /**
   * Octopia's `supplyMode`, where the payload carries it: only `Seller` orders are shipped by the seller;
   * `Fulfillment` and `Xdock` ones are the marketplace's, as `is_delivered_by_marketplace` says.
   */
  supply_mode: z.enum(SUPPLY_MODES, { error: `must be one of ${SUPPLY_MODES.join(', ')}` }).nullish(),
  /** Octopia's `shippedAtMax`, where the payload carries it: the latest instant the order may ship. */
  shipped_at_max: instant.nullish(),
});

/** A Lengow order after validation (instants normalized to UTC ISO). */
export type LengowOrder = z.output<typeof lengowOrderSchema>;
/** A Lengow order as the API sends it. */
export type LengowOrderInput = z.input<typeof lengowOrderSchema>;

/**
 * Zod schema of Lengow's paginated list envelope (`count`, `next`, `previous`, `results`). The results are
 * left unchecked here so each order can be validated on its own: one bad order does not sink the page.
 */
export const lengowOrderPageSchema = z.looseObject({
  count: z.number().int().min(0).nullish(),
  next: text(2048).nullish(),
  previous: text(2048).nullish(),
  results: list(z.unknown(), MAX_LENGOW_PAGE_ORDERS),
});

/** A page of orders after validation of the envelope. */
export type LengowOrderPage = z.output<typeof lengowOrderPageSchema>;

/**
 * Zod issues as {@link ValidationIssue}s, at most {@link MAX_REPORTED_ISSUES}.
 * @example
 * const parsed = lengowOrderSchema.safeParse(payload);
 * if (!parsed.success) toValidationIssues(parsed.error) // [{ path: ['updated_at'], message: '...', code: 'invalid_format' }]
 */
export function toValidationIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.slice(0, MAX_REPORTED_ISSUES).map((issue) => ({ path: issue.path, message: issue.message, code: issue.code }));
}

/**
 * Validates a Lengow order payload.
 *
 * @example
 * const parsed = parseLengowOrder(JSON.parse(body));
 * if (!parsed.ok) console.log(parsed.issues[0].path); // ['packages', 0, 'delivery', 'trackings', 0, 'number']
 */
export function parseLengowOrder(
  payload: unknown,
): { readonly ok: true; readonly order: LengowOrder } | { readonly ok: false; readonly issues: ValidationIssue[] } {
  const parsed = lengowOrderSchema.safeParse(payload);
  return parsed.success ? { ok: true, order: parsed.data } : { ok: false, issues: toValidationIssues(parsed.error) };
}

/** The tracking facts of a payload that the record keeps. */
export interface LengowTrackingFacts {
  readonly carrier: string | null;
  readonly trackingNumber: string | null;
  readonly trackingUrl: string | null;
}

const filled = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/**
 * The first tracking that says something (carrier, number or URL), across packages, as connectors read it.
 * @example trackingOf(order) // { carrier: 'Colissimo', trackingNumber: '6A12345678901', trackingUrl: null }
 */
export function trackingOf(order: LengowOrder): LengowTrackingFacts | null {
  for (const pkg of order.packages ?? []) {
    for (const tracking of pkg.delivery?.trackings ?? []) {
      const facts = { carrier: filled(tracking.carrier), trackingNumber: filled(tracking.number), trackingUrl: filled(tracking.url) };
      if (facts.carrier !== null || facts.trackingNumber !== null || facts.trackingUrl !== null) return facts;
    }
  }
  return null;
}

/**
 * The delivery mode: the first tracking `method` given (for Cdiscount, `Standard`, `Suivi`, `Recommandé`, ...).
 * @example deliveryModeOf(order) // 'Suivi'
 */
export function deliveryModeOf(order: LengowOrder): string | null {
  for (const pkg of order.packages ?? []) {
    for (const tracking of pkg.delivery?.trackings ?? []) {
      const method = filled(tracking.method);
      if (method !== null) return method;
    }
  }
  return null;
}

/** Lengow's `order_types` entry that marks an order shipped by the marketplace. */
export const DELIVERED_BY_MARKETPLACE = 'is_delivered_by_marketplace';

/**
 * Where the payload says the marketplace ships the order itself: an Octopia supply mode other than `Seller`,
 * the `order_types` entry, or (pre-2020 payloads) the tracking-level flag. `null` when it does not.
 *
 * @example fulfilmentFlagOf(order) // ['order_types', 0, 'type']
 */
export function fulfilmentFlagOf(order: LengowOrder): (string | number)[] | null {
  if (order.supply_mode != null && order.supply_mode !== 'Seller') return ['supply_mode'];
  const types = order.order_types ?? [];
  for (let i = 0; i < types.length; i++) {
    if (types[i]!.type === DELIVERED_BY_MARKETPLACE) return ['order_types', i, 'type'];
  }
  const packages = order.packages ?? [];
  for (let p = 0; p < packages.length; p++) {
    const trackings = packages[p]!.delivery?.trackings ?? [];
    for (let t = 0; t < trackings.length; t++) {
      const value = trackings[t]!.is_delivered_by_marketplace;
      if (value === true || value === 1) return ['packages', p, 'delivery', 'trackings', t, DELIVERED_BY_MARKETPLACE];
    }
  }
  return null;
}

/** A cart line whose `lengow_status` is not one of {@link LENGOW_LINE_STATUSES}: where, which line, what it says. */
export interface UnknownLineStatus {
  /** `['packages', p, 'cart', l, 'lengow_status']`. */
  readonly path: (string | number)[];
  /** The line's `marketplace_order_line_id`, as text, or `null` when the payload gives none. */
  readonly line: string | null;
  /** The status as sent. */
  readonly status: string;
}

/**
 * The cart lines whose `lengow_status` Lengow does not document, in payload order, at most
 * {@link MAX_REPORTED_ISSUES}.
 * @internal
 */
export function unknownLineStatusesOf(order: LengowOrder): UnknownLineStatus[] {
  const found: UnknownLineStatus[] = [];
  const packages = order.packages ?? [];
  for (let p = 0; p < packages.length; p++) {
    const cart = packages[p]!.cart ?? [];
    for (let l = 0; l < cart.length; l++) {
      const { lengow_status: status, marketplace_order_line_id: line } = cart[l]!;
      if (status == null || isLengowLineStatus(status)) continue;
      found.push({ path: ['packages', p, 'cart', l, 'lengow_status'], line: line == null ? null : String(line), status });
      if (found.length === MAX_REPORTED_ISSUES) return found;
    }
  }
  return found;
}
