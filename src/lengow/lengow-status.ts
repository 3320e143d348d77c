import { z } from 'zod';
import type { StatusDefinition } from '../lifecycle/definition.js';
import { cdiscountDefinition } from '../lifecycles/cdiscount.js';
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
 * Lengow groups Cdiscount statuses coarsely (new / waiting shipment / shipped / canceled). The lifecycle
 * definition refines the groups where the meaning is unambiguous, in each status's `meta.lengowStatus`:
 * - the "new" group splits into waiting_acceptance (seller must answer) and accepted (payment under way);
 * - seller refusals become `refused`, every other cancellation `canceled`;
 * - CancellationRequestPending stays waiting_shipment: the seller may still decline the request, and a
 *   connector must not cancel the shop order before the seller answers;
 * - AvailableOnStore is `shipped`: the goods have left the warehouse for the store.
 */
const TO_LENGOW = new Map<string, LengowStatus>();
for (const [status, state] of Object.entries(cdiscountDefinition.states) as [OrderStatus, StatusDefinition][]) {
  const lengow = state.meta?.lengowStatus;
  // Checked when the module loads: a status added to the definition without its Lengow status is a mistake.
  if (!LENGOW_STATUSES.includes(lengow as LengowStatus)) throw new Error(`order-status-machine: ${status} has no meta.lengowStatus`);
  TO_LENGOW.set(status, lengow as LengowStatus);
}

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
  return TO_LENGOW.get(status) as LengowStatus;
}
