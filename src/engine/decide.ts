import { blocker, type Blocker } from '../lifecycle/blockers.js';
import type { CompiledLifecycle } from '../lifecycle/compile.js';
import { SHIPMENT_FIELDS, clean, recordMarketplaceUpdate, type OrderContext, type PendingAction } from '../lifecycle/context.js';
import { MARKETPLACE_REPORT, isActionVerdict, type ActionVerdict, type MarketplaceReport } from '../lifecycle/definition.js';
import { toIsoInstant } from '../lifecycle/instant.js';
import type { LifecycleOptions } from '../lifecycle/options.js';
import { namedLinesOf, placedIn, type RecordLine } from '../lifecycle/lines.js';
import { withFields } from '../lifecycle/with-fields.js';
import type { Anomaly } from './audit.js';
import { decideOnLines } from './line-steps.js';
import {
  canonical,
  marketplaceBlockers,
  movedTo,
  notAllowed,
  refused,
  take,
  walk,
  type Decision,
  type DecisionSubject,
  type EngineEvent,
} from './step.js';
import { pendingActionNamed, pendingTimedOut, undoPendingAction, withoutPendingAction } from './pending.js';

export type { Decision, DecisionSubject, EngineEvent } from './step.js';

const DUPLICATE = { kind: 'duplicate' } as const;
const EARLIER_STATUS = { kind: 'duplicate', anomaly: 'EARLIER_STATUS_REPORTED' } as const;
/**
 * Decides one validated event: duplicate, refused (with every blocker) or applied (the next status and
 * context). Walks the definition's transitions, compiled; the single verdict behind `dispatch`, `explain`,
 * `availableActions` and the XState machine's guards.
 */
export function decide<S extends string>(
  lifecycle: CompiledLifecycle<S>,
  order: DecisionSubject<S>,
  event: EngineEvent,
  options: LifecycleOptions,
): Decision<S> {
  if (event.id !== undefined && order.appliedEventIds.includes(event.id)) return DUPLICATE;
  if (event.type === MARKETPLACE_REPORT) return decideReport(lifecycle, order, event as unknown as MarketplaceReport<S>, options);
  if (isActionVerdict(event.type)) return decideVerdict(order, event as unknown as ActionVerdict<string>);
  // An order with lines in a lifecycle whose lines move on their own: each line takes the event. When the
  // event names none, some line is with the order and the others have ended, that is the order's own step
  // (and costs what it costs without lines), unless parcels hold some units already (a shipment then ships
  // what is left, in a parcel). An order in a final status never leaves it.
  const lines = order.context.lines;
  // An order made without lines is one line, the order itself: an event naming another is refused.
  if (lines === undefined && event.lines !== undefined) {
    const unknown = unknownLines(
      order,
      (namedLinesOf(event) ?? []).map((line) => line.id),
    );
    if (unknown.length > 0) return refused(unknown);
  }
  if (
    lines !== undefined &&
    lifecycle.linePrecedence !== null &&
    !lifecycle.finals.has(order.status) &&
    (event.lines !== undefined || order.context.parcels !== undefined || !movesWithOrder(lifecycle, lines))
  ) {
    return decideOnLines(lifecycle, order, event, options);
  }
  const { status, context } = order;
  const walked = walk(lifecycle, status, context, event, options);
  if (walked === null) return notAllowed(lifecycle, order, event);
  if (walked.transition === undefined) return refused([...walked.blockers, ...marketplaceBlockers(lifecycle, order, event, options)]);
  return take(lifecycle, order, event, options, walked.transition, walked.transition.target ?? status);
}

/** `INVALID_EVENT` for each line an order made without lines is named but has not (its one line is itself). */
function unknownLines<S extends string>(order: DecisionSubject<S>, named: readonly string[]): Blocker[] {
  const { orderId } = order.context;
  return named
    .filter((id) => id !== orderId)
    .map((id) =>
      blocker('INVALID_EVENT', `Order ${orderId} has no line ${id}: it was made without lines, and is one line, itself.`, {
        fields: ['lines'],
        line: id,
      }),
    );
}

/** Some line is with the order, and every other one has ended: the order's step is its lines'. */
function movesWithOrder<S extends string>(lifecycle: CompiledLifecycle<S>, lines: readonly { readonly status?: S | undefined }[]): boolean {
  let withOrder = false;
  for (const line of lines) {
    if (line.status === undefined) withOrder = true;
    else if (!lifecycle.finals.has(line.status)) return false;
  }
  return withOrder;
}

/**
 * A marketplace status report. The marketplace is the source of truth, but it repeats itself, lags behind
 * the seller's actions and arrives out of order:
 * - in a final status, another status than one it has moved past: refused (a final status is never left);
 * - the current status again: a duplicate, unless it brings tracking the order lacks (merged) or a new
 *   settlement (`refunded`, `partially_refunded`, `closed`: kept);
 * - the marketplace's last report again, not newer: a duplicate;
 * - a status the order reaches: applied, steps between skipped;
 * - a status the order has moved past (the marketplace lagging behind a seller action): a duplicate;
 * - any other status: applied as an anomaly (or refused by policy), when strictly newer than the last report.
 * A report older than the last one applied is `STALE_UPDATE`.
 */
