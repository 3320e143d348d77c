import { OrderMachineError } from '../lifecycle/errors.js';

/** What a query returns: `pg` and PGlite both give the rows as `rows`. */
export interface SqlResult {
  readonly rows: readonly unknown[];
}

/** Anything that runs one parameterized SQL statement: a `pg` Pool, Client or PoolClient, PGlite, a PGlite transaction. */
export interface SqlQueryable {
  query(text: string, params?: unknown[]): Promise<SqlResult>;
}

/** A connection checked out of a pool (`pg`'s PoolClient): it must be released. */
export interface PooledConnection extends SqlQueryable {
  release(error?: Error | boolean): void;
}

/**
 * The database client the Postgres store takes; the adapter never imports a driver. Give one of:
 * - an embedded **PGlite** instance: it has `transaction(fn)`, used for every transaction (PGlite runs one
 *   connection; its transactions are serialized, and queries outside them wait);
 * - a **`pg` Pool**: it has `connect()`, and each transaction runs `BEGIN`/`COMMIT` on a dedicated pooled
 *   connection, released after (a single `pg` Client cannot run concurrent transactions: wrap it yourself
 *   with a `transaction(fn)` that serializes them, or use a Pool);
 * - anything else with `query` and one of `transaction(fn)` or `connect()` with the same meaning.
 *
 * Inside `transaction(fn)`, every statement goes through the `tx` given to `fn`, never through the client.
 */
export interface PostgresClient extends SqlQueryable {
  transaction?<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  connect?(): Promise<PooledConnection>;
}

/**
 * Runs `fn` in one transaction of `client`: committed when `fn` resolves, rolled back when it throws.
 *
 * @example await inTransaction(pool, async (tx) => { await tx.query('UPDATE ...'); await tx.query('INSERT ...'); });
 */
export async function inTransaction<T>(client: PostgresClient, fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
  if (typeof client.transaction === 'function') return client.transaction(fn);
  if (typeof client.connect !== 'function') {
    throw new OrderMachineError('INVALID_INPUT', 'Postgres client: expected a PGlite instance (transaction) or a pg Pool (connect)', [
      { path: ['client'], message: 'has neither transaction(fn) nor connect()' },
    ]);
  }
  const connection = await client.connect();
  if (!connection || typeof connection.release !== 'function') {
    // A pg Client's connect() opens the connection and resolves to nothing: it is not a pool.
    throw new OrderMachineError(
      'INVALID_INPUT',
      'Postgres client: connect() must resolve to a pooled connection with release(); pass a pg Pool, not a Client',
      [{ path: ['client', 'connect'], message: 'did not return a pooled connection' }],
    );
  }
  let broken: Error | undefined;
  try {
    await connection.query('BEGIN');
    const result = await fn(connection);
    await connection.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await connection.query('ROLLBACK');
    } catch (rollbackError) {
      // A connection that cannot roll back is destroyed by the pool, not reused.
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    }
    throw error;
  } finally {
    connection.release(broken);
  }
}

/** SQLSTATEs after which the same work may succeed when retried: serialization failure, deadlock. */
const RETRYABLE = new Set(['40001', '40P01']);

/**
 * Tells whether a driver error is a transient concurrency failure (retry from the load).
 * @example if (isRetryableSqlError(error)) throw conflictError
 */
export function isRetryableSqlError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && RETRYABLE.has(String((error as { code?: unknown }).code));
}
