import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OrderRecord } from 'order-status-machine';
import { toSnapshot } from 'order-status-machine';
import { createMarketplaceRules, importLengowOrder, lengowStatusesOf, orderStatusFromLengow, syncLengowOrder } from 'order-status-machine/lengow';
import cdiscountLife from './fixtures/lengow/cdiscount-order-life.json';
import definitions from './fixtures/lengow/marketplaces.json';
import miraklLife from './fixtures/lengow/mirakl-order-life.json';

const rules = createMarketplaceRules(definitions);
const clone = <T>(value: T): T => structuredClone(value);
const imported = (payload: unknown, options = {}): OrderRecord => {
  const result = importLengowOrder(payload, options);
  if (!result.ok) throw new Error(`expected an import, got ${result.reason}`);
  if (result.vocabulary !== 'legacy') throw new Error('expected a legacy Cdiscount order');
  return result.order;
};

describe('syncLengowOrder', () => {
  it('follows a Cdiscount order through its life, merging the tracking the marketplace reports', () => {
    let order = imported(cdiscountLife[0]);
    const statuses = [];
    for (const payload of cdiscountLife.slice(1)) {
      const result = syncLengowOrder(order, payload);
      expect(result).toMatchObject({ ok: true, changed: true, duplicate: false });
      expect(result.ok && result.anomaly).toBeUndefined();
      order = result.order;
      statuses.push(order.status);
    }
    expect(statuses).toEqual(['AcceptedBySeller', 'WaitingForShipmentAcceptation', 'Shipped']);
    expect(order.revision).toBe(3);
    expect(order.context.shipment).toMatchObject({ carrier: 'Colissimo', trackingNumber: '6A23456789012' });
    expect(order.context.marketplaceUpdatedAt).toBe('2024-02-22T10:31:57.250Z');
  });

  it('treats the same status reported again as a duplicate that changes nothing', () => {
    const order = imported(cdiscountLife[2]);
    const later = { ...clone(cdiscountLife[2]), updated_at: '2024-02-21T23:00:00Z' };
    for (const payload of [cdiscountLife[2], later]) {
      const result = syncLengowOrder(order, payload);
      expect(result).toMatchObject({ ok: true, duplicate: true, changed: false });
      expect(result.order).toBe(order);
      expect(result.audit.outcome).toBe('duplicate');
    }
  });

  it('applies a status the lifecycle reaches even when intermediate ones were never seen', () => {
    const order = imported(cdiscountLife[1]); // AcceptedBySeller
    const result = syncLengowOrder(order, cdiscountLife[3]); // Shipped
    expect(result).toMatchObject({ ok: true, changed: true, status: 'Shipped' });
    expect(result.ok && result.anomaly).toBeUndefined();
  });

  it('refuses a report older than the last one applied, and never applies it', () => {
    const shipped = imported(cdiscountLife[3]);
    const result = syncLengowOrder(shipped, cdiscountLife[2]); // WaitingForShipmentAcceptation, earlier
    expect(result.ok).toBe(false);
    expect(result.blockers.map((b) => b.code)).toEqual(['STALE_UPDATE']);
    expect(result.order).toBe(shipped);

    // Also when the stale status is one the lifecycle reaches: out-of-order delivery of a forward step.
    const accepted = imported(cdiscountLife[1]);
    const ahead = syncLengowOrder(accepted, { ...clone(cdiscountLife[3]), updated_at: '2024-02-21T18:00:00Z' });
    expect(ahead.blockers.map((b) => b.code)).toEqual(['STALE_UPDATE']);
  });

  it('applies a status the lifecycle does not reach, flagged as an anomaly, or refuses it by policy', () => {
    const shipped = imported(cdiscountLife[3]);
    const cancelled = {
      ...clone(cdiscountLife[3]),
      marketplace_status: 'CancelledByCustomer',
      lengow_status: 'canceled',
      updated_at: '2024-02-24T09:00:00Z',
    };
    const applied = syncLengowOrder(shipped, cancelled);
    expect(applied).toMatchObject({ ok: true, changed: true, status: 'CancelledByCustomer', anomaly: 'UNREACHABLE_STATUS' });
    expect(applied.audit).toMatchObject({ from: 'Shipped', to: 'CancelledByCustomer', anomaly: 'UNREACHABLE_STATUS' });
    expect(applied.order.history.at(-1)?.anomaly).toBe('UNREACHABLE_STATUS');

    const refused = syncLengowOrder(shipped, cancelled, { unreachableStatus: 'refuse' });
    expect(refused.ok).toBe(false);
    expect(refused.blockers.map((b) => b.code)).toEqual(['NOT_ALLOWED_IN_STATUS']);
    expect(refused.order).toBe(shipped);
  });

  it('runs a Mirakl-style order STAGING -> WAITING_DEBIT_PAYMENT -> SHIPPED -> CANCELED through the same lifecycle', () => {
    for (const options of [{ marketplaceRules: rules }, {}]) {
      let order = imported(miraklLife[0], options);
      expect(order.status).toBe('WaitingForSellerAcceptation');
      const steps = miraklLife.slice(1).map((payload) => {
        const result = syncLengowOrder(order, payload, options);
        order = result.order;
        return [result.status, (result.ok && result.anomaly) || null];
      });
      expect(steps).toEqual([
        ['AcceptedBySeller', null],
        ['Shipped', null], // skipping the payment and shipment steps
        ['CancelledByCustomer', 'UNREACHABLE_STATUS'], // shipped -> canceled, as the marketplace says
      ]);
      expect(order.context.shipment).toMatchObject({ carrier: 'DPD', trackingNumber: '09981234567890' });
    }
  });

  it('reads a coarse Lengow status as the finest status consistent with where the order is', () => {
    expect(orderStatusFromLengow('canceled', 'WaitingForSellerAcceptation')).toBe('CancelledBeforeNotificationByCustomer');
    expect(orderStatusFromLengow('canceled', 'PaymentInProgress')).toBe('CancelledBeforePaymentByCustomer');
    expect(orderStatusFromLengow('refused', 'WaitingForShipmentAcceptation')).toBe('ShipmentRefusedBySeller');
    expect(orderStatusFromLengow('accepted', 'ValidatedFianet')).toBe('ValidatedFianet');
    expect(orderStatusFromLengow('waiting_shipment', 'CancellationRequestPending')).toBe('CancellationRequestPending');
    expect(orderStatusFromLengow('shipped', 'ShippedBySeller')).toBe('Shipped');
    expect(orderStatusFromLengow('canceled', 'Shipped')).toBe('CancelledByCustomer');
  });

  it('ends where the newest report says, whatever order the reports arrive in', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 12 }), (arrivals) => {
        let order = imported(miraklLife[0], { marketplaceRules: rules });
        for (const i of arrivals) order = syncLengowOrder(order, miraklLife[i], { marketplaceRules: rules }).order;
        const newest = miraklLife[Math.max(...arrivals)]!;
        expect(lengowStatusesOf(order.status)).toContain(newest.lengow_status);
        // And a second delivery of the same reports changes nothing: each is stale or a duplicate.
        for (const i of arrivals) expect(syncLengowOrder(order, miraklLife[i], { marketplaceRules: rules }).changed).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('merges the fulfilment flag the marketplace reports with a status change', () => {
    const order = imported(cdiscountLife[2]);
    const byMarketplace = clone(cdiscountLife[3]);
    (byMarketplace as Record<string, unknown>).order_types = [{ type: 'is_delivered_by_marketplace' }];
    const result = syncLengowOrder(order, byMarketplace);
    expect(result.order.fulfilledByMarketplace).toBe(true);
    expect(toSnapshot(result.order).context.fulfilledByMarketplace).toBe(true);
  });

  it('refuses a malformed payload, or one about another order, naming the fields', () => {
    const order = imported(cdiscountLife[0]);
    const malformed = clone(cdiscountLife[1]) as Record<string, unknown>;
    delete malformed.updated_at;
    const bad = syncLengowOrder(order, malformed);
    expect(bad).toMatchObject({ ok: false, changed: false, blockers: [{ code: 'INVALID_EVENT', fields: ['updated_at'] }] });
    expect(bad.order).toBe(order);

    const other = syncLengowOrder(order, { ...clone(cdiscountLife[1]), marketplace_order_id: '2402219999ZZZZZ' });
    expect(other.blockers[0]).toMatchObject({ code: 'INVALID_EVENT', fields: ['marketplace', 'marketplace_order_id'] });
  });
});
