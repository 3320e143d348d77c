import { z } from 'zod';
import type { OrderStatus } from '../lifecycles/default.js';

/** Lengow's normalized order statuses. */
export const LENGOW_STATUSES = [
  'new',
  'waiting_acceptance',
  'accepted',
  'waiting_shipment',
  'shipped',
  'closed',
  'refused',
  'canceled',
  'refunding',
  'refunded',
  'partial_refunded',
] as const;

/** One of {@link LENGOW_STATUSES}. */
export type LengowStatus = (typeof LENGOW_STATUSES)[number];

/** Zod schema accepting exactly the {@link LENGOW_STATUSES}. */
export const lengowStatusSchema = z.enum(LENGOW_STATUSES);

/*
 * Lengow groups Cdiscount statuses coarsely (new / waiting shipment / shipped / canceled). This mapping
 * refines the groups where the meaning is unambiguous and stays inside Lengow's group otherwise:
 * - the "new" group splits into waiting_acceptance (seller must answer) and accepted (payment under way);
 * - seller refusals become `refused`, every other cancellation `canceled`;
 * - CancellationRequestPending stays waiting_shipment: the seller may still decline the request, and a
 *   connector must not cancel the shop order before the seller answers;
 * - AvailableOnStore is `shipped`: the goods have left the warehouse for the store.
 */
const TO_LENGOW: Readonly<Record<OrderStatus, LengowStatus>> = {
  WaitingForSellerAcceptation: 'waiting_acceptance',
  AcceptedBySeller: 'accepted',
  PaymentInProgress: 'accepted',
  ValidatedFianet: 'accepted',
  WaitingForShipmentAcceptation: 'waiting_shipment',
  CancellationRequestPending: 'waiting_shipment',
  ShippedBySeller: 'shipped',
  Shipped: 'shipped',
  AvailableOnStore: 'shipped',
  PickedUp: 'shipped',
  RefusedBySeller: 'refused',
  ShipmentRefusedBySeller: 'refused',
  RefusedNoShipment: 'refused',
  PaymentRefused: 'canceled',
  AutomaticCancellation: 'canceled',
  NonPickedUpByCustomer: 'canceled',
  CancelledBeforeNotificationByCustomer: 'canceled',
  CancelledBeforePaymentByCustomer: 'canceled',
  CancelledByCustomer: 'canceled',
};

/**
 * Maps an order status to Lengow's normalized status.
 *
 * | order status | Lengow |
 * |---|---|
 * | WaitingForSellerAcceptation | waiting_acceptance |
 * | AcceptedBySeller, PaymentInProgress, ValidatedFianet | accepted |
 * | WaitingForShipmentAcceptation, CancellationRequestPending | waiting_shipment |
 * | ShippedBySeller, Shipped, AvailableOnStore, PickedUp | shipped |
 * | RefusedBySeller, ShipmentRefusedBySeller, RefusedNoShipment | refused |
 * | every other cancellation | canceled |
 *
 * @example toLengowStatus('ValidatedFianet') // 'accepted'
 */
export function toLengowStatus(status: OrderStatus): LengowStatus {
  return TO_LENGOW[status];
}
