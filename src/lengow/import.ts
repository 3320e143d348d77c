import { createOrderIn, type CreateOrderInputOf } from '../engine/record.js';
import { checkOptions } from '../lifecycle/check-options.js';
import { moneyToNumber, parseMoney } from '../lifecycle/money.js';
import { OrderMachineError, describeIssues, describeValue, formatPath, isOrderMachineError, type ValidationIssue } from '../lifecycle/errors.js';
import { cdiscount, type DispatchResult, type OrderRecord, type OrderStatus } from '../lifecycles/default.js';
import { octopia, type OctopiaOrderRecord, type OctopiaStatus } from '../lifecycles/octopia.js';
import type { MarketplaceRules } from './marketplace-schema.js';
import {
  deliveryModeOf,
  fulfilmentFlagOf,
  lengowOrderPageSchema,
  lengowOrderSchema,
  toValidationIssues,
  trackingOf,
  unknownLineStatusesOf,
  type LengowOrder,
} from './payload.js';
import { cartLinesOf } from './cart-lines.js';
import { settlementOfLengowOrder, statusOfLengowOrder } from './status-mapping.js';
import { syncParsedLengowOrder, type SyncLengowOptions } from './sync.js';
import { LENGOW_VOCABULARIES, vocabularyOfLengowOrder, type LengowVocabulary } from './vocabulary.js';
import { withFields } from '../lifecycle/with-fields.js';

/** An order record of either vocabulary: the default (legacy) lifecycle's, or `octopiaLifecycle`'s. */
export type CdiscountOrderRecord = OrderRecord | OctopiaOrderRecord;

/** Why an order payload was not imported. */
export type LengowImportRefusal = 'INVALID_PAYLOAD' | 'SHIPPED_BY_MARKETPLACE_IGNORED';

/** Stable codes of {@link LengowImportWarning}s. New codes may be added in minor versions. */
export const LENGOW_IMPORT_WARNING_CODES = ['UNKNOWN_LINE_STATUS'] as const;

/** One of {@link LENGOW_IMPORT_WARNING_CODES}. */
export type LengowImportWarningCode = (typeof LENGOW_IMPORT_WARNING_CODES)[number];

/**
 * Something odd in a payload that was imported all the same (issue 12: an odd line never sinks its order).
 * `UNKNOWN_LINE_STATUS`: a cart line's `lengow_status` is not one Lengow documents (`LENGOW_LINE_STATUSES`);
 * the line keeps it as sent.
 */
export interface LengowImportWarning {
  readonly code: LengowImportWarningCode;
  readonly message: string;
  /** Where: `['packages', 0, 'cart', 1, 'lengow_status']`. */
  readonly path: readonly (string | number)[];
  /** The line's `marketplace_order_line_id`, as text, or `null` when the payload gives none. */
  readonly line: string | null;
  /** The status as sent. */
  readonly status: string;
}

const NO_WARNINGS: readonly LengowImportWarning[] = Object.freeze([]);

/** The warnings of a payload (at most `MAX_REPORTED_ISSUES`): its cart lines of undocumented status. */
function warningsOf(payload: LengowOrder): readonly LengowImportWarning[] {
  const unknown = unknownLineStatusesOf(payload);
  if (unknown.length === 0) return NO_WARNINGS;
  return unknown.map(({ path, line, status }) => {
    const which = line ?? `at ${formatPath(path.slice(0, 4))}`;
    const message = `Line ${which} has lengow_status ${describeValue(status)}, which Lengow does not document; it is kept as sent.`;
    return { code: 'UNKNOWN_LINE_STATUS', message, path, line, status };
  });
}

/**
 * What {@link importLengowOrder} returns: the record, in the lifecycle of the vocabulary the payload speaks
 * (narrow on `vocabulary` to get its type), with the payload's warnings (empty when none), or why it was
 * refused.
 */
export type LengowImportResult =
  | { readonly ok: true; readonly vocabulary: 'legacy'; readonly order: OrderRecord; readonly warnings: readonly LengowImportWarning[] }
  | {
      readonly ok: true;
      readonly vocabulary: 'octopia';
      readonly order: OctopiaOrderRecord;
      readonly warnings: readonly LengowImportWarning[];
    }
  | { readonly ok: false; readonly reason: LengowImportRefusal; readonly issues: readonly ValidationIssue[] };

