import type { Blocker } from '../lifecycle/blockers.js';
import type { DispatchResult } from '../lifecycles/default.js';
import { deadlineOf, orderEventSchema, type OrderEvent, type OrderRecord, type SellerActionType } from '../lifecycles/default.js';
import { invalidArgument as invalid } from '../lifecycle/errors.js';
import type { InstantInput } from '../lifecycle/instant.js';
import { epochOf } from './calendar-arguments.js';

/** Version of the {@link OutboxState} layout. */
export const OUTBOX_VERSION = 1;

/**
 * A seller action refused during a maintenance window, kept to be replayed once the window has ended.
 * Plain JSON.
 */
export interface DeferredAction {
  /** Idempotency key: one pending entry per key. */
  readonly key: string;
  readonly orderId: string;
  readonly marketplace: string;
  /** The event as it was refused (its `at` is the original instant); its `id` is the key's event id. */
  readonly event: OrderEvent;
  /** When the action may be replayed (the window's `retryAt`, UTC ISO). */
  readonly notBefore: string;
  /** Arrival order in this outbox. */
  readonly sequence: number;
  /**
   * The deadline the action is expected by (UTC ISO), when the order held it at deferral: a replay after it
   * is reported by `releaseDue` as overdue instead of released.
   */
  readonly deadline?: string;
}

/** The outbox: pending deferred actions in arrival order. Plain JSON; survives a round trip. */
export interface OutboxState {
  readonly version: typeof OUTBOX_VERSION;
  readonly nextSequence: number;
  readonly pending: readonly DeferredAction[];
}

/** Why an action was not deferred. */
export type DeferralRefusal = 'NOT_A_MAINTENANCE_REFUSAL' | 'ALREADY_DEFERRED';

/** What {@link deferAction} returns. */
export type DeferResult =
  | { readonly deferred: true; readonly outbox: OutboxState; readonly action: DeferredAction }
  | { readonly deferred: false; readonly outbox: OutboxState; readonly reason: DeferralRefusal };

/** A released action: the event to dispatch again, stamped with the replay instant and a stable id. */
export interface ReleasedAction extends DeferredAction {
  /** The event to dispatch now: `at` is the drain's instant, `id` the idempotency key's event id. */
  readonly replay: OrderEvent;
}

/**
 * A due action whose replay would land after its deadline (`PAST_DEADLINE`): taken out of the outbox but not
 * released, for the seller to decide (`replay` is ready if they still want it sent).
 */
export interface OverdueAction extends ReleasedAction {
  readonly code: 'PAST_DEADLINE';
  readonly deadline: string;
}

/** What validates a lifecycle's events: a zod schema (`lifecycle.eventSchema`). */
type EventSchemaLike = { safeParse(value: unknown): { success: boolean; data?: unknown } };

/** What knows a lifecycle's events and deadlines: a lifecycle (`octopiaLifecycle`, `defineLifecycle(...)`). */
export interface DeferralLifecycle {
  readonly eventSchema: EventSchemaLike;
  deadlineOf(order: never, type: never): { readonly at: string } | undefined;
}

/**
 * An empty outbox.
 * @example let outbox = createOutbox();
 */
export function createOutbox(): OutboxState {
  return { version: OUTBOX_VERSION, nextSequence: 0, pending: [] };
}

// Without an id, identical pending actions are the same action (the connectors' rule): the payload, time
// ignored, is the key while it waits.
function payloadOf(event: OrderEvent): string {
  const { at: _at, id: _id, ...payload } = event;
  return Object.keys(payload)
    .sort()
    .map((k) => `${k}=${JSON.stringify((payload as Record<string, unknown>)[k] ?? null)}`)
    .join('&');
}

/** An outbox is what `createOutbox` made and these functions returned: `INVALID_INPUT` otherwise. */
function checkOutbox(outbox: OutboxState): void {
  if (
    typeof outbox !== 'object' ||
    outbox === null ||
    !Array.isArray(outbox.pending) ||
    !Number.isInteger(outbox.nextSequence) ||
    // Every index, holes included (`every` would skip the holes of a sparse list).
    !Array.from(outbox.pending, isDeferredAction).every(Boolean)
  ) {
    throw invalid('outbox', 'must be an outbox (createOutbox), each pending action as deferAction made it');
  }
}

const isDeferredAction = (action: DeferredAction): boolean =>
  typeof action === 'object' &&
  action !== null &&
  typeof action.key === 'string' &&
  typeof action.orderId === 'string' &&
  typeof action.marketplace === 'string' &&
  typeof action.notBefore === 'string' &&
  Number.isInteger(action.sequence) &&
  (action.deadline === undefined || typeof action.deadline === 'string') &&
  typeof action.event === 'object' &&
  action.event !== null;

/** Deferral applies only when maintenance is the one thing in the way: replaying later must succeed. */
function maintenanceRetryAt(blockers: readonly Blocker[]): string | undefined {
  if (blockers.length !== 1 || blockers[0]!.code !== 'MAINTENANCE_WINDOW') return undefined;
  return blockers[0]!.retryAt;
}

/**
 * Keeps a seller action refused only for `MAINTENANCE_WINDOW`, to replay after the window. The same action
 * (same order, same event id; or, without an id, the same payload) deferred again while pending is kept
 * once. Pure: returns a new outbox. `eventSchema` validates the event (default: the default lifecycle's;
 * pass `lifecycle.eventSchema` for an order of another lifecycle).
 *
 * @example
 * const result = dispatch(order, event, { calendar });
 * if (!result.ok) outbox = deferAction(outbox, event, result).outbox;
 */
