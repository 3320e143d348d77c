/*
 * Octopia's own rules for seller actions (Lengow's "Cdiscount (Octopia) - Orders management"): a shipment
 * always carries a carrier and a tracking number, from the carriers Octopia supports; a refund names a reason
 * from the channel's values. Rules of the Octopia definition, beside the built-in ones; any definition may
 * use them (`rules: { ...OCTOPIA_RULES }`).
 */
import { blocker } from '../lifecycle/blockers.js';
import type { Rule } from '../lifecycle/definition.js';
import { blank, missingTracking } from '../lifecycle/rules.js';

const listed = (values: readonly string[]) => (values.length > 10 ? `${values.slice(0, 10).join(', ')}, ...` : values.join(', '));

/**
 * `shipsWithTracking` (carrier and tracking number whatever the delivery mode), `isSupportedCarrier` (one of
 * the option `carriers`, when given) and `hasRefundReason` (a reason, one of the option `refundReasons` when
 * given).
 */
export const OCTOPIA_RULES = {
  shipsWithTracking: {
    payload: true,
    check: (_context, event) => missingTracking(event, 'whatever the delivery mode'),
  },
  isSupportedCarrier: {
    payload: true,
    check: (_context, event, options) => {
      // No list given, or no carrier yet (the tracking rule speaks of that): nothing to hold against the seller.
      if (options.carriers === undefined || blank(event.carrier)) return undefined;
      const carrier = String(event.carrier).trim();
      if (options.carriers.some((known) => known.trim().toLowerCase() === carrier.toLowerCase())) return undefined;
      return blocker('INVALID_ARGUMENT', `${event.type}: carrier "${carrier}" is not one the marketplace supports (${listed(options.carriers)}).`, {
        fields: ['carrier'],
      });
    },
  },
  hasRefundReason: {
    payload: true,
    check: (_context, event, options) => {
      if (blank(event.reason)) {
        return blocker(
          'MISSING_ARGUMENT',
          `${event.type} needs a reason${options.refundReasons ? ` (one of ${listed(options.refundReasons)})` : ''}.`,
          {
            fields: ['reason'],
          },
        );
      }
      const reason = String(event.reason).trim();
      if (options.refundReasons === undefined || options.refundReasons.includes(reason)) return undefined;
      return blocker('INVALID_ARGUMENT', `${event.type}: reason "${reason}" is not one of the channel's values (${listed(options.refundReasons)}).`, {
        fields: ['reason'],
      });
    },
  },
} as const satisfies Record<string, Rule>;
