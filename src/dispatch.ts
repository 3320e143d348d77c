import {
  REMEMBERED_EVENT_IDS,
  appendBounded,
  historyLimitOf,
  type Anomaly,
  type AuditEntry,
} from './audit.js';
import type { Blocker } from './blockers.js';
import { lifecycle } from './compiled-lifecycle.js';
import type { OrderContext } from './context.js';
import { decide, type Decision, type DecisionSubject } from './decision.js';
import { OrderMachineError } from './errors.js';
import { SELLER_ACTIONS, parseEvent, type OrderEvent, type OrderEventInput, type SellerActionType } from './events.js';
import { instantSchema, type InstantInput } from './instant.js';
import type { LifecycleOptions } from './options.js';
import type { OrderRecord, OrderSnapshot } from './order.js';
import { evaluateGuard } from './rules.js';
import { isOrderStatus, type OrderStatus } from './statuses.js';

/** Options of {@link dispatch} and {@link explain}: the rules' options plus record keeping. */
export interface DispatchOptions extends LifecycleOptions {
  /** Applied entries kept in `order.history` (default 50, at most 1000; 0 keeps none). */
  readonly historyLimit?: number | undefined;
}

interface ResultBase {
  /** The order after the event: the same object when nothing changed. */
  readonly order: OrderRecord;
  /** The order's status after the event. */
  readonly status: OrderStatus;
  /** What was attempted and what came of it; refused attempts are only here, never in the record. */
  readonly audit: AuditEntry;
}

/** The event was applied, or was a duplicate of one already applied. */
export interface AcceptedDispatch extends ResultBase {
  readonly ok: true;
  readonly changed: boolean;
  readonly duplicate: boolean;
  readonly blockers: readonly [];
  /** Set when an authoritative marketplace report moved the order where the lifecycle does not lead. */
  readonly anomaly?: Anomaly;
}

/** The event was refused: the order is unchanged, and the blockers say why. */
export interface RefusedDispatch extends ResultBase {
  readonly ok: false;
  readonly changed: false;
  readonly duplicate: false;
  readonly blockers: readonly [Blocker, ...Blocker[]];
}

/** What {@link dispatch} returns: discriminated by `ok`. */
export type DispatchResult = AcceptedDispatch | RefusedDispatch;

const NO_BLOCKERS: readonly [] = Object.freeze([]) as readonly [];

const subjectOf = (order: OrderRecord): DecisionSubject => ({
  status: order.status,
  context: order.snapshot.context,
  appliedEventIds: order.appliedEventIds,
});

const isTextOrNull = (value: unknown) => value === null || typeof value === 'string';

/** The context fields the rules read, by type: a wrong one would otherwise crash deep inside a rule. */
function contextLooksRight(context: OrderContext): boolean {
  return (
    typeof context.orderId === 'string' &&
    typeof context.marketplace === 'string' &&
    isTextOrNull(context.channel) &&
    isTextOrNull(context.deliveryMode) &&
    typeof context.fulfilledByMarketplace === 'boolean' &&
    isTextOrNull(context.marketplaceUpdatedAt) &&
    (context.shipment === null || typeof context.shipment === 'object') &&
    Array.isArray(context.refunds)
  );
}

/** Decides, turning a crash on a record that passed the cheap checks into the typed error it deserves. */
function decideOn(order: OrderRecord, event: OrderEvent, options: LifecycleOptions): Decision {
  try {
    return decide(subjectOf(order), event, options);
  } catch (cause) {
    const error = new OrderMachineError(
      'INVALID_RECORD',
      'Corrupt order record: restoreOrder names the field at fault',
      [{ path: [], message: 'is not a valid order record' }],
    );
    throw Object.assign(error, { cause });
  }
}

/** Cheap shape check of a record handed in (full validation belongs to `restoreOrder`). */
function assertRecord(order: OrderRecord): void {
  if (
    typeof order !== 'object' ||
    order === null ||
    !isOrderStatus(order.status) ||
    typeof order.snapshot !== 'object' ||
    order.snapshot === null ||
    order.snapshot.value !== order.status ||
    typeof order.snapshot.context !== 'object' ||
    order.snapshot.context === null ||
    !Array.isArray(order.appliedEventIds) ||
    !Array.isArray(order.history) ||
    !contextLooksRight(order.snapshot.context)
  ) {
    throw new OrderMachineError(
      'INVALID_RECORD',
      'Not an order record: make one with createOrder or restoreOrder',
      [{ path: [], message: 'is not an order record' }],
    );
  }
}

