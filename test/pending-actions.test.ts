/*
 * Issue 12, item 1: seller actions are requests (DOMAIN.md section 10, "Actions are asynchronous"). Lengow
 * queues an action, sends it, and the marketplace takes it or turns it down later. An applied seller action
 * moves the order at once and stays pending until the marketplace settles it: a verdict (ACTION_CONFIRMED,
 * ACTION_REJECTED), a report of the status it leads to, the order moving on, or a report still giving the
 * status before it once the pending timeout (24 hours by default) has passed.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  defineLifecycle,
  availableActions,
  createOrder,
  createOrderActor,
  dispatch,
  explain,
  refundStateOf,
  restoreOrder,
  serializeOrder,
} from 'order-status-machine';
import { thrown } from './support/thrown.js';

const paid = () =>
  createOrder({
    orderId: 'P-1',
    marketplace: 'cdiscount',
    channel: 'lengow',
    deliveryMode: 'TRK',
    status: 'WaitingForShipmentAcceptation',
    createdAt: '2024-03-01T08:00:00Z',
    marketplaceUpdatedAt: '2024-03-01T09:00:00Z',
  });
const SHIP = { type: 'SHIP', at: '2024-03-01T10:00:00Z', id: 'ship-1', carrier: 'Colissimo', trackingNumber: '6A1' } as const;
const shipped = () => dispatch(paid(), SHIP).order;
const report = (status: 'WaitingForShipmentAcceptation' | 'ShippedBySeller' | 'Shipped', at: string) =>
  ({ type: 'MARKETPLACE_STATUS_CHANGED', status, at }) as const;

describe('a seller action stays pending until the marketplace settles it', () => {
  it('moves the order at once and records the action pending, with what it changed', () => {
    const order = shipped();
    expect(order.status).toBe('ShippedBySeller');
    expect(order.context.pendingAction).toEqual({
      type: 'SHIP',
      eventId: 'ship-1',
      at: '2024-03-01T10:00:00.000Z',
      from: 'WaitingForShipmentAcceptation',
      actionId: null,
      undo: { shipment: null },
      unset: [],
    });
  });

  it('says a second identical action is already pending', () => {
    const blockers = explain(shipped(), { ...SHIP, id: 'ship-2', at: '2024-03-01T10:05:00Z' });
    expect(blockers).toEqual([expect.objectContaining({ code: 'ACTION_PENDING' })]);
    expect(blockers[0]?.message).toContain('2024-03-01T10:00:00.000Z');
  });

  it('keeps the id Lengow gives the action, then is confirmed by the marketplace', () => {
    const sent = dispatch(shipped(), { type: 'ACTION_SENT', at: '2024-03-01T10:01:00Z', action: 'SHIP', eventId: 'ship-1', actionId: '4031' });
    expect(sent).toMatchObject({ ok: true, changed: true, status: 'ShippedBySeller' });
    expect(sent.order.context.pendingAction?.actionId).toBe('4031');
    const confirmed = dispatch(sent.order, { type: 'ACTION_CONFIRMED', at: '2024-03-01T11:00:00Z', action: 'SHIP' });
    expect(confirmed).toMatchObject({ ok: true, changed: true, status: 'ShippedBySeller' });
    expect(confirmed.order.context.pendingAction).toBeUndefined();
    // Settled already: the marketplace saying it again changes nothing.
    expect(dispatch(confirmed.order, { type: 'ACTION_CONFIRMED', at: '2024-03-01T11:05:00Z', action: 'SHIP' })).toMatchObject({
      ok: true,
      duplicate: true,
    });
  });

  it('is confirmed by a newer report of the status it leads to, or beyond, and by the order moving on', () => {
    expect(dispatch(shipped(), report('ShippedBySeller', '2024-03-01T10:30:00Z')).order.context.pendingAction).toBeUndefined();
    expect(dispatch(shipped(), report('Shipped', '2024-03-01T10:30:00Z')).order.context.pendingAction).toBeUndefined();
    const moved = dispatch(shipped(), { type: 'SHIPMENT_CONFIRMED', at: '2024-03-01T10:30:00Z' });
    expect(moved.order).toMatchObject({ status: 'Shipped' });
    expect(moved.order.context.pendingAction).toBeUndefined();
  });

  it('is not kept for an action into a final status, which an order never leaves', () => {
    const fresh = createOrder({ orderId: 'P-2', marketplace: 'cdiscount', createdAt: '2024-03-01T08:00:00Z' });
    expect(dispatch(fresh, { type: 'REFUSE', at: '2024-03-01T09:00:00Z', reason: 'out of stock' }).order.context.pendingAction).toBeUndefined();
  });
});

describe('a rejected action returns the order to where it was', () => {
  it('undoes the shipment, says why in the audit and the history, and lets the seller ship again', () => {
    const rejected = dispatch(shipped(), {
      type: 'ACTION_REJECTED',
      at: '2024-03-01T12:00:00Z',
      action: 'SHIP',
      eventId: 'ship-1',
      message: 'Tracking number unknown to the carrier',
    });
    expect(rejected).toMatchObject({ ok: true, changed: true, status: 'WaitingForShipmentAcceptation', anomaly: 'ACTION_REJECTED' });
    expect(rejected.order.context.shipment).toBeNull();
    expect(rejected.order.context.pendingAction).toBeUndefined();
    expect(rejected.audit).toMatchObject({
      anomaly: 'ACTION_REJECTED',
      detail: 'Tracking number unknown to the carrier',
      to: 'WaitingForShipmentAcceptation',
    });
    expect(rejected.order.history.at(-1)).toEqual(rejected.audit);
    // Recovered: the action is offered anew, and a corrected shipment goes through.
    expect(availableActions(rejected.order, { at: '2024-03-01T12:05:00Z' })).toContain('SHIP');
    const again = dispatch(rejected.order, { ...SHIP, id: 'ship-2', at: '2024-03-01T12:10:00Z', trackingNumber: '6A2' });
    expect(again).toMatchObject({ ok: true, status: 'ShippedBySeller' });
    expect(again.order.context.shipment?.trackingNumber).toBe('6A2');
  });

  it('is refused when no such action is pending, leaving the order as it was', () => {
    const order = shipped();
    for (const verdict of [
      { type: 'ACTION_REJECTED', at: '2024-03-01T12:00:00Z', action: 'ACCEPT' },
      { type: 'ACTION_REJECTED', at: '2024-03-01T12:00:00Z', action: 'SHIP', eventId: 'ship-9' },
    ] as const) {
      const result = dispatch(order, verdict);
      expect(result).toMatchObject({ ok: false, order, blockers: [{ code: 'NOT_ALLOWED_IN_STATUS' }] });
    }
  });

  it('refuses a malformed verdict, naming the field', () => {
    const order = shipped();
    const unknown = dispatch(order, { type: 'ACTION_CONFIRMED', at: '2024-03-01T12:00:00Z', action: 'FLY' as 'SHIP' });
    expect(unknown.blockers).toEqual([expect.objectContaining({ code: 'INVALID_EVENT', fields: ['action'] })]);
    const long = dispatch(order, { type: 'ACTION_REJECTED', at: '2024-03-01T12:00:00Z', action: 'SHIP', message: 'x'.repeat(1001) });
    expect(long.blockers).toEqual([expect.objectContaining({ code: 'INVALID_EVENT', fields: ['message'] })]);
    expect(long.order).toBe(order);
  });

  it('takes back a rejected refund: the order is no longer refunded', () => {
    const delivered = createOrder({ orderId: 'P-3', marketplace: 'cdiscount', status: 'Shipped', total: '40.30', createdAt: '2024-03-01T08:00:00Z' });
    const refunded = dispatch(delivered, { type: 'REFUND', at: '2024-03-02T10:00:00Z', id: 'r-1', reason: 'damaged' }).order;
    expect(refundStateOf(refunded)).toBe('full');
    // A report of the status it stayed in says nothing of a refund: it is still pending.
    expect(
      dispatch(refunded, { type: 'MARKETPLACE_STATUS_CHANGED', status: 'Shipped', at: '2024-03-02T11:00:00Z' }).order.context.pendingAction?.type,
    ).toBe('REFUND');
    const rejected = dispatch(refunded, { type: 'ACTION_REJECTED', at: '2024-03-02T12:00:00Z', action: 'REFUND', message: 'Refund refused' });
    expect(rejected).toMatchObject({ ok: true, status: 'Shipped', anomaly: 'ACTION_REJECTED' });
    expect(rejected.order.context.refunds).toEqual([]);
    expect(refundStateOf(rejected.order)).toBe('none');
  });

  it('takes back the deadline the action started counting', () => {
    const options = { deadlineDurations: { pickup: { days: 7 } } };
    const store = createOrder({
      ...paid(),
      orderId: 'P-4',
      deliveryMode: 'RIM',
      status: 'WaitingForShipmentAcceptation',
      createdAt: '2024-03-01T08:00:00Z',
    });
    const ready = dispatch(store, { type: 'MAKE_AVAILABLE_IN_STORE', at: '2024-03-01T10:00:00Z' }, options).order;
    expect(ready.context.pickupDeadline).toBe('2024-03-08T10:00:00.000Z');
    const rejected = dispatch(ready, { type: 'ACTION_REJECTED', at: '2024-03-01T11:00:00Z', action: 'MAKE_AVAILABLE_IN_STORE' }, options).order;
    expect(rejected.status).toBe('WaitingForShipmentAcceptation');
    expect('pickupDeadline' in rejected.context).toBe(false);
  });
});

describe('a report still giving the status before the action', () => {
  it('is the marketplace lagging within the pending timeout: nothing changes, flagged', () => {
    const lagging = dispatch(shipped(), report('WaitingForShipmentAcceptation', '2024-03-01T20:00:00Z'));
    expect(lagging).toMatchObject({ ok: true, duplicate: true, changed: false, status: 'ShippedBySeller', anomaly: 'EARLIER_STATUS_REPORTED' });
  });

  it('rejects the action once the timeout (24 hours by default) has passed', () => {
    const late = dispatch(shipped(), report('WaitingForShipmentAcceptation', '2024-03-02T10:00:00Z'));
    expect(late).toMatchObject({ ok: true, changed: true, status: 'WaitingForShipmentAcceptation', anomaly: 'ACTION_REJECTED' });
    expect(late.audit.detail).toContain('still reported WaitingForShipmentAcceptation');
    expect(late.order.context).toMatchObject({ shipment: null, marketplaceStatus: 'WaitingForShipmentAcceptation' });
  });

  it('takes the timeout given', () => {
    const options = { pendingTimeout: { hours: 2 } };
    expect(dispatch(shipped(), report('WaitingForShipmentAcceptation', '2024-03-01T11:59:59Z'), options).status).toBe('ShippedBySeller');
    expect(dispatch(shipped(), report('WaitingForShipmentAcceptation', '2024-03-01T12:00:00Z'), options).status).toBe(
      'WaitingForShipmentAcceptation',
    );
    expect(thrown(() => dispatch(shipped(), report('Shipped', '2024-03-01T12:00:00Z'), { pendingTimeout: -1 }))).toMatchObject({
      code: 'INVALID_INPUT',
      issues: [{ path: ['pendingTimeout'] }],
    });
  });
});

describe("a lifecycle's own actions", () => {
  // A definition's action may write any field: what a rejection undoes is found by comparing every field.
  const workshop = defineLifecycle({
    id: 'workshop-pending',
    description: 'A workshop order prepared at a station.',
    initial: 'Waiting',
    events: { START: { source: 'seller', payload: z.object({ station: z.string() }) } },
    actions: { recordStation: (context, event) => ({ ...context, station: (event as { station: string }).station }) },
    states: {
      Waiting: {
        description: 'Waits for a station.',
        on: { START: { target: 'Preparing', actions: 'recordStation', description: 'Seller: starts.' } },
      },
      Preparing: { description: 'Being prepared.' },
    },
  });

  it('undoes what they recorded when the marketplace rejects the action', () => {
    const order = workshop.createOrder({ orderId: 'W-9', marketplace: 'shop', createdAt: '2024-03-01T08:00:00Z' });
    const started = workshop.dispatch(order, { type: 'START', at: '2024-03-01T09:00:00Z', station: 'Lyon-2' }).order;
    expect(started.context).toMatchObject({ station: 'Lyon-2', pendingAction: { type: 'START', unset: ['station'] } });
    const rejected = workshop.dispatch(started, { type: 'ACTION_REJECTED', at: '2024-03-01T10:00:00Z', action: 'START' });
    expect(rejected).toMatchObject({ ok: true, status: 'Waiting', anomaly: 'ACTION_REJECTED' });
    expect('station' in rejected.order.context).toBe(false);
    expect(rejected.order.context).toEqual(order.context);
  });
});

describe('records and actors', () => {
  it('keeps the pending action through a store round trip, and refuses a malformed one', () => {
    const order = shipped();
    expect(restoreOrder(serializeOrder(order))).toEqual(order);
    const broken = { ...order, context: { ...order.context, pendingAction: { ...order.context.pendingAction, from: 'Nowhere' } } };
    expect(thrown(() => restoreOrder(JSON.stringify(broken)))).toMatchObject({
      code: 'INVALID_RECORD',
      issues: [expect.objectContaining({ path: ['context', 'pendingAction', 'from'] })],
    });
  });

  it('shows the pending action in the actor, which goes back on a rejection as dispatch does', () => {
    const actor = createOrderActor({ order: paid() }).start();
    actor.send(SHIP);
    expect(actor.getSnapshot().context.pendingAction?.type).toBe('SHIP');
    const rejection = { type: 'ACTION_REJECTED', at: '2024-03-01T12:00:00Z', action: 'SHIP' } as const;
    actor.send(rejection);
    expect(actor.getSnapshot().value).toBe('WaitingForShipmentAcceptation');
    expect(actor.getSnapshot().context.pendingAction).toBeUndefined();
    expect(actor.getSnapshot().context.shipment).toEqual(dispatch(shipped(), rejection).order.context.shipment);
    actor.stop();
  });
});
