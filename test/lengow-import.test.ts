import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LENGOW_STATUSES, dispatch, linesOf, type OrderRecord } from 'order-status-machine';
import {
  LENGOW_IMPORT_WARNING_CODES,
  LENGOW_LINE_STATUSES,
  createMarketplaceRules,
  importLengowOrder,
  importLengowPage,
  isLengowLineStatus,
  parseLengowOrder,
  type CdiscountOrderRecord,
} from 'order-status-machine/lengow';
import cdiscountLife from './fixtures/lengow/cdiscount-order-life.json';
import fulfilment2019 from './fixtures/lengow/cdiscount-fulfilment-2019.json';
import fulfilmentOrderTypes from './fixtures/lengow/cdiscount-fulfilment-order-types.json';
import definitions from './fixtures/lengow/marketplaces.json';
import miraklLife from './fixtures/lengow/mirakl-order-life.json';
import page from './fixtures/lengow/orders-page.json';

const rules = createMarketplaceRules(definitions);
const clone = <T>(value: T): T => structuredClone(value);
const imported = (payload: unknown, options = {}): OrderRecord => {
  const result = importLengowOrder(payload, options);
  if (!result.ok) throw new Error(`expected an import, got ${result.reason}: ${JSON.stringify(result.issues)}`);
  if (result.vocabulary !== 'legacy') throw new Error('expected a legacy Cdiscount order');
  return result.order;
};

