/*
 * Issue 12, items 4 and 5: "Payloads as Lengow sends them". The orders here are Lengow's own: the test fixtures
 * of its PrestaShop and WooCommerce connectors (30 galeries_lafayette orders of 2015-2016, one zalando order of
 * 2024), read in place beside the checkout and never copied into the repository (see the README of
 * ../../shared/fixtures/lengow-real/). Nobody on this project wrote them, so they say what Lengow really sends:
 * - every order imports (the fulfilment one when asked to), its status read from the marketplace's own name, the
 *   name kept as spelt, its amounts read exactly whether decimal strings or JSON numbers;
 * - a cart line in a status Lengow documents (`to_refund`, `pickup_completed`) never sinks its order, and one it
 *   does not document is kept as sent and reported (`UNKNOWN_LINE_STATUS`), naming the line;
 * - the four versions of one order that share one `updated_at` (check_update_1..4) sync step by step;
 * - the older tracking-level `is_delivered_by_marketplace` is the fulfilment flag.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dispatch, type OrderRecord } from 'order-status-machine';
import {
  createMarketplaceRules,
  importLengowOrder,
  importLengowPage,
  parseLengowOrder,
  syncLengowOrder,
  type LengowImportResult,
} from 'order-status-machine/lengow';

const REAL = fileURLToPath(new URL('../../shared/fixtures/lengow-real/', import.meta.url));
const hasReal = existsSync(REAL);
if (!hasReal) console.warn(`lengow-real-orders.test.ts: ${REAL} is absent; the tests on real Lengow payloads are skipped`);

type Payload = Record<string, any>;
/** One order of the fixtures: the file it is in, its position there (`null` for a file holding one order). */
interface RealOrder {
  readonly file: string;
  readonly index: number | null;
  readonly payload: Payload;
}

const read = (file: string): any => JSON.parse(readFileSync(`${REAL}${file}`, 'utf8'));
const filesUnder = (dir: string): string[] =>
  readdirSync(`${REAL}${dir}`)
    .sort()
    .flatMap((name) => (statSync(`${REAL}${dir}${name}`).isDirectory() ? filesUnder(`${dir}${name}/`) : [`${dir}${name}`]));
const isOrder = (value: any): boolean => typeof value === 'object' && value !== null && 'marketplace_order_id' in value && 'packages' in value;
/** Lengow's order pages (`results` of orders; the action pages hold `action_type` records instead). */
const isOrderPage = (value: any): boolean => Array.isArray(value?.results) && value.results.every(isOrder);

const files = hasReal ? filesUnder('').filter((file) => file.endsWith('.json')) : [];
const pages = files.filter((file) => isOrderPage(read(file)));
const orders: RealOrder[] = files.flatMap((file): RealOrder[] => {
  const body = read(file);
  if (isOrder(body)) return [{ file, index: null, payload: body }];
  return isOrderPage(body) ? body.results.map((payload: Payload, index: number) => ({ file, index, payload })) : [];
});
const nameOf = ({ file, index }: RealOrder) => (index === null ? file : `${file}#${index}`);
const realOrder = (file: string): Payload => structuredClone(read(file).results[0]);

/** The record of a payload Lengow sends, imported in the legacy (default) lifecycle. */
function imported(payload: unknown, options = {}): OrderRecord {
  const result = importLengowOrder(payload, options);
  if (!result.ok) throw new Error(`expected an import, got ${result.reason}: ${JSON.stringify(result.issues)}`);
  if (result.vocabulary !== 'legacy') throw new Error('expected a legacy order');
  return result.order;
}

/**
 * Where a marketplace status of the fixtures leads: galeries_lafayette speaks Mirakl (read through its
 * `lengow_status`, or its definition), zalando its own words (`exported` is `waiting_shipment`).
 */
const STATUS_OF: Readonly<Record<string, string>> = {
  STAGING: 'WaitingForSellerAcceptation',
  WAITING_DEBIT_PAYMENT: 'AcceptedBySeller',
  SHIPPED: 'Shipped',
  CANCELED: 'CancelledByCustomer',
  exported: 'WaitingForShipmentAcceptation',
};

/**
 * The fixtures' orders a payload is refused for as unusable (`INVALID_PAYLOAD`), each with the field named and
 * why. None today: every order Lengow sent imports. A case added here must say why the payload cannot be read.
 */
