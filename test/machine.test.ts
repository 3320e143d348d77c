import { describe, expect, it } from 'vitest';
import { createActor, initialTransition, transition } from 'xstate';
import {
  FINAL_STATUSES,
  ORDER_STATUSES,
  createMaintenanceCalendar,
  createOrder,
  createOrderActor,
  dispatch,
  orderMachine,
  toSnapshot,
  type OrderRejected,
} from 'order-status-machine';

const input = { orderId: 'A-1', marketplace: 'cdiscount', deliveryMode: 'TRK' };

describe('orderMachine', () => {
  it('has one state per status, final exactly for cancellations and refusals', () => {
    expect(Object.keys(orderMachine.root.states).sort()).toEqual([...ORDER_STATUSES].sort());
    const finals = ORDER_STATUSES.filter((s) => orderMachine.root.states[s]?.type === 'final');
    expect(finals.every((s) => orderMachine.root.states[s]?.tags.includes('final'))).toBe(true);
    expect(finals).toEqual([...FINAL_STATUSES].sort((a, b) => ORDER_STATUSES.indexOf(a) - ORDER_STATUSES.indexOf(b)));
  });

  it('resumes an order record in an actor from its snapshot', () => {
    const order = createOrder({ ...input, status: 'WaitingForShipmentAcceptation', createdAt: '2024-03-01T08:00:00Z' });
    const actor = createActor(orderMachine, { snapshot: toSnapshot(order), input: toSnapshot(order).context }).start();
    actor.send({ type: 'SHIP', at: '2024-03-01T10:00:00Z', carrier: 'UPS', trackingNumber: '1Z' });
    expect(actor.getSnapshot().value).toBe('ShippedBySeller');
    expect(actor.getSnapshot().context.shipment?.trackingNumber).toBe('1Z');
    actor.stop();
  });

  it('reports order.rejected with the blockers instead of dropping a refused event (createOrderActor)', () => {
    const calendar = createMaintenanceCalendar([{ start: '2024-03-01T09:00:00Z', end: '2024-03-01T11:00:00Z', label: 'upgrade' }]);
    const actor = createOrderActor({ input, options: { calendar } }).start();
    const rejected: OrderRejected[] = [];
    actor.on('order.rejected', (event) => rejected.push(event));
    actor.send({ type: 'ACCEPT', at: '2024-03-01T10:00:00Z' });
    actor.send({ type: 'SHIP', at: '2024-03-01T12:00:00Z' });
    actor.send({ type: 'TELEPORT', at: '2024-03-01T12:00:00Z' } as never);
    expect(rejected.map((r) => [r.status, r.blockers.map((b) => b.code)])).toEqual([
      ['WaitingForSellerAcceptation', ['MAINTENANCE_WINDOW']],
      ['WaitingForSellerAcceptation', ['NOT_ALLOWED_IN_STATUS']],
      ['WaitingForSellerAcceptation', ['INVALID_EVENT']],
    ]);
    expect(rejected[0]?.blockers[0]?.retryAt).toBe('2024-03-01T11:00:00.000Z');
    actor.send({ type: 'ACCEPT', at: '2024-03-01T11:00:00Z' });
    expect(actor.getSnapshot().value).toBe('AcceptedBySeller');
    expect(rejected).toHaveLength(3);
    actor.stop();
  });

  it('reports nothing for an event that is no refusal: a report of the status the order is in', () => {
    const order = createOrder({ ...input, status: 'Shipped', createdAt: '2024-03-01T08:00:00Z' });
    const actor = createOrderActor({ order }).start();
    const rejected: unknown[] = [];
    actor.on('order.rejected', (event) => rejected.push(event));
    actor.send({ type: 'MARKETPLACE_STATUS_CHANGED', status: 'Shipped', at: '2024-03-02T10:00:00Z' });
    actor.send({ type: 'MARKETPLACE_STATUS_CHANGED', status: 'WaitingForSellerAcceptation', at: '2024-03-02T10:00:00Z' });
    expect(rejected).toEqual([]);
    expect(actor.getSnapshot().value).toBe('Shipped');
    actor.stop();
  });

  it('reaches the snapshot dispatch builds, through XState’s own pure transition()', () => {
    const order = createOrder({ ...input, createdAt: '2024-03-01T08:00:00Z' });
    const events = [
      { type: 'ACCEPT', at: '2024-03-01T09:00:00Z' },
      { type: 'PAYMENT_CONFIRMED', at: '2024-03-01T09:10:00Z' },
      { type: 'SHIP', at: '2024-03-01T10:00:00Z' }, // refused: no tracking
      { type: 'SHIP', at: '2024-03-01T10:05:00Z', carrier: 'UPS', trackingNumber: '1Z' },
      { type: 'MARKETPLACE_STATUS_CHANGED', status: 'Shipped', at: '2024-03-02T10:00:00.000Z' },
    ] as const;
    let [snapshot] = initialTransition(orderMachine, input);
    let record = order;
    for (const event of events) {
      [snapshot] = transition(orderMachine, snapshot, event);
      record = dispatch(record, event).order;
      expect(JSON.parse(JSON.stringify(orderMachine.getPersistedSnapshot(snapshot)))).toEqual(toSnapshot(record));
    }
    expect(record.status).toBe('Shipped');
  });
});

describe('orderMachine with malformed events (actors are sent events without dispatch)', () => {
  const start = () => {
    const order = createOrder({ ...input, status: 'WaitingForShipmentAcceptation', createdAt: '2024-03-01T08:00:00Z' });
    const actor = createOrderActor({ order }).start();
    const rejected: OrderRejected[] = [];
    actor.on('order.rejected', (event) => rejected.push(event));
    return { actor, rejected };
  };

  it('refuses a seller action or a fact whose instant is not one, with INVALID_EVENT naming the field', () => {
    const { actor, rejected } = start();
    actor.send({ type: 'SHIP', at: 'garbage', carrier: 'UPS', trackingNumber: '1Z' } as never);
    actor.send({ type: 'SHIPPING_DEADLINE_PASSED' } as never);
    expect(actor.getSnapshot()).toMatchObject({ status: 'active', value: 'WaitingForShipmentAcceptation' });
    expect(rejected.map((r) => r.blockers.map((b) => [b.code, b.fields]))).toEqual([[['INVALID_EVENT', ['at']]], [['INVALID_EVENT', ['at']]]]);
    actor.stop();
  });

  it('refuses a marketplace report with a carrier that is not text, without crashing', () => {
    const { actor, rejected } = start();
    actor.send({ type: 'MARKETPLACE_STATUS_CHANGED', status: 'WaitingForShipmentAcceptation', at: '2024-03-02T10:00:00Z', carrier: 42 } as never);
    expect(actor.getSnapshot().status).toBe('active');
    expect(rejected[0]?.blockers.map((b) => b.code)).toEqual(['INVALID_EVENT']);
    actor.stop();
  });
});