describe('importLengowOrder', () => {
  it('imports a new Cdiscount order in its Cdiscount status, with its delivery mode and last marketplace update', () => {
    const order = imported(cdiscountLife[0]);
    expect(order.orderId).toBe('2402211830F3K7Q');
    expect(order.marketplace).toBe('cdiscount');
    expect(order.status).toBe('WaitingForSellerAcceptation');
    expect(order.fulfilledByMarketplace).toBe(false);
    // marketplace_order_date 18:30:12+01:00 is 17:30:12Z; updated_at is Lengow's last change.
    expect(order.createdAt).toBe('2024-02-21T17:30:12.000Z');
    expect(order.updatedAt).toBe('2024-02-21T17:45:03.412Z');
    expect(order.context).toMatchObject({
      deliveryMode: 'Suivi',
      channel: 'lengow',
      shipment: null,
      marketplaceUpdatedAt: '2024-02-21T17:45:03.412Z',
    });
  });

  it('keeps the carrier and tracking of a shipped payload', () => {
    const order = imported(cdiscountLife[3]);
    expect(order.status).toBe('Shipped');
    expect(order.context.shipment).toEqual({
      carrier: 'Colissimo',
      trackingNumber: '6A23456789012',
      trackingUrl: 'https://www.laposte.fr/outils/suivre-vos-envois?code=6A23456789012',
      at: '2024-02-22T10:31:57.250Z',
    });
  });

  it('makes a plain JSON record', () => {
    const order = imported(cdiscountLife[3]);
    expect(JSON.parse(JSON.stringify(order))).toEqual(order);
  });

  it.each([
    ['the order_types entry', fulfilmentOrderTypes, ['order_types', 0, 'type']],
    ['the pre-2020 tracking-level flag', fulfilment2019, ['packages', 0, 'delivery', 'trackings', 0, 'is_delivered_by_marketplace']],
  ])('refuses an order shipped by the marketplace, flagged by %s, unless asked to import it', (_, payload, path) => {
    const refused = importLengowOrder(payload);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.reason).toBe('SHIPPED_BY_MARKETPLACE_IGNORED');
    expect(refused.issues[0]?.path).toEqual(path);

    const order = imported(payload, { importShippedByMarketplace: true });
    expect(order.status).toBe('Shipped');
    expect(order.fulfilledByMarketplace).toBe(true);
    // Closed to seller actions: the connectors never send actions back for these orders.
    const refund = dispatch(order, { type: 'REFUND', at: '2024-03-01T10:00:00Z' });
    expect(refund.ok).toBe(false);
    expect(refund.blockers.map((b) => b.code)).toContain('FULFILLED_BY_MARKETPLACE');
  });

  it('reads the 0/1 spelling of the old tracking-level flag too', () => {
    const payload = clone(fulfilment2019);
    (payload.packages[0]!.delivery.trackings[0] as Record<string, unknown>).is_delivered_by_marketplace = 1;
    const result = importLengowOrder(payload);
    expect(result.ok ? null : result.reason).toBe('SHIPPED_BY_MARKETPLACE_IGNORED');
  });

  it.each([
    ['a missing order id', (p: any) => delete p.marketplace_order_id, ['marketplace_order_id']],
    [
      'a tracking number sent as a number',
      (p: any) => (p.packages[0].delivery.trackings[0].number = 6123456789),
      ['packages', 0, 'delivery', 'trackings', 0, 'number'],
    ],
    // Amounts come as decimal strings or JSON numbers (issue 13, item 2): a comma is neither.
    ['an amount written with a decimal comma', (p: any) => (p.total_order = '64,88'), ['total_order']],
    ['an unknown Lengow status', (p: any) => (p.lengow_status = 'lost_in_transit'), ['lengow_status']],
    ['a date without offset', (p: any) => (p.updated_at = '2024-02-21 17:45:03'), ['updated_at']],
    ['a line status of the wrong type', (p: any) => (p.packages[0].cart[1].lengow_status = 3), ['packages', 0, 'cart', 1, 'lengow_status']],
  ])('refuses a payload with %s, naming the field', (_, spoil, path) => {
    const payload = clone(cdiscountLife[0]);
    spoil(payload);
    const result = importLengowOrder(payload);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe('INVALID_PAYLOAD');
    expect(result.issues.map((issue) => issue.path)).toContainEqual(path);
  });

  it('refuses a marketplace status it cannot place in the lifecycle', () => {
    const payload = { ...clone(miraklLife[0]), marketplace_status: 'IN_LIMBO', lengow_status: null };
    const result = importLengowOrder(payload);
    expect(result).toMatchObject({ ok: false, reason: 'INVALID_PAYLOAD', issues: [{ path: ['marketplace_status'] }] });
    // With the definition, its own status list is the reference, whatever lengow_status says.
    const listed = importLengowOrder({ ...payload, lengow_status: 'shipped' }, { marketplaceRules: rules });
    expect(listed).toMatchObject({ ok: false, reason: 'INVALID_PAYLOAD', issues: [{ path: ['marketplace_status'] }] });
  });

  it('reads a Mirakl-style status through the definition, or through lengow_status without one', () => {
    const shipping = { ...clone(miraklLife[0]), marketplace_status: 'SHIPPING', lengow_status: 'waiting_shipment' };
    expect(imported(shipping, { marketplaceRules: rules }).status).toBe('WaitingForShipmentAcceptation');
    expect(imported(shipping).status).toBe('WaitingForShipmentAcceptation');
    // The definition wins over a payload's lengow_status that disagrees with it.
    expect(imported({ ...shipping, lengow_status: 'accepted' }, { marketplaceRules: rules }).status).toBe('WaitingForShipmentAcceptation');
  });

  it('ignores keys it does not know, whatever they hold', () => {
    const base = imported(cdiscountLife[2]);
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }), (extra) => {
        const known = new Set(Object.keys(cdiscountLife[2]!));
        const unknown = Object.fromEntries(Object.entries(extra).filter(([key]) => !known.has(key)));
        expect(imported({ ...unknown, ...cdiscountLife[2] })).toEqual(base);
      }),
      { numRuns: 150 },
    );
  });

  // How long this takes is measured by `npm run bench` (bench/input-growth.ts), never asserted here.
  it('refuses oversized fields and lists, naming them', () => {
    const huge = clone(cdiscountLife[3]!);
    huge.packages[0]!.delivery.trackings[0]!.number = 'X'.repeat(5_000_000);
    const many: Record<string, unknown> = clone(cdiscountLife[0]!);
    many.packages = Array.from({ length: 100_000 }, () => cdiscountLife[0]!.packages[0]);
    const a = importLengowOrder(huge);
    const b = importLengowOrder(many);
    expect(a).toMatchObject({ ok: false, issues: [{ path: ['packages', 0, 'delivery', 'trackings', 0, 'number'] }] });
    expect(b).toMatchObject({ ok: false, issues: [{ path: ['packages'] }] });
  });
});

