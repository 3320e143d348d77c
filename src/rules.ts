import { blocker, type Blocker } from './blockers.js';
import { SHIPMENT_FIELDS, clean, type OrderContext } from './context.js';
import { STORE_DELIVERY_MODES, TRACKED_DELIVERY_MODES, deliveryModeSet } from './delivery-modes.js';
import { parseEvent } from './events.js';
import { toEpochMs, toIsoInstant, type InstantInput } from './instant.js';
import type { LifecycleOptions } from './options.js';
import type { OrderStatus } from './statuses.js';

/** The event fields the rules read; actors may send `at` as a Date. */
export interface RuleEvent {
  readonly type: string;
  readonly at: InstantInput;
  readonly carrier?: string | null | undefined;
  readonly trackingNumber?: string | null | undefined;
  readonly trackingUrl?: string | null | undefined;
  readonly status?: OrderStatus | undefined;
}

/**
 * A rule's verdict: `undefined` passes, a {@link Blocker} refuses, `null` means the transition does not
 * apply to this event at all (a selector, such as "the marketplace reported this very status").
 */
export type RuleVerdict = Blocker | null | undefined;

interface Rule {
  /** Reads the event's payload (not only the order and the instant): skipped by `availableActions`. */
  readonly payload: boolean;
  /** Checks the event's shape: `dispatch` has already, and a malformed event is refused for that alone. */
  readonly validation?: true;
  check(context: OrderContext, event: RuleEvent, options: LifecycleOptions, params: GuardParams): RuleVerdict;
}

/** Parameters of a guard; only the marketplace report guard has one. */
export interface GuardParams {
  readonly status?: OrderStatus;
}

const blank = (value: string | null | undefined) => value === undefined || value === null || value.trim() === '';

/** The atomic rules. Guards in the machine are named conjunctions of these. */
export const RULES = {
  // Actors are sent events without `dispatch`'s validation: every transition checks the event first.
  isWellFormed: {
    payload: true,
    validation: true,
    check: (_context, event) => {
      const parsed = parseEvent(event);
      return 'blocker' in parsed ? parsed.blocker : undefined;
    },
  },
  isSellerManaged: {
    payload: false,
    check: (context, event) =>
      context.fulfilledByMarketplace
        ? blocker(
            'FULFILLED_BY_MARKETPLACE',
            `Order ${context.orderId} is shipped by the marketplace (fulfilment): seller actions such as ${event.type} are closed.`,
          )
        : undefined,
  },
  isOutsideMaintenance: {
    payload: false,
    check: (context, event, options) => {
      const active = options.calendar?.activeAt(event.at, { scope: [context.marketplace, context.channel] });
      if (!active) return undefined;
      const { window, reopensAt } = active;
      const name = window.label ? `"${window.label}"` : 'a maintenance window';
      return blocker(
        'MAINTENANCE_WINDOW',
        `${event.type} at ${toIsoInstant(event.at)} falls inside ${name} (${window.start} to ${window.end}); seller actions reopen at ${reopensAt}.`,
        { retryAt: reopensAt },
      );
    },
  },
  hasCarrierAndTracking: {
    payload: true,
    check: (context, event, options) => {
      const modes = deliveryModeSet(options.trackedDeliveryModes ?? TRACKED_DELIVERY_MODES);
      if (!modes.has(context.deliveryMode)) return undefined;
      const missing = [
        ...(blank(event.carrier) ? ['carrier'] : []),
        ...(blank(event.trackingNumber) ? ['trackingNumber'] : []),
      ];
      if (missing.length === 0) return undefined;
      return blocker(
        'CARRIER_AND_TRACKING_REQUIRED',
        `${event.type} needs a carrier and a tracking number for delivery mode "${context.deliveryMode}"; missing: ${missing.join(', ')}.`,
        { fields: missing },
      );
    },
  },
  isStoreDelivery: {
    payload: false,
    check: (context, event, options) => {
      // An unknown mode is not held against the seller: only a known, non-store mode refuses.
      if (context.deliveryMode === null) return undefined;
      const modes = deliveryModeSet(options.storeDeliveryModes ?? STORE_DELIVERY_MODES);
      return modes.has(context.deliveryMode)
        ? undefined
        : blocker(
            'DELIVERY_MODE_MISMATCH',
            `${event.type} needs an in-store delivery mode; order ${context.orderId} is delivered by "${context.deliveryMode}".`,
            { fields: ['deliveryMode'] },
          );
    },
  },
  reportsStatus: {
    payload: true,
    check: (_context, event, _options, params) => (event.status === params.status ? undefined : null),
  },
  isNewMarketplaceStatus: {
    payload: true,
    // The marketplace repeating its last report (same status, no newer instant) says nothing new, even if
    // the order moved on since; a newer report of it is the marketplace's word again and goes through.
    check: (context, event) => (repeatsLastReport(context, event) ? null : undefined),
  },
  reportsNewShipment: {
    payload: true,
    check: (context, event) => (reportsNewShipment(context, event) ? undefined : null),
  },
  isNewerMarketplaceUpdate: {
    payload: true,
    check: (context, event) => staleUpdate(context, event),
  },
} as const satisfies Record<string, Rule>;

