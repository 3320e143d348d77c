/**
 * The PostgreSQL store against an embedded PGlite (always) and a PostgreSQL server (when DATABASE_URL is
 * set, as `.ci/run` does). One database per backend for the whole file: PGlite takes seconds to boot.
 */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOrder, isOrderMachineError } from 'order-status-machine';
import { applyWithRetry, orderKeyOf, type OrderKey } from 'order-status-machine';
import {
  createPostgresOrderStore,
  inTransaction,
  isRetryableSqlError,
  type PostgresClient,
  type PostgresOrderStore,
  type SqlQueryable,
} from 'order-status-machine/postgres';
import {
  BOTH_VOCABULARIES,
  concurrentWorkersScenario,
  faultScenario,
  outboxDrainScenario,
  twoVocabulariesScenario,
} from './support/store-scenarios.js';

// Both drivers fit the client interface as they are: no adapter code in the caller.
const _pgliteFits = (db: PGlite): PostgresClient => db;
const _poolFits = (pool: pg.Pool): PostgresClient => pool;
void _pgliteFits;
void _poolFits;

/** The same client, armed to throw once inside a save transaction, after the order row was written. */
function faultyClient(client: PostgresClient) {
  let armed: RegExp | undefined;
  const wrap = (q: SqlQueryable): SqlQueryable => ({
    async query(text, params) {
      if (armed?.test(text)) {
        armed = undefined;
        throw new Error('simulated crash inside the save transaction');
      }
      return q.query(text, params);
    },
  });
  const faulty: PostgresClient = {
    query: (text, params) => client.query(text, params),
    ...(client.transaction
      ? { transaction: <T>(fn: (tx: SqlQueryable) => Promise<T>) => client.transaction!((tx) => fn(wrap(tx))) }
      : {
          connect: async () => {
            const connection = await client.connect!();
            return Object.assign(wrap(connection), { release: (error?: Error | boolean) => connection.release(error) });
          },
        }),
  };
  return {
    client: faulty,
    arm(stage: 'audit' | 'outbox') {
      armed = stage === 'audit' ? /^\s*INSERT INTO \w+audit/ : /^\s*INSERT INTO \w+outbox/;
    },
  };
}

const v0Fixture = readFileSync(new URL('./fixtures/records/bare-snapshot-v0.json', import.meta.url), 'utf8');

