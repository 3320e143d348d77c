import { describe, expect, it } from 'vitest';
import { createOrder, dispatch } from 'order-status-machine';

// An order imported from a marketplace report: the marketplace last said WaitingForShipmentAcceptation.
const imported = (status: 'WaitingForShipmentAcceptation' | 'Shipped') =>
  createOrder({
    orderId: 'MR-1',
    marketplace: 'cdiscount',
    status,
    createdAt: '2024-03-01T08:00:00Z',
    marketplaceUpdatedAt: '2024-03-01T09:00:00Z',
  });

describe('marketplace status reports', () => {
  it('merges tracking reported with the status the order is already in, once', () => {
    const shipped = imported('Shipped');
    const report = {
      type: 'MARKETPLACE_STATUS_CHANGED',
      status: 'Shipped',
      at: '2024-03-02T09:00:00Z',
      carrier: 'DPD',
      trackingNumber: 'D-77',
    } as const;
    const merged = dispatch(shipped, report);
    expect(merged).toMatchObject({ ok: true, changed: true, duplicate: false, status: 'Shipped' });
    expect(merged.order.context.shipment).toMatchObject({ carrier: 'DPD', trackingNumber: 'D-77' });
    expect(dispatch(merged.order, { ...report, at: '2024-03-02T09:15:00Z' }).duplicate).toBe(true);
  });

  it('applies a newer report of the status the marketplace last gave, after the order moved on', () => {
    const requested = dispatch(imported('WaitingForShipmentAcceptation'), { type: 'CANCELLATION_REQUESTED', at: '2024-03-01T10:00:00Z' });
    expect(requested.status).toBe('CancellationRequestPending');
    const report = { type: 'MARKETPLACE_STATUS_CHANGED', status: 'WaitingForShipmentAcceptation' } as const;
    // The same report again (not newer): nothing new.
    expect(dispatch(requested.order, { ...report, at: '2024-03-01T09:00:00Z' }).duplicate).toBe(true);
    // A newer one: the marketplace's word, applied.
    expect(dispatch(requested.order, { ...report, at: '2024-03-01T11:00:00Z' })).toMatchObject({
      changed: true,
      status: 'WaitingForShipmentAcceptation',
    });
  });

  it('treats a report of a status the order has moved past as the marketplace lagging behind', () => {
    const shipped = dispatch(imported('WaitingForShipmentAcceptation'), {
      type: 'SHIP',
      at: '2024-03-01T10:00:00Z',
      carrier: 'Colissimo',
      trackingNumber: '6A1',
    });
    const lagging = dispatch(shipped.order, {
      type: 'MARKETPLACE_STATUS_CHANGED',
      status: 'WaitingForShipmentAcceptation',
      at: '2024-03-01T11:00:00Z',
    });
    expect(lagging).toMatchObject({ ok: true, duplicate: true, status: 'ShippedBySeller' });
    // Issue 12: nothing applied, but the audit says what was reported, for a plugin to alert on.
    expect(lagging).toMatchObject({ changed: false, order: shipped.order, anomaly: 'EARLIER_STATUS_REPORTED' });
    expect(lagging.audit).toMatchObject({ outcome: 'duplicate', eventType: 'MARKETPLACE_STATUS_CHANGED', anomaly: 'EARLIER_STATUS_REPORTED' });
  });

  // Issue 12, "what 'stale' means": Lengow writes several versions of an order under one updated_at.
  it('applies a jump the lifecycle does not make, of the same instant as the last report, only into a final status', () => {
    const shipped = imported('Shipped'); // last report at 09:00
    const sameInstant = '2024-03-01T09:00:00Z';
    const cancelled = dispatch(shipped, { type: 'MARKETPLACE_STATUS_CHANGED', status: 'CancelledByCustomer', at: sameInstant });
    expect(cancelled).toMatchObject({ ok: true, status: 'CancelledByCustomer', anomaly: 'UNREACHABLE_STATUS' });
    // A non-final one could be undone by the other version of that instant, replayed: refused as stale.
    const store = dispatch(shipped, { type: 'MARKETPLACE_STATUS_CHANGED', status: 'AvailableOnStore', at: sameInstant });
    expect(store).toMatchObject({ ok: false, order: shipped, blockers: [{ code: 'STALE_UPDATE' }] });
    expect(store.blockers[0]?.message).toContain('at the same instant as');
    // One millisecond later it is newer: applied as the anomaly it is.
    expect(dispatch(shipped, { type: 'MARKETPLACE_STATUS_CHANGED', status: 'AvailableOnStore', at: '2024-03-01T09:00:00.001Z' })).toMatchObject({
      ok: true,
      anomaly: 'UNREACHABLE_STATUS',
    });
  });

  // Issue 12, "payloads as Lengow sends them": what a report says beside the status is kept.
  it('keeps the status as the marketplace spells it, and merges a new spelling of the same status', () => {
    const shipped = imported('Shipped');
    const report = { type: 'MARKETPLACE_STATUS_CHANGED', status: 'Shipped', at: '2024-03-02T09:00:00Z', rawStatus: 'SHIPPED' } as const;
    const kept = dispatch(shipped, report);
    expect(kept).toMatchObject({ ok: true, changed: true, duplicate: false });
    expect(kept.order.context.marketplaceRawStatus).toBe('SHIPPED');
    expect(dispatch(kept.order, { ...report, at: '2024-03-02T10:00:00Z' }).duplicate).toBe(true);
    expect(dispatch(kept.order, { ...report, at: '2024-03-02T10:00:00Z', rawStatus: 'CLOSED' }).order.context.marketplaceRawStatus).toBe('CLOSED');
  });

  it('merges the fulfilment flag a newer report adds without changing the status, closing the order to the seller', () => {
    const waiting = imported('WaitingForShipmentAcceptation');
    const report = {
      type: 'MARKETPLACE_STATUS_CHANGED',
      status: 'WaitingForShipmentAcceptation',
      at: '2024-03-01T10:00:00Z',
      fulfilledByMarketplace: true,
    } as const;
    const merged = dispatch(waiting, report);
    expect(merged).toMatchObject({ ok: true, changed: true, duplicate: false });
    expect(merged.order.fulfilledByMarketplace).toBe(true);
    const ship = { type: 'SHIP', at: '2024-03-01T11:00:00Z', carrier: 'Colissimo', trackingNumber: '6A1' } as const;
    expect(dispatch(merged.order, ship).blockers.map((b) => b.code)).toEqual(['FULFILLED_BY_MARKETPLACE']);
    // Fulfilment is learnt, never unlearnt: a later report without the flag leaves it.
    const later = dispatch(merged.order, { ...report, at: '2024-03-01T12:00:00Z', fulfilledByMarketplace: false });
    expect(later.order.fulfilledByMarketplace).toBe(true);
  });
});
