import { z } from 'zod';
import { blocker, type Blocker } from './blockers.js';
import { compileParser, type FastParser } from './compiled-schema.js';
import { formatPath } from './errors.js';
import { instantSchema, readInstantFast } from './instant.js';
import { orderStatusSchema } from './statuses.js';

/** Who causes an event: the seller, the marketplace, the customer, the payment provider, or a deadline. */
export type EventSource = 'seller' | 'marketplace' | 'customer' | 'payment' | 'deadline';

const text = (max: number) => z.string().max(max, `must be at most ${max} characters`).nullish();

// Every event: its type, the instant it happened (never the wall clock) and an optional idempotency id.
const base = {
  at: instantSchema,
  id: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
};
const event = <T extends string, S extends z.ZodRawShape = {}>(type: T, shape?: S) =>
  z.object({ type: z.literal(type), ...base, ...(shape ?? ({} as S)) });

const shipmentFields = {
  carrier: text(100),
  trackingNumber: text(100),
  trackingUrl: text(2048),
};

/** Schemas of the seller's actions, by event type. */
export const sellerActionSchemas = {
  ACCEPT: event('ACCEPT'),
  REFUSE: event('REFUSE', { reason: text(1000) }),
  SHIP: event('SHIP', shipmentFields),
  REFUSE_SHIPMENT: event('REFUSE_SHIPMENT', { reason: text(1000) }),
  MAKE_AVAILABLE_IN_STORE: event('MAKE_AVAILABLE_IN_STORE'),
  ACCEPT_CANCELLATION: event('ACCEPT_CANCELLATION'),
  DECLINE_CANCELLATION: event('DECLINE_CANCELLATION', { reason: text(1000) }),
  REFUND: event('REFUND', {
    // Absent amount = full refund. Amounts are in the order's currency.
    amount: z.number().positive('must be a positive amount').max(1e9, 'must be at most 1e9').optional(),
    reason: text(1000),
  }),
} as const;

/** Schemas of the facts reported by the marketplace, the customer, the payment provider or a deadline. */
export const factSchemas = {
  ACCEPTANCE_DEADLINE_PASSED: event('ACCEPTANCE_DEADLINE_PASSED'),
  CUSTOMER_CANCELLED: event('CUSTOMER_CANCELLED'),
  PAYMENT_STARTED: event('PAYMENT_STARTED'),
  FRAUD_CHECK_PASSED: event('FRAUD_CHECK_PASSED'),
  PAYMENT_CONFIRMED: event('PAYMENT_CONFIRMED'),
  PAYMENT_REFUSED: event('PAYMENT_REFUSED'),
  SHIPMENT_CONFIRMED: event('SHIPMENT_CONFIRMED'),
  SHIPPING_DEADLINE_PASSED: event('SHIPPING_DEADLINE_PASSED'),
  CANCELLATION_REQUESTED: event('CANCELLATION_REQUESTED'),
  PICKED_UP: event('PICKED_UP'),
  PICKUP_DEADLINE_PASSED: event('PICKUP_DEADLINE_PASSED'),
  MARKETPLACE_STATUS_CHANGED: event('MARKETPLACE_STATUS_CHANGED', {
    status: orderStatusSchema,
    ...shipmentFields,
  }),
} as const;

/** The seller's actions: the events a plugin sends, subject to the business rules. */
export const SELLER_ACTIONS = Object.keys(sellerActionSchemas) as SellerActionType[];

/** Who triggers each event type. */
export const EVENT_SOURCES = {
  ACCEPT: 'seller',
  REFUSE: 'seller',
  SHIP: 'seller',
  REFUSE_SHIPMENT: 'seller',
  MAKE_AVAILABLE_IN_STORE: 'seller',
  ACCEPT_CANCELLATION: 'seller',
  DECLINE_CANCELLATION: 'seller',
  REFUND: 'seller',
  ACCEPTANCE_DEADLINE_PASSED: 'deadline',
  SHIPPING_DEADLINE_PASSED: 'deadline',
  PICKUP_DEADLINE_PASSED: 'deadline',
  CUSTOMER_CANCELLED: 'customer',
  CANCELLATION_REQUESTED: 'customer',
  PICKED_UP: 'customer',
  PAYMENT_STARTED: 'payment',
  FRAUD_CHECK_PASSED: 'payment',
  PAYMENT_CONFIRMED: 'payment',
  PAYMENT_REFUSED: 'payment',
  SHIPMENT_CONFIRMED: 'marketplace',
  MARKETPLACE_STATUS_CHANGED: 'marketplace',
} as const satisfies Record<OrderEventType, EventSource>;

