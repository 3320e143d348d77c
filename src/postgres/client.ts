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
  /** `pg` emits `'error'` on a checked-out connection whose backend died: unheard, it ends the process. */
  on?(event: 'error', listener: (error: Error) => void): unknown;
  removeListener?(event: 'error', listener: (error: Error) => void): unknown;
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

const guarded = new WeakSet<object>();
const ignore = () => {};

/**
 * Makes a pg Pool's connections never end the process with an unhandled `'error'` event. A backend terminated
 * just as a new connection is handed out (its "ready" and the server's goodbye read in one go) emits `'error'`
 * after the pool stopped listening and before any caller could: every connection the pool makes gets a
 * listener of its own from birth. The pool still drops the broken connection, and the failed statement still
 * fails. Does nothing for PGlite or a client without events.
 *
 * @example guardPool(pool) // createPostgresOrderStore does it for the pool it is given
 */
export function guardPool(client: PostgresClient): void {
  const pool = client as { on?: (event: string, listener: (connection: { on?: (event: string, l: () => void) => void }) => void) => void };
  if (typeof pool.on !== 'function' || guarded.has(client)) return;
  guarded.add(client);
  pool.on('connect', (connection) => connection.on?.('error', ignore));
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
  // A backend terminated between two statements makes pg emit 'error' on this connection: heard here, it is
  // a failed transaction (and a connection the pool must destroy), not a crash of the worker.
  const onError = (error: Error) => {
    broken ??= error;
  };
  connection.on?.('error', onError);
  let committing = false;
  try {
    await connection.query('BEGIN');
    const result = await fn(connection);
    committing = true;
    await connection.query('COMMIT');
    return result;
  } catch (error) {
    // When the connection itself failed, its error says why (the query's only says it could not run).
    const thrown: unknown = broken ?? error;
    // The connection lost during COMMIT, the transaction may have committed: retrying could apply an id-less
    // event twice. (A serialization failure at COMMIT was rolled back: that one is retried.)
    if (committing && (broken !== undefined || isConnectionLoss(error)) && typeof thrown === 'object' && thrown !== null) {
      outcomeUnknown.add(thrown);
    }
    if (broken === undefined) {
      try {
        await connection.query('ROLLBACK');
      } catch (rollbackError) {
        // A connection that cannot roll back is destroyed by the pool, not reused.
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
    }
    throw thrown;
  } finally {
    connection.removeListener?.('error', onError);
    connection.release(broken);
  }
}

/**
 * SQLSTATEs after which the same work may succeed when retried from the load: serialization failure and
 * deadlock, and a backend terminated or shut down (the transaction was rolled back with it).
 */
const RETRYABLE = new Set(['40001', '40P01', '57P01', '57P02', '57P03']);
const LOST = new Set(['57P01', '57P02', '57P03']);

// Errors of a COMMIT whose connection was lost: the outcome is unknown, so they are never "retry".
const outcomeUnknown = new WeakSet<object>();

// What pg says when the socket of a connection closes under a query (no SQLSTATE then).
const CONNECTION_LOST = /^Connection terminated/;

/**
 * Tells whether a driver error is a transient failure: a concurrency failure, or the connection lost (retry
 * from the load: an unfinished transaction was rolled back).
 * @example if (isRetryableSqlError(error)) throw conflictError
 */
export function isRetryableSqlError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || outcomeUnknown.has(error)) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return RETRYABLE.has(String(code)) || (typeof message === 'string' && CONNECTION_LOST.test(message));
}

/** The backend went away: terminated, shut down, or the socket closed under a query. */
function isConnectionLoss(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return LOST.has(String(code)) || (typeof message === 'string' && CONNECTION_LOST.test(message));
}
