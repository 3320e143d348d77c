/**
 * One worker process of the fault test: its own pg Pool, as the docs' worker has (with an 'error' listener on
 * the pool), taking deliveries from the coordinator over IPC and answering each with its outcome, or with the
 * error that stopped it (the coordinator delivers the event again, as a message queue would).
 */
import pg from 'pg';
import { applyWithRetry } from '../../src/persistence/store.js';
import { createPostgresOrderStore } from '../../src/postgres/index.js';
import { CHAOS_OPTIONS, DRAIN_AT, type ChaosDelivery } from './chaos.js';

type Message =
  | { readonly kind: 'apply'; readonly n: number; readonly delivery: ChaosDelivery }
  | { readonly kind: 'drain' }
  | { readonly kind: 'stop' };

// Bounded waits: a connection or a statement that cannot finish fails (and the event is handed back).
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: 2,
  application_name: 'osm-chaos',
  connectionTimeoutMillis: 5_000,
  statement_timeout: 10_000,
});
// Idle clients report a terminated backend on the pool: heard here, never an unhandled 'error'.
pool.on('error', () => {});
const store = createPostgresOrderStore(pool, { tablePrefix: process.env.CHAOS_PREFIX });
const send = (message: unknown) => process.send?.(message);

process.on('message', async (message: Message) => {
  if (message.kind === 'stop') {
    await pool.end().catch(() => {});
    process.exit(0);
  }
  if (message.kind === 'apply') {
    try {
      const outcome = await applyWithRetry(store, message.delivery.key, message.delivery.event, {
        defer: true,
        dispatch: CHAOS_OPTIONS,
        maxAttempts: 100,
      });
      send({ kind: 'done', n: message.n, outcome: outcome.outcome, attempts: outcome.attempts });
    } catch (error) {
      send({ kind: 'failed', n: message.n, error: String(error) });
    }
    return;
  }
  try {
    let released = 0;
    for (let reports = await store.releaseDue({ now: DRAIN_AT, dispatch: CHAOS_OPTIONS }); reports.length > 0; ) {
      released += reports.length;
      reports = await store.releaseDue({ now: DRAIN_AT, dispatch: CHAOS_OPTIONS });
    }
    send({ kind: 'drained', released });
  } catch (error) {
    send({ kind: 'failed', n: -1, error: String(error) });
  }
});
send({ kind: 'ready' });
