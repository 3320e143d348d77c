/**
 * The example's database: an embedded PGlite by default (nothing to install), or the PostgreSQL server at
 * DATABASE_URL through a `pg` Pool. Either one is handed to the store as is.
 */
import type { PostgresClient } from 'order-status-machine/postgres';

export interface ExampleDatabase {
  readonly client: PostgresClient;
  readonly label: string;
  /** Table prefix of this example: its own tables, dropped at the start of each run on a server. */
  readonly prefix: string;
  close(): Promise<void>;
}

export async function openDatabase(): Promise<ExampleDatabase> {
  const prefix = 'osm_example_';
  const url = process.env.DATABASE_URL;
  if (url) {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: url, max: 8 });
    // A clean slate for the demo: only this example's own tables.
    for (const table of ['outbox', 'audit', 'orders', 'schema']) await pool.query(`DROP TABLE IF EXISTS ${prefix}${table}`);
    return { client: pool, label: `PostgreSQL server (${new URL(url).host})`, prefix, close: () => pool.end() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite();
  return { client: db, label: 'PGlite (embedded, in memory)', prefix, close: () => db.close() };
}
