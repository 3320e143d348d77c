/**
 * PostgreSQL order store: `order-status-machine/postgres`. Takes a client (a `pg` Pool or an embedded PGlite
 * instance) and imports no driver: `pg` and `@electric-sql/pglite` are optional peers.
 */
import type { AuditEntry } from '../engine/audit.js';
import { OrderMachineError, isOrderMachineError } from '../lifecycle/errors.js';
import type { DispatchOptions } from '../engine/dispatch.js';
import type { OrderRecord as AnyOrderRecord } from '../engine/record.js';
import type { OrderEvent, OrderRecord } from '../lifecycles/default.js';
import type { DeferredAction } from '../maintenance/outbox.js';
import { invalidRecord } from '../persistence/invalid-record.js';
import {
  assertChange,
  drainInstant,
  orderKeyOf,
  releaseLimit,
  replayDeferred,
  type OrderChange,
  type OrderKey,
  type OrderStore,
  type OrderStoreOptions,
  type ReleaseReport,
  type StoredAuditEntry,
} from '../persistence/store.js';
import { storedLifecycles, type RecordsOf, type StoredLifecycle, type StoredLifecycles } from '../persistence/stored-lifecycles.js';
import { guardPool, inTransaction, isRetryableSqlError, type PostgresClient, type SqlQueryable } from './client.js';
import { migratePostgres, tablesFor, type PostgresTables } from './schema.js';

export { inTransaction, isRetryableSqlError, type PooledConnection, type PostgresClient, type SqlQueryable, type SqlResult } from './client.js';
export { tablesFor, type PostgresTables } from './schema.js';

/** Options of {@link createPostgresOrderStore}: the table prefix, and the lifecycles whose records it keeps. */
export interface PostgresOrderStoreOptions<L extends readonly StoredLifecycle<string>[] = readonly StoredLifecycle<string>[]>
  extends OrderStoreOptions<L> {
  /** Prefix of the store's table names (default `osm_`): several stores can share one database. */
  readonly tablePrefix?: string | undefined;
}

/** An {@link OrderStore} on PostgreSQL, with the function that creates its tables. */
export interface PostgresOrderStore<R extends AnyOrderRecord = OrderRecord> extends OrderStore<R> {
  /** Creates or upgrades the tables: idempotent, safe to call from every worker at start. */
  migrate(): Promise<void>;
  /** The table names, for your own queries (reports, purging released outbox rows). */
  readonly tables: PostgresTables;
}

interface OrderRow {
  marketplace: string;
  order_id: string;
  status: string;
  revision: number;
  record: unknown;
}

interface OutboxRow {
  sequence: string;
  key: string;
  marketplace: string;
  order_id: string;
  event: unknown;
  not_before_ms: number;
}

const conflict = (key: OrderKey, expected: number, actual: number | undefined) =>
  new OrderMachineError(
    'CONFLICT',
    `Order ${key.marketplace}/${key.orderId} is at revision ${actual ?? '(missing)'}, not ${expected}: it changed since it was loaded; reload and retry`,
    [{ path: ['revision'], message: `expected ${expected}, found ${actual ?? 'no record'}` }],
  );

const isoOf = (ms: number) => new Date(ms).toISOString();
// Text JSON for `$n::jsonb`: both drivers pass a string through unchanged.
const json = (value: unknown) => JSON.stringify(value);

/** A row's record, checked against the row's own revision column (a hand edit of one but not the other). */
/**
 * The record of a row, trusted only when it belongs to that row: a record copied onto another order's row
 * (same revision) would otherwise be loaded, and saved, as that order.
 */
function restoreRow(lifecycles: StoredLifecycles, row: OrderRow): AnyOrderRecord {
  const order = lifecycles.restore(row.record);
  const columns = [
    ['marketplace', order.marketplace, row.marketplace],
    ['orderId', order.orderId, row.order_id],
    ['status', order.status, row.status],
    ['revision', order.revision, Number(row.revision)],
  ] as const;
  const issues = columns
    .filter(([, inRecord, inRow]) => inRecord !== inRow)
    .map(([field, inRecord, inRow]) => ({
      path: [field],
      message: `is ${JSON.stringify(inRecord)} in the record but ${JSON.stringify(inRow)} in the row`,
    }));
  if (issues.length > 0) throw invalidRecord(issues);
  return order;
}

