import type { AuditEntry } from '../engine/audit.js';
import type { AcceptedDispatch, DispatchOptions, DispatchResult, RefusedDispatch } from '../engine/dispatch.js';
import type { OrderRecord as AnyOrderRecord } from '../engine/record.js';
import { checkOptions } from '../lifecycle/check-options.js';
import { OrderMachineError, describeIssues, isOrderMachineError, type ValidationIssue } from '../lifecycle/errors.js';
import type { OrderEventInput, OrderRecord } from '../lifecycles/default.js';
import { instantSchema, type InstantInput } from '../lifecycle/instant.js';
import {
  createOutbox,
  deferAction,
  releaseDue,
  replayOf,
  type DeferralLifecycle,
  type DeferredAction,
  type OutboxState,
  type OverdueAction,
} from '../maintenance/outbox.js';
import { storedLifecycles, type RecordsOf, type StoredLifecycle } from './stored-lifecycles.js';

/** The status type of a record type. */
type StatusOf<R extends AnyOrderRecord> = R['status'];

/**
 * The event `applyWithRetry` takes for a store's records: the default lifecycle's typed events for a default
 * store; for a store of other lifecycles, any event, validated at run time by the record's own lifecycle.
 */
export type StoredEventInput<R extends AnyOrderRecord = OrderRecord> = [R] extends [OrderRecord]
  ? OrderEventInput
  : { readonly type: string; readonly at: InstantInput; readonly id?: string | undefined; readonly [field: string]: unknown };

/** An order's identity: the marketplace and the marketplace's order id (the same id may exist on two). */
export interface OrderKey {
  readonly marketplace: string;
  readonly orderId: string;
}

/**
 * The key of an order record.
 * @example await store.load(orderKeyOf(order))
 */
export function orderKeyOf(order: AnyOrderRecord): OrderKey {
  return { marketplace: order.marketplace, orderId: order.orderId };
}

/** What a worker commits after one dispatch: the new record, its audit and its deferrals, all or nothing. */
export interface OrderChange<R extends AnyOrderRecord = OrderRecord> {
  /** The revision the worker loaded: the store refuses the change (`CONFLICT`) if it holds another. */
  readonly expectedRevision: number;
  /** The record after the dispatch (the loaded one when nothing changed: only the audit is written). */
  readonly order: R;
  /** One entry per dispatch attempt, refused ones included. */
  readonly audit: readonly AuditEntry<StatusOf<R>>[];
  /** Seller actions to replay after a maintenance window (pending ones with the same key are kept once). */
  readonly defer?: readonly DeferredAction[] | undefined;
}

/** An audit entry as a store keeps it: whose, and the order's revision after the attempt. */
export interface StoredAuditEntry {
  readonly marketplace: string;
  readonly orderId: string;
  /** The record's revision after the attempt (unchanged for refused and duplicate attempts). */
  readonly revision: number;
  readonly entry: AuditEntry;
}

/** What {@link OrderStore.releaseDue} takes. */
export interface ReleaseOptions {
  /** The drain's instant: actions due at or before it are replayed, stamped with it. */
  readonly now: InstantInput;
  /** At most this many actions in this call (default 100). */
  readonly limit?: number | undefined;
  /** Options of the replayed dispatch (give the same `calendar` as for live events). */
  readonly dispatch?: DispatchOptions | undefined;
}

/** What became of one released action. */
export interface ReleaseReport<R extends AnyOrderRecord = OrderRecord> {
  readonly action: DeferredAction;
  /**
   * `applied`, `duplicate` or `refused`: replayed once, and gone from the outbox; `postponed`: refused by
   * another maintenance window, kept with the new `notBefore`; `not-found`: the order no longer exists;
   * `failed`: the action or its order cannot be read (a corrupt row), set aside with `error` so the rest of
   * the outbox flows.
   */
  readonly outcome: 'applied' | 'duplicate' | 'refused' | 'postponed' | 'not-found' | 'failed' | 'overdue';
  readonly result?: DispatchResult<StatusOf<R>>;
  /** Set when `overdue`: the order's deadline for the action, passed before the replay (nothing dispatched, gone from the outbox). */
  readonly deadline?: string | undefined;
  /** Why a `failed` action was set aside: the `INVALID_RECORD` error's code and message. */
  readonly error?: { readonly code: string; readonly message: string } | undefined;
}

