/*
 * Seller actions are requests (DOMAIN.md section 10, "Actions are asynchronous"): Lengow queues one, sends it,
 * and the marketplace takes it or turns it down minutes or hours later. The order moves at once, as the
 * seller expects, and keeps the action pending, with what it changed, until the marketplace settles it.
 */
import { milliseconds } from 'date-fns/milliseconds';
import type { CompiledLifecycle, CompiledTransition } from '../lifecycle/compile.js';
import { recordRefund, recordShipment, type OrderContext, type PendingAction } from '../lifecycle/context.js';
import { DEADLINE_FIELDS } from '../lifecycle/deadlines.js';
import type { LifecycleOptions } from '../lifecycle/options.js';
import { withFields } from '../lifecycle/with-fields.js';

/** How long a seller action may stay pending before a report of the status before it rejects it: 24 hours. */
export const DEFAULT_PENDING_TIMEOUT_MS = 24 * 3600_000;

const NONE: readonly string[] = Object.freeze([]);

// The fields a pending action never undoes: itself, and what the marketplace said meanwhile.
const KEPT = new Set(['pendingAction', 'marketplaceUpdatedAt', 'marketplaceStatus', 'marketplaceRawStatus', 'settlement']);

/**
 * The context after a seller action took the order from `from` through `transition`: the action pending, with
 * what it changed as it was before. An action into a final status is not kept (an order never leaves a final status),
 * and a newer action replaces an earlier one still pending (the seller acted on what it led to).
 */
export function withPendingAction<S extends string>(
  lifecycle: CompiledLifecycle<S>,
  transition: CompiledTransition<S>,
  from: S,
  to: S,
  before: OrderContext<S>,
  after: OrderContext<S>,
  event: { readonly type: string; readonly at: string; readonly id?: string | undefined },
): OrderContext<S> {
  if (lifecycle.finals.has(to)) return withoutPendingAction(after);
  const undo: Record<string, unknown> = {};
  let unset: string[] | undefined;
  const was = before as unknown as Record<string, unknown>;
  const now = after as unknown as Record<string, unknown>;
  const keep = (key: string) => {
    if (was[key] === now[key]) return;
    if (was[key] !== undefined) undo[key] = was[key];
    else (unset ??= []).push(key);
  };
  const written = fieldsWritten(transition);
  if (written !== null) {
    // What the built-in actions write, and the deadline the new status starts counting: nothing else moves.
    for (const key of written) keep(key);
    const kind = to === from ? null : lifecycle.waitsFor[to];
    if (kind !== null) keep(DEADLINE_FIELDS[kind]);
    // The lines that followed the order, and the parcel of a shipment of lines: a rejection returns them.
    keep('lines');
    keep('parcels');
  } else {
    // A definition's own action may write anything: compare every field.
    for (const key in now) if (!KEPT.has(key)) keep(key);
    for (const key in was) if (!(key in now) && !KEPT.has(key)) keep(key);
  }
  const pending: PendingAction<S> = { type: event.type, eventId: event.id ?? null, at: event.at, from, actionId: null, undo, unset: unset ?? NONE };
  return withFields<OrderContext<S>>(after, { pendingAction: pending });
}

// The fields the built-in actions write; a transition running any other action is compared field by field.
const WRITES = new Map<unknown, readonly string[]>([
  [recordShipment, ['shipment']],
  [recordRefund, ['refunds']],
]);
const written = new WeakMap<object, readonly string[] | null>();

function fieldsWritten(transition: CompiledTransition<string>): readonly string[] | null {
  let fields = written.get(transition);
  if (fields === undefined) {
    fields = transition.actions.every((action) => WRITES.has(action)) ? transition.actions.flatMap((action) => WRITES.get(action) ?? []) : null;
    written.set(transition, fields);
  }
  return fields;
}

/** The context with no action pending (the marketplace took it, or the order moved on). */
export function withoutPendingAction<C extends OrderContext<string>>(context: C): C {
  if (context.pendingAction === undefined) return context;
  const { pendingAction: _settled, ...rest } = context;
  return rest as C;
}

/** The context as it was before the pending action, which the marketplace turned down. */
export function undoPendingAction<C extends OrderContext<string>>(context: C): C {
  const pending = context.pendingAction;
  if (pending === undefined) return context;
  const restored: Record<string, unknown> = { ...withoutPendingAction(context), ...pending.undo };
  for (const key of pending.unset) delete restored[key];
  return restored as C;
}

/**
 * The pending action a verdict names: the same type, the same event id when the verdict gives one, and the
 * same marketplace id when both know one (a verdict on another of Lengow's actions settles nothing).
 */
export function pendingActionNamed<S extends string>(
  context: OrderContext<S>,
  verdict: { readonly action: string; readonly eventId?: string | undefined; readonly actionId?: string | undefined },
): PendingAction<S> | undefined {
  const pending = context.pendingAction;
  if (pending === undefined || pending.type !== verdict.action) return undefined;
  if (verdict.eventId !== undefined && verdict.eventId !== pending.eventId) return undefined;
  return verdict.actionId !== undefined && pending.actionId !== null && verdict.actionId !== pending.actionId ? undefined : pending;
}

/** Whether a pending action made at `since` has waited `pendingTimeout` (24 h by default) at `at`. */
export function pendingTimedOut(since: string, at: string, options: LifecycleOptions): boolean {
  const timeout = options.pendingTimeout;
  const ms = timeout === undefined ? DEFAULT_PENDING_TIMEOUT_MS : typeof timeout === 'number' ? timeout : milliseconds(timeout);
  return Date.parse(at) - Date.parse(since) >= ms;
}
