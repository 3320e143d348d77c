/*
 * The top-level pure API, bound to the Cdiscount lifecycle: what a plugin imports to decide on orders. It
 * imports no xstate, so a bundle of `createOrder`, `dispatch` and `explain` carries none.
 */
import { z } from 'zod';
import {
  availableActionsIn,
  dispatchIn,
  deadlineOfIn,
  explainIn,
  notARecord,
  type ExplainOptions,
  type Explanation,
  type AcceptedDispatch as AcceptedDispatchOf,
  type AvailableAction,
  type AvailableActionsOptions,
  type DispatchOptions,
  type DispatchResult as DispatchResultOf,
  type RefusedDispatch as RefusedDispatchOf,
} from '../engine/dispatch.js';
import type { ActionDeadline } from '../engine/deadlines.js';
import {
  createOrderFields,
  createOrderIn,
  type CreateOrderOptions,
  type CreateOrderInputOf,
  type OrderRecord as OrderRecordOf,
} from '../engine/record.js';
import type { Blocker } from '../lifecycle/blockers.js';
import { compiledLifecycleOf } from '../lifecycle/compile.js';
import type { OrderContext as OrderContextOf, OrderMachineInput as OrderMachineInputOf } from '../lifecycle/context.js';
import type { EventInputOf, EventOf, EventSource, SellerEventOf, StatusOf } from '../lifecycle/definition.js';
import type { LifecycleOptions } from '../lifecycle/options.js';
import { cdiscountDefinition } from './cdiscount.js';

export type { ActionDeadline, AvailableAction, AvailableActionsOptions, CreateOrderOptions, DispatchOptions, ExplainOptions, Explanation };

/** The Cdiscount lifecycle, compiled once; shared with `cdiscountLifecycle`. */
export const cdiscount = /* @__PURE__ */ compiledLifecycleOf(cdiscountDefinition);

type Catalogue = (typeof cdiscountDefinition)['events'];

/** One status of the Cdiscount lifecycle. */
export type OrderStatus = StatusOf<typeof cdiscountDefinition>;
/** An event as callers write it (`at` may be a `Date`). */
export type OrderEventInput = EventInputOf<Catalogue, OrderStatus>;
/** An event after validation (`at` is a UTC ISO string). */
export type OrderEvent = EventOf<Catalogue, OrderStatus>;
/** Every event type. */
export type OrderEventType = OrderEvent['type'];
/** The seller's action types. */
export type SellerActionType = SellerEventOf<Catalogue>;
/** The event of one type, as callers write it. */
export type OrderEventInputOf<T extends OrderEventType> = Extract<OrderEventInput, { type: T }>;
/** The machine's context: the order data the rules read and the lifecycle records (Cdiscount statuses by default). */
export type OrderContext<S extends string = OrderStatus> = OrderContextOf<S>;
/** The machine's input: the order's identity and the facts known at creation (Cdiscount statuses by default). */
export type OrderMachineInput<S extends string = OrderStatus> = OrderMachineInputOf<S>;
/**
 * One order as plain JSON: the record a caller holds is the record a store keeps (layout 2). Cdiscount
 * statuses by default; `OrderRecord<S>` for a lifecycle of your own.
 */
export type OrderRecord<S extends string = OrderStatus> = OrderRecordOf<S>;
/** What `createOrder` takes (Cdiscount statuses by default). */
export type CreateOrderInput<S extends string = OrderStatus> = CreateOrderInputOf<S>;
/** What `dispatch` returns: discriminated by `ok` (Cdiscount statuses by default). */
export type DispatchResult<S extends string = OrderStatus> = DispatchResultOf<S>;
/** The event was applied, or was a duplicate of one already applied. */
export type AcceptedDispatch<S extends string = OrderStatus> = AcceptedDispatchOf<S>;
/** The event was refused: the order is unchanged, and the blockers say why. */
export type RefusedDispatch<S extends string = OrderStatus> = RefusedDispatchOf<S>;

const tagsOf = (status: OrderStatus): readonly string[] => (cdiscountDefinition.states[status] as { tags?: readonly string[] }).tags ?? [];
const tagged = (tag: string) => cdiscount.statuses.filter((s) => tagsOf(s).includes(tag));

/**
 * Every order status of the Cdiscount vocabulary as Lengow shows it, spelled exactly as the marketplace
 * spells it (including `ValidatedFianet`), in definition order. Each one is a state of `orderMachine`.
 */
export const ORDER_STATUSES: readonly OrderStatus[] = cdiscount.statuses;
/** Statuses an order never leaves through the lifecycle: every cancellation and refusal (`type: 'final'`). */
export const FINAL_STATUSES: readonly OrderStatus[] = cdiscount.statuses.filter((s) => cdiscount.finals.has(s));
/** Statuses in which the order waits for a decision of the seller (tagged `sellerActionable`, done ones aside). */
export const SELLER_DECIDES_STATUSES: readonly OrderStatus[] = tagged('sellerActionable').filter((s) => !tagged('shipped').includes(s));
/** Statuses in which the goods have left the seller (tagged `shipped`). */
export const SHIPPED_STATUSES: readonly OrderStatus[] = tagged('shipped');
/** @deprecated The same list as {@link FINAL_STATUSES}: every final status is a cancellation or refusal. */
export const CANCELLED_STATUSES: readonly OrderStatus[] = FINAL_STATUSES;