/**
 * Where order records live, with optimistic concurrency: {@link OrderStore.save} refuses a change whose
 * `expectedRevision` is not the stored revision (`OrderMachineError` code `CONFLICT`), so of two workers
 * that loaded the same revision only one wins; the other reloads and retries ({@link applyWithRetry}).
 * Implementations: {@link createInMemoryOrderStore}, and `createPostgresOrderStore` in
 * `order-status-machine/postgres`.
 */
export interface OrderStore<R extends AnyOrderRecord = OrderRecord> {
  /**
   * The lifecycles whose records the store keeps (absent: the default lifecycle alone): `applyWithRetry`
   * dispatches a plain event through the loaded record's own.
   */
  readonly lifecycles?: readonly StoredLifecycle[] | undefined;
  /** The stored record (validated and migrated, as `restoreOrder`, by its own lifecycle), or `undefined`. */
  load(key: OrderKey): Promise<R | undefined>;
  /** Stores a new record; `false` (and nothing written) when the order already exists. */
  insert(order: R): Promise<boolean>;
  /** Commits a change atomically; throws `CONFLICT` when the stored revision is not `expectedRevision`. */
  save(change: OrderChange<R>): Promise<void>;
  /** The order's audit log, oldest first. */
  auditLog(key: OrderKey): Promise<StoredAuditEntry[]>;
  /** The deferred actions not yet released, in arrival order. */
  pendingActions(): Promise<DeferredAction[]>;
  /**
   * Replays the deferred actions due at `now`, each exactly once: its dispatch, the record, the audit and
   * the action's removal are committed together. One order's actions replay in arrival order. An action
   * whose deadline has passed is not replayed: reported `overdue` and removed.
   */
  releaseDue(options: ReleaseOptions): Promise<ReleaseReport<R>[]>;
}

/** Options of the stores: the lifecycles whose records they keep. */
export interface OrderStoreOptions<L extends readonly StoredLifecycle<string>[] = readonly StoredLifecycle<string>[]> {
  /**
   * The lifecycles whose records the store keeps, found by each record's `lifecycle` (default: the default
   * Cdiscount lifecycle alone). `[cdiscountLifecycle, octopiaLifecycle]` keeps both vocabularies' orders in one
   * store; narrow a loaded record with `octopiaLifecycle.owns(order)`.
   */
  readonly lifecycles?: L | undefined;
}

const conflict = (key: OrderKey, expected: number, actual: number | undefined) =>
  new OrderMachineError(
    'CONFLICT',
    `Order ${key.marketplace}/${key.orderId} is at revision ${actual ?? '(missing)'}, not ${expected}: it changed since it was loaded; reload and retry`,
    [{ path: ['revision'], message: `expected ${expected}, found ${actual ?? 'no record'}` }],
  );

/**
 * Checks a change before writing it: the record must not go back in revision. Shared by the stores.
 * @example assertChange(change) // throws INVALID_INPUT for a record older than the one loaded
 */
export function assertChange(change: OrderChange<AnyOrderRecord>): void {
  if (!Number.isInteger(change.expectedRevision) || change.order.revision < change.expectedRevision) {
    throw new OrderMachineError(
      'INVALID_INPUT',
      `save: order.revision (${change.order.revision}) must not be below expectedRevision (${change.expectedRevision})`,
      [{ path: ['expectedRevision'], message: 'must be the revision loaded, at most order.revision' }],
    );
  }
}

/**
 * The UTC ISO form of a drain's `now`; `INVALID_INPUT` when it is not an instant.
 * @example drainInstant(new Date('2024-02-21T22:00:00Z')) // '2024-02-21T22:00:00.000Z'
 */
export function drainInstant(now: InstantInput): string {
  const parsed = instantSchema.safeParse(now);
  if (!parsed.success) {
    throw new OrderMachineError('INVALID_INPUT', 'releaseDue needs options.now: an ISO 8601 instant or a Date', [
      { path: ['now'], message: 'must be an ISO 8601 date-time with Z or an offset, or a valid Date' },
    ]);
  }
  return parsed.data;
}

