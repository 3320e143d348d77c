import { blocker, type Blocker } from '../lifecycle/blockers.js';
import { dispatchIn, notARecord, refusedResult } from '../engine/dispatch.js';
import type { OrderRecord } from '../engine/record.js';
import type { CompiledLifecycle } from '../lifecycle/compile.js';
import { cdiscount, type DispatchOptions, type DispatchResult, type OrderStatus, type RefusedDispatch } from '../lifecycles/default.js';
import { checkOptions } from '../lifecycle/check-options.js';
import { formatPath } from '../lifecycle/errors.js';
import { octopia, type OctopiaStatus } from '../lifecycles/octopia.js';
import type { MarketplaceRules } from './marketplace-schema.js';
import { fulfilmentFlagOf, parseLengowOrder, trackingOf, type LengowOrder } from './payload.js';
import { cartLinesOf } from './cart-lines.js';
import { settlementOfLengowOrder, statusOfLengowOrder } from './status-mapping.js';
import { vocabularyOfLengowOrder, vocabularyOfRecord } from './vocabulary.js';

/** A status of either vocabulary: what a synced record may be in. */
type AnyStatus = OrderStatus | OctopiaStatus;

/** Options of {@link syncLengowOrder}: dispatch's options; the marketplace rules also read statuses. */
export interface SyncLengowOptions extends DispatchOptions {
  /** Marketplace definitions: seller actions are checked against them and marketplace statuses read through them. */
  readonly marketplaceRules?: MarketplaceRules | undefined;
}

/**
 * What Lengow's data is matched against: an order record with its identity, else `INVALID_RECORD`.
 * @internal
 */
export function checkOrderIdentity(order: { readonly orderId?: unknown; readonly marketplace?: unknown } | null): void {
  if (typeof order !== 'object' || order === null || typeof order.orderId !== 'string' || typeof order.marketplace !== 'string') throw notARecord();
}

/**
 * `INVALID_EVENT` for something Lengow sent that does not read: each field at fault, named with what is wrong.
 * @internal
 */
export function malformed(what: string, issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[]): Blocker {
  const fields = [...new Set(issues.map((issue) => formatPath(issue.path)))];
  const detail = issues.map((issue) => `${formatPath(issue.path)} ${issue.message}`).join('; ');
  return blocker('INVALID_EVENT', `Malformed ${what}: ${detail}.`, { fields });
}

// A payload refused before it became a report: the audit still says a report was refused.
const refusedReport = <S extends string>(order: OrderRecord<S>, reason: Blocker): RefusedDispatch<S> =>
  refusedResult(order, undefined, { type: 'MARKETPLACE_STATUS_CHANGED' }, [reason]);

/**
 * Applies a Lengow order payload already validated (the page import parses each order once).
 * @internal
 */
export function syncParsedLengowOrder<S extends AnyStatus>(
  order: OrderRecord<S>,
  payload: LengowOrder,
  options: SyncLengowOptions,
): DispatchResult<S> {
  checkOrderIdentity(order);
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
  // An order keeps the vocabulary it was imported in: a payload in the other one is refused, not half-read.
  const vocabulary = vocabularyOfRecord(order);
  const spoken = vocabularyOfLengowOrder(payload, vocabulary);
  const resolved = !spoken.ok
    ? spoken
    : vocabulary === 'octopia'
      ? statusOfLengowOrder(payload, options.marketplaceRules, order.status as OctopiaStatus, 'octopia')
      : statusOfLengowOrder(payload, options.marketplaceRules, order.status as OrderStatus);
  if (!resolved.ok) {
    const field = formatPath(resolved.issue.path);
    return refusedReport(order, blocker('INVALID_EVENT', `Malformed payload: ${field} ${resolved.issue.message}.`, { fields: [field] }));
  }
  // The cart's lines, for an order kept with lines: each line's status as Lengow reports it.
  const cart = order.context.lines === undefined ? undefined : cartLinesOf(payload, resolved.status as S, vocabulary, options.marketplaceRules);
  if (cart !== undefined && !cart.ok) {
    const field = formatPath(cart.issue.path);
    return refusedReport(order, blocker('INVALID_EVENT', `Malformed payload: ${field} ${cart.issue.message}.`, { fields: [field] }));
  }
  const lines = cart?.lines?.map(({ id, status, lengowStatus }) => (lengowStatus ? { lineId: id, status, lengowStatus } : { lineId: id, status }));
  const tracking = trackingOf(payload);
  const settlement = settlementOfLengowOrder(payload, resolved.lengowStatus);
  const lifecycle = (vocabulary === 'octopia' ? octopia : cdiscount) as unknown as CompiledLifecycle<S>;
  return dispatchIn(
    lifecycle,
    order,
    {
      type: 'MARKETPLACE_STATUS_CHANGED',
      at: payload.updated_at,
      status: resolved.status,
      // The status as the marketplace spells it (`SHIPPED`, `WAITING_DEBIT_PAYMENT`): kept on the order.
      rawStatus: payload.marketplace_status,
      carrier: tracking?.carrier ?? null,
      trackingNumber: tracking?.trackingNumber ?? null,
      trackingUrl: tracking?.trackingUrl ?? null,
      // `refunded`, `partial_refunded`, `closed`: kept beside the status (a new one is news, not a duplicate).
      ...(settlement === undefined ? {} : { settlement }),
      // Either flag style (`order_types`, or the pre-2020 tracking-level one): the order closes to the seller.
      ...(fulfilmentFlagOf(payload) === null ? {} : { fulfilledByMarketplace: true }),
      ...(lines === undefined ? {} : { lines }),
    },
    options,
  );
}

