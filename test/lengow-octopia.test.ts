/**
 * Lengow both ways for Octopia orders: the import recognises the vocabulary a payload speaks and builds the
 * order in that lifecycle, the sync keeps it there, the Lengow statuses follow Lengow's Octopia table, and
 * the daily sweep reaches 2 days back (5 for legacy orders). Payloads in the shape of Lengow API v3, built by
 * the testing kit (no real Octopia payload through Lengow is among the shared fixtures).
 */
import { describe, expect, it } from 'vitest';
import {
  createMaintenanceCalendar,
  octopiaLifecycle,
  toLengowStatus,
  type LengowStatus,
  type OctopiaOrderRecord,
  type OctopiaStatus,
  type OrderStatus,
} from 'order-status-machine';
import {
  importLengowOrder,
  importLengowPage,
  lengowDailySweep,
  lengowStatusesOf,
  octopiaStatusFromLengow,
  syncLengowOrder,
  type LengowImportResult,
} from 'order-status-machine/lengow';
import { buildLengowOrder, buildLengowPage } from 'order-status-machine/testing';

const AT = '2025-12-02T09:00:00.000Z';

/** Lengow's table, row by row: Lengow status, Octopia status. */
const TABLE: [LengowStatus, OctopiaStatus][] = [
  ['new', 'Processing'],
  ['waiting_acceptance', 'WaitingAcceptance'],
  ['accepted', 'Accepted'],
  ['waiting_shipment', 'InPreparation'],
  ['shipped', 'Shipped'],
  ['shipped', 'Delivered'],
  ['canceled', 'Refused'],
  ['canceled', 'Rejected'],
  ['refunded', 'Cancelled'],
];

const octopiaImport = (result: LengowImportResult): OctopiaOrderRecord => {
  if (!result.ok) throw new Error(`expected an import, got ${result.reason}: ${JSON.stringify(result.issues)}`);
  if (result.vocabulary !== 'octopia') throw new Error('expected an Octopia order');
  return result.order;
};

const refusal = (result: LengowImportResult) => {
  if (result.ok) throw new Error(`expected a refusal, got an order in ${result.order.status}`);
  return result;
};

describe('importLengowOrder reads Octopia payloads into the Octopia lifecycle', () => {
  it.each(TABLE)('imports a %s / %s order in that status, and shows it as that Lengow status again', (lengowStatus, status) => {
    // Shipped is a word both vocabularies have: alone, it reads as legacy unless Octopia is asked for.
    const options = status === 'Shipped' ? { vocabulary: 'octopia' as const } : {};
    const order = octopiaImport(importLengowOrder(buildLengowOrder({ status, lengowStatus }), options));
    expect(order.lifecycle).toBe('octopia');
    expect(order.status).toBe(status);
    expect(toLengowStatus(order.status)).toBe(lengowStatus);
  });

  it('offers no action on a new (Processing) order, where the legacy reading offered ACCEPT', () => {
    const order = octopiaImport(importLengowOrder(buildLengowOrder({ status: 'Processing', lengowStatus: 'new' })));
    expect(octopiaLifecycle.availableActions(order, { at: AT })).toEqual([]);
  });

  it('imports a Cancelled (Lengow refunded) order as Cancelled, final, never as Shipped', () => {
    const order = octopiaImport(importLengowOrder(buildLengowOrder({ status: 'Cancelled', lengowStatus: 'refunded' })));
    expect(order.status).toBe('Cancelled');
    expect(octopiaLifecycle.finalStatuses).toContain(order.status);
  });

  it('reads Octopia cart lines too: an order reported Shipped with InPreparation lines speaks Octopia', () => {
    const payload = buildLengowOrder({ status: 'Shipped' });
    payload.packages![0]!.cart![0]!.marketplace_status = 'InPreparation';
    expect(octopiaImport(importLengowOrder(payload)).status).toBe('Shipped');
  });

  it('reads a payload of statuses both vocabularies share (Shipped) as legacy, unless told otherwise', () => {
    const legacy = importLengowOrder(buildLengowOrder({ status: 'Shipped' }));
    expect(legacy.ok && legacy.vocabulary).toBe('legacy');
    const forced = octopiaImport(importLengowOrder(buildLengowOrder({ status: 'Shipped' }), { vocabulary: 'octopia' }));
    expect(forced.status).toBe('Shipped');
  });

  it('leaves other marketplaces alone: their "Cancelled" is their own word, read through lengow_status as before', () => {
    const payload = buildLengowOrder({ marketplace: 'zalando', status: 'Cancelled' as OctopiaStatus, lengowStatus: 'canceled' });
    const result = importLengowOrder(payload);
    expect(result.ok && result.vocabulary).toBe('legacy');
    expect(result.ok && result.order.status).toBe('CancelledByCustomer');
  });

  it('carries the supply mode and the latest shipping date (shippedAtMax) into the order', () => {
    const payload = buildLengowOrder({
      status: 'InPreparation',
      lengowStatus: 'waiting_shipment',
      overrides: { supply_mode: 'Seller', shipped_at_max: '2025-12-03T23:59:00+01:00' },
    });
    const order = octopiaImport(importLengowOrder(payload));
    expect(order.fulfilledByMarketplace).toBe(false);
    expect(order.context.shippingDeadline).toBe('2025-12-03T22:59:00.000Z');
    expect(octopiaLifecycle.availableActions(order, { at: AT, details: true })[0]).toEqual({
      type: 'SHIP',
      deadline: '2025-12-03T22:59:00.000Z',
      late: false,
      warnings: [],
    });
  });

  it.each(['Fulfillment', 'Xdock'] as const)('treats a %s order as shipped by the marketplace', (supplyMode) => {
    const payload = buildLengowOrder({ status: 'InPreparation', overrides: { supply_mode: supplyMode } });
    expect(refusal(importLengowOrder(payload))).toMatchObject({ reason: 'SHIPPED_BY_MARKETPLACE_IGNORED', issues: [{ path: ['supply_mode'] }] });
    const order = octopiaImport(importLengowOrder(payload, { importShippedByMarketplace: true }));
    expect(order.fulfilledByMarketplace).toBe(true);
    expect(octopiaLifecycle.explain(order, { type: 'SHIP', at: AT, carrier: 'DPD', trackingNumber: '1' }).map((b) => b.code)).toEqual([
      'FULFILLED_BY_MARKETPLACE',
    ]);
  });
});