/** What a replayed action does to its order: the change to commit and how to report it. */
export type Replay<S extends string = string> =
  | {
      readonly outcome: 'applied' | 'duplicate' | 'refused' | 'postponed';
      readonly result: DispatchResult<S>;
      /** Set when `postponed`: the new instant the action is due. */
      readonly notBefore?: string;
    }
  | {
      /** The order's deadline for the action passed before the replay: nothing dispatched, nothing to commit. */
      readonly outcome: 'overdue';
      readonly deadline: string;
    };

/**
 * Dispatches a released action on its order, through the order's lifecycle. Refused again by maintenance only
 * (a later window), it is postponed to that window's end rather than dropped; any other outcome releases it
 * for good. An action whose deadline (as the order holds it now) passed before `now` is not replayed blindly:
 * `overdue`, for the seller to decide.
 * @example const replay = replayDeferred(lifecycle, order, action, '2024-02-21T22:00:00Z', { calendar });
 */
export function replayDeferred(
  lifecycle: StoredLifecycle,
  order: AnyOrderRecord,
  action: DeferredAction,
  now: InstantInput,
  options: DispatchOptions = {},
): Replay {
  const event = replayOf(action, now);
  const deadline = lifecycle.deadlineOf?.(order as never, action.event.type as never);
  if (deadline !== undefined && event.at > deadline.at) return { outcome: 'overdue', deadline: deadline.at };
  const result = lifecycle.dispatch(order, event as never, options);
  if (!result.ok) {
    const again = deferAction(createOutbox(), action.event, result, lifecycle.eventSchema);
    if (again.deferred) return { outcome: 'postponed', result, notBefore: again.action.notBefore };
    return { outcome: 'refused', result };
  }
  return { outcome: result.duplicate ? 'duplicate' : 'applied', result };
}

/**
 * An {@link OrderStore} in memory: records kept as serialized JSON (so every load restores and validates,
 * as a database-backed store does), audit log and outbox in arrays. For tests, examples and single-process
 * tools; each operation is atomic with respect to the others.
 *
 * @example
 * const store = createInMemoryOrderStore();
 * await store.insert(createOrder({ orderId: 'CD-1', marketplace: 'cdiscount', createdAt: '2024-02-21T18:00:00Z' }));
 */
export function createInMemoryOrderStore<const L extends readonly StoredLifecycle<string>[]>(
  options: OrderStoreOptions<L> & { readonly lifecycles: L },
): OrderStore<RecordsOf<L>>;
export function createInMemoryOrderStore(options?: OrderStoreOptions): OrderStore;
export function createInMemoryOrderStore(options: OrderStoreOptions = {}): OrderStore<AnyOrderRecord> {
  const lifecycles = storedLifecycles(options?.lifecycles);
  const records = new Map<string, { json: string; revision: number }>();
  const audit = new Map<string, StoredAuditEntry[]>();
  let outbox: OutboxState = createOutbox();
  const id = (key: OrderKey) => JSON.stringify([key.marketplace, key.orderId]);

  const enqueue = (actions: readonly DeferredAction[]) => {
    let { nextSequence, pending } = outbox;
    for (const action of actions) {
      if (pending.some((p) => p.key === action.key)) continue;
      pending = [...pending, { ...action, sequence: nextSequence++ }];
    }
    outbox = { ...outbox, nextSequence, pending };
  };

  // Synchronous on purpose: no await between the revision check and the write makes it atomic.
  const commit = (change: OrderChange<AnyOrderRecord>) => {
    assertChange(change);
    const key = orderKeyOf(change.order);
    const stored = records.get(id(key));
    if (!stored || stored.revision !== change.expectedRevision) throw conflict(key, change.expectedRevision, stored?.revision);
    const json = stored.revision === change.order.revision ? stored.json : lifecycles.serialize(change.order);
    records.set(id(key), { json, revision: change.order.revision });
    const log = audit.get(id(key)) ?? [];
    for (const entry of change.audit) log.push({ ...key, revision: change.order.revision, entry });
    audit.set(id(key), log);
    if (change.defer) enqueue(change.defer);
  };

  return {
    lifecycles: lifecycles.all,
    async load(key) {
      const stored = records.get(id(key));
      return stored && lifecycles.restore(stored.json);
    },
    async insert(order) {
      const json = lifecycles.serialize(order);
      const key = id(orderKeyOf(order));
      if (records.has(key)) return false;
      records.set(key, { json, revision: order.revision });
      return true;
    },
    async save(change) {
      commit(change);
    },
    async auditLog(key) {
      return [...(audit.get(id(key)) ?? [])];
    },
    async pendingActions() {
      return [...outbox.pending];
    },
    async releaseDue(options) {
      const now = drainInstant(options?.now);
      const limit = releaseLimit(options?.limit);
      const reports: ReleaseReport<AnyOrderRecord>[] = [];
      const due = releaseDue(outbox, { now });
      // Overdue or not as the outbox saw it at deferral, the order's deadline today decides (replayDeferred).
      const actions = [...due.released, ...due.overdue].sort((a, b) => a.sequence - b.sequence);
      for (const released of actions.slice(0, limit)) {
        const { replay: _replay, code: _code, deadline: _deadline, ...action } = released as OverdueAction;
        const stored = records.get(id(action));
        let notBefore: string | undefined;
        if (!stored) {
          reports.push({ action, outcome: 'not-found' });
        } else {
          const order = lifecycles.restore(stored.json);
          const replay = replayDeferred(lifecycles.of(order), order, action, now, options.dispatch);
          if (replay.outcome === 'overdue') {
            reports.push({ action, outcome: 'overdue', deadline: replay.deadline });
          } else {
            commit({ expectedRevision: order.revision, order: replay.result.order, audit: [replay.result.audit] });
            notBefore = replay.notBefore;
            reports.push({ action, outcome: replay.outcome, result: replay.result });
          }
        }
        // Removed (or postponed) right after its commit: a failure later leaves nothing released twice.
        const pending = outbox.pending.flatMap((p) => (p.key !== action.key ? [p] : notBefore ? [{ ...p, notBefore }] : []));
        outbox = { ...outbox, pending };
      }
      return reports;
    },
  };
}

