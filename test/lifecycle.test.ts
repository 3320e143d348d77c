import { describe, expect, it } from 'vitest';
import {
  ACTION_VERDICTS,
  FINAL_STATUSES,
  ORDER_EVENT_TYPES,
  ORDER_STATUSES,
  SELLER_ACTIONS,
  createOrder,
  dispatch,
  type OrderEventInput,
  type OrderEventType,
  type OrderStatus,
  toSnapshot,
} from 'order-status-machine';

// DOMAIN.md section 2, transcribed by hand: the machine must match it both ways.
const GRAPH: ReadonlyArray<readonly [from: OrderStatus, event: OrderEventType, to: OrderStatus]> = [
  ['WaitingForSellerAcceptation', 'ACCEPT', 'AcceptedBySeller'],
  ['WaitingForSellerAcceptation', 'REFUSE', 'RefusedBySeller'],
  ['WaitingForSellerAcceptation', 'ACCEPTANCE_DEADLINE_PASSED', 'AutomaticCancellation'],
  ['WaitingForSellerAcceptation', 'CUSTOMER_CANCELLED', 'CancelledBeforeNotificationByCustomer'],
  ['AcceptedBySeller', 'PAYMENT_STARTED', 'PaymentInProgress'],
  ['AcceptedBySeller', 'FRAUD_CHECK_PASSED', 'ValidatedFianet'],
  ['PaymentInProgress', 'FRAUD_CHECK_PASSED', 'ValidatedFianet'],
  ['AcceptedBySeller', 'PAYMENT_CONFIRMED', 'WaitingForShipmentAcceptation'],
  ['PaymentInProgress', 'PAYMENT_CONFIRMED', 'WaitingForShipmentAcceptation'],
  ['ValidatedFianet', 'PAYMENT_CONFIRMED', 'WaitingForShipmentAcceptation'],
  ['AcceptedBySeller', 'PAYMENT_REFUSED', 'PaymentRefused'],
  ['PaymentInProgress', 'PAYMENT_REFUSED', 'PaymentRefused'],
  ['ValidatedFianet', 'PAYMENT_REFUSED', 'PaymentRefused'],
  ['AcceptedBySeller', 'CUSTOMER_CANCELLED', 'CancelledBeforePaymentByCustomer'],
  ['PaymentInProgress', 'CUSTOMER_CANCELLED', 'CancelledBeforePaymentByCustomer'],
  ['ValidatedFianet', 'CUSTOMER_CANCELLED', 'CancelledBeforePaymentByCustomer'],
  ['WaitingForShipmentAcceptation', 'SHIP', 'ShippedBySeller'],
  ['ShippedBySeller', 'SHIPMENT_CONFIRMED', 'Shipped'],
  ['WaitingForShipmentAcceptation', 'REFUSE_SHIPMENT', 'ShipmentRefusedBySeller'],
  ['WaitingForShipmentAcceptation', 'SHIPPING_DEADLINE_PASSED', 'RefusedNoShipment'],
  ['WaitingForShipmentAcceptation', 'MAKE_AVAILABLE_IN_STORE', 'AvailableOnStore'],
  ['WaitingForShipmentAcceptation', 'CANCELLATION_REQUESTED', 'CancellationRequestPending'],
  ['CancellationRequestPending', 'ACCEPT_CANCELLATION', 'CancelledByCustomer'],
  ['CancellationRequestPending', 'DECLINE_CANCELLATION', 'WaitingForShipmentAcceptation'],
  ['AvailableOnStore', 'CONFIRM_PICKUP', 'PickedUp'],
  ['AvailableOnStore', 'PICKED_UP', 'PickedUp'],
  ['AvailableOnStore', 'PICKUP_DEADLINE_PASSED', 'NonPickedUpByCustomer'],
  ['Shipped', 'REFUND', 'Shipped'],
  ['PickedUp', 'REFUND', 'PickedUp'],
];

const AT = '2024-03-01T10:00:00Z';
const isVerdict = (type: string) => (ACTION_VERDICTS as readonly string[]).includes(type);

/** An event with the payload its rules need (tracking, store delivery) so only the status decides. */
function eventOf(type: OrderEventType): OrderEventInput {
  if (type === 'SHIP') return { type, at: AT, carrier: 'Colissimo', trackingNumber: '6A0001' };
  if (type === 'REFUND') return { type, at: AT, amount: 10 };
  if (type === 'MARKETPLACE_STATUS_CHANGED') return { type, at: AT, status: 'Shipped' };
  return { type, at: AT } as OrderEventInput;
}

