import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ORDER_STATUSES,
  SELLER_ACTIONS,
  createMaintenanceCalendar,
  createOrder,
  createOutbox,
  deferAction,
  dispatch,
  explain,
  releaseDue,
  type MaintenanceWindowInput,
  type OutboxState,
  type OrderEventInput,
} from 'order-status-machine';

/** A value of any shape, handed to dispatch on purpose: it must refuse it, never throw. */
const untrusted = (value: unknown) => value as OrderEventInput;

const BASE = Date.UTC(2024, 1, 21, 0, 0, 0);
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

// Windows within two days, short enough to leave gaps, long enough to touch and overlap.
const windowArb = fc
  .record({
    start: fc.integer({ min: 0, max: 48 * 60 }),
    minutes: fc.integer({ min: 1, max: 6 * 60 }),
    scope: fc.option(fc.subarray(['lengow', 'anymarket', 'cdiscount'], { minLength: 1 }), { nil: undefined }),
  })
  .map(
    ({ start, minutes, scope }): MaintenanceWindowInput => ({
      start: iso(BASE + start * 60_000),
      end: iso(BASE + (start + minutes) * 60_000),
      scope,
    }),
  );
// Whole minutes, as window bounds are: boundaries (start inclusive, end exclusive) get hit often.
const instantArb = fc.integer({ min: -60, max: 56 * 60 }).map((minutes) => BASE + minutes * 60_000);
const channelArb = fc.constantFrom('lengow', 'anymarket', null);

/** The oracle: a linear scan, with no index and no span merging. */
function applying(windows: MaintenanceWindowInput[], channel: string | null) {
  return windows.filter((w) => !w.scope || w.scope.some((s) => s === 'cdiscount' || s === channel));
}
const inside = (windows: MaintenanceWindowInput[], ms: number) =>
  windows.some((w) => Date.parse(String(w.start)) <= ms && ms < Date.parse(String(w.end)));

const freshOrder = (channel: string | null) => createOrder({ orderId: 'P-1', marketplace: 'cdiscount', channel, createdAt: iso(BASE - 2 * HOUR) });

describe('maintenance rules, for every calendar and instant', () => {
  it('refuses a seller action exactly when the instant lies inside a window that applies', () => {
    fc.assert(
      fc.property(fc.array(windowArb, { maxLength: 12 }), instantArb, channelArb, (windows, at, channel) => {
        const calendar = createMaintenanceCalendar(windows);
        const result = dispatch(freshOrder(channel), { type: 'ACCEPT', at: iso(at) }, { calendar });
        expect(result.ok).toBe(!inside(applying(windows, channel), at));
        if (!result.ok) expect(result.blockers.map((b) => b.code)).toEqual(['MAINTENANCE_WINDOW']);
      }),
      { numRuns: 300 },
    );
  });

  it('gives a retryAt after the instant and outside every applying window', () => {
    fc.assert(
      fc.property(fc.array(windowArb, { minLength: 1, maxLength: 12 }), instantArb, channelArb, (windows, at, channel) => {
        const calendar = createMaintenanceCalendar(windows);
        const [blocker] = explain(freshOrder(channel), { type: 'REFUSE', at: iso(at) }, { calendar });
        if (!blocker) return;
        const retry = Date.parse(blocker.retryAt!);
        expect(retry).toBeGreaterThan(at);
        expect(inside(applying(windows, channel), retry)).toBe(false);
        // and nothing is open in between: every minute until retryAt is inside a window
        for (let t = at; t < retry; t += 60_000) expect(inside(applying(windows, channel), t)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('explain and dispatch agree on every generated case', () => {
    const eventArb = fc.record({
      type: fc.constantFrom(...SELLER_ACTIONS, 'PAYMENT_CONFIRMED', 'MARKETPLACE_STATUS_CHANGED', 'BOGUS'),
      at: fc.oneof(instantArb.map(iso), fc.constant('not a date')),
      id: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
      carrier: fc.option(fc.constantFrom('UPS', ' '), { nil: undefined }),
      trackingNumber: fc.option(fc.constantFrom('1Z', ''), { nil: undefined }),
      status: fc.constantFrom(...ORDER_STATUSES),
    });
    fc.assert(
      fc.property(
        fc.array(windowArb, { maxLength: 6 }),
        fc.constantFrom(...ORDER_STATUSES),
        fc.constantFrom('TRK', 'STD', 'MAG', null),
        fc.boolean(),
        eventArb,
        (windows, status, deliveryMode, fulfilledByMarketplace, event) => {
          const calendar = createMaintenanceCalendar(windows);
          const order = createOrder({ orderId: 'P-2', marketplace: 'cdiscount', status, deliveryMode, fulfilledByMarketplace, createdAt: iso(BASE) });
          const result = dispatch(order, untrusted(event), { calendar });
          expect(explain(order, untrusted(event), { calendar })).toEqual([...result.blockers]);
          expect(result.ok).toBe(result.blockers.length === 0);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the outbox, for every interleaving of deferrals and drains', () => {
  it('never releases an action twice nor loses one', () => {
    const calendar = createMaintenanceCalendar([
      { start: iso(BASE), end: iso(BASE + 3 * HOUR) },
      { start: iso(BASE + 5 * HOUR), end: iso(BASE + 6 * HOUR) },
    ]);
    const opArb = fc.oneof(
      fc.record({
        kind: fc.constant('defer' as const),
        order: fc.integer({ min: 0, max: 3 }),
        action: fc.integer({ min: 0, max: 2 }),
        at: fc.integer({ min: 0, max: 6 * 60 - 1 }),
      }),
      fc.record({ kind: fc.constant('drain' as const), at: fc.integer({ min: 0, max: 7 * 60 }) }),
      fc.record({ kind: fc.constant('roundTrip' as const) }),
    );
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        let outbox: OutboxState = createOutbox();
        const accepted = new Map<string, number>();
        const released = new Map<string, number>();
        let clock = BASE;
        const drain = (now: number) => {
          const out = releaseDue(outbox, { now: iso(now) });
          outbox = out.outbox;
          for (const action of out.released) {
            expect(Date.parse(action.notBefore)).toBeLessThanOrEqual(now);
            released.set(action.key, (released.get(action.key) ?? 0) + 1);
            // a released action is never released again before it is deferred anew
            expect(released.get(action.key)).toBeLessThanOrEqual(accepted.get(action.key) ?? 0);
          }
        };
        for (const op of ops) {
          if (op.kind === 'roundTrip') outbox = JSON.parse(JSON.stringify(outbox)) as OutboxState;
          else if (op.kind === 'drain') drain((clock = Math.max(clock, BASE + op.at * 60_000)));
          else {
            const at = BASE + op.at * 60_000;
            const order = createOrder({ orderId: `O-${op.order}`, marketplace: 'cdiscount', createdAt: iso(BASE - HOUR) });
            const event = { type: op.action === 0 ? 'ACCEPT' : 'REFUSE', at: iso(at), id: `a-${op.action}` } as const;
            const deferred = deferAction(outbox, event, dispatch(order, event, { calendar }));
            outbox = deferred.outbox;
            if (deferred.deferred) accepted.set(deferred.action.key, (accepted.get(deferred.action.key) ?? 0) + 1);
          }
          const keys = outbox.pending.map((a) => a.key);
          expect(new Set(keys).size).toBe(keys.length);
        }
        drain(BASE + 48 * HOUR);
        expect(outbox.pending).toEqual([]);
        expect(released).toEqual(accepted);
      }),
      { numRuns: 300 },
    );
  });
});
