import type { Blocker } from '../lifecycle/blockers.js';
import type { CompiledLifecycle, CompiledTransition } from '../lifecycle/compile.js';
import { SETTLEMENTS, type OrderContext } from '../lifecycle/context.js';
import { OrderMachineError } from '../lifecycle/errors.js';
import { parseEventWith } from '../lifecycle/events.js';
import { instantSchema, type InstantInput } from '../lifecycle/instant.js';
import { isStorableText } from '../lifecycle/text.js';
import type { LifecycleOptions } from '../lifecycle/options.js';
import { evaluateGuard } from '../lifecycle/rules.js';
import { checkOptions } from '../lifecycle/check-options.js';
import { REMEMBERED_EVENT_IDS, appendBounded, historyLimitOf, type Anomaly, type AuditEntry } from './audit.js';
import { decide, type Decision, type EngineEvent } from './decide.js';
import { deadlineOfAction, warningsFor, type ActionDeadline, type Warning } from './deadlines.js';
import { upgradeLayout1 } from './layout-1.js';
import { isKnownValid, rememberValid } from './valid-records.js';
import { withFields } from '../lifecycle/with-fields.js';
import {
  contextOf,
  lifecycleIdOf,
  otherLifecycle,
  recordContextOf,
  rememberContext,
  withLifecycle,
  type OrderRecord,
  type RecordContext,
} from './record.js';

/** Options of `dispatch` and `explain`: the rules' options plus record keeping. */
export interface DispatchOptions extends LifecycleOptions {
  /** Applied entries kept in `order.history` (default 50, at most 1000; 0 keeps none). */
  readonly historyLimit?: number | undefined;
}

interface ResultBase<S extends string> {
  /** The order after the event: the same object when nothing changed. */
  readonly order: OrderRecord<S>;
  /** The order's status after the event. */
  readonly status: S;
  /** What was attempted and what came of it; refused attempts are only here, never in the record. */
  readonly audit: AuditEntry<S>;
}

/** The event was applied, or was a duplicate of one already applied. */
export interface AcceptedDispatch<S extends string = string> extends ResultBase<S> {
  readonly ok: true;
  readonly changed: boolean;
  readonly duplicate: boolean;
  readonly blockers: readonly [];
  /**
   * Set when the event was accepted but is unusual: a marketplace report moved the order where the lifecycle
   * does not lead (`UNREACHABLE_STATUS`), the seller shipped after the shipping deadline (`LATE_SHIPMENT`), or
   * a newer report gave a status the order has moved past (`EARLIER_STATUS_REPORTED`, a duplicate).
   */
  readonly anomaly?: Anomaly;
}

/** The event was refused: the order is unchanged, and the blockers say why. */
export interface RefusedDispatch<S extends string = string> extends ResultBase<S> {
  readonly ok: false;
  readonly changed: false;
  readonly duplicate: false;
  readonly blockers: readonly [Blocker, ...Blocker[]];
}

/** What `dispatch` returns: discriminated by `ok`. */
export type DispatchResult<S extends string = string> = AcceptedDispatch<S> | RefusedDispatch<S>;

/** Options of `availableActions`: the instant to ask about, and the rules' options. */
export interface AvailableActionsOptions extends LifecycleOptions {
  readonly at: InstantInput;
  /** Describe each action ({@link AvailableAction}: its deadline, and whether it is late) instead of naming it. */
  readonly details?: boolean | undefined;
}

/** A seller action the order accepts now, with the deadline it is expected by. */
export interface AvailableAction<T extends string = string> {
  readonly type: T;
  /**
   * The latest instant the action is expected (UTC ISO): the deadline of the status it answers (acceptance,
   * shipping, pickup), or the shipping deadline for an action that ships; `null` when the order knows none.
   */
  readonly deadline: string | null;
  /** The deadline has passed at `at`: the action is still accepted (a shipment is flagged `LATE_SHIPMENT`). */
  readonly late: boolean;
  /** What the seller should know before acting at `at`: a deadline passed, a tentative maintenance notice. */
  readonly warnings: readonly Warning[];
}

/** Options of `explain`: the rules' options, and `details` to hear the warnings beside the blockers. */
export interface ExplainOptions extends LifecycleOptions {
  /** Return `{ blockers, warnings }` instead of the blockers alone. */
  readonly details?: boolean | undefined;
}

/** What `explain` says with `details: true`: why the event would be refused, and what to know if it is not. */
export interface Explanation {
  readonly blockers: Blocker[];
  readonly warnings: readonly Warning[];
}

const NO_BLOCKERS: readonly [] = Object.freeze([]) as readonly [];

const isTextOrNull = (value: unknown) => value === null || typeof value === 'string';
const isTextOrAbsent = (value: unknown) => value === undefined || typeof value === 'string';

