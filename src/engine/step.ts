/*
 * One step of the engine: the transition a status takes on an event, and what taking it does to the order
 * (the marketplace's verdict, the actions, the deadline, the pending seller action). Shared by the order's
 * own decision (decide.ts) and its lines' (line-steps.ts).
 */
import { blocker, type Blocker } from '../lifecycle/blockers.js';
import type { CompiledLifecycle, CompiledTransition } from '../lifecycle/compile.js';
import { MAX_STORED_REFUNDS, type OrderContext } from '../lifecycle/context.js';
import { toIsoInstant } from '../lifecycle/instant.js';
import { MAX_PARCELS, linesJoining, type Parcel } from '../lifecycle/lines.js';
import type { LifecycleOptions } from '../lifecycle/options.js';
import { BUILT_IN_RULES, evaluateGuard } from '../lifecycle/rules.js';
import { withFields } from '../lifecycle/with-fields.js';
import type { Anomaly } from './audit.js';
import { withDeadlineOf } from './deadlines.js';
import { withPendingAction, withoutPendingAction } from './pending.js';

/** A validated event, as the engine reads it. */
export interface EngineEvent {
  readonly type: string;
  readonly at: string;
  readonly id?: string | undefined;
  readonly [field: string]: unknown;
}

/** What the lifecycle concludes about one event. */
export type Decision<S extends string = string> =
  | { readonly kind: 'duplicate'; readonly anomaly?: Anomaly }
  | { readonly kind: 'refused'; readonly blockers: [Blocker, ...Blocker[]] }
  | {
      readonly kind: 'apply';
      readonly to: S;
      readonly context: OrderContext<S>;
      /** The definition's transition taken; `null` for a marketplace report. */
      readonly transition: CompiledTransition<S> | null;
      readonly anomaly?: Anomaly;
      /** For `ACTION_REJECTED`: why the marketplace turned the pending action down. */
      readonly detail?: string;
    };

/** What a decision is about: the order's status and context, and the ids it already applied. */
export interface DecisionSubject<S extends string = string> {
  readonly status: S;
  readonly context: OrderContext<S>;
  readonly appliedEventIds: readonly string[];
}

export const NONE: readonly Blocker[] = Object.freeze([]);

export const refused = (blockers: readonly Blocker[]) => ({ kind: 'refused', blockers: blockers as [Blocker, ...Blocker[]] }) as const;

/** A status's answer to an event: the transition taken (the first whose guard passes, as XState does), or the first one's reasons. */
export type Walked<S extends string> =
  | { readonly transition: CompiledTransition<S> }
  | { readonly transition: undefined; readonly blockers: readonly Blocker[] };

/** The transition an order in `status` takes on the event, why none does, or `null` when it defines none. */
export function walk<S extends string>(
  lifecycle: CompiledLifecycle<S>,
  status: S,
  context: OrderContext<S>,
  event: EngineEvent,
  options: LifecycleOptions,
): Walked<S> | null {
  const candidates = lifecycle.transitions[status][event.type];
  if (candidates === undefined || candidates.length === 0) return null;
  let first: Blocker[] | undefined;
  for (const transition of candidates) {
    const verdict = transition.guard === null ? undefined : evaluateGuard(transition.guard, context, event, options);
    if (verdict === undefined || verdict.kind === 'pass') return { transition };
    first ??= verdict.blockers;
  }
  return { transition: undefined, blockers: first ?? NONE };
}

/**
 * Takes a transition to `to` (its target, or the status an order's lines lead it to), with the lines the
 * event leaves (`lines`, for an order whose lines move on their own): the marketplace's verdict, the
 * actions, the deadline, the pending seller action.
 */
export function take<S extends string>(
  lifecycle: CompiledLifecycle<S>,
  order: DecisionSubject<S>,
  event: EngineEvent,
  options: LifecycleOptions,
  transition: CompiledTransition<S>,
  to: S,
  lines?: OrderContext<S>['lines'],
  parcel?: Parcel,
): Decision<S> {
  const { status, context } = order;
  const refusedByMarketplace = marketplaceBlockers(lifecycle, order, event, options);
  if (refusedByMarketplace.length > 0) return refused(refusedByMarketplace);
  let next = context;
  for (const action of transition.actions) next = (action as unknown as (c: OrderContext<S>, e: EngineEvent) => OrderContext<S>)(next, event);
  // What the record could not keep is refused now, not found when the store refuses to save it.
  if (next.refunds.length > MAX_STORED_REFUNDS) {
    return refused([blocker('LIMIT_REACHED', `Order ${context.orderId} holds ${MAX_STORED_REFUNDS} refunds, the most a record keeps.`)]);
  }
  if (parcel !== undefined && (context.parcels?.length ?? 0) >= MAX_PARCELS) {
    return refused([blocker('LIMIT_REACHED', `Order ${context.orderId} holds ${MAX_PARCELS} parcels, the most a record keeps.`)]);
  }
  if (lines !== undefined) {
    if (lines !== next.lines) next = withFields(next, { lines });
    if (parcel !== undefined) next = withParcel(next, parcel);
    if (to !== status) next = withDeadlineOf(lifecycle, to, next, event.at, options);
  } else if (to !== status) next = movedTo(lifecycle, status, to, next, event.at, options);
  // A seller action is a request the marketplace settles later; anything else moving the order settles it.
  if (lifecycle.sources[event.type] === 'seller') next = withPendingAction(lifecycle, transition, status, to, context, next, event);
  else if (to !== status) next = withoutPendingAction(next);
  return shipsLate(lifecycle, status, to, context, event)
    ? { kind: 'apply', to, context: next, transition, anomaly: 'LATE_SHIPMENT' }
    : { kind: 'apply', to, context: next, transition };
}