function auditOf(
  order: OrderRecord,
  event: OrderEvent | undefined,
  input: unknown,
  to: OrderStatus,
  outcome: AuditEntry['outcome'],
  blockers: readonly Blocker[],
  anomaly?: Anomaly,
): AuditEntry {
  // A malformed event still names what it can: its type and id, cut short.
  const raw = event ? undefined : ((typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>);
  const entry: AuditEntry = {
    eventType: event ? event.type : typeof raw?.type === 'string' ? raw.type.slice(0, 100) : null,
    eventId: event ? (event.id ?? null) : typeof raw?.id === 'string' ? raw.id.slice(0, 200) : null,
    at: event ? event.at : null,
    from: order.status,
    to,
    outcome,
    blockers: blockers.length === 0 ? [] : blockers.map((b) => b.code),
  };
  return anomaly ? { ...entry, anomaly } : entry;
}

/**
 * Applies one event to an order: a pure function of `(order, event, options)`, built on the machine's own
 * transitions. Never throws for a refused or malformed event: it returns `ok: false`, the order unchanged,
 * and blockers saying why. An event whose `id` was already applied returns `duplicate: true` and changes
 * nothing. Throws {@link OrderMachineError} `INVALID_RECORD` only when `order` is not an order record.
 * The event is typed for the compiler and validated again at run time: a value of unknown shape (a webhook
 * body, say) can be passed `as OrderEventInput`, and a malformed one is refused with `INVALID_EVENT`.
 *
 * @example
 * const result = dispatch(order, { type: 'SHIP', at: '2024-02-22T09:00:00Z', id: 'ship-1' }, { calendar });
 * if (!result.ok) console.log(result.blockers[0].code); // 'CARRIER_AND_TRACKING_REQUIRED'
 */
export function dispatch(order: OrderRecord, event: OrderEventInput, options: DispatchOptions = {}): DispatchResult {
  assertRecord(order);
  const parsed = parseEvent(event);
  if ('blocker' in parsed) return refused(order, undefined, event, [parsed.blocker]);
  const decision = decideOn(order, parsed.event, options);
  switch (decision.kind) {
    case 'duplicate':
      return {
        ok: true,
        order,
        status: order.status,
        changed: false,
        duplicate: true,
        blockers: NO_BLOCKERS,
        audit: auditOf(order, parsed.event, event, order.status, 'duplicate', NO_BLOCKERS),
      };
    case 'refused':
      return refused(order, parsed.event, event, decision.blockers);
    case 'apply': {
      const audit = auditOf(order, parsed.event, event, decision.to, 'applied', NO_BLOCKERS, decision.anomaly);
      const next = applied(order, parsed.event, decision.to, decision.context, audit, options);
      const result: AcceptedDispatch = {
        ok: true,
        order: next,
        status: decision.to,
        changed: true,
        duplicate: false,
        blockers: NO_BLOCKERS,
        audit,
      };
      return decision.anomaly ? { ...result, anomaly: decision.anomaly } : result;
    }
  }
}

function refused(
  order: OrderRecord,
  event: OrderEvent | undefined,
  input: unknown,
  blockers: readonly [Blocker, ...Blocker[]],
): RefusedDispatch {
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

function applied(
  order: OrderRecord,
  event: OrderEvent,
  to: OrderStatus,
  context: OrderContext,
  audit: AuditEntry,
  options: DispatchOptions,
): OrderRecord {
  // XState's persisted shape, minus its undefined `output` and `error` (JSON drops them anyway).
  const snapshot = {
    status: lifecycle().finals.has(to) ? 'done' : 'active',
    value: to,
    historyValue: {},
    context,
    children: {},
  } as OrderSnapshot;
  // Every key written out, in createOrder's order: a spread of the old record costs a third of dispatch.
  return {
    schemaVersion: order.schemaVersion,
    orderId: order.orderId,
    marketplace: order.marketplace,
    status: to,
    fulfilledByMarketplace: context.fulfilledByMarketplace,
    revision: order.revision + 1,
    createdAt: order.createdAt,
    updatedAt: event.at > order.updatedAt ? event.at : order.updatedAt,
    appliedEventIds:
      event.id === undefined ? order.appliedEventIds : appendBounded(order.appliedEventIds, event.id, REMEMBERED_EVENT_IDS),
    history: appendBounded(order.history, audit, historyLimitOf(options.historyLimit)),
    snapshot,
  };
}

/**
 * Why an event would be refused, without applying it: the same verdict as {@link dispatch} (empty when
 * the event would be accepted, or is a duplicate).
 *
 * @example
 * explain(order, { type: 'ACCEPT', at: '2024-02-21T19:30:00Z' }, { calendar });
 * // [{ code: 'MAINTENANCE_WINDOW', retryAt: '2024-02-21T22:00:00.000Z', message: '...' }]
 */
export function explain(order: OrderRecord, event: OrderEventInput, options: LifecycleOptions = {}): Blocker[] {
  assertRecord(order);
  const parsed = parseEvent(event);
  if ('blocker' in parsed) return [parsed.blocker];
  const decision = decideOn(order, parsed.event, options);
  return decision.kind === 'refused' ? [...decision.blockers] : [];
}

/** Options of {@link availableActions}: the instant to ask about, and the rules' options. */
export interface AvailableActionsOptions extends LifecycleOptions {
  readonly at: InstantInput;
}

/**
 * The seller actions the order accepts at `at`, given a proper payload (e.g. `SHIP` is listed for a tracked
 * delivery even though the tracking number is still to be given). Empty during maintenance, for fulfilment
 * orders and in final statuses.
 *
 * @example availableActions(order, { at: '2024-02-21T19:30:00Z' }) // ['ACCEPT', 'REFUSE']
 */
export function availableActions(order: OrderRecord, options: AvailableActionsOptions): SellerActionType[] {
  assertRecord(order);
  const at = instantSchema.safeParse(options?.at);
  if (!at.success) {
    throw new OrderMachineError('INVALID_INPUT', 'availableActions needs options.at: an ISO 8601 instant or a Date', [
      { path: ['at'], message: 'must be an ISO 8601 instant or a Date' },
    ]);
  }
  const table = lifecycle().transitions[order.status];
  const context = order.snapshot.context;
  const rules = options.marketplaceRules;
  return SELLER_ACTIONS.filter(
    (type) =>
      (table[type] ?? []).some(
        (transition) =>
          transition.guard === null ||
          evaluateGuard(transition.guard, context, { type, at: at.data }, options, transition.params, 'payload').kind === 'pass',
      ) &&
      // The marketplace must offer the action in this status too (its arguments are the payload's business).
      (rules === undefined ||
        rules.blockersFor({ status: order.status, context }, { type, at: at.data } as OrderEvent, { stateOnly: true })
          .length === 0),
  );
}