/** Name of an atomic rule. */
export type RuleName = keyof typeof RULES;

/** The marketplace repeats its last report: same status, not newer. */
export function repeatsLastReport(context: OrderContext, event: RuleEvent): boolean {
  const last = context.marketplaceUpdatedAt;
  return event.status === context.marketplaceStatus && last !== null && toEpochMs(event.at) <= Date.parse(last);
}

/** The report carries a carrier, tracking number or URL the order does not have yet. */
export function reportsNewShipment(context: OrderContext, event: RuleEvent): boolean {
  return SHIPMENT_FIELDS.some((field) => {
    const reported = clean(event[field]);
    return reported !== null && reported !== (context.shipment?.[field] ?? null);
  });
}

/**
 * `STALE_UPDATE` when a marketplace report is older than the last one applied. `strictly` also refuses a
 * report of the same instant: an authoritative jump the lifecycle cannot make (an anomaly) must be newer
 * than what it overrides, or replaying two conflicting reports of one instant would flip the order back and
 * forth. (The same status again never gets here: it is a duplicate.)
 */
export function staleUpdate(context: OrderContext, event: RuleEvent, strictly = false): Blocker | undefined {
  const last = context.marketplaceUpdatedAt;
  if (last === null) return undefined;
  const at = toEpochMs(event.at);
  const lastMs = Date.parse(last);
  if (at > lastMs || (at === lastMs && !strictly)) return undefined;
  const when = at === lastMs ? 'at the same instant as' : 'older than';
  return blocker(
    'STALE_UPDATE',
    `The marketplace report of ${event.status ?? event.type} at ${toIsoInstant(event.at)} is ${when} the last one applied (${last}); it is ignored.`,
  );
}

/**
 * The machine's guards: each a named conjunction of rules, so the inspector shows one readable name per
 * transition while `explain` can say which part failed. Selector rules come first.
 */
export const GUARD_RULES = {
  isWellFormed: ['isWellFormed'],
  canSellerAct: ['isWellFormed', 'isSellerManaged', 'isOutsideMaintenance'],
  canShip: ['isWellFormed', 'isSellerManaged', 'isOutsideMaintenance', 'hasCarrierAndTracking'],
  canServeInStore: ['isWellFormed', 'isSellerManaged', 'isOutsideMaintenance', 'isStoreDelivery'],
  isFreshReportOf: ['reportsStatus', 'isWellFormed', 'isNewMarketplaceStatus', 'isNewerMarketplaceUpdate'],
  isTrackingReportOf: ['reportsStatus', 'isWellFormed', 'reportsNewShipment', 'isNewerMarketplaceUpdate'],
} as const satisfies Record<string, readonly RuleName[]>;

/** Name of a machine guard. */
export type GuardName = keyof typeof GUARD_RULES;

/** What a guard concluded: passed, refused with blockers, or not applicable to this event. */
export type GuardVerdict =
  | { readonly kind: 'pass' }
  | { readonly kind: 'blocked'; readonly blockers: Blocker[] }
  | { readonly kind: 'skip' };

const PASS: GuardVerdict = { kind: 'pass' };
const SKIP: GuardVerdict = { kind: 'skip' };

/**
 * Rules a caller has no use for: `payload` ones ("could this action be taken now, given a proper payload?"),
 * or `validation` ones (the event was validated already).
 */
export type SkippedRules = 'payload' | 'validation';

/**
 * Evaluates a guard rule by rule, collecting every blocker (not only the first) so a refusal explains all
 * that is wrong; a malformed event is refused for that alone (the other rules could not read it).
 */
export function evaluateGuard(
  guard: GuardName,
  context: OrderContext,
  event: RuleEvent,
  options: LifecycleOptions,
  params: GuardParams = {},
  skip?: SkippedRules,
): GuardVerdict {
  let blockers: Blocker[] | undefined;
  for (const name of GUARD_RULES[guard]) {
    const rule: Rule = RULES[name];
    if (skip === 'payload' ? rule.payload : skip === 'validation' && rule.validation) continue;
    const verdict = rule.check(context, event, options, params);
    if (verdict === null) return SKIP;
    if (verdict !== undefined && rule.validation) return { kind: 'blocked', blockers: [verdict] };
    if (verdict !== undefined) (blockers ??= []).push(verdict);
  }
  return blockers ? { kind: 'blocked', blockers } : PASS;
}
