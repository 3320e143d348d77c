import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createOrder, dispatch, explain, type OrderStatus } from 'order-status-machine';
import { createMarketplaceRules, toLengowAction } from 'order-status-machine/lengow';
import definitions from './fixtures/lengow/marketplaces.json';

const rules = createMarketplaceRules(definitions);
const at = '2024-03-06T10:00:00Z';
// Tracking numbers as Cdiscount takes them: up to 50 characters, no space, `&`, `*` or `$` (issue 13).
const trackingNumber = fc.stringMatching(/^[A-Za-z0-9._/-]{1,30}$/);
const orderOn = (marketplace: string, status: OrderStatus, extra: { fulfilledByMarketplace?: boolean } = {}) =>
  createOrder({ orderId: 'MK-1', marketplace, status, deliveryMode: 'Standard', createdAt: '2024-03-05T09:00:00Z', ...extra });

describe('toLengowAction', () => {
  it('builds the request a connector sends for an accepted shipment', () => {
    const order = orderOn('cdiscount', 'WaitingForShipmentAcceptation');
    const event = { type: 'SHIP', at, carrier: 'mondial relay', trackingNumber: '6A1', trackingUrl: 'https://t.example/6A1' } as const;
    expect(dispatch(order, event, { marketplaceRules: rules }).ok).toBe(true);
    const sent = toLengowAction(order, event, rules);
    expect(sent.ok && sent.request).toEqual({
      action_type: 'ship',
      marketplace: 'cdiscount',
      marketplace_order_id: 'MK-1',
      carrier: 'MondialRelay',
      tracking_number: '6A1',
      tracking_url: 'https://t.example/6A1',
      shipping_date: '2024-03-06T10:00:00.000Z',
    });
  });

  it('names a carrier outside the list through the argument that depends on Other', () => {
    const sent = toLengowAction(
      orderOn('mirakl_shop', 'WaitingForShipmentAcceptation'),
      {
        type: 'SHIP',
        at,
        carrier: 'Kuehne+Nagel',
        trackingNumber: 'KN1',
      },
      rules,
    );
    expect(sent.ok && sent.request).toMatchObject({ carrier: 'Other', carrier_name: 'Kuehne+Nagel', tracking_number: 'KN1' });
  });

  it("maps refusing the shipment to cancel, with the seller's reason as the marketplace's code", () => {
    const order = orderOn('cdiscount', 'WaitingForShipmentAcceptation');
    const sent = toLengowAction(order, { type: 'REFUSE_SHIPMENT', at, reason: 'Demande du client' }, rules);
    expect(sent.ok && sent.request).toEqual({
      action_type: 'cancel',
      marketplace: 'cdiscount',
      marketplace_order_id: 'MK-1',
      reason: 'CustomerRequest',
    });
  });

  it("never sends the default of a required reason in place of the seller's (issue 12, item 3)", () => {
    // cdiscount's cancel requires `reason` and defaults it to ProductNotAvailable: the seller must say why.
    const sent = toLengowAction(orderOn('cdiscount', 'WaitingForShipmentAcceptation'), { type: 'REFUSE_SHIPMENT', at }, rules);
    expect(sent).toMatchObject({ ok: false, blockers: [{ code: 'MISSING_ARGUMENT', fields: ['reason'] }] });
  });

  it('refuses what explain refuses, with the same blockers', () => {
    const order = orderOn('mirakl_shop', 'WaitingForShipmentAcceptation');
    const event = { type: 'SHIP', at, carrier: 'Other', trackingNumber: 'T1' } as const;
    const sent = toLengowAction(order, event, rules);
    expect(sent.ok).toBe(false);
    expect(!sent.ok && sent.blockers).toEqual(explain(order, event, { marketplaceRules: rules }));
  });

  it('never sends an action for an order the marketplace ships itself', () => {
    const sent = toLengowAction(orderOn('cdiscount', 'Shipped', { fulfilledByMarketplace: true }), { type: 'REFUND', at }, rules);
    expect(!sent.ok && sent.blockers.map((b) => b.code)).toContain('FULFILLED_BY_MARKETPLACE');
  });

  it('refuses a seller action Lengow has no action for, and a marketplace without definition', () => {
    const pending = orderOn('cdiscount', 'CancellationRequestPending');
    expect(toLengowAction(pending, { type: 'DECLINE_CANCELLATION', at }, rules)).toMatchObject({
      ok: false,
      blockers: [{ code: 'ACTION_NOT_SUPPORTED' }],
    });
    expect(toLengowAction(orderOn('fnac', 'WaitingForSellerAcceptation'), { type: 'ACCEPT', at }, rules)).toMatchObject({
      ok: false,
      blockers: [{ code: 'ACTION_NOT_SUPPORTED' }],
    });
  });

  it('gives the same idempotency key to the same shipment declared at different times', () => {
    const order = orderOn('cdiscount', 'WaitingForShipmentAcceptation');
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2024-03-06T00:00:00Z'), max: new Date('2024-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.date({ min: new Date('2024-03-06T00:00:00Z'), max: new Date('2024-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom('Colissimo', 'DPD', 'TNT'),
        trackingNumber,
        (first, second, carrier, trackingNumber) => {
          const a = toLengowAction(order, { type: 'SHIP', at: first, carrier, trackingNumber }, rules);
          const b = toLengowAction(order, { type: 'SHIP', at: second, carrier, trackingNumber }, rules);
          if (!a.ok || !b.ok) throw new Error('expected both to be sendable');
          expect(a.idempotencyKey).toBe(b.idempotencyKey);
          expect(a.request.shipping_date).toBe(first.toISOString());
        },
      ),
      { numRuns: 150 },
    );
  });

  it('gives different keys to different shipments', () => {
    const order = orderOn('cdiscount', 'WaitingForShipmentAcceptation');
    const keyOf = (carrier: string, trackingNumber: string) => {
      const sent = toLengowAction(order, { type: 'SHIP', at, carrier, trackingNumber }, rules);
      return sent.ok ? sent.idempotencyKey : null;
    };
    fc.assert(
      fc.property(trackingNumber, trackingNumber, (x, y) => {
        fc.pre(x !== y);
        expect(keyOf('DPD', x)).not.toBe(keyOf('DPD', y));
      }),
      { numRuns: 150 },
    );
    expect(keyOf('DPD', 'T1')).not.toBe(keyOf('TNT', 'T1'));
    const other = createOrder({ orderId: 'MK-2', marketplace: 'cdiscount', status: 'WaitingForShipmentAcceptation', createdAt: at });
    const sent = toLengowAction(other, { type: 'SHIP', at, carrier: 'DPD', trackingNumber: 'T1' }, rules);
    expect(sent.ok && sent.idempotencyKey).not.toBe(keyOf('DPD', 'T1'));
  });
});