describe('bad Octopia payloads are refused whole, naming the field', () => {
  it('refuses a payload that mixes the two vocabularies', () => {
    const payload = buildLengowOrder({ status: 'InPreparation' });
    payload.packages![0]!.cart![0]!.marketplace_status = 'WaitingForShipmentAcceptation';
    const { reason, issues } = refusal(importLengowOrder(payload));
    expect(reason).toBe('INVALID_PAYLOAD');
    expect(issues).toEqual([expect.objectContaining({ path: ['packages', 0, 'cart', 0, 'marketplace_status'], code: 'mixed_vocabulary' })]);
    expect(issues[0]?.message).toContain('WaitingForShipmentAcceptation');
  });

  it('refuses a legacy status when Octopia is asked for, and the other way round', () => {
    const legacy = refusal(importLengowOrder(buildLengowOrder({ status: 'WaitingForShipmentAcceptation' }), { vocabulary: 'octopia' }));
    expect(legacy.issues[0]?.path).toEqual(['marketplace_status']);
    const octopia = refusal(importLengowOrder(buildLengowOrder({ status: 'InPreparation' }), { vocabulary: 'legacy' }));
    expect(octopia.issues[0]?.path).toEqual(['marketplace_status']);
  });

  it('refuses an unknown Octopia status', () => {
    const { issues } = refusal(importLengowOrder(buildLengowOrder({ status: 'Preparing' as OctopiaStatus }), { vocabulary: 'octopia' }));
    expect(issues).toEqual([expect.objectContaining({ path: ['marketplace_status'], code: 'unknown_status' })]);
  });

  it('refuses a supply mode outside Seller, Fulfillment, Xdock', () => {
    const payload = buildLengowOrder({ status: 'InPreparation', overrides: { supply_mode: 'Dropship' as 'Seller' } });
    const { reason, issues } = refusal(importLengowOrder(payload));
    expect(reason).toBe('INVALID_PAYLOAD');
    expect(issues.map((i) => i.path)).toEqual([['supply_mode']]);
  });
});