export function deferAction(
  outbox: OutboxState,
  event: unknown,
  result: DispatchResult<string>,
  schemaOrLifecycle: EventSchemaLike | DeferralLifecycle = orderEventSchema,
): DeferResult {
  // A lifecycle brings its deadlines; a bare schema (or anything else, refused below) does not.
  const lifecycle =
    typeof (schemaOrLifecycle as Partial<DeferralLifecycle> | null)?.deadlineOf === 'function' ? (schemaOrLifecycle as DeferralLifecycle) : undefined;
  const eventSchema = lifecycle ? lifecycle.eventSchema : (schemaOrLifecycle as EventSchemaLike);
  checkOutbox(outbox);
  if (typeof result !== 'object' || result === null || typeof result.ok !== 'boolean' || typeof result.order !== 'object' || result.order === null) {
    throw invalid('result', 'must be what dispatch returned');
  }
  if (typeof eventSchema?.safeParse !== 'function') throw invalid('eventSchema', 'must be a zod schema or a lifecycle (its eventSchema)');
  const notBefore = result.ok ? undefined : maintenanceRetryAt(result.blockers);
  const parsed = eventSchema.safeParse(event) as { success: boolean; data: OrderEvent };
  if (notBefore === undefined || !parsed.success) return { deferred: false, outbox, reason: 'NOT_A_MAINTENANCE_REFUSAL' };
  const order = result.order;
  const made = parsed.data;
  const key = JSON.stringify([order.marketplace, order.orderId, made.id ?? payloadOf(made)]);
  if (outbox.pending.some((pending) => pending.key === key)) return { deferred: false, outbox, reason: 'ALREADY_DEFERRED' };
  let action: DeferredAction = {
    key,
    orderId: order.orderId,
    marketplace: order.marketplace,
    // An id-less action replays under an id of its own deferral, so the same payload made again later (a
    // second partial refund) is a new action, not a duplicate of this one.
    event: { ...made, id: made.id ?? `deferred:${made.at}:${payloadOf(made)}` },
    notBefore,
    sequence: outbox.nextSequence,
  };
  // The deadline as the order holds it now: the replay will be measured against it.
  const deadline = lifecycle
    ? (lifecycle.deadlineOf as (o: unknown, t: string) => { at: string } | undefined)(order, made.type)
    : eventSchema === orderEventSchema
      ? deadlineOf(order as OrderRecord, made.type as SellerActionType)
      : undefined;
  if (deadline !== undefined) action = { ...action, deadline: deadline.at };
  return {
    deferred: true,
    action,
    outbox: { version: OUTBOX_VERSION, nextSequence: outbox.nextSequence + 1, pending: [...outbox.pending, action] },
  };
}

/**
 * The event to dispatch when a deferred action is replayed at `now`: the action as it was made, stamped
 * with the replay instant (so the maintenance rule sees the window has ended) and its idempotency id.
 * @example dispatch(order, replayOf(action, '2024-02-21T22:00:00Z'), { calendar })
 */
export function replayOf(action: DeferredAction, now: InstantInput): OrderEvent {
  if (typeof action?.event !== 'object' || action.event === null) throw invalid('action', 'must be a deferred action (with its event)');
  return { ...action.event, at: new Date(epochOf(now, 'now')).toISOString() };
}

/**
 * Releases, in arrival order, every pending action whose window has ended at `now`, and removes them: a
 * second drain releases nothing again. An action stays behind an earlier pending action of the same order
 * that is not due yet, so one order's actions replay in the order they were made. A due action whose
 * deadline has passed at `now` is not released blindly: it leaves the outbox in `overdue`, flagged
 * `PAST_DEADLINE`. Pure.
 *
 * @example
 * const { released, overdue, outbox: next } = releaseDue(outbox, { now: '2024-02-21T22:00:00Z' });
 * for (const action of released) dispatch(orders[action.orderId], action.replay, { calendar });
 * for (const action of overdue) alertSeller(action.orderId, action.deadline);
 */
export function releaseDue(
  outbox: OutboxState,
  options: { readonly now: InstantInput },
): {
  readonly outbox: OutboxState;
  readonly released: ReleasedAction[];
  readonly overdue: OverdueAction[];
} {
  checkOutbox(outbox);
  const nowMs = epochOf(options?.now, 'now');
  const held = new Set<string>();
  const released: ReleasedAction[] = [];
  const overdue: OverdueAction[] = [];
  const pending: DeferredAction[] = [];
  for (const action of [...outbox.pending].sort((a, b) => a.sequence - b.sequence)) {
    const order = JSON.stringify([action.marketplace, action.orderId]);
    if (held.has(order) || Date.parse(action.notBefore) > nowMs) {
      held.add(order);
      pending.push(action);
    } else if (action.deadline !== undefined && Date.parse(action.deadline) < nowMs) {
      overdue.push({ ...action, replay: replayOf(action, options.now), code: 'PAST_DEADLINE', deadline: action.deadline });
    } else {
      released.push({ ...action, replay: replayOf(action, options.now) });
    }
  }
  const changed = released.length > 0 || overdue.length > 0;
  return { released, overdue, outbox: changed ? { ...outbox, pending } : outbox };
}
