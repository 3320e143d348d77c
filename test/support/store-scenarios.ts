/**
 * Behaviour every OrderStore must have, written once and run against each implementation (in memory,
 * PGlite, a PostgreSQL server). Each scenario uses its own order ids, so they can share one store.
 */
import { expect } from 'vitest';
import {
  cdiscountLifecycle,
  createMaintenanceCalendar,
  createOrder,
  octopiaLifecycle,
  type OrderEventInput,
  type OrderRecord,
  type RecordsOf,
} from 'order-status-machine';
import { applyWithRetry, orderKeyOf, type ApplyOutcome, type OrderKey, type OrderStore } from '../../src/persistence/store.js';

// Lengow's notice of 21 Feb 2024 (20:00-23:00 Paris = 19:00-22:00 UTC), and a later one-hour window.
export const calendar = createMaintenanceCalendar([
  { start: '2024-02-21T19:00:00Z', end: '2024-02-21T22:00:00Z', label: 'Lengow maintenance' },
  { start: '2024-02-21T22:30:00Z', end: '2024-02-21T23:30:00Z', label: 'second window' },
]);

/** A seeded shuffle, so a failing interleaving can be replayed. */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0 || 1;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function shippedOrder(orderId: string): OrderRecord {
  return createOrder({ orderId, marketplace: 'cdiscount', status: 'Shipped', deliveryMode: 'STD', createdAt: '2024-02-20T10:00:00Z' });
}

interface Delivery {
  readonly key: OrderKey;
  readonly event: OrderEventInput;
  readonly expect: 'applied' | 'duplicate' | 'refused';
}

/**
 * N workers take M interleaved events for a few orders from one queue and apply them with retries. Each
 * order receives unique refunds (applied), redeliveries of some of them (duplicates) and seller actions its
 * status does not allow (refused).
 */
export async function concurrentWorkersScenario(store: OrderStore, options: { prefix: string; workers: number; seed: number }) {
  const orders = [0, 1, 2].map((i) => shippedOrder(`${options.prefix}-${i}`));
  for (const order of orders) expect(await store.insert(order)).toBe(true);
  const refundsPerOrder = 24;
  const deliveries: Delivery[] = [];
  for (const order of orders) {
    const key = orderKeyOf(order);
    for (let n = 1; n <= refundsPerOrder; n++) {
      const event = { type: 'REFUND', at: `2024-02-22T10:${String(n).padStart(2, '0')}:00Z`, id: `${order.orderId}/refund-${n}`, amount: n } as const;
      deliveries.push({ key, event, expect: 'applied' });
      if (n % 3 === 0) deliveries.push({ key, event: { ...event, at: '2024-02-22T12:00:00Z' }, expect: 'duplicate' });
    }
    for (let n = 1; n <= 4; n++)
      deliveries.push({ key, event: { type: 'ACCEPT', at: '2024-02-22T11:00:00Z', id: `${order.orderId}/accept-${n}` }, expect: 'refused' });
  }
  const queue = shuffle(deliveries, options.seed);
  // Redeliveries can overtake their original: which copy applies is a race; that exactly one does is not.
  const outcomes: { delivery: Delivery; outcome: ApplyOutcome }[] = [];
  const worker = async () => {
    for (let delivery = queue.shift(); delivery; delivery = queue.shift()) {
      const outcome = await applyWithRetry(store, delivery.key, delivery.event, { maxAttempts: 100, dispatch: { calendar } });
      outcomes.push({ delivery, outcome });
    }
  };
  await Promise.all(Array.from({ length: options.workers }, worker));

  expect(outcomes).toHaveLength(deliveries.length);
  const totalAttempts = outcomes.reduce((sum, o) => sum + o.outcome.attempts, 0);
  // The workers really raced: some saves lost on the revision check and were retried.
  expect(totalAttempts).toBeGreaterThan(deliveries.length);

  for (const order of orders) {
    const key = orderKeyOf(order);
    const mine = outcomes.filter((o) => o.delivery.key.orderId === order.orderId);
    const byId = new Map<string, string[]>();
    for (const { delivery, outcome } of mine) {
      const list = byId.get(delivery.event.id!) ?? [];
      list.push(outcome.outcome);
      byId.set(delivery.event.id!, list);
    }
    for (const [id, list] of byId) {
      if (id.includes('/accept-')) expect(list, id).toEqual(['refused']);
      else
        expect(
          list.filter((o) => o === 'applied'),
          id,
        ).toHaveLength(1);
      expect(
        list.every((o) => o !== 'conflict' && o !== 'not-found'),
        id,
      ).toBe(true);
    }

    const stored = (await store.load(key))!;
    // No lost update: every refund is in the record exactly once.
    expect(stored.context.refunds.map((r) => r.amount).sort((a, b) => a! - b!)).toEqual(Array.from({ length: refundsPerOrder }, (_, i) => i + 1));
    expect(stored.revision).toBe(refundsPerOrder);
    expect(new Set(stored.appliedEventIds).size).toBe(refundsPerOrder);

    const log = await store.auditLog(key);
    // One audit entry per attempt that reached a verdict, with the outcome the worker reported.
    expect(log).toHaveLength(mine.length);
    const count = (outcome: string) => log.filter((row) => row.entry.outcome === outcome).length;
    expect(count('applied')).toBe(refundsPerOrder);
    expect(count('duplicate')).toBe(mine.filter((o) => o.delivery.expect === 'duplicate').length);
    expect(count('refused')).toBe(4);
    // Gapless revisions: the applied entries carry revisions 1..n, each once, in commit order.
    expect(log.filter((row) => row.entry.outcome === 'applied').map((row) => row.revision)).toEqual(
      Array.from({ length: refundsPerOrder }, (_, i) => i + 1),
    );
  }
  return { attempts: totalAttempts, deliveries: deliveries.length };
}

