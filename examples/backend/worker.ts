/**
 * An order-sync backend on PostgreSQL: import a page of Lengow orders, apply marketplace updates and seller
 * actions from several workers at once (retrying lost races), defer the seller actions Lengow's maintenance
 * window refuses, and drain them exactly once after the window.
 *
 * Run: npm run example:backend             (embedded PGlite)
 *      DATABASE_URL=postgres://... npm run example:backend
 */
import {
  applyWithRetry,
  createMaintenanceCalendar,
  type ApplyOutcome,
  type OrderEventInput,
  type OrderKey,
  type OrderRecord,
} from 'order-status-machine';
import { importLengowOrder, syncLengowOrder } from 'order-status-machine/lengow';
import { createPostgresOrderStore } from 'order-status-machine/postgres';
import { openDatabase } from './database.js';

// Lengow, 21 Feb 2024, 20:00-23:00 Paris: seller actions from plugins are not taken into account.
const calendar = createMaintenanceCalendar([
  { start: '2024-02-21T20:00', end: '2024-02-21T23:00', timeZone: 'Europe/Paris', label: 'Lengow maintenance' },
]);
const dispatch = { calendar };

/** A Lengow API v3 order, reduced to what the sync reads. */
function lengowOrder(
  id: string,
  status: string,
  updatedAt: string,
  extra: { method?: string; carrier?: string; number?: string; fulfilment?: boolean } = {},
) {
  return {
    marketplace: 'cdiscount',
    marketplace_order_id: id,
    marketplace_status: status,
    marketplace_order_date: '2024-02-21T17:00:00Z',
    updated_at: updatedAt,
    order_types: extra.fulfilment ? [{ type: 'is_delivered_by_marketplace' }] : [],
    packages: [{ delivery: { trackings: [{ method: extra.method ?? 'Suivi', carrier: extra.carrier ?? null, number: extra.number ?? null }] } }],
  };
}

// 18:00 UTC: the 15-minute poll returns a page; the fulfilment order is skipped, as the connectors do.
const firstPage = [
  lengowOrder('2402211800A', 'WaitingForSellerAcceptation', '2024-02-21T18:00:00Z'),
  lengowOrder('2402211800B', 'WaitingForSellerAcceptation', '2024-02-21T18:00:00Z', { method: 'Standard' }),
  lengowOrder('2402211800C', 'WaitingForShipmentAcceptation', '2024-02-21T18:00:00Z'),
  lengowOrder('2402211800D', 'Shipped', '2024-02-21T18:00:00Z', { fulfilment: true }),
];
// 19:20 UTC: the same orders again (polling windows overlap: duplicates), and a new order E.
const secondPage = [...firstPage.slice(0, 3), lengowOrder('2402211915E', 'WaitingForSellerAcceptation', '2024-02-21T19:15:00Z')];
// 22:20 UTC, after the window: the marketplace reports payment for A and confirms C's shipment.
const thirdPage = [
  lengowOrder('2402211800A', 'WaitingForShipmentAcceptation', '2024-02-21T22:15:00Z'),
  lengowOrder('2402211800C', 'Shipped', '2024-02-21T22:18:00Z', { carrier: 'Colissimo', number: '6A11112222333' }),
];

const key = (orderId: string): OrderKey => ({ marketplace: 'cdiscount', orderId });

// 19:30 UTC (20:30 Paris): the plugin sends the seller's actions, inside the window.
const sellerActions: { orderId: string; event: OrderEventInput }[] = [
  { orderId: '2402211800A', event: { type: 'ACCEPT', at: '2024-02-21T19:30:00Z', id: 'A-accept' } },
  { orderId: '2402211800B', event: { type: 'ACCEPT', at: '2024-02-21T19:30:05Z', id: 'B-accept' } },
  {
    orderId: '2402211800C',
    event: { type: 'SHIP', at: '2024-02-21T19:31:00Z', id: 'C-ship', carrier: 'Colissimo', trackingNumber: '6A11112222333' },
  },
  { orderId: '2402211915E', event: { type: 'ACCEPT', at: '2024-02-21T19:32:00Z', id: 'E-accept' } },
  // Wrong for its status whatever the time: refused, not deferred.
  { orderId: '2402211800B', event: { type: 'SHIP', at: '2024-02-21T19:33:00Z', id: 'B-ship' } },
];

