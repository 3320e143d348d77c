/**
 * The benchmark's workload: a realistic, deterministic mix of orders and the events that reach them.
 * Seeded, so every run (and every subject within a run) sees exactly the same inputs.
 */
import { createMaintenanceCalendar, createOrder, type MaintenanceCalendar, type OrderEventInput, type OrderRecord } from '../src/index.js';

/** mulberry32: a small, fast, seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 24 * 3600_000;
const YEAR_START = Date.UTC(2024, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Lengow-like maintenance: one three-hour evening window every week of the year, half of them scoped to
 * the `lengow` channel (the channel every order of the workload syncs through).
 */
export function workloadCalendar(): MaintenanceCalendar {
  return createMaintenanceCalendar(
    Array.from({ length: 52 }, (_, week) => {
      const start = YEAR_START + week * 7 * DAY + 19 * 3600_000;
      return { start: iso(start), end: iso(start + 3 * 3600_000), label: `week ${week}`, ...(week % 2 ? { scope: ['lengow'] } : {}) };
    }),
  );
}

/** One order of the workload: its starting record and the events that reach it, in order. */
export interface OrderScript {
  readonly order: OrderRecord;
  readonly events: readonly OrderEventInput[];
}

/**
 * Builds `count` order scripts. The mix, per order:
 * - the happy path: ACCEPT, PAYMENT_STARTED, PAYMENT_CONFIRMED, SHIP (carrier + tracking), SHIPMENT_CONFIRMED;
 * - 15% ACCEPT inside a maintenance window first (refused, MAINTENANCE_WINDOW), then again after it;
 * - 25% of tracked orders SHIP without the tracking number first (refused, CARRIER_AND_TRACKING_REQUIRED);
 * - 20% a plugin retry of ACCEPT with the same id (duplicate); 30% a polled report of the current status;
 * - 10% an event not allowed in the status (REFUND before shipping: refused, NOT_ALLOWED_IN_STATUS);
 * - 10% a refund after shipping; 5% a customer cancellation instead of the payment (final);
 * - 3% fulfilment orders (start Shipped): a SHIP attempt refused (FULFILLED_BY_MARKETPLACE) and a report.
 */
export function buildWorkload(count: number, seed = 42): OrderScript[] {
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const scripts: OrderScript[] = [];
  for (let i = 0; i < count; i++) {
    const fulfilment = random() < 0.03;
    const deliveryMode = pick(['STD', 'STD', 'STD', 'TRK', 'TRK', 'REG', 'MAG']);
    // Orders placed at any hour of the year; seller actions follow within hours.
    const created = YEAR_START + Math.floor(random() * 360 * DAY);
    const order = createOrder({
      orderId: `CD-${String(i).padStart(8, '0')}`,
      marketplace: 'cdiscount',
      channel: 'lengow',
      deliveryMode,
      fulfilledByMarketplace: fulfilment,
      createdAt: iso(created),
    });
    const events: OrderEventInput[] = [];
    let t = created;
    const next = (minutes: number) => iso((t += minutes * 60_000));
    if (fulfilment) {
      events.push({ type: 'SHIP', at: next(30), id: `ship-${i}`, carrier: 'Colissimo', trackingNumber: `6A${i}` });
      events.push({ type: 'MARKETPLACE_STATUS_CHANGED', at: next(60), status: 'Shipped' });
      scripts.push({ order, events });
      continue;
    }
    if (random() < 0.15) {
      // Move the seller's first attempt into the next maintenance window (Monday 19:00 UTC of some week).
      const week = Math.floor((t - YEAR_START) / (7 * DAY)) + 1;
      t = YEAR_START + week * 7 * DAY + 19 * 3600_000 + 30 * 60_000;
      events.push({ type: 'ACCEPT', at: iso(t), id: `accept-${i}` });
      t += 3 * 3600_000;
    }
    if (random() < 0.1) events.push({ type: 'REFUND', at: next(1), amount: 5 });
    events.push({ type: 'ACCEPT', at: next(20), id: `accept-${i}` });
    if (random() < 0.2) events.push({ type: 'ACCEPT', at: next(2), id: `accept-${i}` });
    if (random() < 0.3) events.push({ type: 'MARKETPLACE_STATUS_CHANGED', at: next(15), status: 'AcceptedBySeller' });
    if (random() < 0.05) {
      events.push({ type: 'CUSTOMER_CANCELLED', at: next(40) });
      scripts.push({ order, events });
      continue;
    }
    events.push({ type: 'PAYMENT_STARTED', at: next(10) });
    events.push({ type: 'PAYMENT_CONFIRMED', at: next(30) });
    const tracked = deliveryMode === 'TRK' || deliveryMode === 'REG';
    if (tracked && random() < 0.25) events.push({ type: 'SHIP', at: next(600), id: `ship-${i}`, carrier: 'Colissimo' });
    if (deliveryMode === 'MAG') {
      events.push({ type: 'MAKE_AVAILABLE_IN_STORE', at: next(600), id: `store-${i}` });
      events.push({ type: 'PICKED_UP', at: next(2000) });
    } else {
      events.push({ type: 'SHIP', at: next(600), id: `ship-${i}`, carrier: 'Colissimo', trackingNumber: `6A${i}` });
      events.push({ type: 'SHIPMENT_CONFIRMED', at: next(240) });
    }
    if (random() < 0.1) events.push({ type: 'REFUND', at: next(5000), id: `refund-${i}`, amount: 4.9, reason: 'damaged box' });
    scripts.push({ order, events });
  }
  return scripts;
}

/** Total events of a workload. */
export const eventCount = (scripts: readonly OrderScript[]) => scripts.reduce((n, s) => n + s.events.length, 0);