/** A snapshot of everything a failed attempt must leave untouched. */
async function stateOf(store: OrderStore, key: OrderKey) {
  return { order: await store.load(key), outbox: await store.pendingActions(), audit: await store.auditLog(key) };
}

/**
 * A worker fails after dispatch, before its save commits (`failing` is the same store, armed to throw once
 * inside the next save). Nothing of the attempt remains; the retry applies the event once.
 */
export async function faultScenario(store: OrderStore, failing: { store: OrderStore; arm(stage: 'audit' | 'outbox'): void }, prefix: string) {
  const order = createOrder({ orderId: `${prefix}-fault`, marketplace: 'cdiscount', deliveryMode: 'TRK', createdAt: '2024-02-21T18:00:00Z' });
  const key = orderKeyOf(order);
  await store.insert(order);
  // Something in the outbox already, so "unchanged" means something.
  const earlier = await applyWithRetry(
    store,
    key,
    { type: 'ACCEPT', at: '2024-02-21T19:10:00Z', id: `${prefix}-accept` },
    { dispatch: { calendar }, defer: true },
  );
  expect(earlier.outcome).toBe('deferred');
  const before = await stateOf(store, key);

  // A deferral that fails after its audit entry was written: neither the audit nor the outbox entry stays.
  failing.arm('outbox');
  const refuse = { type: 'REFUSE', at: '2024-02-21T19:20:00Z', id: `${prefix}-refuse` } as const;
  await expect(applyWithRetry(failing.store, key, refuse, { dispatch: { calendar }, defer: true })).rejects.toThrow(/simulated/);
  expect(await stateOf(store, key)).toEqual(before);

  // Let the accept through after the window, then fail an applying save after its record was written.
  const released = await store.releaseDue({ now: '2024-02-21T22:00:00Z', dispatch: { calendar } });
  expect(released.filter((r) => r.action.orderId === order.orderId).map((r) => r.outcome)).toEqual(['applied']);
  const accepted = await stateOf(store, key);
  expect(accepted.order?.status).toBe('AcceptedBySeller');

  failing.arm('audit');
  const paid = { type: 'PAYMENT_CONFIRMED', at: '2024-02-21T22:10:00Z', id: `${prefix}-paid` } as const;
  await expect(applyWithRetry(failing.store, key, paid)).rejects.toThrow(/simulated/);
  expect(await stateOf(store, key)).toEqual(accepted);

  const retry = await applyWithRetry(store, key, paid);
  expect(retry).toMatchObject({ outcome: 'applied', attempts: 1 });
  const again = await applyWithRetry(store, key, paid);
  expect(again.outcome).toBe('duplicate');
  const after = await stateOf(store, key);
  expect(after.order?.revision).toBe(accepted.order!.revision + 1);
  expect(after.order?.status).toBe('WaitingForShipmentAcceptation');
  expect(after.audit.slice(accepted.audit.length).map((row) => row.entry.outcome)).toEqual(['applied', 'duplicate']);
}

/**
 * Seller actions refused during maintenance are deferred, and `drainers` workers release them at once:
 * each exactly once, one order's actions in the order they were made, postponed when a later window is on.
 */