/** Zod schema accepting exactly the {@link ORDER_STATUSES}. */
export const orderStatusSchema = cdiscount.statusSchema as unknown as z.ZodEnum<{ [S in OrderStatus]: S }>;

/**
 * Tells whether a value is one of the {@link ORDER_STATUSES}.
 * @example isOrderStatus('Shipped') // true
 */
export const isOrderStatus = (value: unknown): value is OrderStatus => cdiscount.isStatus(value);
/**
 * Tells whether the lifecycle never leaves this status.
 * @example isFinalStatus('RefusedBySeller') // true
 */
export const isFinalStatus = (status: OrderStatus): boolean => cdiscount.finals.has(status);
/**
 * Tells whether the order waits for the seller's decision in this status.
 * @example isSellerDecidingStatus('WaitingForShipmentAcceptation') // true
 */
export const isSellerDecidingStatus = (status: OrderStatus): boolean => SELLER_DECIDES_STATUSES.includes(status);
/**
 * Tells whether the goods have left the seller in this status.
 * @example isShippedStatus('PickedUp') // true
 */
export const isShippedStatus = (status: OrderStatus): boolean => SHIPPED_STATUSES.includes(status);
/** @deprecated Use {@link isFinalStatus}: the same answer. */
export const isCancelledStatus = isFinalStatus;

/** Every event type the lifecycle knows, the marketplace report last. */
export const ORDER_EVENT_TYPES = cdiscount.eventTypes as readonly OrderEventType[];
/** The seller's actions: the events a plugin sends, subject to the business rules. */
export const SELLER_ACTIONS = cdiscount.sellerActions as readonly SellerActionType[];
/** Who triggers each event type. */
export const EVENT_SOURCES = cdiscount.sources as Readonly<Record<OrderEventType, EventSource>>;

/**
 * Tells whether an event type is a seller action (blocked during maintenance and for fulfilment orders).
 * @example isSellerAction('SHIP') // true
 */
export const isSellerAction = (type: string): type is SellerActionType => cdiscount.sources[type] === 'seller';

type EventSchema<T extends OrderEventType> = z.ZodType<Extract<OrderEvent, { type: T }>, OrderEventInputOf<T>>;
// The compiled lifecycle's own schemas (the members of `orderEventSchema`): built once, not a second time here
// (building zod schemas is most of what importing the package costs).
const schemasFrom = (source: (s: EventSource) => boolean) =>
  Object.fromEntries(
    cdiscount.eventTypes.filter((type) => source(cdiscount.sources[type]!)).map((type) => [type, cdiscount.schemas.byType.get(type)]),
  );

/** Schemas of the seller's actions, by event type. */
export const sellerActionSchemas = schemasFrom((s) => s === 'seller') as unknown as { readonly [T in SellerActionType]: EventSchema<T> };
/**
 * Schemas of the facts reported by the marketplace, the customer, the payment provider or a deadline: the
 * catalogue's, then the marketplace report and the verdicts on seller actions.
 */
export const factSchemas = schemasFrom((s) => s !== 'seller') as unknown as {
  readonly [T in Exclude<OrderEventType, SellerActionType>]: EventSchema<T>;
};
/**
 * Zod schema of every order event, discriminated by `type`. The output normalizes `at` to a UTC ISO string
 * and drops unknown keys.
 */
export const orderEventSchema = cdiscount.schemas.union as z.ZodType<OrderEvent, OrderEventInput>;

/** Zod schema of {@link createOrder}'s input. */
export const createOrderInputSchema = z.object({ ...createOrderFields, status: orderStatusSchema.optional() });

/**
 * Creates an order record. The status defaults to `WaitingForSellerAcceptation`, or `Shipped` for an order
 * fulfilled by the marketplace. Deadlines (`acceptanceDeadline`, `shippingDeadline`, `pickupDeadline`) are kept
 * when given; `options.deadlineDurations` counts the one the order starts waiting for from `createdAt`.
 * Throws `OrderMachineError` `INVALID_INPUT` naming each bad field.
 *
 * @example
 * const order = createOrder({ orderId: 'CD-1001', marketplace: 'cdiscount', deliveryMode: 'TRK',
 *   createdAt: '2024-02-21T18:00:00Z' });
 * order.status; // 'WaitingForSellerAcceptation'
 */
export function createOrder(input: CreateOrderInput, options?: CreateOrderOptions): OrderRecord {
  return createOrderIn(cdiscount, input, options);
}

