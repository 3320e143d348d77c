import type { AuditEntry } from '../engine/audit.js';
import { blocker, type Blocker } from '../lifecycle/blockers.js';
import { dispatch, type DispatchOptions, type DispatchResult, type RefusedDispatch } from '../lifecycles/default.js';
import { formatPath } from '../lifecycle/errors.js';
import type { OrderRecord } from '../lifecycles/default.js';
import type { MarketplaceRules } from './marketplace-schema.js';
import { fulfilmentFlagOf, parseLengowOrder, trackingOf, type LengowOrder } from './payload.js';
import { statusOfLengowOrder } from './status-mapping.js';

/** Options of {@link syncLengowOrder}: dispatch's options; the marketplace rules also read statuses. */
export interface SyncLengowOptions extends DispatchOptions {
  /** Marketplace definitions: seller actions are checked against them and marketplace statuses read through them. */
  readonly marketplaceRules?: MarketplaceRules | undefined;
}

function refusedReport(order: OrderRecord, reason: Blocker): RefusedDispatch {
  const audit: AuditEntry<OrderRecord['status']> = {
    eventType: 'MARKETPLACE_STATUS_CHANGED',
    eventId: null,
    at: null,
    from: order.status,
    to: order.status,
    outcome: 'refused',
    blockers: [reason.code],
  };
  return { ok: false, order, status: order.status, changed: false, duplicate: false, blockers: [reason], audit };
}

/**
 * Applies a Lengow order payload already validated (the page import parses each order once).
 * @internal
 */
export function syncParsedLengowOrder(order: OrderRecord, payload: LengowOrder, options: SyncLengowOptions): DispatchResult {
  if (payload.marketplace_order_id !== order.orderId || payload.marketplace.toLowerCase() !== order.marketplace.toLowerCase()) {
    return refusedReport(
      order,
      blocker(
        'INVALID_EVENT',
        `The payload is about order ${payload.marketplace_order_id} on ${payload.marketplace}, not ${order.orderId} on ${order.marketplace}.`,
        { fields: ['marketplace', 'marketplace_order_id'] },
      ),
    );
  }
  const resolved = statusOfLengowOrder(payload, options.marketplaceRules, order.status);
  if (!resolved.ok) {
    return refusedReport(
      order,
      blocker('INVALID_EVENT', `Malformed payload: marketplace_status ${resolved.issue.message}.`, { fields: ['marketplace_status'] }),
    );
  }
  const tracking = trackingOf(payload);
  const result = dispatch(
    order,
    {
      type: 'MARKETPLACE_STATUS_CHANGED',
      at: payload.updated_at,
      status: resolved.status,
      carrier: tracking?.carrier ?? null,
      trackingNumber: tracking?.trackingNumber ?? null,
      trackingUrl: tracking?.trackingUrl ?? null,
    },
    options,
  );
  // The fulfilment flag rides along with an applied report (a duplicate changes nothing, as promised).
  if (result.ok && result.changed && !result.order.fulfilledByMarketplace && fulfilmentFlagOf(payload) !== null) {
    const next = result.order;
    return {
      ...result,
      order: { ...next, fulfilledByMarketplace: true },
    };
  }
  return result;
}

/**
 * Applies what Lengow reports about an order (the marketplace is the source of truth), as a
 * `MARKETPLACE_STATUS_CHANGED` at the payload's `updated_at`:
 * - the status the order already has: `duplicate`, nothing changes (polling repeats statuses all day);
 * - a status the lifecycle reaches, even skipping some: applied;
 * - a report older than the last one applied: refused with `STALE_UPDATE`;
 * - a status the lifecycle does not reach (Shipped -> canceled): applied with `anomaly: 'UNREACHABLE_STATUS'`,
 *   or refused when `unreachableStatus: 'refuse'`.
 * Carrier and tracking reported are merged into the record; so is the fulfilment flag. A malformed payload, or
 * one about another order, is refused with `INVALID_EVENT` naming the fields. Never throws for a bad payload.
 *
 * @example
 * const result = syncLengowOrder(order, payload, { marketplaceRules });
 * if (result.ok && result.changed) {
 *   await store.save({ expectedRevision: order.revision, order: result.order, audit: [result.audit] });
 * }
 * if (result.anomaly) alert(`${order.orderId}: ${result.audit.from} -> ${result.status}`);
 */
export function syncLengowOrder(order: OrderRecord, payload: unknown, options: SyncLengowOptions = {}): DispatchResult {
  const parsed = parseLengowOrder(payload);
  if (!parsed.ok) {
    const fields = [...new Set(parsed.issues.map((issue) => formatPath(issue.path)))];
    const detail = parsed.issues.map((issue) => `${formatPath(issue.path)} ${issue.message}`).join('; ');
    return refusedReport(order, blocker('INVALID_EVENT', `Malformed payload: ${detail}.`, { fields }));
  }
  return syncParsedLengowOrder(order, parsed.order, options);
}
