import { describe, expect, it } from 'vitest';
import {
  createMaintenanceCalendar,
  createOrder,
  createOutbox,
  deferAction,
  dispatch,
  releaseDue,
  type OrderEventInput,
  type OrderRecord,
  type OutboxState,
} from 'order-status-machine';

const calendar = createMaintenanceCalendar([
  { start: '2024-02-21T20:00', end: '2024-02-21T23:00', timeZone: 'Europe/Paris', label: 'Lengow maintenance' },
]);
const inWindow = '2024-02-21T19:30:00Z';
const afterWindow = '2024-02-21T22:00:00Z';

const awaitingShipment = (orderId = 'O-1') =>
  createOrder({ orderId, marketplace: 'cdiscount', status: 'WaitingForShipmentAcceptation', deliveryMode: 'TRK', createdAt: '2024-02-21T10:00:00Z' });

const ship: OrderEventInput = { type: 'SHIP', at: inWindow, id: 'ship-1', carrier: 'Colissimo', trackingNumber: '6A1' };

describe('the deferral outbox', () => {
  it('replays a shipment refused during the window once after it, and not again', () => {
    let order: OrderRecord = awaitingShipment();
    let outbox: OutboxState = createOutbox();
    const refused = dispatch(order, ship, { calendar });
    const deferred = deferAction(outbox, ship, refused);
    expect(deferred.deferred).toBe(true);
    outbox = deferred.outbox;

    const early = releaseDue(outbox, { now: '2024-02-21T21:59:59Z' });
    expect(early.released).toEqual([]);

    const drained = releaseDue(outbox, { now: afterWindow });
    expect(drained.released).toHaveLength(1);
    const replay = drained.released[0]!.replay;
    expect(replay).toMatchObject({ type: 'SHIP', id: 'ship-1', at: '2024-02-21T22:00:00.000Z', trackingNumber: '6A1' });
    const applied = dispatch(order, replay, { calendar });
    expect(applied.status).toBe('ShippedBySeller');
    order = applied.order;

    // A second drain (say, a worker restarted) releases nothing; a replay would be a duplicate anyway.
    expect(releaseDue(drained.outbox, { now: '2024-02-22T00:00:00Z' }).released).toEqual([]);
    expect(dispatch(order, replay, { calendar }).duplicate).toBe(true);
  });

  it('keeps an action deferred twice only once', () => {
    const refused = dispatch(awaitingShipment(), ship, { calendar });
    const once = deferAction(createOutbox(), ship, refused).outbox;
    const twice = deferAction(once, { ...ship, at: '2024-02-21T19:45:00Z' }, refused);
    expect(twice).toMatchObject({ deferred: false, reason: 'ALREADY_DEFERRED' });
    expect(twice.outbox.pending).toHaveLength(1);
  });

  it('dedupes id-less actions on their payload, ignoring the instant', () => {
    const noId = { type: 'REFUSE_SHIPMENT', at: inWindow } as const;
    const refused = dispatch(awaitingShipment(), noId, { calendar });
    const once = deferAction(createOutbox(), noId, refused).outbox;
    expect(deferAction(once, { ...noId, at: '2024-02-21T20:00:00Z' }, refused).deferred).toBe(false);
    const released = releaseDue(once, { now: afterWindow }).released[0]!;
    expect(released.replay.id).toBeTruthy();
  });

  it('refuses to defer what a later replay would not fix', () => {
    const noTracking = { type: 'SHIP', at: inWindow, id: 's' } as const;
    const refused = dispatch(awaitingShipment(), noTracking, { calendar }); // maintenance AND tracking
    expect(deferAction(createOutbox(), noTracking, refused)).toMatchObject({ deferred: false, reason: 'NOT_A_MAINTENANCE_REFUSAL' });
    const accepted = dispatch(awaitingShipment(), { ...ship, at: afterWindow }, { calendar });
    expect(deferAction(createOutbox(), ship, accepted).deferred).toBe(false);
  });

  it('releases in arrival order and survives a JSON round trip', () => {
    let outbox = createOutbox();
    for (const id of ['O-2', 'O-1', 'O-3']) {
      const event = { ...ship, id: `ship-${id}` };
      outbox = deferAction(outbox, event, dispatch(awaitingShipment(id), event, { calendar })).outbox;
    }
    const copy = JSON.parse(JSON.stringify(outbox)) as OutboxState;
    expect(releaseDue(copy, { now: afterWindow }).released.map((a) => a.orderId)).toEqual(['O-2', 'O-1', 'O-3']);
  });

  it("holds an order's later action behind its earlier one that is not due yet", () => {
    const early = createMaintenanceCalendar([{ start: '2024-02-21T19:00:00Z', end: '2024-02-21T23:00:00Z' }]);
    const short = createMaintenanceCalendar([{ start: '2024-02-21T19:00:00Z', end: '2024-02-21T20:00:00Z' }]);
    const order = awaitingShipment();
    const first = { type: 'REFUSE_SHIPMENT', at: inWindow, id: 'first' } as const;
    const second = { ...ship, id: 'second' };
    let outbox = deferAction(createOutbox(), first, dispatch(order, first, { calendar: early })).outbox;
    outbox = deferAction(outbox, second, dispatch(order, second, { calendar: short })).outbox;
    const at2100 = releaseDue(outbox, { now: '2024-02-21T21:00:00Z' });
    expect(at2100.released).toEqual([]);
    expect(releaseDue(at2100.outbox, { now: '2024-02-21T23:00:00Z' }).released.map((a) => a.event.id)).toEqual(['first', 'second']);
  });
});

describe('the deferral outbox and id-less actions', () => {
  it('applies a second identical id-less action deferred after the first was replayed (two partial refunds)', () => {
    const windows = createMaintenanceCalendar([
      { start: '2024-03-01T10:00:00Z', end: '2024-03-01T11:00:00Z' },
      { start: '2024-03-02T10:00:00Z', end: '2024-03-02T11:00:00Z' },
    ]);
    let order = createOrder({ orderId: 'O-9', marketplace: 'cdiscount', status: 'Shipped', createdAt: '2024-03-01T09:00:00Z' });
    let outbox = createOutbox();
    for (const day of ['2024-03-01', '2024-03-02']) {
      const refund = { type: 'REFUND', at: `${day}T10:30:00Z`, amount: 10 } as const;
      outbox = deferAction(outbox, refund, dispatch(order, refund, { calendar: windows })).outbox;
      const { released, outbox: drained } = releaseDue(outbox, { now: `${day}T11:00:00Z` });
      outbox = drained;
      const replayed = dispatch(order, released[0]!.replay, { calendar: windows });
      expect(replayed).toMatchObject({ ok: true, duplicate: false });
      order = replayed.order;
    }
    expect(order.context.refunds).toHaveLength(2);
  });
});