/**
 * The deferred action of an outbox row, its event checked by the lifecycles given (the order's own when
 * known, else any the store keeps); `INVALID_RECORD` naming `event` when the row holds no valid event.
 */
function actionOf(row: OutboxRow, lifecycles: readonly StoredLifecycle[]): DeferredAction {
  let raw: unknown = row.event;
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch {
      throw invalidRecord([{ path: ['event'], message: 'is not valid JSON' }], `outbox row ${row.sequence}`);
    }
  }
  const parsed = lifecycles.map((lifecycle) => lifecycle.eventSchema.safeParse(raw)).find((result) => result.success);
  if (!parsed) throw invalidRecord([{ path: ['event'], message: 'is not a valid order event' }], `outbox row ${row.sequence}`);
  return {
    key: row.key,
    marketplace: row.marketplace,
    orderId: row.order_id,
    event: parsed.data as OrderEvent,
    notBefore: isoOf(Number(row.not_before_ms)),
    sequence: Number(row.sequence),
  };
}

/** What a report can say of an action whose row cannot be read: its identity, and the event as stored. */
function rawActionOf(row: OutboxRow): DeferredAction {
  return {
    key: row.key,
    marketplace: row.marketplace,
    orderId: row.order_id,
    event: row.event as OrderEvent,
    notBefore: isoOf(Number(row.not_before_ms)),
    sequence: Number(row.sequence),
  };
}

/**
 * An {@link OrderStore} on PostgreSQL (a server through a `pg` Pool, or PGlite embedded). Call
 * `await store.migrate()` once before use.
 * - `save` checks the revision in the same statement that writes (`UPDATE ... WHERE revision = $expected`),
 *   and appends the audit entries and deferred actions in the same transaction: all or nothing.
 * - `releaseDue` lets several workers drain the outbox at once: each transaction claims the oldest pending
 *   action of an order with `FOR UPDATE SKIP LOCKED` (only an order's first pending action is eligible, so
 *   one order's actions replay in arrival order), locks the order, replays, and stamps the action released,
 *   in one commit: an action is never released twice.
 *
 * @example
 * import { PGlite } from '@electric-sql/pglite';
 * import { createPostgresOrderStore } from 'order-status-machine/postgres';
 * const store = createPostgresOrderStore(new PGlite()); // or new pg.Pool({ connectionString })
 * await store.migrate();
 * await store.insert(order);
 * await applyWithRetry(store, orderKeyOf(order), { type: 'ACCEPT', at: new Date() }, { defer: true });
 */
