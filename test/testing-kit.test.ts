import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES, dispatch, explain, isSellerAction, type DispatchResult } from 'order-status-machine';
import { importLengowOrder, lengowOrderSchema } from 'order-status-machine/lengow';
// The kit and the matchers live on subpaths not aliased yet; the module paths are the same code.
import {
  TEST_MAINTENANCE,
  buildEvent,
  buildLengowOrder,
  buildLengowPage,
  buildOrder,
  driveOrder,
  orderAt,
  shortestPathsToEveryStatus,
  testCalendar,
} from '../src/testing/index.js';
import { orderMatchers } from '../src/vitest/index.js';

expect.extend(orderMatchers);

describe('shortestPathsToEveryStatus', () => {
  const paths = shortestPathsToEveryStatus();

  it('gives one path per status, in ORDER_STATUSES order', () => {
    expect(paths.map((p) => p.status)).toEqual([...ORDER_STATUSES]);
  });

  it('gives paths that dispatch replays to their status, every event accepted', () => {
    for (const path of paths) {
      const { order, results } = driveOrder(buildOrder({ deliveryMode: path.deliveryMode }), path.events);
      expect(
        results.every((r) => r.ok && r.changed),
        path.status,
      ).toBe(true);
      expect(order.status).toBe(path.status);
    }
  });

  it('gives paths no shorter journey beats (breadth-first search over dispatch)', () => {
    // Independent of xstate/graph: explore statuses by dispatching every sample event from each reached order.
    const samples = paths.flatMap((p) => p.events).filter((e, i, all) => all.findIndex((x) => x.type === e.type) === i);
    for (const deliveryMode of ['TRK', 'MAG']) {
      const depth = new Map<string, number>([['WaitingForSellerAcceptation', 0]]);
      let frontier = [buildOrder({ deliveryMode })];
      for (let d = 1; frontier.length > 0; d++) {
        const next = [];
        for (const order of frontier) {
          for (const event of samples) {
            const result = dispatch(order, event);
            if (result.ok && result.changed && !depth.has(result.status)) {
              depth.set(result.status, d);
              next.push(result.order);
            }
          }
        }
        frontier = next;
      }
      for (const path of paths.filter((p) => p.deliveryMode === deliveryMode)) {
        expect(path.events.length, path.status).toBe(depth.get(path.status));
      }
    }
  });

  it('times events after the test maintenance window, in increasing order', () => {
    for (const { events } of paths) {
      const instants = events.map((e) => Date.parse(String(e.at)));
      expect(instants).toEqual([...instants].sort((a, b) => a - b));
      expect(instants.every((ms) => ms > Date.parse(TEST_MAINTENANCE.reopensAt))).toBe(true);
    }
  });

  it('hands out copies a caller may change without harm', () => {
    (shortestPathsToEveryStatus()[1]!.events as unknown[]).length = 0;
    expect(shortestPathsToEveryStatus()[1]!.events.length).toBeGreaterThan(0);
  });
});

describe('orderAt', () => {
  it('carries what the journey records', () => {
    expect(orderAt('Shipped').context.shipment?.trackingNumber).toBe('6A12345678901');
    expect(orderAt('PickedUp').context.deliveryMode).toBe('MAG');
  });

  it('throws, naming the blocker, when the options refuse the journey', () => {
    const calendar = { ...testCalendar(), activeAt: () => ({ window: testCalendar().windows[0]!, reopensAt: TEST_MAINTENANCE.reopensAt }) };
    expect(() => orderAt('AcceptedBySeller', {}, { calendar })).toThrow(/refused at ACCEPT: MAINTENANCE_WINDOW/);
  });
});

describe('buildEvent', () => {
  it('builds every seller action so that the lifecycle accepts it where it applies', () => {
    for (const path of shortestPathsToEveryStatus()) {
      const order = orderAt(path.status);
      for (const type of ['ACCEPT', 'REFUSE', 'SHIP', 'REFUSE_SHIPMENT', 'ACCEPT_CANCELLATION', 'DECLINE_CANCELLATION', 'REFUND'] as const) {
        const blockers = explain(order, buildEvent(type)).map((b) => b.code);
        // Only the status may stand in the way (or the same action, still pending on the order the walk built).
        expect(
          blockers.every((code) => code === 'NOT_ALLOWED_IN_STATUS' || code === 'ACTION_PENDING'),
          `${type} in ${path.status}`,
        ).toBe(true);
      }
    }
  });

  it('lets overrides win, down to removing the tracking number', () => {
    expect(buildEvent('SHIP', { trackingNumber: null }).trackingNumber).toBeNull();
    expect(dispatch(orderAt('WaitingForShipmentAcceptation'), buildEvent('SHIP', { trackingNumber: null }))).toBeRefusedWith(
      'CARRIER_AND_TRACKING_REQUIRED',
    );
    expect(isSellerAction(buildEvent('REFUND').type)).toBe(true);
  });
});

