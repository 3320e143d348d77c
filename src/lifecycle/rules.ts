import { blocker, type Blocker } from './blockers.js';
import type { OrderContext } from './context.js';
import type { Rule, RuleEvent } from './definition.js';
import { STORE_DELIVERY_MODES, TRACKED_DELIVERY_MODES, UNTRACKED_DELIVERY_MODES, deliveryModeSet } from './delivery-modes.js';
import { toIsoInstant } from './instant.js';
import { refundPastLine } from './line-refunds.js';
import { alreadyRefunded, refundPastTotal } from './refunds.js';
import type { LifecycleOptions, TrackingPolicy } from './options.js';

/** No value, or only blanks. */
export const blank = (value: unknown): boolean => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
/** `CARRIER_AND_TRACKING_REQUIRED` naming what a shipment lacks, or nothing. */
export function missingTracking(event: RuleEvent, why: string): Blocker | undefined {
  const missing = [...(blank(event.carrier) ? ['carrier'] : []), ...(blank(event.trackingNumber) ? ['trackingNumber'] : [])];
  if (missing.length === 0) return undefined;
  return blocker('CARRIER_AND_TRACKING_REQUIRED', `${event.type} needs a carrier and a tracking number ${why}; missing: ${missing.join(', ')}.`, {
    fields: missing,
  });
}

/** The tracking policy of a marketplace: its entry in `options.trackingPolicy`, compared without case. */
function trackingPolicyOf(marketplace: string, options: LifecycleOptions): TrackingPolicy {
  const policies = options.trackingPolicy;
  if (policies === undefined) return 'byDeliveryMode';
  const wanted = marketplace.toLowerCase();
  for (const name in policies) if (name.toLowerCase() === wanted) return policies[name] ?? 'byDeliveryMode';
  return 'byDeliveryMode';
}

/**
 * The built-in rules any lifecycle's guards may name. A definition adds its own in `rules`.
 */
export const BUILT_IN_RULES = {
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
      const policy = trackingPolicyOf(context.marketplace, options);
      if (policy === 'optional') return undefined;
      if (policy === 'always') return missingTracking(event, `on ${context.marketplace}, whatever the delivery mode`);
      const mode = context.deliveryMode;
      if (deliveryModeSet(options.trackedDeliveryModes ?? TRACKED_DELIVERY_MODES).has(mode)) {
        return missingTracking(event, `for delivery mode "${mode}"`);
      }
      if (deliveryModeSet(options.untrackedDeliveryModes ?? UNTRACKED_DELIVERY_MODES).has(mode)) return undefined;
      // Since November 2020 only Standard ships untracked: a mode nobody listed is not taken for Standard.
      const unknown = mode === null ? 'the delivery mode is unknown' : `delivery mode "${mode}" is unknown`;
      return missingTracking(event, `because ${unknown} (treated as tracked; list it in untrackedDeliveryModes if it ships untracked)`);
    },
  },
  isStoreDelivery: {
    payload: false,
    check: (context, event, options) => {
      // Cdiscount serves in store only orders of a store mode: an unknown mode is not taken for one.
      if (context.deliveryMode === null) {
        return blocker('DELIVERY_MODE_MISMATCH', `${event.type} needs an in-store delivery mode; order ${context.orderId} has none known.`, {
          fields: ['deliveryMode'],
        });
      }
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
  // Refunds that add up (issue 13, item 2; DOMAIN.md section 10 "Refund statuses"). Two rules, so that
  // `availableActions` (which skips payload rules) stops offering REFUND once nothing is left to refund.
  isNotFullyRefunded: {
    payload: false,
    check: (context, event) => alreadyRefunded(context, event.type),
  },
  refundFits: {
    payload: true,
    check: (context, event) => refundPastTotal(context, event.type, event.amount),
  },
  // Refunds of one line (issue 15): never past its units nor what it was paid.
  refundFitsLine: {
    payload: true,
    check: (context, event) => refundPastLine(context, event.type, event),
  },
} as const satisfies Record<string, Rule>;

/** Name of a built-in rule. */
export type RuleName = keyof typeof BUILT_IN_RULES;

/** A guard ready to run: its rules, resolved from the built-in ones and the definition's own. */
export type CompiledGuard = readonly Rule[];

/** What a guard concluded: passed, or refused with every blocker (not only the first). */
export type GuardVerdict = { readonly kind: 'pass' } | { readonly kind: 'blocked'; readonly blockers: Blocker[] };

const PASS: GuardVerdict = { kind: 'pass' };

/**
 * Runs a guard rule by rule, collecting every blocker so a refusal explains all that is wrong.
 * `skipPayload` asks "could this action be taken now, given a proper payload?" (for `availableActions`).
 */
export function evaluateGuard(
  guard: CompiledGuard,
  context: OrderContext<string>,
  event: RuleEvent,
  options: LifecycleOptions,
  skipPayload = false,
): GuardVerdict {
  let blockers: Blocker[] | undefined;
  for (const rule of guard) {
    if (skipPayload && rule.payload) continue;
    const verdict = rule.check(context, event, options);
    if (verdict !== undefined) (blockers ??= []).push(verdict);
  }
  return blockers ? { kind: 'blocked', blockers } : PASS;
}