/**
 * Applies one event to an order: a pure function of `(order, event, options)`, walking the lifecycle
 * definition's transitions. Never throws for a refused or malformed event: it returns `ok: false`, the order
 * unchanged, and blockers saying why. An event whose `id` was already applied returns `duplicate: true` and
 * changes nothing. Throws `OrderMachineError` `INVALID_RECORD` only when `order` is not an order record (a
 * record written by 0.1.0, with its XState snapshot, is upgraded on the way in). The event is typed for the
 * compiler and validated again at run time: a malformed one is refused with `INVALID_EVENT`.
 *
 * @example
 * const result = dispatch(order, { type: 'SHIP', at: '2024-02-22T09:00:00Z', id: 'ship-1' }, { calendar });
 * if (!result.ok) console.log(result.blockers[0].code); // 'CARRIER_AND_TRACKING_REQUIRED'
 */
export function dispatch(order: OrderRecord, event: OrderEventInput, options: DispatchOptions = {}): DispatchResult {
  return dispatchIn(cdiscount, order, event, options);
}

/**
 * Why an event would be refused, without applying it: the same verdict as {@link dispatch} (empty when the
 * event would be accepted, or is a duplicate). With `details: true`, `{ blockers, warnings }`: the warnings
 * say what a seller should know before an action that would be accepted (`PAST_DEADLINE`: it lands after the
 * deadline it is expected by; `TENTATIVE_MAINTENANCE`: it falls in the possible span of a notice whose date is
 * not announced yet). Warnings never refuse.
 *
 * @example
 * explain(order, { type: 'ACCEPT', at: '2024-02-21T19:30:00Z' }, { calendar });
 * // [{ code: 'MAINTENANCE_WINDOW', retryAt: '2024-02-21T22:00:00.000Z', message: '...' }]
 * explain(order, { type: 'ACCEPT', at }, { calendar, details: true }).warnings;
 * // [{ code: 'PAST_DEADLINE', deadline: '2024-02-23T18:00:00.000Z', message: '...' }]
 */
export function explain(order: OrderRecord, event: OrderEventInput, options: ExplainOptions & { readonly details: true }): Explanation;
export function explain(order: OrderRecord, event: OrderEventInput, options?: LifecycleOptions): Blocker[];
export function explain(order: OrderRecord, event: OrderEventInput, options: ExplainOptions = {}): Blocker[] | Explanation {
  return explainIn(cdiscount, order, event, options);
}

/**
 * The deadline a seller action is expected by on this order, when the order knows it: the acceptance
 * deadline for `ACCEPT` and `REFUSE`, the shipping one for `SHIP`, `REFUSE_SHIPMENT` and
 * `MAKE_AVAILABLE_IN_STORE`, the pickup one for `CONFIRM_PICKUP`. `undefined` when the action answers none in
 * the order's status, or the order does not hold that deadline.
 *
 * @example
 * deadlineOf(order, 'SHIP') // { kind: 'shipping', at: '2024-02-23T23:59:00.000Z' }
 */
export function deadlineOf(order: OrderRecord, type: SellerActionType): ActionDeadline | undefined {
  return deadlineOfIn(cdiscount, order, type);
}

/**
 * The seller actions the order accepts at `at`, given a proper payload (e.g. `SHIP` is listed for a tracked
 * delivery even though the tracking number is still to be given). Empty during maintenance, for fulfilment
 * orders and in final statuses. With `details: true`, each action comes with its deadline (the one of the
 * status it answers: acceptance, shipping or pickup), whether it is late, and its warnings (a deadline passed,
 * a tentative maintenance notice).
 *
 * @example
 * availableActions(order, { at: '2024-02-21T19:30:00Z' }) // ['ACCEPT', 'REFUSE']
 * availableActions(paid, { at, details: true }) // [{ type: 'SHIP', deadline: '2024-02-23T23:59:00.000Z', late: false, warnings: [] }, ...]
 */
export function availableActions(
  order: OrderRecord,
  options: AvailableActionsOptions & { readonly details: true },
): AvailableAction<SellerActionType>[];
export function availableActions(order: OrderRecord, options: AvailableActionsOptions): SellerActionType[];
export function availableActions(order: OrderRecord, options: AvailableActionsOptions): SellerActionType[] | AvailableAction<SellerActionType>[] {
  return availableActionsIn(cdiscount, order, options) as SellerActionType[] | AvailableAction<SellerActionType>[];
}

/** The tags a status carries in the Cdiscount lifecycle, `final` for final statuses. */
export type OrderTag = 'sellerActionable' | 'shipped' | 'final' | 'fulfilledByMarketplace';

/**
 * The tags of an order in its current status, plus `fulfilledByMarketplace` for fulfilment orders (XState
 * tags belong to states; fulfilment is a property of the order, so it is added here).
 * @example orderTags(order).includes('sellerActionable')
 */
export function orderTags(order: OrderRecord): OrderTag[] {
  if (typeof order !== 'object' || order === null || !cdiscount.isStatus(order.status)) throw notARecord();
  const tags = [...tagsOf(order.status)] as OrderTag[];
  if (cdiscount.finals.has(order.status)) tags.push('final');
  if (order.fulfilledByMarketplace) tags.push('fulfilledByMarketplace');
  return tags;
}
