import { blocker, type Blocker } from './blockers.js';
import type { OrderContext } from './context.js';
import type { Rule, RuleEvent } from './definition.js';
import { STORE_DELIVERY_MODES, TRACKED_DELIVERY_MODES, deliveryModeSet } from './delivery-modes.js';
import { toIsoInstant } from './instant.js';
import type { LifecycleOptions } from './options.js';

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
      const modes = deliveryModeSet(options.trackedDeliveryModes ?? TRACKED_DELIVERY_MODES);
      return modes.has(context.deliveryMode) ? missingTracking(event, `for delivery mode "${context.deliveryMode}"`) : undefined;
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