export async function outboxDrainScenario(store: OrderStore, options: { prefix: string; drainers: number }) {
  const orders = [0, 1, 2, 3].map((i) => shippedOrder(`${options.prefix}-drain-${i}`));
  for (const order of orders) await store.insert(order);
  const refundsPerOrder = 5;
  for (let n = 1; n <= refundsPerOrder; n++) {
    for (const order of orders) {
      const event = {
        type: 'REFUND',
        at: `2024-02-21T19:${String(10 + n).padStart(2, '0')}:00Z`,
        id: `${order.orderId}/refund-${n}`,
        amount: n,
      } as const;
      const outcome = await applyWithRetry(store, orderKeyOf(order), event, { dispatch: { calendar }, defer: true });
      expect(outcome.outcome).toBe('deferred');
      // Deferring the same action again keeps one entry.
      await applyWithRetry(store, orderKeyOf(order), { ...event, at: '2024-02-21T19:50:00Z' }, { dispatch: { calendar }, defer: true });
    }
  }
  const mine = (await store.pendingActions()).filter((a) => a.orderId.startsWith(`${options.prefix}-drain-`));
  expect(mine).toHaveLength(orders.length * refundsPerOrder);

  // Not due before the window ends.
  expect(
    (await store.releaseDue({ now: '2024-02-21T21:59:59Z', dispatch: { calendar } })).filter((r) =>
      r.action.orderId.startsWith(`${options.prefix}-drain-`),
    ),
  ).toEqual([]);

  const reports = (
    await Promise.all(
      Array.from({ length: options.drainers }, () => store.releaseDue({ now: '2024-02-21T22:00:00Z', limit: 3, dispatch: { calendar } })),
    )
  ).flat();
  // Whatever the first round left (each drainer stops after 3), a second round releases.
  const rest = await store.releaseDue({ now: '2024-02-21T22:00:00Z', dispatch: { calendar } });
  const all = [...reports, ...rest].filter((r) => r.action.orderId.startsWith(`${options.prefix}-drain-`));
  expect(all.map((r) => r.action.key).sort()).toEqual(mine.map((a) => a.key).sort());
  expect(all.every((r) => r.outcome === 'applied')).toBe(true);
  expect((await store.pendingActions()).filter((a) => a.orderId.startsWith(`${options.prefix}-drain-`))).toEqual([]);

  for (const order of orders) {
    const stored = (await store.load(orderKeyOf(order)))!;
    // Released exactly once each, in the order they were made.
    expect(stored.context.refunds.map((r) => r.amount)).toEqual([1, 2, 3, 4, 5]);
    // Replayed at the drain's instant, under the action's own id.
    expect(stored.context.refunds.every((r) => r.at === '2024-02-21T22:00:00.000Z')).toBe(true);
  }

  // A drain that falls in a later window postpones the action to that window's end instead of dropping it.
  const late = shippedOrder(`${options.prefix}-late`);
  await store.insert(late);
  await applyWithRetry(
    store,
    orderKeyOf(late),
    { type: 'REFUND', at: '2024-02-21T21:00:00Z', id: `${options.prefix}-late-refund` },
    { dispatch: { calendar }, defer: true },
  );
  const postponed = (await store.releaseDue({ now: '2024-02-21T22:45:00Z', dispatch: { calendar } })).filter(
    (r) => r.action.orderId === late.orderId,
  );
  expect(postponed.map((r) => r.outcome)).toEqual(['postponed']);
  expect((await store.pendingActions()).find((a) => a.orderId === late.orderId)?.notBefore).toBe('2024-02-21T23:30:00.000Z');
  const finally_ = (await store.releaseDue({ now: '2024-02-21T23:30:00Z', dispatch: { calendar } })).filter((r) => r.action.orderId === late.orderId);
  expect(finally_.map((r) => r.outcome)).toEqual(['applied']);
  expect((await store.load(orderKeyOf(late)))!.context.refunds).toHaveLength(1);
  expect((await store.auditLog(orderKeyOf(late))).map((row) => row.entry.outcome)).toEqual(['refused', 'refused', 'applied']);

  // Issue 13, deadlines: a shipment deferred past the order's shipping deadline is reported, not replayed blindly.
  const due = createOrder({
    orderId: `${options.prefix}-due`,
    marketplace: 'cdiscount',
    status: 'WaitingForShipmentAcceptation',
    deliveryMode: 'TRK',
    shippingDeadline: '2024-02-21T21:30:00Z',
    createdAt: '2024-02-20T10:00:00Z',
  });
  await store.insert(due);
  const ship = { type: 'SHIP', at: '2024-02-21T21:00:00Z', id: `${options.prefix}-due-ship`, carrier: 'Colissimo', trackingNumber: '6A1' } as const;
  expect((await applyWithRetry(store, orderKeyOf(due), ship, { dispatch: { calendar }, defer: true })).outcome).toBe('deferred');
  const overdue = (await store.releaseDue({ now: '2024-02-21T22:00:00Z', dispatch: { calendar } })).filter((r) => r.action.orderId === due.orderId);
  expect(overdue).toEqual([expect.objectContaining({ outcome: 'overdue', deadline: '2024-02-21T21:30:00.000Z' })]);
  expect((await store.pendingActions()).some((a) => a.orderId === due.orderId)).toBe(false);
  expect((await store.load(orderKeyOf(due)))!).toMatchObject({ status: 'WaitingForShipmentAcceptation', revision: 0 });
  expect((await store.auditLog(orderKeyOf(due))).map((row) => row.entry.outcome)).toEqual(['refused']);
}