function decideReport<S extends string>(
  lifecycle: CompiledLifecycle<S>,
  order: DecisionSubject<S>,
  event: MarketplaceReport<S>,
  options: LifecycleOptions,
): Decision<S> {
  const { status, context } = order;
  const apply = (to: S, anomaly?: Anomaly): Decision<S> => {
    // A report the order takes settles a pending seller action: the marketplace has moved on from it.
    const updated = withoutPendingAction(recordMarketplaceUpdate(context, event));
    const next = withReportedLines(to === status ? updated : movedTo(lifecycle, status, to, updated, event.at, options), event, to);
    return anomaly ? { kind: 'apply', to, context: next, transition: null, anomaly } : { kind: 'apply', to, context: next, transition: null };
  };
  if (lifecycle.finals.has(status) && event.status !== status && !lifecycle.reaches[event.status].has(status)) {
    // Nothing changes a final status, as the XState machine, done there, says too: another status reported is
    // refused (the plugin is told), never applied over it.
    return refused([
      blocker('NOT_ALLOWED_IN_STATUS', `The marketplace reported ${event.status}, but the order is ${status}, a final status it never leaves.`),
    ]);
  }
  if (event.status === status) {
    // Nothing changes a final status; elsewhere new tracking is merged and a new settlement kept.
    // A pending seller action that led here is confirmed by a report made after it (one that kept the status,
    // a refund, is not: the status says nothing of it). The marketplace's last report polled again is no
    // verdict: the order had it before the action was made, whatever the instants say.
    const pending = context.pendingAction;
    const confirms = pending !== undefined && pending.from !== status && event.at > canonical(pending.at) && !repeatsLastReport(context, event);
    const news = confirms || reportsNewShipment(context, event) || reportsNewFacts(context, event) || reportsNewLines(context, event);
    if (lifecycle.finals.has(status) || !news) return DUPLICATE;
    const stale = staleUpdate(context, event);
    return stale ? refused([stale]) : apply(status);
  }
  if (repeatsLastReport(context, event)) return DUPLICATE;
  if (lifecycle.reaches[status].has(event.status)) {
    const stale = staleUpdate(context, event);
    return stale ? refused([stale]) : apply(event.status);
  }
  if (lifecycle.reaches[event.status].has(status)) {
    // The marketplace lagging behind the order: nothing to apply, but said in the audit for a plugin to alert on.
    const stale = staleUpdate(context, event);
    if (stale) return refused([stale]);
    return contradictsPending(lifecycle, status, context, event, options) ? rejectByReport(context, event) : EARLIER_STATUS;
  }
  // An authoritative jump must be strictly newer than what it overrides, or replaying two conflicting reports
  // of one instant would flip the order back and forth; a jump into a final status cannot flip back (nothing
  // leaves one), so a version of the same instant may make it, as Lengow's connectors cancel such an order.
  const stale = staleUpdate(context, event, !lifecycle.finals.has(event.status));
  if (stale) return refused([stale]);
  if (options.unreachableStatus === 'refuse') {
    return refused([
      blocker(
        'NOT_ALLOWED_IN_STATUS',
        `The marketplace reported ${event.status}, which the lifecycle does not reach from ${status}; refused by policy.`,
      ),
    ]);
  }
  return apply(event.status, 'UNREACHABLE_STATUS');
}

/**
 * A newer report still giving the status the pending seller action left (or an earlier one), once
 * `pendingTimeout` has passed since the action: the marketplace did not take it. An action that kept the
 * status (a refund) is never contradicted by one.
 */
function contradictsPending<S extends string>(
  lifecycle: CompiledLifecycle<S>,
  status: S,
  context: OrderContext<S>,
  event: MarketplaceReport<S>,
  options: LifecycleOptions,
): boolean {
  const pending = context.pendingAction;
  return (
    pending !== undefined &&
    pending.from !== status &&
    (event.status === pending.from || lifecycle.reaches[event.status].has(pending.from)) &&
    pendingTimedOut(pending.at, event.at, options)
  );
}

/** The order back where it was before the pending action the report contradicts, the report kept. */
function rejectByReport<S extends string>(context: OrderContext<S>, event: MarketplaceReport<S>): Decision<S> {
  const pending = context.pendingAction as PendingAction<S>;
  return {
    kind: 'apply',
    to: pending.from,
    context: recordMarketplaceUpdate(undoPendingAction(context), event),
    transition: null,
    anomaly: 'ACTION_REJECTED',
    detail: `The marketplace still reported ${event.status} at ${event.at}, ${pending.type} having been made at ${pending.at}.`,
  };
}