// Issue 12, "payloads as Lengow sends them": an odd cart line never sinks its order.
describe('importLengowOrder: cart line statuses (issue 12)', () => {
  /** The first order of the life with its second cart line in `status`. */
  const withLineStatus = (status: unknown) => {
    const payload = clone(cdiscountLife[0]) as any;
    payload.packages[0].cart[1].lengow_status = status;
    return payload;
  };

  it("lists Lengow's documented statuses: the order statuses, the eBay pick-up ones and to_refund", () => {
    expect(LENGOW_LINE_STATUSES).toEqual(expect.arrayContaining([...LENGOW_STATUSES]));
    expect(LENGOW_LINE_STATUSES.filter((s) => !(LENGOW_STATUSES as readonly string[]).includes(s))).toEqual([
      'pickup_to_prepare',
      'to_pickup',
      'pickup_completed',
      'pickup_canceled',
      'to_refund',
    ]);
    expect(isLengowLineStatus('to_refund')).toBe(true);
    expect(isLengowLineStatus('lost_in_transit')).toBe(false);
    expect(isLengowLineStatus(3)).toBe(false);
  });

  it.each(LENGOW_LINE_STATUSES)('imports an order with a line in %s, without a warning', (status) => {
    const result = importLengowOrder(withLineStatus(status));
    expect(result).toMatchObject({ ok: true, warnings: [] });
  });

  it('imports an order with a line in a status Lengow does not document, keeps it as sent and names the line', () => {
    const payload = withLineStatus('lost_in_transit');
    const result = importLengowOrder(payload);
    if (!result.ok) throw new Error(`expected an import: ${JSON.stringify(result.issues)}`);
    expect(result.order.status).toBe('WaitingForSellerAcceptation');
    expect(result.warnings).toEqual([
      {
        code: 'UNKNOWN_LINE_STATUS',
        message: expect.stringContaining('"lost_in_transit"'),
        path: ['packages', 0, 'cart', 1, 'lengow_status'],
        line: payload.packages[0].cart[1].marketplace_order_line_id,
        status: 'lost_in_transit',
      },
    ]);
    expect(result.warnings[0]?.message).toContain(`Line ${payload.packages[0].cart[1].marketplace_order_line_id} `);
    expect(LENGOW_IMPORT_WARNING_CODES).toContain(result.warnings[0]?.code);
    // Kept as sent: the parsed payload still says it.
    const parsed = parseLengowOrder(payload);
    expect(parsed.ok && parsed.order.packages?.[0]?.cart?.[1]?.lengow_status).toBe('lost_in_transit');
    // The line keeps it as sent (issue 15: a line's Lengow status), in the status of the order.
    expect(linesOf(result.order)[1]).toMatchObject({ lengowStatus: 'lost_in_transit', status: 'WaitingForSellerAcceptation' });
    // The same order with a documented status gives the same record but for that line's Lengow status.
    const documented = importLengowOrder(withLineStatus('to_refund'));
    if (!documented.ok) throw new Error('expected an import');
    const lines = result.order.context.lines?.map((line, i) => (i === 1 ? { ...line, lengowStatus: 'to_refund' } : line));
    expect(documented.order).toEqual({ ...result.order, context: { ...result.order.context, lines } });
  });

  it('names a line without an id by its position, and reports at most 50 of them', () => {
    const payload = clone(cdiscountLife[0]) as any;
    const line = { ...payload.packages[0].cart[0], lengow_status: 'odd' };
    delete line.marketplace_order_line_id;
    payload.packages[0].cart = Array.from({ length: 60 }, () => line);
    const result = importLengowOrder(payload);
    if (!result.ok) throw new Error('expected an import');
    expect(result.warnings).toHaveLength(50);
    expect(result.warnings[0]).toMatchObject({ line: null, message: expect.stringContaining('Line at packages[0].cart[0] ') });
  });

  it('still refuses a line status that is not text, naming it', () => {
    const result = importLengowOrder(withLineStatus({ status: 'shipped' }));
    expect(result).toMatchObject({ ok: false, reason: 'INVALID_PAYLOAD', issues: [{ path: ['packages', 0, 'cart', 1, 'lengow_status'] }] });
  });

  it('gives the warnings of each order of a page, imported or synced', () => {
    const odd = withLineStatus('lost_in_transit');
    const result = importLengowPage({ count: 2, next: null, previous: null, results: [odd, odd] });
    if (!result.ok) throw new Error('page refused');
    expect(result.entries.map((e) => e.outcome)).toEqual(['imported', 'synced']);
    for (const entry of result.entries) {
      expect(entry.outcome !== 'refused' && entry.warnings.map((w) => w.code)).toEqual(['UNKNOWN_LINE_STATUS']);
    }
  });
});