function orderIn(status: OrderStatus) {
  // Store delivery so MAKE_AVAILABLE_IN_STORE applies; it does not affect any other transition.
  return createOrder({ orderId: 'T-1', marketplace: 'cdiscount', deliveryMode: 'MAG', status, createdAt: '2024-03-01T09:00:00Z' });
}

describe('the order lifecycle', () => {
  it.each(GRAPH)('moves from %s on %s to %s', (from, type, to) => {
    const result = dispatch(orderIn(from), eventOf(type));
    expect(result.ok).toBe(true);
    expect(result.changed).toBe(true);
    expect(result.status).toBe(to);
    expect(toSnapshot(result.order).value).toBe(to);
  });

  const allowed = new Set(GRAPH.map(([from, type]) => `${from} ${type}`));
  const refusedPairs = ORDER_STATUSES.flatMap((status) =>
    // The events the library adds to every lifecycle (reports, verdicts on seller actions) have tests of their own.
    ORDER_EVENT_TYPES.filter((type) => type !== 'MARKETPLACE_STATUS_CHANGED' && !isVerdict(type) && !allowed.has(`${status} ${type}`)).map(
      (type) => [status, type] as const,
    ),
  );

  it.each(refusedPairs)('refuses in %s the event %s with NOT_ALLOWED_IN_STATUS', (status, type) => {
    const order = orderIn(status);
    const result = dispatch(order, eventOf(type));
    expect(result.ok).toBe(false);
    expect(result.blockers.map((b) => b.code)).toEqual(['NOT_ALLOWED_IN_STATUS']);
    expect(result.blockers[0]?.message).toContain(status);
    expect(result.blockers[0]?.message).toContain(type);
    expect(result.order).toBe(order);
  });

  it.each(FINAL_STATUSES.flatMap((status) => SELLER_ACTIONS.map((type) => [status, type] as const)))(
    'keeps the final status %s closed to the seller action %s',
    (status, type) => {
      const result = dispatch(orderIn(status), eventOf(type));
      expect(result.ok).toBe(false);
      expect(result.blockers[0]?.code).toBe('NOT_ALLOWED_IN_STATUS');
      expect(toSnapshot(result.order).status).toBe('done');
    },
  );

  it('records a refund on a shipped order without leaving Shipped', () => {
    const result = dispatch(orderIn('Shipped'), { type: 'REFUND', at: AT, amount: 12.5, reason: 'damaged' });
    expect(result.status).toBe('Shipped');
    expect(result.order.context.refunds).toEqual([{ amount: 12.5, reason: 'damaged', at: '2024-03-01T10:00:00.000Z' }]);
    const full = dispatch(result.order, { type: 'REFUND', at: AT });
    expect(full.order.context.refunds[1]).toMatchObject({ amount: null });
  });

  it('walks an order from acceptance to delivery and marks the shipment', () => {
    let order = createOrder({ orderId: 'W-1', marketplace: 'cdiscount', deliveryMode: 'TRK', createdAt: '2024-03-01T08:00:00Z' });
    const steps: OrderEventInput[] = [
      { type: 'ACCEPT', at: '2024-03-01T09:00:00Z' },
      { type: 'PAYMENT_STARTED', at: '2024-03-01T09:01:00Z' },
      { type: 'FRAUD_CHECK_PASSED', at: '2024-03-01T09:02:00Z' },
      { type: 'PAYMENT_CONFIRMED', at: '2024-03-01T09:03:00Z' },
      { type: 'SHIP', at: '2024-03-02T09:00:00Z', carrier: 'Chronopost', trackingNumber: 'XY123', trackingUrl: 'https://t.example/XY123' },
      { type: 'SHIPMENT_CONFIRMED', at: '2024-03-02T12:00:00Z' },
    ];
    const statuses = steps.map((event) => {
      const result = dispatch(order, event);
      order = result.order;
      return result.status;
    });
    expect(statuses).toEqual([
      'AcceptedBySeller',
      'PaymentInProgress',
      'ValidatedFianet',
      'WaitingForShipmentAcceptation',
      'ShippedBySeller',
      'Shipped',
    ]);
    expect(order.context.shipment).toEqual({
      carrier: 'Chronopost',
      trackingNumber: 'XY123',
      trackingUrl: 'https://t.example/XY123',
      at: '2024-03-02T09:00:00.000Z',
    });
    expect(order.revision).toBe(6);
    expect(order.updatedAt).toBe('2024-03-02T12:00:00.000Z');
    expect(order.history.map((h) => h.to)).toEqual(statuses);
  });
});