/** Options of {@link applyWithRetry}. */
export interface ApplyOptions {
  /** Options of each dispatch: `calendar`, delivery modes, `historyLimit`... */
  readonly dispatch?: DispatchOptions | undefined;
  /** Load -> dispatch -> save cycles before giving up on conflicts (default 5, at most 100). */
  readonly maxAttempts?: number | undefined;
  /** Keep a seller action refused only by a maintenance window in the outbox, to replay after (default false). */
  readonly defer?: boolean | undefined;
  /** Milliseconds to wait before attempt `n + 1` after `n` conflicts (default: none). Add jitter for busy orders. */
  readonly delay?: ((attempt: number) => number) | undefined;
}

interface Attempted {
  /** Load -> dispatch -> save cycles run. */
  readonly attempts: number;
}

/** What {@link applyWithRetry} reports, discriminated by `outcome`. */
export type ApplyOutcome<R extends AnyOrderRecord = OrderRecord> =
  | (Attempted & { readonly outcome: 'applied' | 'duplicate'; readonly result: AcceptedDispatch<StatusOf<R>>; readonly order: R })
  | (Attempted & { readonly outcome: 'refused'; readonly result: RefusedDispatch<StatusOf<R>>; readonly order: R })
  | (Attempted & {
      readonly outcome: 'deferred';
      readonly result: RefusedDispatch<StatusOf<R>>;
      readonly order: R;
      readonly action: DeferredAction;
    })
  | (Attempted & { readonly outcome: 'not-found' })
  /** Every attempt lost a race: nothing was written by this call. */
  | (Attempted & { readonly outcome: 'conflict'; readonly error: OrderMachineError });

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `applyWithRetry`'s options, checked: `INVALID_INPUT` naming each one at fault (dispatch's are checked by it). */
function checkApplyOptions(options: ApplyOptions): void {
  const issues: ValidationIssue[] = [];
  if (typeof options !== 'object' || options === null) issues.push({ path: [], message: 'must be an object' });
  else {
    if (options.maxAttempts !== undefined && !(typeof options.maxAttempts === 'number' && options.maxAttempts >= 1)) {
      issues.push({ path: ['maxAttempts'], message: 'must be a number, at least 1' });
    }
    if (options.defer !== undefined && typeof options.defer !== 'boolean') issues.push({ path: ['defer'], message: 'must be true or false' });
    if (options.delay !== undefined && typeof options.delay !== 'function') issues.push({ path: ['delay'], message: 'must be a function' });
    if (options.dispatch !== undefined) checkOptions(options.dispatch, 'applyWithRetry (dispatch)');
  }
  if (issues.length > 0) throw new OrderMachineError('INVALID_INPUT', `Invalid options for applyWithRetry: ${describeIssues(issues)}`, issues);
}