export function createPostgresOrderStore<const L extends readonly StoredLifecycle<string>[]>(
  client: PostgresClient,
  options: PostgresOrderStoreOptions<L> & { readonly lifecycles: L },
): PostgresOrderStore<RecordsOf<L>>;
export function createPostgresOrderStore(client: PostgresClient, options?: PostgresOrderStoreOptions): PostgresOrderStore;
export function createPostgresOrderStore(client: PostgresClient, options: PostgresOrderStoreOptions = {}): PostgresOrderStore<AnyOrderRecord> {
  const lifecycles = storedLifecycles(options.lifecycles);
  guardPool(client);
  const t = tablesFor(options.tablePrefix);
  const selectOrder = `SELECT marketplace, order_id, status, revision, record FROM ${t.orders} WHERE marketplace = $1 AND order_id = $2`;

  // The database's own "try again" failures (a serialization failure, a connection lost with nothing
  // committed) become CONFLICT, like a lost revision race: the caller reloads and retries.
  const retryable = (error: unknown) =>
    isRetryableSqlError(error)
      ? new OrderMachineError('CONFLICT', `Concurrent update refused by PostgreSQL (${(error as Error).message}); reload and retry`)
      : error;

  async function transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
    try {
      return await inTransaction(client, fn);
    } catch (error) {
      throw retryable(error);
    }
  }

  /** One statement outside a transaction (a read, or an insert that is all or nothing by itself). */
  async function statement(text: string, params?: unknown[]) {
    try {
      return await client.query(text, params);
    } catch (error) {
      throw retryable(error);
    }
  }

  async function appendAudit(tx: SqlQueryable, key: OrderKey, revision: number, entries: readonly AuditEntry[]) {
    if (entries.length === 0) return;
    await tx.query(
      `INSERT INTO ${t.audit} (marketplace, order_id, revision, event_type, event_id, outcome, entry)
       SELECT $1, $2, $3, e->>'eventType', e->>'eventId', e->>'outcome', e
       FROM jsonb_array_elements($4::jsonb) WITH ORDINALITY AS a(e, n) ORDER BY n`,
      [key.marketplace, key.orderId, revision, json(entries)],
    );
  }

  async function writeOrder(tx: SqlQueryable, order: AnyOrderRecord, expectedRevision: number): Promise<boolean> {
    if (order.revision === expectedRevision) {
      // Unchanged (refused, duplicate): still check the revision, so a verdict on a stale record is retried.
      const { rows } = await tx.query(`SELECT 1 FROM ${t.orders} WHERE marketplace = $1 AND order_id = $2 AND revision = $3 FOR SHARE`, [
        order.marketplace,
        order.orderId,
        expectedRevision,
      ]);
      return rows.length === 1;
    }
    const { rows } = await tx.query(
      `UPDATE ${t.orders}
       SET revision = $3, status = $4, schema_version = $5, record = $6::jsonb, updated_at = $7
       WHERE marketplace = $1 AND order_id = $2 AND revision = $8
       RETURNING 1`,
      [
        order.marketplace,
        order.orderId,
        order.revision,
        order.status,
        order.schemaVersion,
        lifecycles.serialize(order),
        order.updatedAt,
        expectedRevision,
      ],
    );
    return rows.length === 1;
  }

  async function currentRevision(tx: SqlQueryable, key: OrderKey): Promise<number | undefined> {
    const { rows } = await tx.query(`SELECT revision FROM ${t.orders} WHERE marketplace = $1 AND order_id = $2`, [key.marketplace, key.orderId]);
    return rows.length === 0 ? undefined : Number((rows[0] as OrderRow).revision);
  }

  async function enqueue(tx: SqlQueryable, actions: readonly DeferredAction[]) {
    if (actions.length === 0) return;
    await tx.query(
      `INSERT INTO ${t.outbox} (key, marketplace, order_id, event, not_before)
       SELECT a->>'key', a->>'marketplace', a->>'orderId', a->'event', (a->>'notBefore')::timestamptz
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS d(a, n) ORDER BY n
       ON CONFLICT (key) WHERE released_at IS NULL DO NOTHING`,
      [json(actions)],
    );
  }

  /** One drain transaction: claims the oldest eligible action, replays it, stamps it. `undefined`: none due. */
  async function releaseOne(now: string, dispatchOptions: DispatchOptions | undefined): Promise<ReleaseReport<AnyOrderRecord> | undefined> {
    return transaction(async (tx) => {
      const claimed = await tx.query(
        `SELECT o.sequence::text AS sequence, o.key, o.marketplace, o.order_id, o.event,
                (extract(epoch FROM o.not_before) * 1000)::float8 AS not_before_ms
         FROM ${t.outbox} o
         WHERE o.released_at IS NULL AND o.not_before <= $1::timestamptz
           AND NOT EXISTS (
             SELECT 1 FROM ${t.outbox} e
             WHERE e.released_at IS NULL AND e.marketplace = o.marketplace AND e.order_id = o.order_id AND e.sequence < o.sequence)
         ORDER BY o.sequence
         LIMIT 1
         FOR UPDATE OF o SKIP LOCKED`,
        [now],
      );
      if (claimed.rows.length === 0) return undefined;
      const row = claimed.rows[0] as OutboxRow;
      const release = (outcome: ReleaseReport['outcome'], error: string | null = null) =>
        tx.query(`UPDATE ${t.outbox} SET released_at = $2::timestamptz, outcome = $3, error = $4 WHERE sequence = $1::bigint`, [
          row.sequence,
          now,
          outcome,
          error,
        ]);
      // A row that cannot be read is set aside, not claimed again and again: the rest of the outbox flows.
      const setAside = async (error: OrderMachineError): Promise<ReleaseReport<AnyOrderRecord>> => {
        await release('failed', error.message);
        return { action: rawActionOf(row), outcome: 'failed', error: { code: error.code, message: error.message } };
      };
      let action: DeferredAction;
      try {
        action = actionOf(row, lifecycles.all);
      } catch (error) {
        if (isOrderMachineError(error)) return setAside(error);
        throw error;
      }
      const found = await tx.query(`${selectOrder} FOR UPDATE`, [action.marketplace, action.orderId]);
      if (found.rows.length === 0) {
        await release('not-found');
        return { action, outcome: 'not-found' };
      }
      let order: AnyOrderRecord;
      let lifecycle: StoredLifecycle;
      try {
        order = restoreRow(lifecycles, found.rows[0] as OrderRow);
        lifecycle = lifecycles.of(order);
        // The event must be one of the order's own lifecycle, not only of some lifecycle the store keeps.
        action = actionOf(row, [lifecycle]);
      } catch (error) {
        if (isOrderMachineError(error) && error.code === 'INVALID_RECORD') return setAside(error);
        throw error;
      }
      const replay = replayDeferred(lifecycle, order, action, now, dispatchOptions);
      if (replay.outcome === 'overdue') {
        await release('overdue');
        return { action, outcome: 'overdue', deadline: replay.deadline };
      }
      // The order row is locked: the revision check cannot fail here.
      if (!(await writeOrder(tx, replay.result.order, order.revision))) throw conflict(action, order.revision, undefined);
      await appendAudit(tx, action, replay.result.order.revision, [replay.result.audit]);
      if (replay.notBefore !== undefined) {
        await tx.query(`UPDATE ${t.outbox} SET not_before = $2::timestamptz WHERE sequence = $1::bigint`, [row.sequence, replay.notBefore]);
      } else {
        await release(replay.outcome);
      }
      return { action, outcome: replay.outcome, result: replay.result };
    });
  }

  return {
    tables: t,
    lifecycles: lifecycles.all,

    async migrate() {
      await migratePostgres(client, t);
    },

    async load(key) {
      const { rows } = await statement(selectOrder, [key.marketplace, key.orderId]);
      return rows.length === 0 ? undefined : restoreRow(lifecycles, rows[0] as OrderRow);
    },

    async insert(order) {
      const text = lifecycles.serialize(order);
      const { rows } = await statement(
        `INSERT INTO ${t.orders} (marketplace, order_id, revision, status, schema_version, record, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
         ON CONFLICT (marketplace, order_id) DO NOTHING
         RETURNING 1`,
        [order.marketplace, order.orderId, order.revision, order.status, order.schemaVersion, text, order.updatedAt],
      );
      return rows.length === 1;
    },

    async save(change: OrderChange<AnyOrderRecord>) {
      assertChange(change);
      const key = orderKeyOf(change.order);
      await transaction(async (tx) => {
        if (!(await writeOrder(tx, change.order, change.expectedRevision))) {
          throw conflict(key, change.expectedRevision, await currentRevision(tx, key));
        }
        await appendAudit(tx, key, change.order.revision, change.audit);
        await enqueue(tx, change.defer ?? []);
      });
    },

    async auditLog(key) {
      const { rows } = await statement(`SELECT revision, entry FROM ${t.audit} WHERE marketplace = $1 AND order_id = $2 ORDER BY id`, [
        key.marketplace,
        key.orderId,
      ]);
      return (rows as { revision: number; entry: AuditEntry }[]).map(
        (row): StoredAuditEntry => ({ ...key, revision: Number(row.revision), entry: row.entry }),
      );
    },

    async pendingActions() {
      // The order's lifecycle reads its action's event (an Octopia refund's fields are not the legacy one's).
      const { rows } = await statement(
        `SELECT o.sequence::text AS sequence, o.key, o.marketplace, o.order_id, o.event,
                (extract(epoch FROM o.not_before) * 1000)::float8 AS not_before_ms, r.record->>'lifecycle' AS lifecycle
         FROM ${t.outbox} o LEFT JOIN ${t.orders} r ON r.marketplace = o.marketplace AND r.order_id = o.order_id
         WHERE o.released_at IS NULL ORDER BY o.sequence`,
      );
      // A row that cannot be read is left out (the next drain sets it aside, marked failed): never a throw.
      return (rows as (OutboxRow & { lifecycle: string | null })[]).flatMap((row) => {
        try {
          return [actionOf(row, [lifecycles.of({ lifecycle: row.lifecycle ?? undefined })])];
        } catch (error) {
          if (isOrderMachineError(error)) return [];
          throw error;
        }
      });
    },

    async releaseDue(options) {
      const now = drainInstant(options?.now);
      const limit = releaseLimit(options?.limit);
      const reports: ReleaseReport<AnyOrderRecord>[] = [];
      while (reports.length < limit) {
        const report = await releaseOne(now, options.dispatch);
        if (!report) break;
        reports.push(report);
      }
      return reports;
    },
  };
}