/** The two built-in lifecycles, as a store of both vocabularies is made with. */
export const BOTH_VOCABULARIES = [cdiscountLifecycle, octopiaLifecycle] as const;

/**
 * A store of both vocabularies keeps legacy and Octopia orders side by side: each loads back in its own
 * lifecycle, plain events and deferred actions go through the record's own lifecycle (Octopia's refund keeps
 * its shipping-fees flag through the outbox), and a store of the default lifecycle alone, over the same
 * data, refuses the Octopia order naming `lifecycle` instead of misreading it.
 */
export async function twoVocabulariesScenario(store: OrderStore<RecordsOf<typeof BOTH_VOCABULARIES>>, defaultStore: OrderStore, prefix: string) {
  const legacy = shippedOrder(`${prefix}-legacy`);
  const octopia = octopiaLifecycle.createOrder({
    orderId: `${prefix}-octopia`,
    marketplace: 'cdiscount',
    status: 'Shipped',
    createdAt: '2024-02-20T10:00:00Z',
  });
  expect(await store.insert(legacy)).toBe(true);
  expect(await store.insert(octopia)).toBe(true);
  const loaded = (await store.load(orderKeyOf(octopia)))!;
  expect(loaded).toEqual(octopia);
  expect(octopiaLifecycle.owns(loaded) && loaded.status).toBe('Shipped');
  expect(await store.load(orderKeyOf(legacy))).toEqual(legacy);

  // During the window, an Octopia refund is deferred; replayed after it, through the Octopia lifecycle.
  const refund = { type: 'REFUND', at: '2024-02-21T19:30:00Z', id: `${prefix}-refund`, reason: 'Customer request', refundShippingFees: true };
  expect((await applyWithRetry(store, orderKeyOf(octopia), refund, { dispatch: { calendar }, defer: true })).outcome).toBe('deferred');
  const pending = (await store.pendingActions()).filter((a) => a.orderId === octopia.orderId);
  expect(pending.map((a) => a.event)).toEqual([expect.objectContaining({ refundShippingFees: true })]);
  const released = (await store.releaseDue({ now: '2024-02-21T22:00:00Z', dispatch: { calendar } })).filter(
    (r) => r.action.orderId === octopia.orderId,
  );
  expect(released.map((r) => [r.outcome, r.result?.status])).toEqual([['applied', 'Cancelled']]);
  const cancelled = (await store.load(orderKeyOf(octopia)))!;
  expect(cancelled.context.refunds).toEqual([{ amount: null, reason: 'Customer request', at: '2024-02-21T22:00:00.000Z', shippingFees: true }]);
  // A legacy order's event goes through the legacy lifecycle (a partial refund keeps it Shipped).
  const legacyRefund = { type: 'REFUND', at: '2024-02-22T09:00:00Z', amount: 5 };
  const applied = await applyWithRetry(store, orderKeyOf(legacy), legacyRefund);
  expect(applied.outcome === 'applied' && applied.order.status).toBe('Shipped');

  // The default store does not misread an Octopia order, nor take one.
  const refusal = await defaultStore.load(orderKeyOf(octopia)).catch((error: unknown) => error);
  expect(refusal).toMatchObject({ code: 'INVALID_RECORD', issues: [{ path: ['lifecycle'] }] });
  const other = { ...octopia, orderId: `${prefix}-octopia-2` } as unknown as OrderRecord;
  expect(await defaultStore.insert(other).catch((error: unknown) => error)).toMatchObject({ code: 'INVALID_RECORD' });
}