/** `INVALID_RECORD`: what was given as an order is not a record. */
export const notARecord = (): OrderMachineError =>
  new OrderMachineError('INVALID_RECORD', 'Not an order record: make one with createOrder or restoreOrder', [
    { path: [], message: 'is not an order record' },
  ]);

/**
 * Cheap shape check of a record handed in (full validation belongs to `restoreOrder`), checking by type the
 * context fields the rules read: a wrong one would otherwise crash deep inside a rule. A record as 0.1.0
 * returned it (layout 1, with an XState snapshot) is brought to the current layout on the way in.
 */
export function checkRecord<S extends string>(lifecycle: CompiledLifecycle<S>, given: OrderRecord<S>): OrderRecord<S> {
  if (typeof given !== 'object' || given === null) throw notARecord();
  const order = (given as { schemaVersion?: unknown }).schemaVersion === 1 ? (upgradeLayout1(given) as OrderRecord<S>) : given;
  if (lifecycleIdOf(order) !== lifecycle.id) throw otherLifecycle(order, lifecycle.id);
  const context = order.context;
  if (
    !lifecycle.isStatus(order.status) ||
    typeof order.orderId !== 'string' ||
    typeof order.marketplace !== 'string' ||
    typeof order.fulfilledByMarketplace !== 'boolean' ||
    typeof order.revision !== 'number' ||
    typeof order.createdAt !== 'string' ||
    typeof order.updatedAt !== 'string' ||
    !Array.isArray(order.appliedEventIds) ||
    !Array.isArray(order.history) ||
    typeof context !== 'object' ||
    context === null ||
    !isTextOrNull(context.channel) ||
    !isTextOrNull(context.deliveryMode) ||
    !isTextOrNull(context.marketplaceUpdatedAt) ||
    !isTextOrAbsent(context.shippingDeadline) ||
    !isTextOrAbsent(context.acceptanceDeadline) ||
    !isTextOrAbsent(context.pickupDeadline) ||
    (context.total !== undefined && typeof context.total !== 'number') ||
    (context.settlement !== undefined && !SETTLEMENTS.includes(context.settlement)) ||
    !isTextOrAbsent(context.marketplaceRawStatus) ||
    (context.pendingAction !== undefined && (typeof context.pendingAction !== 'object' || context.pendingAction === null)) ||
    (context.shipment !== null && typeof context.shipment !== 'object') ||
    !Array.isArray(context.refunds) ||
    (context.lines !== undefined && !areLines(lifecycle, context.lines)) ||
    (context.parcels !== undefined && !Array.isArray(context.parcels))
  ) {
    throw notARecord();
  }
  return order;
}

/** A list of lines, each an object with an id and, if any, a status of the lifecycle (what the engine reads). */
function areLines<S extends string>(lifecycle: CompiledLifecycle<S>, lines: unknown): boolean {
  if (!Array.isArray(lines)) return false;
  for (const line of lines as unknown[]) {
    if (typeof line !== 'object' || line === null) return false;
    const { id, status } = line as { id?: unknown; status?: unknown };
    if (typeof id !== 'string' || (status !== undefined && !lifecycle.isStatus(status))) return false;
  }
  return true;
}

/** Decides, turning a crash on a record that passed the cheap checks into the typed error it deserves. */
function decideOn<S extends string>(
  lifecycle: CompiledLifecycle<S>,
  order: OrderRecord<S>,
  context: OrderContext<S>,
  event: EngineEvent,
  options: LifecycleOptions,
): Decision<S> {
  return readingRecord(() => decide(lifecycle, { status: order.status, context, appliedEventIds: order.appliedEventIds }, event, options));
}

/**
 * Runs the rules on a record that passed the cheap checks only: a crash inside them (a refund that is not
 * one, deep in a record made by hand) becomes the typed error it deserves, the record being at fault.
 */
function readingRecord<T>(run: () => T): T {
  try {
    return run();
  } catch (cause) {
    const error = new OrderMachineError('INVALID_RECORD', 'Corrupt order record: restoreOrder names the field at fault', [
      { path: [], message: 'is not a valid order record' },
    ]);
    throw Object.assign(error, { cause });
  }
}