/** Options of {@link importLengowOrder}. */
export interface ImportLengowOptions {
  /** Import orders the marketplace ships itself (fulfilment), closed to seller actions. Default false, as in the connectors. */
  readonly importShippedByMarketplace?: boolean | undefined;
  /** Marketplace definitions, to read non-Cdiscount statuses (Mirakl `SHIPPING`, ...) through. */
  readonly marketplaceRules?: MarketplaceRules | undefined;
  /** The channel recorded on the order (maintenance windows may be scoped to it). Default `lengow`. */
  readonly channel?: string | null | undefined;
  /**
   * The vocabulary to read Cdiscount statuses in. Default: the one the payload speaks (`octopia` when a
   * Cdiscount payload uses a status only Octopia has, else `legacy`).
   */
  readonly vocabulary?: LengowVocabulary | undefined;
}

/** The import options, checked (those dispatch takes too, and the import's own): `INVALID_INPUT` naming each. */
function checkImportOptions<O extends ImportLengowPageOptions>(options: O | undefined, caller: string): O {
  const checked = checkOptions(options, caller);
  const issues: ValidationIssue[] = [];
  const issue = (key: string, message: string) => issues.push({ path: [key], message });
  if (checked.importShippedByMarketplace !== undefined && typeof checked.importShippedByMarketplace !== 'boolean') {
    issue('importShippedByMarketplace', 'must be true or false');
  }
  if (checked.channel !== undefined && checked.channel !== null && typeof checked.channel !== 'string') issue('channel', 'must be a string or null');
  if (checked.vocabulary !== undefined && !LENGOW_VOCABULARIES.includes(checked.vocabulary)) issue('vocabulary', "must be 'legacy' or 'octopia'");
  if (checked.findOrder !== undefined && typeof checked.findOrder !== 'function') issue('findOrder', 'must be a function');
  if (issues.length === 0) return checked;
  throw new OrderMachineError('INVALID_INPUT', `Invalid options for ${caller}: ${describeIssues(issues)}`, issues);
}

/**
 * The order's total (`total_order`), when it is one an order can keep: at least 0, at most four decimals. Some
 * payloads carry a placeholder (`"-1"` in Lengow's own fixtures): the total is then unknown, and refunds are not
 * capped, rather than the order refused.
 */
function totalOf(payload: LengowOrder): number | null {
  const parsed = parseMoney(payload.total_order);
  return parsed.ok && parsed.value >= 0n ? moneyToNumber(parsed.value) : null;
}

function importParsed(payload: LengowOrder, options: ImportLengowOptions): LengowImportResult {
  const flag = fulfilmentFlagOf(payload);
  if (flag !== null && options.importShippedByMarketplace !== true) {
    return {
      ok: false,
      reason: 'SHIPPED_BY_MARKETPLACE_IGNORED',
      issues: [
        {
          path: flag,
          message: 'the marketplace ships this order itself; pass importShippedByMarketplace: true to import it',
          code: 'shipped_by_marketplace',
        },
      ],
    };
  }
  const spoken = vocabularyOfLengowOrder(payload, options.vocabulary);
  if (!spoken.ok) return { ok: false, reason: 'INVALID_PAYLOAD', issues: [spoken.issue] };
  const resolved =
    spoken.vocabulary === 'octopia'
      ? statusOfLengowOrder(payload, options.marketplaceRules, undefined, 'octopia')
      : statusOfLengowOrder(payload, options.marketplaceRules);
  if (!resolved.ok) return { ok: false, reason: 'INVALID_PAYLOAD', issues: [resolved.issue] };
  const cart = cartLinesOf(payload, resolved.status, spoken.vocabulary, options.marketplaceRules);
  if (!cart.ok) return { ok: false, reason: 'INVALID_PAYLOAD', issues: [cart.issue] };
  const tracking = trackingOf(payload);
  const input = {
    orderId: payload.marketplace_order_id,
    marketplace: payload.marketplace,
    deliveryMode: deliveryModeOf(payload),
    channel: options.channel === undefined ? 'lengow' : options.channel,
    fulfilledByMarketplace: flag !== null,
    shippingDeadline: payload.shipped_at_max ?? null,
    total: totalOf(payload),
    settlement: settlementOfLengowOrder(payload, resolved.lengowStatus) ?? null,
    createdAt: payload.marketplace_order_date ?? payload.imported_at ?? payload.updated_at,
    marketplaceUpdatedAt: payload.updated_at,
    // The status as the marketplace spells it (`SHIPPED`): a later version of the same instant is told by it.
    marketplaceRawStatus: payload.marketplace_status,
    shipment: tracking ? { ...tracking, at: payload.updated_at } : null,
  };
  // The lines' statuses are in the order's vocabulary, as the order's is.
  const lines = cart.lines as never;
  const warnings = warningsOf(payload);
  try {
    return spoken.vocabulary === 'octopia'
      ? {
          ok: true,
          vocabulary: 'octopia',
          order: createOrderIn(octopia, withFields<CreateOrderInputOf<OctopiaStatus>>(input, { status: resolved.status as OctopiaStatus, lines })),
          warnings,
        }
      : {
          ok: true,
          vocabulary: 'legacy',
          order: createOrderIn(cdiscount, withFields<CreateOrderInputOf<OrderStatus>>(input, { status: resolved.status as OrderStatus, lines })),
          warnings,
        };
  } catch (error) {
    // The payload schema bounds every field createOrder checks; this only guards against drift between them.
    if (isOrderMachineError(error)) return { ok: false, reason: 'INVALID_PAYLOAD', issues: error.issues };
    throw error;
  }
}