function suite(name: string, open: () => Promise<{ client: PostgresClient; prefix: string; close: () => Promise<void> }>) {
  describe(name, { timeout: 120_000 }, () => {
    let client: PostgresClient;
    let store: PostgresOrderStore;
    let prefix: string;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ client, prefix, close } = await open());
      store = createPostgresOrderStore(client, { tablePrefix: prefix });
      await store.migrate();
    }, 120_000);

    afterAll(async () => {
      await close?.();
    });

    const count = async (table: string) => Number(((await client.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0] as { n: number }).n);

    it('creates its tables idempotently, even when several workers migrate at once', async () => {
      await Promise.all([store.migrate(), store.migrate(), createPostgresOrderStore(client, { tablePrefix: prefix }).migrate()]);
      const { rows } = await client.query(`SELECT version FROM ${store.tables.schema}`);
      // Layout 2 adds the outbox's `error` column (actions set aside).
      expect(rows).toEqual([{ version: 2 }]);
    });

    it('loads what it stored, and refuses a second insert of the same order', async () => {
      const order = createOrder({ orderId: 'PG-1', marketplace: 'cdiscount', deliveryMode: 'TRK', createdAt: '2024-02-21T18:00:00Z' });
      expect(await store.insert(order)).toBe(true);
      expect(await store.insert(order)).toBe(false);
      expect(await store.load(orderKeyOf(order))).toEqual(order);
      expect(await store.load({ marketplace: 'fnac', orderId: 'PG-1' })).toBeUndefined();
    });

    it('refuses a save from a stale revision with CONFLICT and writes none of it', async () => {
      const order = createOrder({ orderId: 'PG-2', marketplace: 'cdiscount', createdAt: '2024-02-21T18:00:00Z' });
      await store.insert(order);
      const key = orderKeyOf(order);
      expect((await applyWithRetry(store, key, { type: 'ACCEPT', at: '2024-02-21T18:10:00Z' })).outcome).toBe('applied');
      const error = await store.save({ expectedRevision: 0, order: { ...order, revision: 1 }, audit: [] }).catch((e: unknown) => e);
      expect(isOrderMachineError(error) && error.code).toBe('CONFLICT');
      expect((await store.load(key))!.status).toBe('AcceptedBySeller');
    });

    it('keeps legacy and Octopia orders in one table when given both lifecycles; a default store over it refuses the Octopia row', async () => {
      const both = createPostgresOrderStore(client, { tablePrefix: prefix, lifecycles: BOTH_VOCABULARIES });
      await twoVocabulariesScenario(both, store, 'pg-vocab');
    });

    it('applies every accepted event exactly once with 8 workers: no lost update, gapless revisions, one audit row per attempt', async () => {
      const { attempts, deliveries } = await concurrentWorkersScenario(store, { prefix: 'pg', workers: 8, seed: 7 });
      expect(attempts).toBeGreaterThan(deliveries);
    });

    it('leaves record, audit and outbox as they were when a save fails inside its transaction; the retry applies once', async () => {
      const faulty = faultyClient(client);
      const failing = createPostgresOrderStore(faulty.client, { tablePrefix: prefix });
      await faultScenario(store, { store: failing, arm: faulty.arm }, 'pg');
    });

    it('lets several workers drain the outbox at once without releasing an action twice', async () => {
      await outboxDrainScenario(store, { prefix: 'pg', drainers: 4 });
      const { rows } = await client.query(
        `SELECT key, count(*)::int AS n FROM ${store.tables.outbox} WHERE released_at IS NOT NULL GROUP BY key HAVING count(*) > 1`,
      );
      expect(rows).toEqual([]);
    });

    describe('corrupt rows give INVALID_RECORD, never a crash', () => {
      const key: OrderKey = { marketplace: 'cdiscount', orderId: 'PG-CORRUPT' };

      const fresh = () => createOrder({ ...key, deliveryMode: 'TRK', createdAt: '2024-02-21T18:00:00Z' });

      beforeAll(async () => {
        await store.insert(fresh());
      });

      // Each case starts from a sound row.
      beforeEach(async () => {
        await client.query(
          `UPDATE ${store.tables.orders} SET record = $3::jsonb, revision = 0, status = $4 WHERE marketplace = $1 AND order_id = $2`,
          [key.marketplace, key.orderId, JSON.stringify(fresh()), fresh().status],
        );
      });

      async function corrupt(sql: string): Promise<string> {
        await client.query(`UPDATE ${store.tables.orders} SET ${sql} WHERE marketplace = $1 AND order_id = $2`, [key.marketplace, key.orderId]);
        const auditBefore = await count(store.tables.audit);
        const error = await store.load(key).catch((e: unknown) => e);
        expect(isOrderMachineError(error) && error.code).toBe('INVALID_RECORD');
        // A worker meeting the row stops with the same error and writes nothing.
        await expect(applyWithRetry(store, key, { type: 'ACCEPT', at: '2024-02-21T18:10:00Z' })).rejects.toMatchObject({ code: 'INVALID_RECORD' });
        expect(await count(store.tables.audit)).toBe(auditBefore);
        return (error as Error).message;
      }

      it('an unknown status', async () => {
        expect(await corrupt(`record = jsonb_set(record, '{status}', '"Teleported"')`)).toContain('status: "Teleported" is not an order status');
      });

      it('a copy of the identity in the context', async () => {
        expect(await corrupt(`record = jsonb_set(record, '{context,orderId}', '"PG-OTHER"')`)).toContain(
          'context.orderId: must not be in the context',
        );
      });

      it('a future schema version', async () => {
        expect(await corrupt(`record = jsonb_set(record, '{schemaVersion}', '3')`)).toContain('schemaVersion: is 3, newer than 2');
      });

      it('truncated JSON text stored in the column', async () => {
        expect(await corrupt(`record = to_jsonb(left(record::text, 40))`)).toContain('is not valid JSON');
      });

      it('a revision column that disagrees with the record', async () => {
        expect(await corrupt(`revision = 5`)).toContain('revision: is 0 in the record but 5 in the row');
      });

      // Issue 11: a record copied onto another order's row loaded as that order, and was saved over it.
      it("another order's record, same revision", async () => {
        expect(await corrupt(`record = jsonb_set(record, '{orderId}', '"PG-OTHER"')`)).toContain('orderId: is "PG-OTHER" in the record but');
      });

      it('a record of another marketplace', async () => {
        expect(await corrupt(`record = jsonb_set(record, '{marketplace}', '"fnac"')`)).toContain(
          'marketplace: is "fnac" in the record but "cdiscount" in the row',
        );
      });

      it('a status column that disagrees with the record', async () => {
        expect(await corrupt(`status = 'Shipped'`)).toContain('status: is "WaitingForSellerAcceptation" in the record but "Shipped" in the row');
      });

      it('and the row reads again once repaired', async () => {
        expect((await store.load(key))!.status).toBe('WaitingForSellerAcceptation');
      });
    });

    // Issue 11: one bad outbox row was claimed again after every failure, so nothing behind it was released,
    // and pendingActions() threw the same error.
    it('sets a poison outbox row aside, marked failed with why, and releases the rest', async () => {
      const good = createOrder({ orderId: 'PG-POISON-OK', marketplace: 'cdiscount', status: 'Shipped', createdAt: '2024-02-21T18:00:00Z' });
      const corruptOrder = createOrder({ orderId: 'PG-POISON-BAD', marketplace: 'cdiscount', status: 'Shipped', createdAt: '2024-02-21T18:00:00Z' });
      await store.insert(good);
      await store.insert(corruptOrder);
      await client.query(`UPDATE ${store.tables.orders} SET record = jsonb_set(record, '{status}', '"Teleported"') WHERE order_id = 'PG-POISON-BAD'`);
      const refund = { type: 'REFUND', at: '2024-02-21T19:30:00.000Z', id: 'poison-refund', amount: 1 };
      // Oldest first: an event stored as a JSON string, then an order row that cannot be read, then a sound one.
      await client.query(
        `INSERT INTO ${store.tables.outbox} (key, marketplace, order_id, event, not_before) VALUES
           ('poison-1', 'cdiscount', 'PG-POISON-STRING', to_jsonb('{"type":'::text), '2024-02-21T22:00:00Z'),
           ('poison-2', 'cdiscount', 'PG-POISON-BAD', $1::jsonb, '2024-02-21T22:00:00Z'),
           ('poison-3', 'cdiscount', 'PG-POISON-OK', $1::jsonb, '2024-02-21T22:00:00Z')`,
        [JSON.stringify(refund)],
      );
      const pending = await store.pendingActions();
      expect(pending.map((a) => a.key)).toContain('poison-3');
      expect(pending.map((a) => a.key)).not.toContain('poison-1');
      const reports = (await store.releaseDue({ now: '2024-02-21T22:00:00Z' })).filter((r) => r.action.key.startsWith('poison-'));
      expect(reports.map((r) => [r.action.key, r.outcome, r.error?.code])).toEqual([
        ['poison-1', 'failed', 'INVALID_RECORD'],
        ['poison-2', 'failed', 'INVALID_RECORD'],
        ['poison-3', 'applied', undefined],
      ]);
      // What an operator queries (docs/persistence): the actions set aside, and why.
      const { rows } = await client.query(
        `SELECT key, error FROM ${store.tables.outbox} WHERE outcome = 'failed' AND key LIKE 'poison-%' ORDER BY sequence`,
      );
      expect((rows as { key: string; error: string }[]).map((r) => [r.key, r.error.includes('INVALID') || r.error.includes('Invalid')])).toEqual([
        ['poison-1', true],
        ['poison-2', true],
      ]);
      expect((await store.load(orderKeyOf(good)))?.context.refunds).toHaveLength(1);
      expect((await store.pendingActions()).filter((a) => a.key.startsWith('poison-'))).toEqual([]);
    });

    it('reads a row written in layout 0 and writes it back in the current layout on the next change', async () => {
      const raw = JSON.parse(v0Fixture);
      raw.context.orderId = 'PG-V0';
      await client.query(
        `INSERT INTO ${store.tables.orders} (marketplace, order_id, revision, status, schema_version, record, updated_at)
         VALUES ('cdiscount', 'PG-V0', 6, 'Shipped', 0, $1::jsonb, now())`,
        [JSON.stringify(raw)],
      );
      const key = { marketplace: 'cdiscount', orderId: 'PG-V0' };
      expect((await store.load(key))!.context.shipment?.trackingNumber).toBe('6A00000000007');
      await applyWithRetry(store, key, { type: 'REFUND', at: '2023-11-21T09:00:00Z', id: 'refund-8', amount: 2 });
      const { rows } = await client.query(
        `SELECT schema_version, record->'schemaVersion' AS v, revision FROM ${store.tables.orders} WHERE order_id = 'PG-V0'`,
      );
      expect(rows).toEqual([{ schema_version: 2, v: 2, revision: 7 }]);
    });
  });
}