function auditOf<S extends string>(
  order: OrderRecord<S>,
  event: EngineEvent | undefined,
  input: unknown,
  to: S,
  outcome: AuditEntry['outcome'],
  blockers: readonly Blocker[],
  anomaly?: Anomaly,
  detail?: string,
): AuditEntry<S> {
  // A malformed event still names what it can: its type and id, cut short, if a store can hold them.
  const raw = event ? undefined : ((typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>);
  const named = (value: unknown, max: number) => (typeof value === 'string' && isStorableText(value.slice(0, max)) ? value.slice(0, max) : null);
  const entry: AuditEntry<S> = {
    eventType: event ? event.type : named(raw?.type, 100),
    eventId: event ? (event.id ?? null) : named(raw?.id, 200),
    at: event ? event.at : null,
    from: order.status,
    to,
    outcome,
    blockers: blockers.length === 0 ? [] : blockers.map((b) => b.code),
  };
  if (anomaly === undefined && detail === undefined) return entry;
  return withFields(entry, anomaly === undefined ? { detail } : detail === undefined ? { anomaly } : { anomaly, detail });
}

/**
 * A refusal, the order unchanged. `input` names what was refused when no valid `event` was read (a malformed
 * event, or a payload refused before it became one): its `type` and `id`, if any, go to the audit.
 */
export function refusedResult<S extends string>(
  order: OrderRecord<S>,
  event: EngineEvent | undefined,
  input: unknown,
  blockers: readonly [Blocker, ...Blocker[]],
): RefusedDispatch<S> {
  return {
    ok: false,
    order,
    status: order.status,
    changed: false,
    duplicate: false,
    blockers,
    audit: auditOf(order, event, input, order.status, 'refused', blockers),
  };
}

function appliedRecord<S extends string>(
  order: OrderRecord<S>,
  event: EngineEvent,
  to: S,
  context: RecordContext<S>,
  fulfilledByMarketplace: boolean,
  audit: AuditEntry<S>,
  options: DispatchOptions,
): OrderRecord<S> {
  // Every key written out, in createOrder's order: a spread of the old record costs a third of dispatch.
  const next: OrderRecord<S> = {
    schemaVersion: order.schemaVersion,
    orderId: order.orderId,
    marketplace: order.marketplace,
    status: to,
    fulfilledByMarketplace,
    revision: order.revision + 1,
    createdAt: order.createdAt,
    updatedAt: event.at > order.updatedAt ? event.at : order.updatedAt,
    appliedEventIds: event.id === undefined ? order.appliedEventIds : appendBounded(order.appliedEventIds, event.id, REMEMBERED_EVENT_IDS),
    history: appendBounded(order.history, audit, historyLimitOf(options.historyLimit)),
    context,
  };
  return order.lifecycle === undefined ? next : withLifecycle(next, order.lifecycle);
}

/** Applies one event to an order of a lifecycle: see the top-level `dispatch`. */
export function dispatchIn<S extends string>(
  lifecycle: CompiledLifecycle<S>,
  given: OrderRecord<S>,
  event: unknown,
  givenOptions?: DispatchOptions,
): DispatchResult<S> {
  const options = checkOptions(givenOptions, 'dispatch');
  // A record the library built from a valid one needs no shape check.
  const known = isKnownValid(given, lifecycle);
  const order = known ? given : checkRecord(lifecycle, given);
  const parsed = parseEventWith<EngineEvent>(lifecycle.schemas, event);
  if ('blocker' in parsed) return refusedResult(order, undefined, event, [parsed.blocker]);
  const context = contextOf(order);
  const decision = decideOn(lifecycle, order, context, parsed.event, options);
  switch (decision.kind) {
    case 'duplicate': {
      const result: AcceptedDispatch<S> = {
        ok: true,
        order,
        status: order.status,
        changed: false,
        duplicate: true,
        blockers: NO_BLOCKERS,
        audit: auditOf(order, parsed.event, event, order.status, 'duplicate', NO_BLOCKERS, decision.anomaly),
      };
      return decision.anomaly ? withFields<AcceptedDispatch<S>>(result, { anomaly: decision.anomaly }) : result;
    }
    case 'refused':
      return refusedResult(order, parsed.event, event, decision.blockers);
    case 'apply': {
      const audit = auditOf(order, parsed.event, event, decision.to, 'applied', NO_BLOCKERS, decision.anomaly, decision.detail);
      // A transition that recorded nothing leaves the record's context as it was: no copy to make.
      const next = appliedRecord(
        order,
        parsed.event,
        decision.to,
        decision.context === context ? order.context : recordContextOf(decision.context),
        decision.context.fulfilledByMarketplace,
        audit,
        options,
      );
      // A valid record stays valid through the library's own steps; a definition's action may write anything.
      if ((decision.transition === null || decision.transition.builtInActionsOnly) && known) rememberValid(next, lifecycle);
      rememberContext(next, decision.context);
      const result: AcceptedDispatch<S> = {
        ok: true,
        order: next,
        status: decision.to,
        changed: true,
        duplicate: false,
        blockers: NO_BLOCKERS,
        audit,
      };
      return decision.anomaly ? withFields<AcceptedDispatch<S>>(result, { anomaly: decision.anomaly }) : result;
    }
  }
}

/**
 * Why an event would be refused in a given status and context: the verdict of `explain`, for records and
 * XState snapshots alike (`appliedEventIds` empty when the caller keeps none).
 */
export function explainWith<S extends string>(
  lifecycle: CompiledLifecycle<S>,
  status: S,
  context: OrderContext<S>,
  appliedEventIds: readonly string[],
  event: unknown,
  options: LifecycleOptions,
): Blocker[] {
  const parsed = parseEventWith<EngineEvent>(lifecycle.schemas, event);
  if ('blocker' in parsed) return [parsed.blocker];
  const decision = decide(lifecycle, { status, context, appliedEventIds }, parsed.event, checkOptions(options, 'explain'));
  return decision.kind === 'refused' ? [...decision.blockers] : [];
}

/** Why an event would be refused, without applying it: see the top-level `explain`. */
export function explainIn<S extends string>(
  lifecycle: CompiledLifecycle<S>,
  given: OrderRecord<S>,
  event: unknown,
  givenOptions?: ExplainOptions,
): Blocker[] | Explanation {
  const options = checkOptions(givenOptions, 'explain');
  const order = checkRecord(lifecycle, given);
  const parsed = parseEventWith<EngineEvent>(lifecycle.schemas, event);
  if ('blocker' in parsed) return options.details === true ? { blockers: [parsed.blocker], warnings: [] } : [parsed.blocker];
  const context = contextOf(order);
  const decision = decideOn(lifecycle, order, context, parsed.event, options);
  const blockers = decision.kind === 'refused' ? [...decision.blockers] : [];
  if (options.details !== true) return blockers;
  // Warnings concern an action that would be taken: a refused or duplicate one has none to give.
  const warnings = decision.kind === 'apply' ? warningsFor(lifecycle, order.status, context, parsed.event.type, parsed.event.at, options) : [];
  return { blockers, warnings };
}

/** The seller actions an order accepts at an instant: see the top-level `availableActions`. */
export function availableActionsIn<S extends string>(
  lifecycle: CompiledLifecycle<S>,
  given: OrderRecord<S>,
  givenOptions: AvailableActionsOptions,
): string[] | AvailableAction[] {
  const options = checkOptions(givenOptions, 'availableActions');
  const order = checkRecord(lifecycle, given);
  const at = instantSchema.safeParse(options?.at);
  if (!at.success) {
    throw new OrderMachineError('INVALID_INPUT', 'availableActions needs options.at: an ISO 8601 instant or a Date', [
      { path: ['at'], message: 'must be an ISO 8601 instant or a Date' },
    ]);
  }
  const context = contextOf(order);
  const rules = options.marketplaceRules;
  const open = (transition: CompiledTransition<S>, type: string) =>
    transition.guard === null || evaluateGuard(transition.guard, context, { type, at: at.data }, options, true).kind === 'pass';
  // An order whose lines move on their own offers what any of its lines takes (shipping one line while a
  // cancellation is asked on another).
  const tables = readingRecord(() => statusesOfLines(lifecycle, order).map((status) => lifecycle.transitions[status]));
  const types = readingRecord(() =>
    lifecycle.sellerActions.filter(
      (type) =>
        tables.some((table) => (table[type] ?? []).some((transition) => open(transition, type))) &&
        // The marketplace must offer the action in this status too (its arguments are the payload's business).
        (rules === undefined || rules.blockersFor({ status: order.status, context }, { type, at: at.data }, { stateOnly: true }).length === 0),
    ),
  );
  if (options.details !== true) return types;
  return readingRecord(() =>
    types.map((type) => {
      const due = deadlineOfAction(lifecycle, order.status, context, type)?.at ?? null;
      return {
        type,
        deadline: due,
        late: due !== null && at.data > due,
        warnings: warningsFor(lifecycle, order.status, context, type, at.data, options),
      };
    }),
  );
}

/** The statuses an order's lines are in, its own first; its status alone when its lines move with it. */
function statusesOfLines<S extends string>(lifecycle: CompiledLifecycle<S>, order: OrderRecord<S>): readonly S[] {
  const lines = order.context.lines;
  if (lines === undefined || lifecycle.linePrecedence === null || lifecycle.finals.has(order.status)) return [order.status];
  const statuses = [order.status];
  for (const line of lines) if (line.status !== undefined && !statuses.includes(line.status)) statuses.push(line.status);
  return statuses;
}

/** The deadline a seller action is expected by on an order: see the top-level `deadlineOf`. */
export function deadlineOfIn<S extends string>(lifecycle: CompiledLifecycle<S>, given: OrderRecord<S>, type: string): ActionDeadline | undefined {
  const order = checkRecord(lifecycle, given);
  return deadlineOfAction(lifecycle, order.status, contextOf(order), type);
}