/**
 * The marketplace's verdict on a pending seller action. `ACTION_SENT` keeps its id, `ACTION_CONFIRMED` settles
 * it, `ACTION_REJECTED` returns the order to the status before it and undoes what it recorded. A verdict on
 * an action that is not pending: a confirmation is a duplicate (settled already), a rejection is refused.
 */
function decideVerdict<S extends string>(order: DecisionSubject<S>, event: ActionVerdict<string>): Decision<S> {
  const { status, context } = order;
  const pending = pendingActionNamed(context, event);
  if (pending === undefined) {
    if (event.type !== 'ACTION_REJECTED') return DUPLICATE;
    const which = event.eventId === undefined ? '' : ` (event ${event.eventId})`;
    return refused([
      blocker(
        'NOT_ALLOWED_IN_STATUS',
        `The marketplace rejected ${event.action}${which}, but no such action is pending on order ${context.orderId}.`,
      ),
    ]);
  }
  switch (event.type) {
    case 'ACTION_SENT':
      if (event.actionId === undefined || event.actionId === pending.actionId) return DUPLICATE;
      return {
        kind: 'apply',
        to: status,
        context: withFields(context, { pendingAction: { ...pending, actionId: event.actionId } }),
        transition: null,
      };
    case 'ACTION_CONFIRMED':
      return { kind: 'apply', to: status, context: withoutPendingAction(context), transition: null };
    case 'ACTION_REJECTED':
      return {
        kind: 'apply',
        to: pending.from as S,
        context: undoPendingAction(context),
        transition: null,
        anomaly: 'ACTION_REJECTED',
        detail: event.message ?? `The marketplace rejected ${pending.type}.`,
      };
  }
}

/**
 * The lines of an order as the marketplace reports them: each line reported takes the status and Lengow status
 * given (the marketplace is the truth about its lines as about the order); a line in the order's status is
 * with it. A line the order has not is left out: the order's lines are those it was made with.
 */
function withReportedLines<S extends string>(context: OrderContext<S>, event: MarketplaceReport<S>, to: S): OrderContext<S> {
  const reported = event.lines;
  const lines = context.lines;
  if (reported === undefined || lines === undefined) return context;
  let out: RecordLine<S>[] | undefined;
  for (const { lineId, status, lengowStatus } of reported) {
    const index = lines.findIndex((line) => line.id === lineId);
    if (index < 0) continue;
    const line = (out ?? lines)[index] as RecordLine<S>;
    const told = lengowStatus === undefined || lengowStatus === line.lengowStatus ? line : withFields(line, { lengowStatus });
    const placed = placedIn(told, status, to);
    if (placed === line) continue;
    out ??= lines.slice();
    out[index] = placed;
  }
  return out === undefined ? context : withFields(context, { lines: out });
}

/** The report gives a line another status (or Lengow status) than the order has for it. */
function reportsNewLines<S extends string>(context: OrderContext<S>, event: MarketplaceReport<S>): boolean {
  return withReportedLines(context, event, event.status) !== context;
}

/** The marketplace repeats its last report: same status, not newer. */
function repeatsLastReport(context: OrderContext<string>, event: MarketplaceReport<string>): boolean {
  const last = context.marketplaceUpdatedAt;
  return event.status === context.marketplaceStatus && last !== null && event.at <= canonical(last);
}

/** The report carries a carrier, tracking number or URL the order does not have yet. */
function reportsNewShipment(context: OrderContext<string>, event: MarketplaceReport<string>): boolean {
  return SHIPMENT_FIELDS.some((field) => {
    const reported = clean(event[field]);
    return reported !== null && reported !== (context.shipment?.[field] ?? null);
  });
}

/**
 * The report says something new beside the status: a settlement other than the one the order keeps, the
 * status spelt otherwise, or that the marketplace ships the order itself.
 */
function reportsNewFacts(context: OrderContext<string>, event: MarketplaceReport<string>): boolean {
  return (
    (event.settlement !== undefined && event.settlement !== context.settlement) ||
    (event.rawStatus !== undefined && event.rawStatus !== context.marketplaceRawStatus) ||
    (event.fulfilledByMarketplace === true && !context.fulfilledByMarketplace)
  );
}

/**
 * `STALE_UPDATE` when a marketplace report is older than the last one applied. `strictly` also refuses a
 * report of the same instant.
 */
function staleUpdate(context: OrderContext<string>, event: MarketplaceReport<string>, strictly = false): Blocker | undefined {
  const last = context.marketplaceUpdatedAt;
  if (last === null) return undefined;
  const at = event.at;
  const lastAt = canonical(last);
  if (at > lastAt || (at === lastAt && !strictly)) return undefined;
  const when = at === lastAt ? 'at the same instant as' : 'older than';
  return blocker(
    'STALE_UPDATE',
    `The marketplace report of ${event.status} at ${toIsoInstant(event.at)} is ${when} the last one applied (${last}); it is ignored.`,
  );
}