suite('Postgres store on PGlite', async () => {
  const db = new PGlite();
  return { client: db, prefix: 'osm_', close: () => db.close() };
});

describe.runIf(Boolean(process.env.DATABASE_URL))('with DATABASE_URL', () => {
  suite('Postgres store on a PostgreSQL server (pg Pool)', async () => {
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
    // A fresh prefix per run: the server may be shared; the tables are dropped after.
    const prefix = `osm_t${Date.now().toString(36)}_`;
    return {
      client: pool,
      prefix,
      close: async () => {
        for (const table of ['outbox', 'audit', 'orders', 'schema']) await pool.query(`DROP TABLE IF EXISTS ${prefix}${table}`);
        await pool.end();
      },
    };
  });
});

describe('a connection that fails before anyone listens', () => {
  // Issue 11, found by the fault test: a backend terminated just as the pool hands out a new connection emits
  // 'error' on it after the pool stopped listening and before the caller could start: the worker process died.
  it('never ends the process: every connection the pool makes listens from birth', () => {
    const pool = Object.assign(new EventEmitter(), { query: async () => ({ rows: [] }), connect: async () => ({}) as never });
    createPostgresOrderStore(pool as unknown as PostgresClient);
    createPostgresOrderStore(pool as unknown as PostgresClient);
    const connection = new EventEmitter();
    pool.emit('connect', connection);
    expect(connection.listenerCount('error')).toBe(1);
    expect(() => connection.emit('error', new Error('terminating connection due to administrator command'))).not.toThrow();
  });
});

describe.runIf(Boolean(process.env.DATABASE_URL))('a connection killed inside a transaction (pg Pool on a PostgreSQL server)', () => {
  // Issue 11: a backend terminated between two statements made pg emit 'error' on the checked-out client,
  // which nobody heard: the worker process ended. Now the transaction fails with a retryable error.
  it('fails the transaction with a retryable error instead of crashing the worker, and the pool goes on', async () => {
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
    // Idle clients of a pool report errors on the pool: the docs' worker listens there too.
    pool.on('error', () => {});
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    try {
      const error = await inTransaction(pool, async (tx) => {
        const { rows } = await tx.query('SELECT pg_backend_pid() AS pid');
        await admin.query('SELECT pg_terminate_backend($1)', [(rows[0] as { pid: number }).pid]);
        // Between two statements: the server's goodbye arrives while no query runs.
        await new Promise((resolve) => setTimeout(resolve, 300));
        await tx.query('SELECT 1');
      }).catch((caught: unknown) => caught);
      expect(isRetryableSqlError(error)).toBe(true);
      expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await admin.end();
      await pool.end();
    }
  });
});