/**
 * Maps a Lengow API v3 order payload to an {@link OrderRecord}, in the vocabulary it speaks: a Cdiscount
 * payload in Octopia's statuses (`InPreparation`) becomes an `octopiaLifecycle` record, any other one a record
 * of the default lifecycle (`vocabulary` says which; the option forces one). In the status it reports (a
 * Cdiscount status as is; other marketplaces' statuses through `lengow_status` or the marketplace definition),
 * with its shipping deadline (`shipped_at_max`), its total (`total_order`, a number or a decimal string;
 * a negative placeholder or one of more than four decimals is left unknown), the settlement Lengow's `refunded`,
 * `partial_refunded` and `closed` report beside the status (an order reported `refunded` is `Shipped` with
 * `settlement: 'refunded'`, never plainly shipped), its delivery
 * mode (the tracking `method`), carrier and tracking, the fulfilment flag (the `order_types` entry or the older
 * tracking-level flag), the status as the marketplace spells it (`marketplace_status`, kept as
 * `marketplaceRawStatus`), and `updated_at` as its last marketplace update, so older reports are stale from the
 * first sync on. Cart lines are kept as sent: a line whose `lengow_status` Lengow does not document is reported
 * in `warnings` (`UNKNOWN_LINE_STATUS`, naming the line), never a reason to refuse the order. Refuses a
 * malformed payload with `INVALID_PAYLOAD` and zod issues naming each field (a payload mixing the two vocabularies, an unknown Octopia status, a supply mode outside `Seller`, `Fulfillment`, `Xdock`
 * included), and a fulfilment order (an Octopia supply mode other than `Seller` too) with
 * `SHIPPED_BY_MARKETPLACE_IGNORED` unless `importShippedByMarketplace` is set.
 * Pure: the same payload always gives the same record.
 *
 * @example
 * const imported = importLengowOrder(payload);
 * if (imported.ok) await store.insert(imported.order);
 * else console.log(imported.reason, imported.issues[0]?.path); // 'INVALID_PAYLOAD' ['marketplace_order_id']
 * if (imported.ok) for (const w of imported.warnings) log(w.code, w.line); // 'UNKNOWN_LINE_STATUS' '4UT0-000001-1'
 */
export function importLengowOrder(payload: unknown, givenOptions?: ImportLengowOptions): LengowImportResult {
  const options = checkImportOptions(givenOptions, 'importLengowOrder');
  const parsed = lengowOrderSchema.safeParse(payload);
  if (!parsed.success) return { ok: false, reason: 'INVALID_PAYLOAD', issues: toValidationIssues(parsed.error) };
  return importParsed(parsed.data, options);
}