/** A drain's `limit`: a number of actions, at least 0 (default 100). */
export function releaseLimit(limit: unknown): number {
  if (limit === undefined) return 100;
  if (typeof limit !== 'number' || Number.isNaN(limit) || limit < 0) {
    throw new OrderMachineError('INVALID_INPUT', 'releaseDue: limit must be a number, at least 0', [
      { path: ['limit'], message: 'must be a number, at least 0' },
    ]);
  }
  return Math.floor(limit);
}

/**
 * A step computed from the loaded record instead of a plain event, such as `syncLengowOrder(order, payload)`:
 * it must be pure (it may run once per attempt) and return the dispatch result to commit.
 */
export type OrderStep<R extends AnyOrderRecord = OrderRecord> = (order: R) => DispatchResult<StatusOf<R>>;

/**
 * Applies one event to a stored order: load -> dispatch -> save, again from the load when another worker
 * saved first (`CONFLICT`), at most `maxAttempts` times. Every committed attempt writes its audit entry
 * (refused and duplicate ones too); a lost race writes nothing. Errors other than `CONFLICT` (a corrupt
 * record: `INVALID_RECORD`, a database failure) are thrown, with nothing written. `event` may also be an
 * {@link OrderStep} (its refusals are never deferred: there is no event to replay).
 *
 * @example
 * const outcome = await applyWithRetry(store, { marketplace: 'cdiscount', orderId: 'CD-1' }, event, {
 *   dispatch: { calendar }, defer: true,
 * });
 * if (outcome.outcome === 'deferred') console.log('replayed after', outcome.action.notBefore);
 */
export async function applyWithRetry<R extends AnyOrderRecord = OrderRecord>(
  store: OrderStore<R>,
  key: OrderKey,
  event: OrderStep<R> | StoredEventInput<R>,
  options: ApplyOptions = {},
): Promise<ApplyOutcome<R>> {
  checkApplyOptions(options);
  const maxAttempts = Math.min(100, Math.max(1, Math.floor(options.maxAttempts ?? 5)));
  let lastConflict: OrderMachineError | undefined;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (attempt > 1 && options.delay) await sleep(Math.max(0, options.delay(attempt - 1)));
    let order: R | undefined;
    try {
      order = await store.load(key);
    } catch (error) {
      // A load the database could not serve now (a connection lost) is retried like a lost race.
      if (isOrderMachineError(error) && error.code === 'CONFLICT') {
        lastConflict = error;
        continue;
      }
      throw error;
    }
    if (!order) return { outcome: 'not-found', attempts: attempt };
    const step = typeof event === 'function' ? event : undefined;
    // A plain event goes through the record's own lifecycle (the one its store restored it with).
    const lifecycle = step ? undefined : storedLifecycles(store.lifecycles).of(order);
    const result = (step ? step(order) : lifecycle!.dispatch(order, event as never, options.dispatch)) as DispatchResult<StatusOf<R>>;
    const deferral =
      lifecycle && options.defer && !result.ok
        ? deferAction(createOutbox(), event, result, lifecycle.deadlineOf ? (lifecycle as DeferralLifecycle) : lifecycle.eventSchema)
        : undefined;
    const action = deferral?.deferred ? deferral.action : undefined;
    // The record a dispatch returns is of the lifecycle of the record it was given: the store's kind.
    const next = result.order as unknown as R;
    try {
      await store.save({ expectedRevision: order.revision, order: next, audit: [result.audit], defer: action && [action] });
    } catch (error) {
      if (isOrderMachineError(error) && error.code === 'CONFLICT') {
        lastConflict = error;
        continue;
      }
      throw error;
    }
    if (result.ok) return { outcome: result.duplicate ? 'duplicate' : 'applied', attempts: attempt, result, order: next };
    if (action) return { outcome: 'deferred', attempts: attempt, result, order: next, action };
    return { outcome: 'refused', attempts: attempt, result, order: next };
  }
  return { outcome: 'conflict', attempts: maxAttempts, error: lastConflict! };
}
