import type { Anomaly } from './audit.js';
import { blocker, type Blocker } from './blockers.js';
import { lifecycle, type CompiledTransition } from './compiled-lifecycle.js';
import { recordMarketplaceUpdate, type OrderContext } from './context.js';
import { isSellerAction, type OrderEvent } from './events.js';
import type { LifecycleOptions } from './options.js';
import { RULES, evaluateGuard, repeatsLastReport, reportsNewShipment, staleUpdate } from './rules.js';
import type { OrderStatus } from './statuses.js';

/** What the lifecycle concludes about one event. */
export type Decision =
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'refused'; readonly blockers: [Blocker, ...Blocker[]] }
  | { readonly kind: 'apply'; readonly to: OrderStatus; readonly context: OrderContext; readonly anomaly?: Anomaly };

const DUPLICATE: Decision = { kind: 'duplicate' };

function notAllowed(status: OrderStatus, type: string): Blocker {
  return blocker('NOT_ALLOWED_IN_STATUS', `${type} is not allowed while the order is ${status}.`);
}

/** What a decision is about: the order's status and context, and the ids it already applied. */
export interface DecisionSubject {
  readonly status: OrderStatus;
  readonly context: OrderContext;
  readonly appliedEventIds: readonly string[];
}

/**
 * Decides one validated event: duplicate, refused (with every blocker) or applied (the next status and
 * context). Walks the machine's own transitions, compiled; the single verdict behind dispatch, explain and
 * the machine's rejection reports.
 */
export function decide(order: DecisionSubject, event: OrderEvent, options: LifecycleOptions): Decision {
  if (event.id !== undefined && order.appliedEventIds.includes(event.id)) return DUPLICATE;
  const status = order.status;
  const context = order.context;
  const isReport = event.type === 'MARKETPLACE_STATUS_CHANGED';
  // The marketplace says what we already know (polling delivers the same status many times; new tracking is
  // merged, except in a final status, which nothing changes), or repeats its last report after a change.
  if (
    isReport &&
    (event.status === status
      ? !reportsNewShipment(context, event) || lifecycle().finals.has(status)
      : repeatsLastReport(context, event))
  ) {
    return DUPLICATE;
  }

  const candidates = lifecycle().transitions[status][event.type];
  let blockers: Blocker[] | undefined;
  if (candidates) {
    for (const transition of candidates) {
      const verdict =
        transition.guard === null
          ? undefined
          : evaluateGuard(transition.guard, context, event, options, transition.params, 'validation');
      if (verdict === undefined || verdict.kind === 'pass') {
        const refusedByMarketplace = marketplaceBlockers(order, event, options);
        if (refusedByMarketplace.length > 0) return { kind: 'refused', blockers: refusedByMarketplace as [Blocker, ...Blocker[]] };
        return apply(transition, status, context, event);
      }
      if (verdict.kind === 'blocked') {
        // Say everything that is wrong at once: the lifecycle's reasons first, then the marketplace's.
        blockers = [...verdict.blockers, ...marketplaceBlockers(order, event, options)];
        break;
      }
    }
  }
  if (blockers) return { kind: 'refused', blockers: blockers as [Blocker, ...Blocker[]] };
  if (isReport) {
    // A report of a status the order has already moved past is the marketplace lagging behind a seller
    // action (it still says WaitingForShipmentAcceptation after SHIP): known, nothing to apply.
    if (lifecycle().reaches[event.status].has(status)) {
      const stale = staleUpdate(context, event);
      return stale ? { kind: 'refused', blockers: [stale] } : DUPLICATE;
    }
    return unreachableReport(event, context, options, status);
  }
  const reasons: [Blocker, ...Blocker[]] = [notAllowed(status, event.type)];
  // A fulfilment order is closed to the seller whatever its status: say so first.
  const fulfilment = isSellerAction(event.type) ? RULES.isSellerManaged.check(context, event) : undefined;
  if (fulfilment) reasons.unshift(fulfilment);
  return { kind: 'refused', blockers: reasons };
}

const NONE: readonly Blocker[] = Object.freeze([]);

/** The marketplace's own verdict on a seller action the lifecycle allows; no work without the option. */
function marketplaceBlockers(order: DecisionSubject, event: OrderEvent, options: LifecycleOptions): readonly Blocker[] {
  const rules = options.marketplaceRules;
  if (rules === undefined || !isSellerAction(event.type)) return NONE;
  return rules.blockersFor({ status: order.status, context: order.context }, event);
}

function apply(transition: CompiledTransition, status: OrderStatus, context: OrderContext, event: OrderEvent): Decision {
  let next = context;
  for (const action of transition.actions) next = (action as (c: OrderContext, e: OrderEvent) => OrderContext)(next, event);
  return { kind: 'apply', to: transition.target ?? status, context: next };
}

/** The marketplace is the source of truth: a status the lifecycle cannot reach is applied, flagged. */
function unreachableReport(
  event: Extract<OrderEvent, { type: 'MARKETPLACE_STATUS_CHANGED' }>,
  context: OrderContext,
  options: LifecycleOptions,
  status: OrderStatus,
): Decision {
  const stale = staleUpdate(context, event, true);
  if (stale) return { kind: 'refused', blockers: [stale] };
  if (options.unreachableStatus === 'refuse') {
    return {
      kind: 'refused',
      blockers: [
        blocker(
          'NOT_ALLOWED_IN_STATUS',
          `The marketplace reported ${event.status}, which the lifecycle does not reach from ${status}; refused by policy.`,
        ),
      ],
    };
  }
  return { kind: 'apply', to: event.status, context: recordMarketplaceUpdate(context, event), anomaly: 'UNREACHABLE_STATUS' };
}