/**
 * Zod schema of every order event, discriminated by `type`. The output normalizes `at` to a UTC ISO string
 * and drops unknown keys.
 */
export const orderEventSchema = z.discriminatedUnion('type', [
  sellerActionSchemas.ACCEPT,
  sellerActionSchemas.REFUSE,
  sellerActionSchemas.SHIP,
  sellerActionSchemas.REFUSE_SHIPMENT,
  sellerActionSchemas.MAKE_AVAILABLE_IN_STORE,
  sellerActionSchemas.ACCEPT_CANCELLATION,
  sellerActionSchemas.DECLINE_CANCELLATION,
  sellerActionSchemas.REFUND,
  factSchemas.ACCEPTANCE_DEADLINE_PASSED,
  factSchemas.CUSTOMER_CANCELLED,
  factSchemas.PAYMENT_STARTED,
  factSchemas.FRAUD_CHECK_PASSED,
  factSchemas.PAYMENT_CONFIRMED,
  factSchemas.PAYMENT_REFUSED,
  factSchemas.SHIPMENT_CONFIRMED,
  factSchemas.SHIPPING_DEADLINE_PASSED,
  factSchemas.CANCELLATION_REQUESTED,
  factSchemas.PICKED_UP,
  factSchemas.PICKUP_DEADLINE_PASSED,
  factSchemas.MARKETPLACE_STATUS_CHANGED,
]);

/** Every event type the lifecycle knows. */
export const ORDER_EVENT_TYPES = /* @__PURE__ */ Object.keys(EVENT_SOURCES) as OrderEventType[];

/** An event as callers write it (`at` may be a `Date`). */
export type OrderEventInput = z.input<typeof orderEventSchema>;
/** An event after validation (`at` is a UTC ISO string). */
export type OrderEvent = z.output<typeof orderEventSchema>;
/** Every event type. */
export type OrderEventType = OrderEvent['type'];
/** The seller's action types. */
export type SellerActionType = keyof typeof sellerActionSchemas;
/** The event of one type, as callers write it. */
export type OrderEventInputOf<T extends OrderEventType> = Extract<OrderEventInput, { type: T }>;

/**
 * Tells whether an event type is a seller action (blocked during maintenance and for fulfilment orders).
 * @example isSellerAction('SHIP') // true
 */
export function isSellerAction(type: string): type is SellerActionType {
  return Object.hasOwn(sellerActionSchemas, type);
}

// Compiled once: most events are plainly valid, and zod is asked only about the others (and explains).
const fastParsers = new Map<string, FastParser<OrderEvent>>();
for (const schema of [...Object.values(sellerActionSchemas), ...Object.values(factSchemas)]) {
  const parser = compileParser(schema, { special: new Map([[instantSchema, readInstantFast]]) });
  if (parser) fastParsers.set(schema.shape.type.value, parser as FastParser<OrderEvent>);
}

/**
 * Validates an event: the same verdict and output as `orderEventSchema.safeParse`, faster for the usual
 * valid event.
 */
export function parseOrderEvent(input: unknown): z.ZodSafeParseResult<OrderEvent> {
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
    const type = (input as { type?: unknown }).type;
    const fast = typeof type === 'string' ? fastParsers.get(type)?.(input) : undefined;
    if (fast !== undefined) return { success: true, data: fast };
  }
  return orderEventSchema.safeParse(input);
}

/** Validates an event; a malformed one becomes an `INVALID_EVENT` blocker naming the fields at fault. */
export function parseEvent(input: unknown): { event: OrderEvent } | { blocker: Blocker } {
  const parsed = parseOrderEvent(input);
  if (parsed.success) return { event: parsed.data };
  // One message per field: the first issue says what is wrong with it.
  const byField = new Map<string, string>();
  for (const issue of parsed.error.issues) {
    const field = issue.path.length ? formatPath(issue.path) : '(event)';
    if (!byField.has(field)) byField.set(field, issue.message);
  }
  const fields = [...byField.keys()];
  const detail = [...byField].map(([field, message]) => `${field === '(event)' ? 'event' : field} ${message}`).join('; ');
  return { blocker: blocker('INVALID_EVENT', `Malformed event: ${detail}.`, { fields }) };
}