describe('the test maintenance calendar', () => {
  it('refuses a seller action inside the window until it reopens', () => {
    const result = dispatch(buildOrder(), buildEvent('ACCEPT', { at: TEST_MAINTENANCE.inside }), { calendar: testCalendar() });
    expect(result).toBeRefusedWith('MAINTENANCE_WINDOW');
    expect(result.blockers[0]?.retryAt).toBe(TEST_MAINTENANCE.reopensAt);
    for (const at of [TEST_MAINTENANCE.before, TEST_MAINTENANCE.reopensAt, TEST_MAINTENANCE.after]) {
      expect(dispatch(buildOrder(), buildEvent('ACCEPT', { at }), { calendar: testCalendar() })).toBeInStatus('AcceptedBySeller');
    }
  });
});

describe('buildLengowOrder', () => {
  it('builds payloads the Lengow schema accepts', () => {
    for (const options of [
      {},
      { status: 'Shipped' as const, tracking: { carrier: 'Colissimo', number: '6A1' } },
      { deliveredByMarketplace: 'legacy' as const },
    ]) {
      expect(lengowOrderSchema.safeParse(buildLengowOrder(options)).success).toBe(true);
    }
    expect(buildLengowPage([buildLengowOrder(), buildLengowOrder({ orderId: 'CD-TEST-0002' })]).count).toBe(2);
  });

  it('imports as the order it describes', () => {
    const imported = importLengowOrder(buildLengowOrder({ status: 'Shipped', tracking: { carrier: 'Colissimo', number: '6A1' } }));
    expect(imported.ok && imported.order).toBeInStatus('Shipped');
    expect(imported.ok && imported.order.context.shipment?.trackingNumber).toBe('6A1');
    const fulfilment = importLengowOrder(buildLengowOrder({ status: 'Shipped', deliveredByMarketplace: true }));
    expect(fulfilment.ok).toBe(false);
  });
});

describe('the vitest matchers', () => {
  const refused = dispatch(buildOrder(), buildEvent('SHIP'));
  const accepted = dispatch(buildOrder(), buildEvent('ACCEPT'));

  it('toBeRefusedWith passes only for a refusal carrying that code', () => {
    expect(refused).toBeRefusedWith('NOT_ALLOWED_IN_STATUS');
    expect(refused).not.toBeRefusedWith('MAINTENANCE_WINDOW');
    expect(accepted).not.toBeRefusedWith('NOT_ALLOWED_IN_STATUS');
    expect(() => expect(accepted).toBeRefusedWith('NOT_ALLOWED_IN_STATUS')).toThrow(
      /refused with NOT_ALLOWED_IN_STATUS, but it was accepted \(status AcceptedBySeller\)/,
    );
    expect(() => expect(refused).toBeRefusedWith('STALE_UPDATE')).toThrow(/\["NOT_ALLOWED_IN_STATUS"\]/);
    expect(() => expect('nope').toBeRefusedWith('STALE_UPDATE')).toThrow(/expected a DispatchResult or an array of blockers/);
  });

  it('toBeRefusedWith reads the blockers explain returns', () => {
    expect(explain(buildOrder(), buildEvent('SHIP'))).toBeRefusedWith('NOT_ALLOWED_IN_STATUS');
    expect(explain(buildOrder(), buildEvent('ACCEPT'))).not.toBeRefusedWith('NOT_ALLOWED_IN_STATUS');
  });

  it('toBeInStatus reads results and records, and says when the event was refused', () => {
    expect(accepted).toBeInStatus('AcceptedBySeller');
    expect(accepted.order).toBeInStatus('AcceptedBySeller');
    expect(refused).not.toBeInStatus('ShippedBySeller');
    expect(() => expect(refused as DispatchResult).toBeInStatus('ShippedBySeller')).toThrow(
      /to be in ShippedBySeller, but it is in WaitingForSellerAcceptation \(the event was refused/,
    );
  });
});