/**
 * The context with one parcel more. The first parcel goes before a pending action already kept, where the
 * record schema keeps parcels: a text read back is the same record, key for key, however it is restored.
 */
function withParcel<S extends string>(context: OrderContext<S>, parcel: Parcel): OrderContext<S> {
  const parcels = [...(context.parcels ?? []), parcel];
  if (context.parcels !== undefined || context.pendingAction === undefined) return withFields(context, { parcels });
  const { pendingAction, ...rest } = context;
  return { ...rest, parcels, pendingAction };
}

/** Why an event no transition of the order's status takes is refused: not here, already pending, or not the seller's to make. */
export function notAllowed<S extends string>(lifecycle: CompiledLifecycle<S>, order: DecisionSubject<S>, event: EngineEvent): Decision<S> {
  const { status, context } = order;
  const pending = context.pendingAction;
  const reasons: Blocker[] = [
    pending?.type === event.type
      ? blocker(
          'ACTION_PENDING',
          `${event.type} is already pending on order ${context.orderId} (made at ${pending.at}); the marketplace has not settled it yet.`,
        )
      : blocker('NOT_ALLOWED_IN_STATUS', `${event.type} is not allowed while the order is ${status}.`),
  ];
  // A fulfilment order is closed to the seller whatever its status: say so first.
  const fulfilment = lifecycle.sources[event.type] === 'seller' ? BUILT_IN_RULES.isSellerManaged.check(context, event) : undefined;
  if (fulfilment) reasons.unshift(fulfilment);
  return refused(reasons);
}

/**
 * The context of an order moving from one status to another: the deadline the new status waits for. Its lines
 * without a status of their own move with it, writing nothing; a line whose own status is the one left or the
 * one reached joins it (a line that left the order, refused or cancelled, keeps its status).
 */
export function movedTo<S extends string>(
  lifecycle: CompiledLifecycle<S>,
  from: S,
  to: S,
  context: OrderContext<S>,
  at: string,
  options: LifecycleOptions,
): OrderContext<S> {
  const next = withDeadlineOf(lifecycle, to, context, at, options);
  const lines = next.lines === undefined ? undefined : linesJoining(next.lines, from, to);
  return lines === next.lines ? next : withFields(next, { lines });
}

/**
 * A seller's step into a shipped status (tagged `shipped`) after the order's shipping deadline: still applied
 * (the marketplace takes late shipments), flagged so the seller's dashboard can say so.
 */
function shipsLate<S extends string>(lifecycle: CompiledLifecycle<S>, from: S, to: S, context: OrderContext<S>, event: EngineEvent): boolean {
  const deadline = context.shippingDeadline;
  return (
    deadline !== undefined &&
    lifecycle.shipped.has(to) &&
    !lifecycle.shipped.has(from) &&
    lifecycle.sources[event.type] === 'seller' &&
    event.at > canonical(deadline)
  );
}

/** The marketplace's own verdict on a seller action the lifecycle allows; no work without the option. */
export function marketplaceBlockers<S extends string>(
  lifecycle: CompiledLifecycle<S>,
  order: DecisionSubject<S>,
  event: EngineEvent,
  options: LifecycleOptions,
): readonly Blocker[] {
  const rules = options.marketplaceRules;
  if (rules === undefined || lifecycle.sources[event.type] !== 'seller') return NONE;
  return rules.blockersFor({ status: order.status, context: order.context }, event);
}

/**
 * An instant the order holds, in the canonical UTC form a validated event's `at` has, so the two compare as
 * text in time order. Records the library wrote hold that form already; an actor's input may not.
 */
export const canonical = (instant: string): string =>
  instant.length === 24 && instant.charCodeAt(23) === 90 /* Z */ ? instant : toIsoInstant(instant);
