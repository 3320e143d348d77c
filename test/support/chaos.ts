/**
 * The fault test's workload and its verdict (issue "Reliability", item 7): a seeded stream of events on many
 * orders, applied by workers while connections die, checked against the same stream applied alone.
 *
 * Every event of the stream commutes with the others (refunds of a shipped order, refused acceptances,
 * refunds deferred by a maintenance window), so whatever the interleaving, the final record is the one a
 * single-threaded replay gives, compared field by field with lists as multisets.
 */
import { expect } from 'vitest';
import {
  createMaintenanceCalendar,
  createOrder,
  createOutbox,
  deferAction,
  dispatch,
  releaseDue,
  type DispatchOptions,
  type OrderEventInput,
  type OrderRecord,
} from 'order-status-machine';
import { orderKeyOf, type OrderKey, type OrderStore } from '../../src/persistence/store.js';
import { shuffle } from './store-scenarios.js';

/** Lengow's window of 21 Feb 2024, 19:00-22:00 UTC: refunds inside it are deferred, and drained at its end. */
export const CHAOS_CALENDAR = createMaintenanceCalendar([{ start: '2024-02-21T19:00:00Z', end: '2024-02-21T22:00:00Z', label: 'Lengow' }]);
export const CHAOS_OPTIONS: DispatchOptions = { calendar: CHAOS_CALENDAR };
/** The drain's instant: the window's end. */
export const DRAIN_AT = '2024-02-21T22:00:00.000Z';

/** One event for one order; `copies` is 2 when it is sent to two workers at once. */
export interface ChaosDelivery {
  readonly key: OrderKey;
  readonly event: OrderEventInput;
  readonly copies: 1 | 2;
}

export interface ChaosWorkload {
  readonly orders: readonly OrderRecord[];
  readonly deliveries: readonly ChaosDelivery[];
}

/**
 * `orders` shipped orders, `perOrder` events each: mostly refunds (applied), some acceptances (refused: the
 * order is shipped), some refunds inside the maintenance window (deferred); one event in ten is sent twice.
 */
export function chaosWorkload(options: { prefix: string; orders: number; perOrder: number; seed: number }): ChaosWorkload {
  const orders = Array.from({ length: options.orders }, (_, i) =>
    createOrder({
      orderId: `${options.prefix}-${i}`,
      marketplace: 'cdiscount',
      status: 'Shipped',
      deliveryMode: 'STD',
      createdAt: '2024-02-20T10:00:00Z',
    }),
  );
  const deliveries: ChaosDelivery[] = [];
  let n = 0;
  for (const order of orders) {
    const key = orderKeyOf(order);
    for (let k = 1; k <= options.perOrder; k++) {
      const id = `${order.orderId}/${k}`;
      const minute = String(k % 60).padStart(2, '0');
      const event: OrderEventInput =
        k % 17 === 0
          ? { type: 'ACCEPT', at: `2024-02-22T11:${minute}:00Z`, id }
          : k % 16 === 0
            ? { type: 'REFUND', at: `2024-02-21T20:${minute}:00Z`, id, amount: k, reason: 'in the window' }
            : { type: 'REFUND', at: `2024-02-22T10:${minute}:00Z`, id, amount: k };
      deliveries.push({ key, event, copies: n++ % 10 === 0 ? 2 : 1 });
    }
  }
  return { orders, deliveries: shuffle(deliveries, options.seed) };
}

/** The stream applied alone, in order, with deferral and the drain at the window's end: the expected records. */
export function replayAlone(workload: ChaosWorkload): Map<string, OrderRecord> {
  const records = new Map(workload.orders.map((o) => [o.orderId, o]));
  let outbox = createOutbox();
  for (const { key, event, copies } of workload.deliveries) {
    for (let copy = 0; copy < copies; copy++) {
      const result = dispatch(records.get(key.orderId)!, event, CHAOS_OPTIONS);
      records.set(key.orderId, result.order);
      if (!result.ok) outbox = deferAction(outbox, event, result).outbox;
    }
  }
  for (const action of releaseDue(outbox, { now: DRAIN_AT }).released) {
    records.set(action.orderId, dispatch(records.get(action.orderId)!, action.replay, CHAOS_OPTIONS).order);
  }
  return records;
}

/** What must not depend on the interleaving: lists as sorted multisets, the history by its events. */
function canonical(order: OrderRecord) {
  const refunds = order.context.refunds.map((r) => JSON.stringify([r.amount, r.reason, r.at])).sort();
  return {
    status: order.status,
    revision: order.revision,
    updatedAt: order.updatedAt,
    fulfilledByMarketplace: order.fulfilledByMarketplace,
    appliedEventIds: [...order.appliedEventIds].sort(),
    refunds,
    history: order.history.map((h) => `${h.eventType} ${h.eventId}`).sort(),
  };
}

/**
 * The verdict: every order's record equal to the replay alone, no lost or doubled update (each refund once),
 * gapless revisions in the audit (applied rows carry 1..revision once each), at least one audit row per
 * reported attempt, and every deferred action released exactly once.
 */
export async function checkChaos(
  store: OrderStore,
  workload: ChaosWorkload,
  released: ReadonlyMap<string, number>,
): Promise<{ readonly applied: number; readonly auditRows: number }> {
  const expected = replayAlone(workload);
  let applied = 0;
  let auditRows = 0;
  for (const order of workload.orders) {
    const stored = (await store.load(orderKeyOf(order)))!;
    const alone = expected.get(order.orderId)!;
    expect(canonical(stored), order.orderId).toEqual(canonical(alone));
    const log = await store.auditLog(orderKeyOf(order));
    auditRows += log.length;
    const appliedRows = log.filter((row) => row.entry.outcome === 'applied');
    applied += appliedRows.length;
    expect(
      appliedRows.map((row) => row.revision).sort((a, b) => a - b),
      `${order.orderId}: gapless revisions`,
    ).toEqual(Array.from({ length: stored.revision }, (_, i) => i + 1));
    expect(new Set(appliedRows.map((row) => row.entry.eventId ?? '')).size, `${order.orderId}: each applied event once`).toBe(stored.revision);
  }
  const deferred = workload.deliveries.filter((d) => d.event.type === 'REFUND' && d.event.at < DRAIN_AT);
  expect(released.size, 'every deferred action released').toBe(deferred.length);
  expect(
    [...released.values()].every((count) => count === 1),
    'released exactly once',
  ).toBe(true);
  return { applied, auditRows };
}