describe('importLengowOrder: amounts (issue 12)', () => {
  it('reads a JSON number as the decimal string it denotes, so amounts are never added as floats', () => {
    const payload = { ...clone(cdiscountLife[0]), total_order: 40.3, shipping: 4.3, commission: 0 };
    const parsed = parseLengowOrder(payload);
    if (!parsed.ok) throw new Error('expected a payload');
    expect(parsed.order).toMatchObject({ total_order: '40.3', shipping: '4.3', commission: '0' });
    expect(imported(payload).context.total).toBe(40.3);
    // Read alike whatever the spelling.
    expect(imported({ ...payload, total_order: '40.30' })).toEqual(imported(payload));
  });

  it.each([
    ['a number written with an exponent', 1e21],
    ['a number too small to be money', 1e-7],
    ['a float artefact of more than 6 decimals', 0.1 + 0.2],
    ['the same as text', '0.30000000000000004'],
    ['a boolean', true],
  ])('refuses %s, naming the field', (_, total) => {
    const result = importLengowOrder({ ...clone(cdiscountLife[0]), total_order: total });
    expect(result).toMatchObject({
      ok: false,
      reason: 'INVALID_PAYLOAD',
      issues: [{ path: ['total_order'], message: expect.stringContaining('must be an amount') }],
    });
  });
});

describe('importLengowPage', () => {
  it('imports the good orders of a page and reports the malformed one by position and field', () => {
    const result = importLengowPage(page);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.entries.map((e) => e.outcome)).toEqual(['imported', 'refused', 'imported']);
    const bad = result.entries[1]!;
    expect(bad).toMatchObject({ index: 1, ok: false, reason: 'INVALID_PAYLOAD' });
    if (bad.outcome === 'refused') {
      expect(bad.issues.map((i) => i.path)).toEqual([['packages', 0, 'delivery', 'trackings', 0, 'number']]);
    }
    const [first, , third] = result.entries;
    expect(first?.outcome === 'imported' && first.order.status).toBe('WaitingForShipmentAcceptation');
    expect(third?.outcome === 'imported' && third.order.status).toBe('WaitingForShipmentAcceptation');
  });

  it('changes nothing when the same page is imported twice', () => {
    const first = importLengowPage(page, { marketplaceRules: rules });
    if (!first.ok) throw new Error('page refused');
    // Pure: the same page gives the same records.
    expect(importLengowPage(page, { marketplaceRules: rules })).toEqual(first);

    const store = new Map<string, CdiscountOrderRecord>();
    for (const entry of first.entries) if (entry.outcome !== 'refused') store.set(`${entry.order.marketplace}/${entry.order.orderId}`, entry.order);
    const again = importLengowPage(page, {
      marketplaceRules: rules,
      findOrder: (marketplace, id) => store.get(`${marketplace}/${id}`),
    });
    if (!again.ok) throw new Error('page refused');
    for (const entry of again.entries) {
      if (entry.outcome === 'refused') continue;
      expect(entry.outcome).toBe('synced');
      if (entry.outcome !== 'synced') continue;
      expect(entry.sync).toMatchObject({ ok: true, duplicate: true, changed: false });
      expect(entry.order).toBe(store.get(`${entry.order.marketplace}/${entry.order.orderId}`));
    }
    expect(again.entries.filter((e) => e.outcome === 'synced')).toHaveLength(2);
  });

  it('syncs an order that comes twice in one page instead of importing it twice', () => {
    const twice = { count: 2, next: null, previous: null, results: [cdiscountLife[1], cdiscountLife[2]] };
    const result = importLengowPage(twice);
    if (!result.ok) throw new Error('page refused');
    expect(result.entries.map((e) => e.outcome)).toEqual(['imported', 'synced']);
    expect(result.entries[1]).toMatchObject({ ok: true, order: { status: 'WaitingForShipmentAcceptation', revision: 1 } });
  });

  it('refuses an envelope without results, naming the field', () => {
    expect(importLengowPage({ count: 0, next: null })).toMatchObject({
      ok: false,
      reason: 'INVALID_PAYLOAD',
      issues: [{ path: ['results'] }],
    });
  });
});