const UNUSABLE: Readonly<Record<string, { readonly path: readonly (string | number)[]; readonly why: string }>> = {};

/** The order shipped by the marketplace, flagged the pre-2020 way: refused unless asked for, as connectors do. */
const FULFILMENT = 'prestashop/ImportOrder/check_shipped_mp.json';
const TRACKING_FLAG = ['packages', 0, 'delivery', 'trackings', 0, 'is_delivered_by_marketplace'];

describe.skipIf(!hasReal)(`real Lengow payloads (${hasReal ? REAL : `skipped: ${REAL} is absent`})`, () => {
  it('finds the 31 orders the README lists: 30 galeries_lafayette ones (29 in pages, 1 alone) and 1 zalando one', () => {
    expect(orders).toHaveLength(31);
    expect(orders.filter((o) => o.payload.marketplace === 'galeries_lafayette')).toHaveLength(30);
    expect(orders.filter((o) => o.payload.marketplace === 'zalando')).toHaveLength(1);
    expect(orders.filter((o) => o.index === null).map((o) => o.file)).toEqual(['prestashop/ImportOrder/get_carrier_id.json']);
  });

  it('imports every order, in the status its marketplace status says, keeping that status as spelt', () => {
    const refused: Record<string, unknown> = {};
    for (const order of orders) {
      const result = importLengowOrder(order.payload, { importShippedByMarketplace: true });
      if (!result.ok) {
        refused[nameOf(order)] = result;
        continue;
      }
      const { marketplace_status: reported, updated_at: updatedAt } = order.payload;
      expect(result, nameOf(order)).toMatchObject({ vocabulary: 'legacy', warnings: [] });
      expect(result.order.status, nameOf(order)).toBe(STATUS_OF[reported]);
      expect(result.order.context.marketplaceRawStatus, nameOf(order)).toBe(reported);
      expect(result.order.context.marketplaceUpdatedAt, nameOf(order)).toBe(new Date(updatedAt).toISOString());
    }
    const unusable = Object.fromEntries(
      Object.entries(UNUSABLE).map(([name, { path }]) => [
        name,
        { ok: false, reason: 'INVALID_PAYLOAD', issues: [expect.objectContaining({ path })] },
      ]),
    );
    expect(refused).toEqual(unusable);
  });

  it('reads them the same through the marketplace definitions Lengow publishes beside them', () => {
    const rules = createMarketplaceRules({
      ...read('prestashop/Connector/marketplaces.json'),
      ...read('woocommerce/marketplace-sample.json'),
    });
    for (const order of orders) {
      const result = importLengowOrder(order.payload, { importShippedByMarketplace: true, marketplaceRules: rules });
      expect(result.ok && result.order.status, nameOf(order)).toBe(STATUS_OF[order.payload.marketplace_status]);
    }
  });

  it(`refuses only ${FULFILMENT} by default, the marketplace shipping it, naming the tracking-level flag`, () => {
    const refused = orders.flatMap((order) => {
      const result = importLengowOrder(order.payload);
      return result.ok ? [] : [[nameOf(order), result.reason, result.issues[0]?.path]];
    });
    expect(refused).toEqual([[`${FULFILMENT}#0`, 'SHIPPED_BY_MARKETPLACE_IGNORED', TRACKING_FLAG]]);
  });

  it('imports every page whole: no order of a page is refused', () => {
    expect(pages.length).toBeGreaterThanOrEqual(28);
    for (const file of pages) {
      const page = importLengowPage(read(file), { importShippedByMarketplace: true });
      if (!page.ok) throw new Error(`${file}: page refused ${JSON.stringify(page.issues)}`);
      expect(
        page.entries.filter((entry) => entry.outcome === 'refused'),
        file,
      ).toEqual([]);
      expect(page.entries, file).toHaveLength(read(file).results.length);
    }
  });

  describe('the 2024 zalando order (woocommerce/order-sample.json), amounts as JSON numbers', () => {
    it('imports, its total of 40.3 kept exactly, every amount read as the decimal string it denotes', () => {
      const payload = realOrder('woocommerce/order-sample.json');
      expect(payload.total_order).toBe(40.3);
      const parsed = parseLengowOrder(payload);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      expect(parsed.order).toMatchObject({ total_order: '40.3', original_total_order: '40.3', shipping: '4.3', commission: '0.00' });
      expect(parsed.order.packages?.[0]?.cart?.[0]).toMatchObject({ amount: '36.00', lengow_status: 'waiting_shipment' });
      const order = imported(payload);
      expect(order).toMatchObject({ orderId: '4UT0-000001', marketplace: 'zalando', status: 'WaitingForShipmentAcceptation' });
      expect(order.context.total).toBe(40.3);
    });

    it('imports with its line amount written as a JSON number too', () => {
      const payload = realOrder('woocommerce/order-sample.json');
      payload.packages[0].cart[0].amount = 36;
      const parsed = parseLengowOrder(payload);
      expect(parsed.ok && parsed.order.packages?.[0]?.cart?.[0]?.amount).toBe('36');
      expect(imported(payload).status).toBe('WaitingForShipmentAcceptation');
    });
  });

  describe('cart lines in the statuses Lengow documents (issue 12)', () => {
    /** A real order (its first line) in the line status given. */
    const withLine = (file: string, status: string): Payload => {
      const payload = realOrder(file);
      payload.packages[0].cart[0].lengow_status = status;
      return payload;
    };
    const files = ['woocommerce/order-sample.json', 'prestashop/ImportOrder/order_amount.json', 'prestashop/Import/import_orders.json'];

    it.each(['to_refund', 'pickup_to_prepare', 'to_pickup', 'pickup_completed', 'pickup_canceled'])(
      'imports the real orders with a line in %s, without a warning',
      (status) => {
        for (const file of files) {
          const result: LengowImportResult = importLengowOrder(withLine(file, status));
          expect(result, file).toMatchObject({ ok: true, warnings: [] });
        }
      },
    );

    it('imports a real order with a line in a status Lengow does not document, naming the line', () => {
      const result = importLengowOrder(withLine('woocommerce/order-sample.json', 'returned_to_sender'));
      expect(result).toMatchObject({
        ok: true,
        order: { status: 'WaitingForShipmentAcceptation' },
        warnings: [
          {
            code: 'UNKNOWN_LINE_STATUS',
            path: ['packages', 0, 'cart', 0, 'lengow_status'],
            line: '4UT0-000001-1',
            status: 'returned_to_sender',
            message: expect.stringContaining('Line 4UT0-000001-1 has lengow_status "returned_to_sender"'),
          },
        ],
      });
    });
  });

  describe('prestashop/ImportOrder/check_update_1..4: four versions of one order under one updated_at', () => {
    // Read when the tests run: the suite is collected even when the fixtures are absent.
    const versions = hasReal ? [1, 2, 3, 4].map((n) => realOrder(`prestashop/ImportOrder/check_update_${n}.json`)) : [];
    const AT = '2015-11-25T14:09:23.449Z';

    it('are one order, STAGING -> WAITING_DEBIT_PAYMENT -> SHIPPED -> CANCELED, all of one instant', () => {
      expect(versions.map((v) => v.marketplace_status)).toEqual(['STAGING', 'WAITING_DEBIT_PAYMENT', 'SHIPPED', 'CANCELED']);
      expect(new Set(versions.map((v) => v.marketplace_order_id)).size).toBe(1);
      expect(new Set(versions.map((v) => new Date(v.updated_at).toISOString()))).toEqual(new Set([AT]));
    });

    /*
     * Lengow's PrestaShop connector imports these four in turn and ends with the order canceled
     * (tests/Module/ImportOrderTest.php, checkAndUpdateOrder): it compares the Lengow status it stored with the
     * one reported (LengowOrder::updateState), never updated_at. Here a version of the same instant as the last one
     * applied is judged like a newer report; a status the lifecycle does not reach from where the order is, too,
     * when it is final (nothing leaves one, so versions of one instant cannot flip the order back and forth;
     * README, "What 'stale' means").
     */
    it('sync in order: accepted, then shipped with its tracking, then cancelled, as the Lengow connector ends it', () => {
      const first = imported(versions[0]);
      expect(first).toMatchObject({ status: 'WaitingForSellerAcceptation', revision: 0 });
      expect(first.context).toMatchObject({ marketplaceRawStatus: 'STAGING', marketplaceUpdatedAt: AT });

      const accepted = syncLengowOrder(first, versions[1]);
      expect(accepted).toMatchObject({ ok: true, changed: true, duplicate: false, status: 'AcceptedBySeller' });
      expect(accepted.ok && accepted.anomaly).toBeUndefined();
      expect(accepted.order.context.marketplaceRawStatus).toBe('WAITING_DEBIT_PAYMENT');

      const shipped = syncLengowOrder(accepted.order, versions[2]);
      expect(shipped).toMatchObject({ ok: true, changed: true, duplicate: false, status: 'Shipped' });
      expect(shipped.ok && shipped.anomaly).toBeUndefined();
      expect(shipped.order.context).toMatchObject({
        marketplaceRawStatus: 'SHIPPED',
        shipment: { carrier: 'LAPOSTE', trackingNumber: '8D00432154798' },
      });
      expect(shipped.order.revision).toBe(2);

      // Shipped -> CancelledByCustomer is a jump the lifecycle does not make, reported at the instant of SHIPPED:
      // applied as the anomaly it is, into a final status nothing moves the order out of again.
      const cancelled = syncLengowOrder(shipped.order, versions[3]);
      expect(cancelled).toMatchObject({ ok: true, changed: true, status: 'CancelledByCustomer', anomaly: 'UNREACHABLE_STATUS' });
      expect(cancelled.order.context.marketplaceRawStatus).toBe('CANCELED');
      expect(cancelled.audit).toMatchObject({ outcome: 'applied', from: 'Shipped', to: 'CancelledByCustomer', anomaly: 'UNREACHABLE_STATUS' });
      // Cancelled, the versions before change nothing: a final status is never left.
      for (const earlier of versions.slice(0, 3)) expect(syncLengowOrder(cancelled.order, earlier).order.status).toBe('CancelledByCustomer');

      // Delivered again to the shipped order, the first three change nothing more; the fourth cancels it again.
      const again = versions.map((payload) => syncLengowOrder(shipped.order, payload));
      expect(again.map((r) => [r.changed, r.ok && r.duplicate, (r.ok && r.anomaly) || r.blockers.map((b) => b.code).join()])).toEqual([
        [false, true, 'EARLIER_STATUS_REPORTED'],
        [false, true, 'EARLIER_STATUS_REPORTED'],
        [false, true, ''],
        [true, false, 'UNREACHABLE_STATUS'],
      ]);
    });

    it('give the same steps in one page', () => {
      const page = importLengowPage({ count: 4, next: null, previous: null, results: versions });
      if (!page.ok) throw new Error('page refused');
      expect(page.entries.map((e) => [e.outcome, e.ok, e.outcome === 'refused' ? null : e.order.status])).toEqual([
        ['imported', true, 'WaitingForSellerAcceptation'],
        ['synced', true, 'AcceptedBySeller'],
        ['synced', true, 'Shipped'],
        ['synced', true, 'CancelledByCustomer'],
      ]);
    });
  });

  describe(`${FULFILMENT}: the older tracking-level is_delivered_by_marketplace`, () => {
    it('is read as the fulfilment flag: imported only when asked, closed to seller actions', () => {
      const payload = realOrder(FULFILMENT);
      expect(payload.order_types ?? null).toBeNull();
      expect(payload.packages[0].delivery.trackings[0].is_delivered_by_marketplace).toBe(true);
      expect(importLengowOrder(payload)).toMatchObject({ ok: false, reason: 'SHIPPED_BY_MARKETPLACE_IGNORED', issues: [{ path: TRACKING_FLAG }] });
      const order = imported(payload, { importShippedByMarketplace: true });
      expect(order).toMatchObject({ status: 'Shipped', fulfilledByMarketplace: true });
      expect(dispatch(order, { type: 'REFUND', at: '2015-11-26T10:00:00Z' }).blockers.map((b) => b.code)).toContain('FULFILLED_BY_MARKETPLACE');
    });

    it('is merged onto the order the seller was shipping when Lengow reports it, at the same instant', () => {
      const shipped = imported(realOrder('prestashop/ImportOrder/check_update_3.json'));
      expect(shipped.fulfilledByMarketplace).toBe(false);
      const result = syncLengowOrder(shipped, realOrder(FULFILMENT));
      expect(result).toMatchObject({ ok: true, changed: true, status: 'Shipped', order: { fulfilledByMarketplace: true } });
      expect(result.order.context.shipment).toMatchObject({ carrier: 'LAPOSTE', trackingNumber: '8V4564654654' });
    });
  });
});
