import { z } from 'zod';
import type { StatusDefinition } from '../lifecycle/definition.js';
import { cdiscountDefinition } from '../lifecycles/cdiscount.js';
import type { OrderStatus } from '../lifecycles/default.js';
import { octopiaDefinition, type OctopiaStatus } from '../lifecycles/octopia.js';

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
for (const definition of [cdiscountDefinition, octopiaDefinition]) {
  for (const [status, state] of Object.entries(definition.states) as [string, StatusDefinition][]) {
    const lengow = state.meta?.lengowStatus as LengowStatus;
    // Checked when the module loads: a status without its Lengow status, or a name both vocabularies share
    // (`Shipped`) shown as two Lengow statuses, is a mistake in a definition.
    if (!LENGOW_STATUSES.includes(lengow)) throw new Error(`order-status-machine: ${status} has no meta.lengowStatus`);
    if ((TO_LENGOW.get(status) ?? lengow) !== lengow) throw new Error(`order-status-machine: ${status} shows as two Lengow statuses`);
    TO_LENGOW.set(status, lengow);
  }
}

/**
 * Maps an order status, of either vocabulary, to Lengow's normalized status.
 *
 * | legacy status | Octopia status | Lengow |
 * |---|---|---|
 * | | Processing | new |
 * | WaitingForSellerAcceptation | WaitingAcceptance | waiting_acceptance |
 * | AcceptedBySeller, PaymentInProgress, ValidatedFianet | Accepted | accepted |
 * | WaitingForShipmentAcceptation, CancellationRequestPending | InPreparation | waiting_shipment |
 * | ShippedBySeller, Shipped, AvailableOnStore, PickedUp | Shipped, Delivered | shipped |
 * | RefusedBySeller, ShipmentRefusedBySeller, RefusedNoShipment | | refused |
 * | every other cancellation | Refused, Rejected | canceled |
 * | | Cancelled | refunded |
 *
 * @example
 * toLengowStatus('ValidatedFianet') // 'accepted'
 * toLengowStatus('Cancelled') // 'refunded' (Octopia)
 */
export function toLengowStatus(status: OrderStatus | OctopiaStatus): LengowStatus {
  return TO_LENGOW.get(status) as LengowStatus;
}