function describe(outcome: ApplyOutcome): string {
  const tries = outcome.attempts > 1 ? ` after ${outcome.attempts} attempts` : '';
  switch (outcome.outcome) {
    case 'applied':
    case 'duplicate':
      return `${outcome.outcome} -> ${outcome.order.status} (revision ${outcome.order.revision})${tries}`;
    case 'deferred':
      return `deferred until ${outcome.action.notBefore}${tries}`;
    case 'refused':
      return `refused: ${outcome.result.blockers.map((b) => b.code).join(', ')}${tries}`;
    default:
      return `${outcome.outcome}${tries}`;
  }
}

/** Imports each payload of a page, or syncs it into the stored order when it is known. */
async function syncPage(store: ReturnType<typeof createPostgresOrderStore>, page: readonly unknown[], label: string) {
  console.log(`\n${label}`);
  for (const payload of page) {
    const imported = importLengowOrder(payload);
    const id = (payload as { marketplace_order_id: string }).marketplace_order_id;
    if (!imported.ok) {
      console.log(`  ${id}  not imported: ${imported.reason}`);
      continue;
    }
    // This store keeps the default (legacy Cdiscount) lifecycle's orders. Made with
    // `{ lifecycles: [cdiscountLifecycle, octopiaLifecycle] }` it would keep Octopia's too (docs/lifecycle.md).
    if (imported.vocabulary !== 'legacy') {
      console.log(`  ${id}  speaks Octopia's vocabulary: not kept by this store`);
      continue;
    }
    if (await store.insert(imported.order)) {
      console.log(`  ${id}  imported in ${imported.order.status}`);
      continue;
    }
    // Known order: the payload is a marketplace update, applied to the stored record with retries.
    const outcome = await applyWithRetry(store, key(id), (order: OrderRecord) => syncLengowOrder(order, payload, dispatch), { maxAttempts: 10 });
    console.log(`  ${id}  marketplace update ${describe(outcome)}`);
  }
}

const database = await openDatabase();
try {
  console.log(`Database: ${database.label}`);
  const store = createPostgresOrderStore(database.client, { tablePrefix: database.prefix });
  await store.migrate();

  await syncPage(store, firstPage, '18:00 UTC  import a page of orders');
  await syncPage(store, secondPage, '19:20 UTC  poll: the same orders again, and a new one');

  // Four seller-action workers and the next poll run at once, on the same orders.
  console.log('\n19:30 UTC  seller actions (4 workers) while the 19:35 poll syncs, inside the maintenance window');
  const queue = [...sellerActions];
  const jitter = (attempt: number) => Math.random() * 5 * attempt;
  await Promise.all([
    ...Array.from({ length: 4 }, async (_, worker) => {
      for (let job = queue.shift(); job; job = queue.shift()) {
        const outcome = await applyWithRetry(store, key(job.orderId), job.event, { dispatch, defer: true, maxAttempts: 10, delay: jitter });
        console.log(`  worker ${worker}  ${job.orderId} ${job.event.type.padEnd(7)} ${describe(outcome)}`);
      }
    }),
    syncPage(store, secondPage, '19:35 UTC  poll (concurrently)'),
  ]);
  console.log(`  outbox: ${(await store.pendingActions()).length} deferred actions`);

  // Two drainers at the window's end: each deferred action is released once, whoever claims it.
  console.log('\n22:00 UTC  the window has ended: 2 workers drain the outbox');
  const drained = await Promise.all([0, 1].map(() => store.releaseDue({ now: '2024-02-21T22:00:00Z', dispatch })));
  drained.forEach((reports, drainer) => {
    for (const report of reports)
      console.log(`  drainer ${drainer}  ${report.action.orderId} ${report.action.event.type.padEnd(7)} ${report.outcome}`);
  });
  console.log(`  outbox: ${(await store.pendingActions()).length} deferred actions`);

  await syncPage(store, thirdPage, '22:20 UTC  poll: the marketplace reports payment and shipment');

  console.log('\nOrders and their audit logs');
  for (const id of ['2402211800A', '2402211800B', '2402211800C', '2402211915E']) {
    const order = (await store.load(key(id)))!;
    const log = await store.auditLog(key(id));
    const steps = log.map((row) => `${row.entry.eventType}:${row.entry.outcome}`).join(', ');
    console.log(`  ${id}  ${order.status.padEnd(29)} revision ${order.revision}  [${steps}]`);
  }
} finally {
  await database.close();
}