/**
 * Applies what Lengow reports about an order (the marketplace is the source of truth), as a
 * `MARKETPLACE_STATUS_CHANGED` at the payload's `updated_at`, in the order's own lifecycle (an Octopia record
 * reads the payload in Octopia's vocabulary; a payload in the other vocabulary is refused with
 * `INVALID_EVENT` naming the field):
 * - the status the order already has: `duplicate`, nothing changes (polling repeats statuses all day), unless
 *   the report brings something new beside it (tracking, a settlement, the status spelt otherwise, the
 *   fulfilment flag): merged;
 * - a status the lifecycle reaches, even skipping some: applied;
 * - a status the order has moved past: `duplicate`, flagged `anomaly: 'EARLIER_STATUS_REPORTED'`;
 * - a report older than the last one applied (its `updated_at` before the order's `marketplaceUpdatedAt`): refused
 *   with `STALE_UPDATE`;
 * - a status the lifecycle does not reach (Shipped -> canceled): applied with `anomaly: 'UNREACHABLE_STATUS'`,
 *   or refused when `unreachableStatus: 'refuse'`; when the report has the same `updated_at` as the last one
 *   applied, it is applied only into a final status (SHIPPED then CANCELED: nothing leaves a final status, so
 *   nothing flips back) and refused with `STALE_UPDATE` otherwise (of two conflicting versions of one instant,
 *   the order cannot tell which is newer).
 * A report of the same `updated_at` as the last one is judged like a newer one otherwise: Lengow writes several
 * versions of an order under one `updated_at` (its connectors compare the status, never the date).
 * The status as the marketplace spells it (`marketplace_status`) is kept on the order (`marketplaceRawStatus`);
 * carrier and tracking reported are merged into the record; so is the fulfilment flag (either flag style), which
 * is never unlearnt. For an order kept with lines, the cart's lines are reported too: each line takes the
 * status its `marketplace_status` (or `lengow_status`) gives, read as the order's is, and its `lengow_status`
 * as sent; a line the order was not made with is left out, and an undocumented line status refuses nothing. Lengow's `refunded`,
 * `partial_refunded` and `closed` are reported with the status they map to and a `settlement` (`refunded`,
 * `partially_refunded`, `closed`): a new settlement for the current status is applied, not a duplicate. A malformed payload, or
 * one about another order, is refused with `INVALID_EVENT` naming the fields. Never throws for a bad payload.
 *
 * @example
 * const result = syncLengowOrder(order, payload, { marketplaceRules });
 * if (result.ok && result.changed) {
 *   await store.save({ expectedRevision: order.revision, order: result.order, audit: [result.audit] });
 * }
 * if (result.anomaly) alert(`${order.orderId}: ${result.audit.from} -> ${result.status}`);
 */
export function syncLengowOrder<S extends AnyStatus = OrderStatus>(
  order: OrderRecord<S>,
  payload: unknown,
  givenOptions?: SyncLengowOptions,
): DispatchResult<S> {
  const options = checkOptions(givenOptions, 'syncLengowOrder');
  checkOrderIdentity(order);
  const parsed = parseLengowOrder(payload);
  if (!parsed.ok) return refusedReport(order, malformed('payload', parsed.issues));
  return syncParsedLengowOrder(order, parsed.order, options);
}