describe('syncLengowOrder keeps an Octopia order in its lifecycle', () => {
  const imported = () => octopiaImport(importLengowOrder(buildLengowOrder({ status: 'WaitingAcceptance', updatedAt: '2025-12-01T10:00:00Z' })));

  it('follows the marketplace through its Octopia statuses', () => {
    let order = imported();
    for (const [status, updatedAt] of [
      ['Accepted', '2025-12-01T11:00:00Z'],
      ['InPreparation', '2025-12-01T12:00:00Z'],
      ['Shipped', '2025-12-02T09:00:00Z'],
      ['Delivered', '2025-12-04T15:00:00Z'],
    ] as const) {
      const result = syncLengowOrder(order, buildLengowOrder({ status, updatedAt, tracking: { carrier: 'DPD', number: '09876' } }));
      expect(result.ok && result.status).toBe(status);
      order = result.order;
    }
    expect(order.lifecycle).toBe('octopia');
    expect(order.context.shipment).toMatchObject({ carrier: 'DPD', trackingNumber: '09876' });
    // Shipped is a status both vocabularies share: the order's own lifecycle reads it.
    expect(syncLengowOrder(order, buildLengowOrder({ status: 'Delivered', updatedAt: '2025-12-05T00:00:00Z' })).duplicate).toBe(true);
  });

  it('refuses a payload in the legacy vocabulary, naming the field, and changes nothing', () => {
    const order = imported();
    const result = syncLengowOrder(order, buildLengowOrder({ status: 'AcceptedBySeller', updatedAt: '2025-12-01T11:00:00Z' }));
    expect(result.ok).toBe(false);
    expect(result.blockers[0]).toMatchObject({ code: 'INVALID_EVENT', fields: ['marketplace_status'] });
    expect(result.order).toBe(order);
  });

  it('imports a page of both vocabularies, each order in its own lifecycle, and a second pass changes nothing', () => {
    const page = buildLengowPage([
      buildLengowOrder({ orderId: 'LEGACY-1', status: 'WaitingForShipmentAcceptation' }),
      buildLengowOrder({ orderId: 'OCTOPIA-1', status: 'InPreparation' }),
    ]);
    const first = importLengowPage(page);
    if (!first.ok) throw new Error('page refused');
    expect(first.entries.map((e) => e.outcome !== 'refused' && [e.order.lifecycle ?? 'default', e.order.status])).toEqual([
      ['default', 'WaitingForShipmentAcceptation'],
      ['octopia', 'InPreparation'],
    ]);
    const known = new Map(first.entries.flatMap((e) => (e.outcome === 'refused' ? [] : [[e.order.orderId, e.order] as const])));
    const again = importLengowPage(page, { findOrder: (_, id) => known.get(id) });
    if (!again.ok) throw new Error('page refused');
    expect(again.entries.map((e) => e.outcome === 'synced' && e.sync.duplicate)).toEqual([true, true]);
  });
});

describe('Lengow statuses both ways', () => {
  it('reads every Lengow status as its Octopia counterpart, keeping the current status when it is one', () => {
    expect(octopiaStatusFromLengow('new')).toBe('Processing');
    expect(octopiaStatusFromLengow('waiting_shipment')).toBe('InPreparation');
    expect(octopiaStatusFromLengow('refunded')).toBe('Cancelled');
    expect(octopiaStatusFromLengow('canceled')).toBe('Rejected');
    expect(octopiaStatusFromLengow('canceled', 'Refused')).toBe('Refused');
    expect(octopiaStatusFromLengow('shipped', 'Delivered')).toBe('Delivered');
    // Every row of the table reads back to a status that shows as that Lengow status.
    for (const [lengowStatus] of TABLE) expect(toLengowStatus(octopiaStatusFromLengow(lengowStatus))).toBe(lengowStatus);
  });

  it('gives each Octopia status the Lengow statuses a marketplace definition may list it under', () => {
    expect(lengowStatusesOf('InPreparation')).toEqual(['waiting_shipment']);
    expect(lengowStatusesOf('Cancelled')).toEqual(['refunding', 'refunded', 'partial_refunded']);
    // Legacy statuses keep theirs.
    expect(lengowStatusesOf('WaitingForSellerAcceptation' satisfies OrderStatus)).toEqual(['new', 'waiting_acceptance']);
  });
});

describe("Lengow's daily sweep", () => {
  it('reaches 2 days back for Octopia orders and 5 for legacy ones', () => {
    const now = '2025-12-02T03:00:00Z';
    expect(lengowDailySweep({ now, vocabulary: 'octopia' })).toEqual({ from: '2025-11-30T03:00:00.000Z', to: '2025-12-02T03:00:00.000Z' });
    expect(lengowDailySweep({ now, vocabulary: 'legacy' })).toEqual({ from: '2025-11-27T03:00:00.000Z', to: '2025-12-02T03:00:00.000Z' });
  });

  it('reaches 5 days back when no vocabulary is named, or the days given', () => {
    const now = '2025-12-02T03:00:00Z';
    expect(lengowDailySweep({ now }).from).toBe('2025-11-27T03:00:00.000Z');
    expect(lengowDailySweep({ now, days: 1 }).from).toBe('2025-12-01T03:00:00.000Z');
    expect(() => lengowDailySweep({ now, days: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('reaches further back over a maintenance window in force at its start', () => {
    const calendar = createMaintenanceCalendar([{ start: '2025-11-30T01:00:00Z', end: '2025-11-30T05:00:00Z' }]);
    expect(lengowDailySweep({ now: '2025-12-02T03:00:00Z', vocabulary: 'octopia', calendar }).from).toBe('2025-11-28T01:00:00.000Z');
  });

  it('refuses an unknown vocabulary with INVALID_INPUT naming it', () => {
    expect(() => lengowDailySweep({ now: '2025-12-02T03:00:00Z', vocabulary: 'toString' as 'legacy' })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', issues: [expect.objectContaining({ path: ['vocabulary'] })] }),
    );
  });
});