/** Options of {@link importLengowPage}: import options, sync options, and how to find known orders. */
export interface ImportLengowPageOptions extends ImportLengowOptions, SyncLengowOptions {
  readonly marketplaceRules?: MarketplaceRules | undefined;
  /**
   * Finds the record of an order seen before, by its identity (marketplace, marketplace order id). A known
   * order is synced (see `syncLengowOrder`) instead of imported again.
   */
  readonly findOrder?: ((marketplace: string, marketplaceOrderId: string) => CdiscountOrderRecord | undefined) | undefined;
}

/** The fate of one order of a page, by its position in `results`. */
export type LengowPageEntry =
  | {
      readonly index: number;
      readonly ok: true;
      readonly outcome: 'imported';
      readonly order: CdiscountOrderRecord;
      /** The payload's warnings, as {@link importLengowOrder} gives them. */
      readonly warnings: readonly LengowImportWarning[];
    }
  | {
      readonly index: number;
      readonly ok: boolean;
      readonly outcome: 'synced';
      /** The record after the sync (the one found when nothing changed). */
      readonly order: CdiscountOrderRecord;
      readonly sync: DispatchResult<OrderStatus | OctopiaStatus>;
      /** The payload's warnings, as {@link importLengowOrder} would give them. */
      readonly warnings: readonly LengowImportWarning[];
    }
  | {
      readonly index: number;
      readonly ok: false;
      readonly outcome: 'refused';
      readonly reason: LengowImportRefusal;
      readonly issues: readonly ValidationIssue[];
    };

/** What {@link importLengowPage} returns: one entry per order, or why the envelope itself is unusable. */
export type LengowPageImport =
  | {
      readonly ok: true;
      readonly count: number | null;
      readonly next: string | null;
      readonly previous: string | null;
      readonly entries: readonly LengowPageEntry[];
    }
  | { readonly ok: false; readonly reason: 'INVALID_PAYLOAD'; readonly issues: readonly ValidationIssue[] };

/**
 * Imports a page of Lengow's order list. Each order is handled on its own, so one bad order is reported
 * (`outcome: 'refused'`, with its index and issues) while the others import. An order already known (through
 * `findOrder`, or earlier in the same page: the same order can come once per delivery address) is synced
 * instead, so importing the same page again changes nothing: every entry is a duplicate sync.
 *
 * @example
 * const page = importLengowPage(body, { findOrder: (m, id) => cache.get(`${m}/${id}`) });
 * if (page.ok) for (const entry of page.entries) if (entry.outcome !== 'refused') cache.set(..., entry.order);
 */
export function importLengowPage(page: unknown, givenOptions?: ImportLengowPageOptions): LengowPageImport {
  const options = checkImportOptions(givenOptions, 'importLengowPage');
  const envelope = lengowOrderPageSchema.safeParse(page);
  if (!envelope.success) return { ok: false, reason: 'INVALID_PAYLOAD', issues: toValidationIssues(envelope.error) };
  const seen = new Map<string, CdiscountOrderRecord>();
  const entries: LengowPageEntry[] = envelope.data.results.map((payload, index): LengowPageEntry => {
    const parsed = lengowOrderSchema.safeParse(payload);
    if (!parsed.success) {
      return { index, ok: false, outcome: 'refused', reason: 'INVALID_PAYLOAD', issues: toValidationIssues(parsed.error) };
    }
    const order = parsed.data;
    const key = `${order.marketplace.toLowerCase()}\u0000${order.marketplace_order_id}`;
    const known = seen.get(key) ?? options.findOrder?.(order.marketplace, order.marketplace_order_id);
    if (known) {
      const sync = syncParsedLengowOrder<OrderStatus | OctopiaStatus>(known, order, options);
      // The sync keeps the record's lifecycle: the record is of the same kind as the one found.
      const synced = sync.order as CdiscountOrderRecord;
      seen.set(key, synced);
      return { index, ok: sync.ok, outcome: 'synced', order: synced, sync, warnings: warningsOf(order) };
    }
    const imported = importParsed(order, options);
    if (!imported.ok) return { index, ok: false, outcome: 'refused', reason: imported.reason, issues: imported.issues };
    seen.set(key, imported.order);
    return { index, ok: true, outcome: 'imported', order: imported.order, warnings: imported.warnings };
  });
  return {
    ok: true,
    count: envelope.data.count ?? null,
    next: envelope.data.next ?? null,
    previous: envelope.data.previous ?? null,
    entries,
  };
}
