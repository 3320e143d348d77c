import { OrderMachineError } from '../lifecycle/errors.js';
import { inTransaction, type PostgresClient } from './client.js';

/** The names of the store's tables, all starting with the store's prefix. */
export interface PostgresTables {
  readonly schema: string;
  readonly orders: string;
  readonly audit: string;
  readonly outbox: string;
}

const PREFIX = /^[a-z_][a-z0-9_]{0,40}$/;

/**
 * Table names for a prefix (default `osm_`). The prefix is checked, since it is spliced into SQL.
 * @example tablesFor('shop1_').orders // 'shop1_orders'
 */
export function tablesFor(prefix = 'osm_'): PostgresTables {
  if (!PREFIX.test(prefix)) {
    throw new OrderMachineError('INVALID_INPUT', `tablePrefix must match ${PREFIX} (lower-case SQL identifier), got ${JSON.stringify(prefix)}`, [
      { path: ['tablePrefix'], message: 'is not a lower-case SQL identifier prefix' },
    ]);
  }
  return { schema: `${prefix}schema`, orders: `${prefix}orders`, audit: `${prefix}audit`, outbox: `${prefix}outbox` };
}

/**
 * The database layout, one entry per version, oldest first: version `n` is reached by running entry `n - 1`.
 * Never edit a published entry; append a new one.
 */
function layoutSteps(t: PostgresTables): readonly (readonly string[])[] {
  return [
    [
      // One row per order; `revision` duplicates record.revision so the check needs no JSON.
      `CREATE TABLE IF NOT EXISTS ${t.orders} (
        marketplace text NOT NULL,
        order_id text NOT NULL,
        revision integer NOT NULL CHECK (revision >= 0),
        status text NOT NULL,
        schema_version integer NOT NULL,
        record jsonb NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (marketplace, order_id)
      )`,
      `CREATE INDEX IF NOT EXISTS ${t.orders}_status ON ${t.orders} (status)`,
      // One row per committed dispatch attempt, refused and duplicate ones included.
      `CREATE TABLE IF NOT EXISTS ${t.audit} (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        marketplace text NOT NULL,
        order_id text NOT NULL,
        revision integer NOT NULL,
        event_type text,
        event_id text,
        outcome text NOT NULL,
        entry jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX IF NOT EXISTS ${t.audit}_order ON ${t.audit} (marketplace, order_id, id)`,
      // Deferred seller actions; a released row stays, stamped, as the proof it was released once.
      `CREATE TABLE IF NOT EXISTS ${t.outbox} (
        sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        key text NOT NULL,
        marketplace text NOT NULL,
        order_id text NOT NULL,
        event jsonb NOT NULL,
        not_before timestamptz NOT NULL,
        released_at timestamptz,
        outcome text,
        deferred_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE UNIQUE INDEX IF NOT EXISTS ${t.outbox}_pending_key ON ${t.outbox} (key) WHERE released_at IS NULL`,
      `CREATE INDEX IF NOT EXISTS ${t.outbox}_pending_order ON ${t.outbox} (marketplace, order_id, sequence) WHERE released_at IS NULL`,
    ],
    [
      // An action that cannot be replayed (a corrupt event or order row) is set aside, marked `failed`, with why.
      `ALTER TABLE ${t.outbox} ADD COLUMN IF NOT EXISTS error text`,
    ],
  ];
}

/**
 * Creates or upgrades the store's tables. Idempotent, and safe when several workers start at once: the
 * steps run in one transaction under an advisory lock named after the prefix. Refuses a database laid out
 * by a newer version of the library (`INVALID_RECORD`).
 *
 * @example await migratePostgres(pool, tablesFor('osm_'));
 */
export async function migratePostgres(client: PostgresClient, t: PostgresTables): Promise<{ readonly from: number; readonly to: number }> {
  const steps = layoutSteps(t);
  return inTransaction(client, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`order-status-machine:${t.schema}`]);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${t.schema} (id integer PRIMARY KEY CHECK (id = 1), version integer NOT NULL)`);
    const { rows } = await tx.query(`SELECT version FROM ${t.schema} WHERE id = 1`);
    const from = rows.length === 0 ? 0 : Number((rows[0] as { version: unknown }).version);
    if (from > steps.length) {
      throw new OrderMachineError(
        'INVALID_RECORD',
        `Database layout ${t.schema} is at version ${from}, newer than ${steps.length}: upgrade order-status-machine`,
        [{ path: [t.schema, 'version'], message: `is ${from}, newer than ${steps.length}` }],
      );
    }
    for (const statement of steps.slice(from).flat()) await tx.query(statement);
    await tx.query(`INSERT INTO ${t.schema} (id, version) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version`, [steps.length]);
    return { from, to: steps.length };
  });
}
