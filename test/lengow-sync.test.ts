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

  // Issue 12: what a payload says beside the status reaches the order.
  it('keeps the status as the marketplace spells it, from the import on', () => {
    const options = { marketplaceRules: rules };
    let order = imported(miraklLife[0], options);
    expect(order.context.marketplaceRawStatus).toBe(miraklLife[0]!.marketplace_status);
    for (const payload of miraklLife.slice(1)) {
      order = syncLengowOrder(order, payload, options).order;
      expect(order.context.marketplaceRawStatus).toBe(payload.marketplace_status);
    }
    // The same status spelt otherwise by a newer report is news (Mirakl's WAITING_DEBIT, then WAITING_DEBIT_PAYMENT).
    const accepted = imported({ ...clone(miraklLife[1]!), marketplace_status: 'WAITING_DEBIT' }, options);
    const paying = syncLengowOrder(accepted, { ...clone(miraklLife[1]!), updated_at: '2030-01-01T00:00:00Z' }, options);
    expect(paying).toMatchObject({ ok: true, changed: true, status: 'AcceptedBySeller' });
    expect(paying.order.context.marketplaceRawStatus).toBe('WAITING_DEBIT_PAYMENT');
  });

  it('merges the pre-2020 tracking-level fulfilment flag too, even when the status does not change', () => {
    const order = imported(cdiscountLife[3]); // Shipped
    const flagged = { ...clone(cdiscountLife[3]), updated_at: '2024-02-23T08:00:00Z' } as any;
    flagged.packages[0].delivery.trackings[0].is_delivered_by_marketplace = true;
    const result = syncLengowOrder(order, flagged);
    expect(result).toMatchObject({ ok: true, changed: true, status: 'Shipped' });
    expect(result.order.fulfilledByMarketplace).toBe(true);
  });

  it('syncs an order whose cart line is in a status Lengow does not document', () => {
    const order = imported(cdiscountLife[1]);
    const odd = clone(cdiscountLife[2]) as any;
    odd.packages[0].cart[0].lengow_status = 'lost_in_transit';
    expect(syncLengowOrder(order, odd)).toMatchObject({ ok: true, changed: true, status: 'WaitingForShipmentAcceptation' });
  });

  // README, "What 'stale' means": only a report older than the last one applied is stale.
  it('judges a report of the same updated_at as the last one like a newer one, except an unreachable status', () => {
    const at = cdiscountLife[1]!.updated_at;
    const accepted = imported(cdiscountLife[1]); // AcceptedBySeller
    const same = (payload: unknown) => ({ ...clone(payload as object), updated_at: at });
    // The same version again: a duplicate.
    expect(syncLengowOrder(accepted, cdiscountLife[1])).toMatchObject({ ok: true, duplicate: true, changed: false });
    // A later version under the same instant, of a status the lifecycle reaches: applied.
    const paid = syncLengowOrder(accepted, same(cdiscountLife[2]));
    expect(paid).toMatchObject({ ok: true, changed: true, status: 'WaitingForShipmentAcceptation' });
    // An earlier version under the same instant: the order has moved past it, nothing changes.
    expect(syncLengowOrder(paid.order, cdiscountLife[1])).toMatchObject({ ok: true, duplicate: true, anomaly: 'EARLIER_STATUS_REPORTED' });
    // A final status the lifecycle does not reach, under the same instant: applied as the anomaly it is (nothing
    // leaves a final status, so versions of one instant cannot flip the order back and forth).
    const shipped = syncLengowOrder(paid.order, same(cdiscountLife[3])).order;
    const cancelled = { ...same(cdiscountLife[3]), marketplace_status: 'CancelledByCustomer', lengow_status: 'canceled' };
    expect(syncLengowOrder(shipped, cancelled)).toMatchObject({ ok: true, status: 'CancelledByCustomer', anomaly: 'UNREACHABLE_STATUS' });
    // Older than the last one applied: stale (the same status again is a duplicate before any date is read).
    expect(syncLengowOrder(shipped, { ...cdiscountLife[2], updated_at: '2024-02-21T18:00:00Z' }).blockers.map((b) => b.code)).toEqual([
      'STALE_UPDATE',
    ]);
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
