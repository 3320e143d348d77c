import { z } from 'zod';
import type { StatusDefinition } from '../lifecycle/definition.js';
import { OrderMachineError, describeValue } from '../lifecycle/errors.js';
import { refundStateOf, type RefundFacts } from '../lifecycle/refunds.js';
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
// Final statuses show as their own Lengow status whatever was refunded: the order is over (cancelled, refused).
const FINAL = new Set<string>();
for (const definition of [cdiscountDefinition, octopiaDefinition]) {
  for (const [status, state] of Object.entries(definition.states) as [string, StatusDefinition][]) {
    if (state.type === 'final') FINAL.add(status);
    const lengow = state.meta?.lengowStatus as LengowStatus;
    // Checked when the module loads: a status without its Lengow status, or a name both vocabularies share
    // (`Shipped`) shown as two Lengow statuses, is a mistake in a definition.
    if (!LENGOW_STATUSES.includes(lengow)) throw new Error(`order-status-machine: ${status} has no meta.lengowStatus`);
    if ((TO_LENGOW.get(status) ?? lengow) !== lengow) throw new Error(`order-status-machine: ${status} shows as two Lengow statuses`);
    TO_LENGOW.set(status, lengow);
  }
}

/** What {@link toLengowStatus} reads of an order: its status and the facts of its refunds (a record has them). */
export interface LengowStatusSubject {
  readonly status: OrderStatus | OctopiaStatus;
  readonly context: RefundFacts;
}

/**
 * Maps an order status, of either vocabulary, to Lengow's normalized status. Given an order record instead,
 * it shows what was refunded too (DOMAIN.md section 10 "Refund statuses"): an order fully refunded (by the
 * seller's refunds, or reported `refunded` by the marketplace) is `refunded`, partly refunded
 * `partial_refunded`, reported `closed` is `closed`; a final status keeps its own (Octopia's `Cancelled` is
 * `refunded` already). A record that is not one is refused with `INVALID_RECORD`.
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
 * toLengowStatus(dispatch(shippedOrder, { type: 'REFUND', at: '2024-03-01T10:00:00Z' }).order) // 'refunded'
 */
export function toLengowStatus(status: OrderStatus | OctopiaStatus): LengowStatus;
export function toLengowStatus(order: LengowStatusSubject): LengowStatus;
export function toLengowStatus(subject: OrderStatus | OctopiaStatus | LengowStatusSubject): LengowStatus {
  if (typeof subject !== 'object' || subject === null) return TO_LENGOW.get(subject) as LengowStatus;
  const status = subject.status;
  const own = TO_LENGOW.get(status);
  if (own === undefined) {
    const message = `${describeValue(status)} is not an order status of either vocabulary`;
    throw new OrderMachineError('INVALID_RECORD', `Not an order record: status ${message}`, [{ path: ['status'], message }]);
  }
  if (FINAL.has(status)) return own;
  const refunded = refundStateOf(subject);
  if (refunded !== 'none') return refunded === 'full' ? 'refunded' : 'partial_refunded';
  return subject.context.settlement === 'closed' ? 'closed' : own;
}
