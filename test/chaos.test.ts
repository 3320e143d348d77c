/**
 * The fault test (issue "Reliability", item 7): 8 workers apply a seeded stream of 5,000 events on 100 orders
 * (one in ten sent to two workers at once), defer what a maintenance window refuses and drain it, while
 * connections die under them. Then every order's record equals the stream applied alone, no update is lost or
 * doubled, revisions are gapless, each deferred action was released exactly once, and no worker crashed.
 *
 * - On PGlite: 8 workers in this process; the client fails statements at random as a killed connection does
 *   (SQLSTATE 57P01), before a statement runs or after it ran with the reply lost.
 * - On the PostgreSQL server of `.ci/run` (DATABASE_URL): 8 worker processes with their own pools, backends
 *   terminated at random with `pg_terminate_backend`, and one server restart half way (OSM_PG_RESTART, the
 *   command `.ci/run` gives to restart its throw-away server). Loopback only; bounded in kills.
 *
 * Figures are printed. No duration is asserted.
 */
import { execSync, fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { applyWithRetry } from '../src/persistence/store.js';
import { createPostgresOrderStore, type PostgresClient, type PostgresOrderStore, type SqlQueryable } from '../src/postgres/index.js';
import { CHAOS_OPTIONS, DRAIN_AT, checkChaos, chaosWorkload, type ChaosDelivery } from './support/chaos.js';

const WORKERS = 8;
const SEED = 20241202;

/** A seeded random stream, so a failing run can be replayed. */
function random(seed: number) {
  let state = seed >>> 0 || 1;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** Each deferred action's key and how many times its outbox row was released, read from the database. */
async function releasedCounts(client: PostgresClient, store: PostgresOrderStore, prefix: string): Promise<Map<string, number>> {
  const { rows } = await client.query(
    `SELECT key, count(*)::int AS n, bool_and(released_at IS NOT NULL AND outcome = 'applied') AS ok
     FROM ${store.tables.outbox} WHERE order_id LIKE $1 GROUP BY key`,
    [`${prefix}-%`],
  );
  return new Map((rows as { key: string; n: number; ok: boolean }[]).map((row) => [row.key, row.ok ? row.n : 0]));
}

/** The deliveries as workers take them: a copy sent twice is queued twice, side by side. */
const queueOf = (deliveries: readonly ChaosDelivery[]) => deliveries.flatMap((d) => (d.copies === 2 ? [d, d] : [d]));

describe('the fault test on PGlite: 8 workers, statements failing as killed connections do', { timeout: 600_000 }, () => {
  it('ends with every record as the stream applied alone, gapless, each deferred action released once', async () => {
    const db = new PGlite();
    const next = random(SEED);
    let faults = 0;
    let armed = false;
    const killed = () => Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    // Before the statement (it never ran) or after it (it ran, the reply was lost): both roll the transaction back.
    const faulty = async <T>(run: () => Promise<T>): Promise<T> => {
      const roll = armed ? next() : 1;
      if (roll < 0.01) {
        faults++;
        throw killed();
      }
      const result = await run();
      if (roll < 0.02) {
        faults++;
        throw killed();
      }
      return result;
    };
    const wrap = (q: SqlQueryable): SqlQueryable => ({ query: (text, params) => faulty(() => q.query(text, params)) });
    const client: PostgresClient = {
      query: (text, params) => faulty(() => db.query(text, params)),
      transaction: (fn) => db.transaction((tx) => fn(wrap(tx as unknown as SqlQueryable))),
    };
    const prefix = 'chaos-lite';
    const store = createPostgresOrderStore(client, { tablePrefix: 'chaos_' });
    await store.migrate();
    const workload = chaosWorkload({ prefix, orders: 100, perOrder: 50, seed: SEED });
    for (const order of workload.orders) expect(await store.insert(order)).toBe(true);

    armed = true;
    const queue = queueOf(workload.deliveries);
    let attempts = 0;
    let redelivered = 0;
    const errors = new Set<string>();
    let drainRetries = 0;
    const worker = async () => {
      for (let delivery = queue.shift(); delivery; delivery = queue.shift()) {
        try {
          // Awaited first: `attempts += await ...` would read the counter before the wait and lose updates.
          const outcome = await applyWithRetry(store, delivery.key, delivery.event, { defer: true, dispatch: CHAOS_OPTIONS, maxAttempts: 100 });
          attempts += outcome.attempts;
        } catch (error) {
          // The worker lives on; the event goes back to the queue, as a message queue redelivers it.
          errors.add(String(error).slice(0, 160));
          redelivered++;
          queue.push(delivery);
        }
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));
    const drain = async () => {
      for (;;) {
        try {
          if ((await store.releaseDue({ now: DRAIN_AT, dispatch: CHAOS_OPTIONS })).length === 0) return;
        } catch {
          // A drain transaction that died: nothing was released by it; drain again.
          drainRetries++;
        }
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, drain));
    armed = false;

    const figures = await checkChaos(store, workload, await releasedCounts(client, store, prefix));
    console.log(
      `fault test (PGlite): ${workload.deliveries.length} events (${queueOf(workload.deliveries).length} deliveries) on ${workload.orders.length} orders, ` +
        `${WORKERS} workers, ${faults} statements failed, ${attempts} attempts, ${redelivered} redeliveries, ${drainRetries} drain retries, ${figures.applied} applied, ${figures.auditRows} audit rows` +
        (errors.size > 0 ? `; errors that made a worker hand an event back: ${[...errors].join(' | ')}` : ''),
    );
    expect(faults).toBeGreaterThan(50);
    await db.close();
  });
});

describe.runIf(Boolean(process.env.DATABASE_URL))(
  'the fault test on a PostgreSQL server: 8 worker processes, backends terminated, one restart',
  { timeout: 900_000 },
  () => {
    it('ends with every record as the stream applied alone, gapless, each deferred action released once, no worker crashed', async () => {
      const prefix = `chaos-${Date.now().toString(36)}`;
      const tablePrefix = `osm_c${Date.now().toString(36)}_`;
      const admin = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
      admin.on('error', () => {});
      const store = createPostgresOrderStore(admin, { tablePrefix });
      await store.migrate();
      const workload = chaosWorkload({ prefix, orders: 100, perOrder: 50, seed: SEED });
      for (const order of workload.orders) expect(await store.insert(order)).toBe(true);

      const queue = queueOf(workload.deliveries).map((delivery, n) => ({ n, delivery }));
      const total = queue.length;
      const pending = new Set(queue.map((q) => q.n));
      let redelivered = 0;
      let attempts = 0;
      let kills = 0;
      let restarted = false;
      const crashes: string[] = [];
      const next = random(SEED);

      const workerPath = fileURLToPath(new URL('./support/chaos-worker.ts', import.meta.url));
      const children: ChildProcess[] = [];
      const inFlight = new Map<ChildProcess, { n: number; delivery: ChaosDelivery }>();
      let stopping = false;
      let lastProgress = Date.now();
      const allDone = new Promise<void>((resolve, reject) => {
        const give = (child: ChildProcess) => {
          const job = queue.shift();
          if (job) {
            inFlight.set(child, job);
            child.send({ kind: 'apply', n: job.n, delivery: job.delivery });
          } else if (pending.size === 0) resolve();
          else setTimeout(() => give(child), 20);
        };
        // No event acknowledged for a minute: something hangs; say what is left rather than wait forever.
        const watchdog = setInterval(() => {
          if (pending.size === 0) clearInterval(watchdog);
          else if (Date.now() - lastProgress > 60_000) {
            clearInterval(watchdog);
            reject(
              new Error(
                `no progress for 60 s: ${pending.size} events pending, ${queue.length} queued, ${inFlight.size} in flight, crashes: ${crashes.join('; ')}`,
              ),
            );
          }
        }, 1000);
        for (let i = 0; i < WORKERS; i++) {
          const child = fork(workerPath, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, CHAOS_PREFIX: tablePrefix }, stdio: 'inherit' });
          children.push(child);
          child.on('exit', (code, signal) => {
            if (stopping) return;
            crashes.push(`worker ${i} exited with ${code ?? signal}`);
            // Its event goes to another worker: the test then fails on the crash, not on a hang.
            const job = inFlight.get(child);
            if (job) queue.push(job);
            inFlight.delete(child);
          });
          child.on('message', (message: { kind: string; n?: number; attempts?: number }) => {
            if (message.kind === 'done') {
              pending.delete(message.n!);
              attempts += message.attempts ?? 0;
              lastProgress = Date.now();
            } else if (message.kind === 'failed') {
              redelivered++;
              const job = inFlight.get(child);
              if (job) queue.push(job);
            }
            inFlight.delete(child);
            if (message.kind === 'ready' || message.kind === 'done' || message.kind === 'failed') give(child);
          });
        }
      });

      // Backends of the workers terminated at random, and the server restarted once half the events are in.
      const killer = setInterval(async () => {
        try {
          if (!restarted && process.env.OSM_PG_RESTART && pending.size < total / 2) {
            restarted = true;
            execSync(process.env.OSM_PG_RESTART, { stdio: 'ignore' });
            return;
          }
          if (kills >= 120 || next() > 0.5) return;
          const { rows } = await admin.query(`SELECT pid FROM pg_stat_activity WHERE application_name = 'osm-chaos'`);
          const victim = rows[Math.floor(next() * rows.length)] as { pid: number } | undefined;
          if (victim) {
            await admin.query('SELECT pg_terminate_backend($1)', [victim.pid]);
            kills++;
          }
        } catch {
          // The admin connection may die with the restart: the next tick reconnects.
        }
      }, 25);
      await allDone;
      clearInterval(killer);

      // Two workers drain the outbox at once.
      const drained = children.slice(0, 2).map(
        (child) =>
          new Promise<void>((resolve) => {
            const onMessage = (message: { kind: string }) => {
              if (message.kind === 'drained') {
                child.off('message', onMessage);
                resolve();
              } else if (message.kind === 'failed') child.send({ kind: 'drain' });
            };
            child.on('message', onMessage);
            child.send({ kind: 'drain' });
          }),
      );
      await Promise.all(drained);
      stopping = true;
      for (const child of children) child.send({ kind: 'stop' });
      await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.on('exit', resolve)))));

      expect(crashes).toEqual([]);
      const figures = await checkChaos(store, workload, await releasedCounts(admin, store, prefix));
      console.log(
        `fault test (PostgreSQL server): ${workload.deliveries.length} events (${total} deliveries) on ${workload.orders.length} orders, ` +
          `${WORKERS} worker processes, ${kills} backends terminated, restart: ${restarted ? 'yes' : 'no (OSM_PG_RESTART unset)'}, ` +
          `${attempts} attempts, ${redelivered} redeliveries, ${figures.applied} applied, ${figures.auditRows} audit rows`,
      );
      expect(kills).toBeGreaterThan(10);
      for (const table of ['outbox', 'audit', 'orders', 'schema']) await admin.query(`DROP TABLE IF EXISTS ${tablePrefix}${table}`);
      await admin.end();
    });
  },
);
