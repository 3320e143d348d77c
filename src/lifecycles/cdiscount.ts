/*
 * The Cdiscount lifecycle as Lengow shows it (DOMAIN.md sections 1 and 2), as data: its chart (statuses and
 * transitions, in cdiscount-chart.ts) with its event catalogue and guards. Seller transitions are guarded
 * (fulfilment, maintenance, payload); facts from the marketplace, the customer, the payment provider and
 * deadlines are never blocked: they happened. Marketplace status reports are added by the library.
 */
import { z } from 'zod';
import type { LifecycleDefinition } from '../lifecycle/definition.js';
import { SELLER_SHIPMENT_PAYLOAD, linesField, reasonField } from '../lifecycle/events.js';
import { amountSchema } from '../lifecycle/money.js';
import { cdiscountChart } from './cdiscount-chart.js';

const none = z.object({});
// Events a line may take alone name it in `lines`; without, they act on every line they apply to.
const onLines = z.object({ lines: linesField() });
const withReason = z.object({ reason: reasonField(), lines: linesField() });

/** The events of the Cdiscount lifecycle: who causes each, and its payload. */
const events = {
  ACCEPT: { source: 'seller', lengowAction: 'accept', payload: onLines },
  REFUSE: { source: 'seller', lengowAction: 'refuse', payload: withReason },
  SHIP: {
    source: 'seller',
    lengowAction: 'ship',
    payload: SELLER_SHIPMENT_PAYLOAD.extend({ lines: linesField() }),
    example: { carrier: 'Colissimo', trackingNumber: '6A12345678901' },
  },
  REFUSE_SHIPMENT: { source: 'seller', lengowAction: 'cancel', payload: withReason },
  MAKE_AVAILABLE_IN_STORE: { source: 'seller', lengowAction: null, payload: none },
  CONFIRM_PICKUP: { source: 'seller', lengowAction: null, payload: none },
  ACCEPT_CANCELLATION: { source: 'seller', lengowAction: 'cancel', payload: onLines },
  DECLINE_CANCELLATION: {
    source: 'seller',
    lengowAction: null,
    payload: withReason,
  },
  REFUND: {
    source: 'seller',
    lengowAction: 'refund',
    payload: z.object({
      // Absent amount = full refund (of what earlier refunds left). Amounts are in the order's currency: a
      // number or a decimal string ('12.50'), read exactly, kept as the number it denotes.
      amount: amountSchema('positive').optional(),
      reason: reasonField(),
      // One line, whole or `{ lineId, quantity }`: without an amount, its share of the line's price.
      lines: linesField(),
    }),
  },
  ACCEPTANCE_DEADLINE_PASSED: { source: 'deadline', deadline: 'acceptance', payload: none },
  CUSTOMER_CANCELLED: { source: 'customer', payload: onLines },
  PAYMENT_STARTED: { source: 'payment', payload: none },
  FRAUD_CHECK_PASSED: { source: 'payment', payload: none },
  PAYMENT_CONFIRMED: { source: 'payment', payload: none },
  PAYMENT_REFUSED: { source: 'payment', payload: none },
  SHIPMENT_CONFIRMED: { source: 'marketplace', payload: none },
  SHIPPING_DEADLINE_PASSED: { source: 'deadline', deadline: 'shipping', payload: none },
  CANCELLATION_REQUESTED: { source: 'customer', payload: onLines },
  PICKED_UP: { source: 'customer', payload: none },
  PICKUP_DEADLINE_PASSED: { source: 'deadline', deadline: 'pickup', payload: none },
} as const;

type Status = keyof typeof cdiscountChart.states;

/**
 * The Cdiscount order lifecycle as Lengow shows it: 19 statuses spelled as the marketplace spells them
 * (`ValidatedFianet` included), every cancellation and refusal final. The default lifecycle of the
 * top-level API; pass it to `defineLifecycle` to build your own variant. Its statuses and transitions are
 * {@link cdiscountChart}'s.
 */
export const cdiscountDefinition = {
  id: cdiscountChart.id,
  description: cdiscountChart.description,
  initial: cdiscountChart.initial,
  fulfilledInitial: 'Shipped',
  events,
  guards: {
    canSellerAct: ['isSellerManaged', 'isOutsideMaintenance'],
    canShip: ['isSellerManaged', 'isOutsideMaintenance', 'hasCarrierAndTracking'],
    canServeInStore: ['isSellerManaged', 'isOutsideMaintenance', 'isStoreDelivery'],
    // Refunds add up: nothing once the order is fully refunded, never past its known total.
    canRefund: ['isSellerManaged', 'isOutsideMaintenance', 'isNotFullyRefunded', 'refundFits', 'refundFitsLine'],
  },
  states: cdiscountChart.states,
  // A line the seller must still answer holds the order: a cancellation asked on any line, an order not
  // accepted or refused line by line yet (Cdiscount keeps both per line).
  lines: { precedence: ['CancellationRequestPending', 'WaitingForSellerAcceptation'] },
} as const satisfies LifecycleDefinition<Status, typeof events>;
