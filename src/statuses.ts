import { z } from 'zod';

/**
 * Every order status of the Cdiscount vocabulary as Lengow shows it, spelled exactly as the marketplace
 * spells it (including `ValidatedFianet`). Each one is a state of {@link orderMachine}.
 */
export const ORDER_STATUSES = [
  'WaitingForSellerAcceptation',
  'AcceptedBySeller',
  'PaymentInProgress',
  'ValidatedFianet',
  'WaitingForShipmentAcceptation',
  'ShippedBySeller',
  'Shipped',
  'AvailableOnStore',
  'PickedUp',
  'NonPickedUpByCustomer',
  'PaymentRefused',
  'AutomaticCancellation',
  'RefusedBySeller',
  'ShipmentRefusedBySeller',
  'RefusedNoShipment',
  'CancelledBeforeNotificationByCustomer',
  'CancelledBeforePaymentByCustomer',
  'CancellationRequestPending',
  'CancelledByCustomer',
] as const;

/** One of {@link ORDER_STATUSES}. */
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Zod schema accepting exactly the {@link ORDER_STATUSES}. */
export const orderStatusSchema = z.enum(ORDER_STATUSES);

/**
 * Statuses an order never leaves through the lifecycle: every cancellation and refusal.
 * (`Shipped` and `PickedUp` are done but still accept refunds, so they are not final.)
 */
export const FINAL_STATUSES = [
  'NonPickedUpByCustomer',
  'PaymentRefused',
  'AutomaticCancellation',
  'RefusedBySeller',
  'ShipmentRefusedBySeller',
  'RefusedNoShipment',
  'CancelledBeforeNotificationByCustomer',
  'CancelledBeforePaymentByCustomer',
  'CancelledByCustomer',
] as const satisfies readonly OrderStatus[];

/** Statuses in which the order waits for a decision of the seller. */
export const SELLER_DECIDES_STATUSES = [
  'WaitingForSellerAcceptation',
  'WaitingForShipmentAcceptation',
  'CancellationRequestPending',
] as const satisfies readonly OrderStatus[];

/** Statuses in which the goods have left the seller (Lengow's `shipped` group, plus `AvailableOnStore`). */
export const SHIPPED_STATUSES = [
  'ShippedBySeller',
  'Shipped',
  'AvailableOnStore',
  'PickedUp',
] as const satisfies readonly OrderStatus[];

/** Statuses that end the order without a sale: every cancellation and refusal (all of them final). */
export const CANCELLED_STATUSES = FINAL_STATUSES;

const statusSet = /* @__PURE__ */ new Set<string>(ORDER_STATUSES);
const finalSet = /* @__PURE__ */ new Set<string>(FINAL_STATUSES);
const sellerDecidesSet = /* @__PURE__ */ new Set<string>(SELLER_DECIDES_STATUSES);
const shippedSet = /* @__PURE__ */ new Set<string>(SHIPPED_STATUSES);

/**
 * Tells whether a value is one of the {@link ORDER_STATUSES}.
 * @example isOrderStatus('Shipped') // true
 */
export function isOrderStatus(value: unknown): value is OrderStatus {
  return typeof value === 'string' && statusSet.has(value);
}

/**
 * Tells whether the lifecycle never leaves this status.
 * @example isFinalStatus('RefusedBySeller') // true
 */
export function isFinalStatus(status: OrderStatus): boolean {
  return finalSet.has(status);
}

/**
 * Tells whether the order waits for the seller's decision in this status.
 * @example isSellerDecidingStatus('WaitingForShipmentAcceptation') // true
 */
export function isSellerDecidingStatus(status: OrderStatus): boolean {
  return sellerDecidesSet.has(status);
}

/**
 * Tells whether the goods have left the seller in this status.
 * @example isShippedStatus('PickedUp') // true
 */
export function isShippedStatus(status: OrderStatus): boolean {
  return shippedSet.has(status);
}

/**
 * Tells whether this status ends the order without a sale (cancelled or refused).
 * @example isCancelledStatus('PaymentRefused') // true
 */
export function isCancelledStatus(status: OrderStatus): boolean {
  return finalSet.has(status);
}
