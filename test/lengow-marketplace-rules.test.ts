import { describe, expect, it } from 'vitest';
import { availableActions, createOrder, dispatch, explain, isOrderMachineError, type OrderStatus } from 'order-status-machine';
import { createMarketplaceRules } from 'order-status-machine/lengow';
import definitions from './fixtures/lengow/marketplaces.json';

const rules = createMarketplaceRules(definitions);
const at = '2024-03-06T10:00:00Z';
const orderOn = (marketplace: string, status: OrderStatus, deliveryMode = 'Standard') =>
  createOrder({ orderId: `${marketplace}-1`, marketplace, status, deliveryMode, createdAt: '2024-03-05T09:00:00Z' });
const codes = (blockers: readonly { code: string }[]) => blockers.map((b) => b.code);

describe('createMarketplaceRules', () => {
  it('lists the marketplaces of the definition file', () => {
    expect(rules.marketplaces).toEqual(['cdiscount', 'mirakl_shop', 'free_shop']);
    expect(rules.covers('MIRAKL_SHOP')).toBe(true);
    expect(rules.lengowStatusOf('mirakl_shop', 'WAITING_DEBIT_PAYMENT')).toBe('accepted');
    expect(rules.lengowStatusOf('mirakl_shop', 'NOT_A_STATUS')).toBeUndefined();
  });

  it('throws INVALID_INPUT naming the field of a malformed definition', () => {
    const broken = structuredClone(definitions) as any;
    broken.mirakl_shop.orders.actions.ship.args = 'carrier';
    try {
      createMarketplaceRules(broken);
      expect.unreachable();
    } catch (error) {
      expect(isOrderMachineError(error) && error.code).toBe('INVALID_INPUT');
      expect(isOrderMachineError(error) && error.issues[0]?.path).toEqual(['mirakl_shop', 'orders', 'actions', 'ship', 'args']);
    }
  });
});

describe('dispatch and explain with marketplace rules', () => {
  it('refuses an action the marketplace does not offer', () => {
    const order = orderOn('free_shop', 'WaitingForSellerAcceptation');
    const event = { type: 'ACCEPT', at } as const;
    expect(codes(explain(order, event, { marketplaceRules: rules }))).toEqual(['ACTION_NOT_SUPPORTED']);
    expect(dispatch(order, event).ok).toBe(true); // without the rules, the lifecycle alone accepts it
  });

  it("refuses an action the marketplace does not allow in the order's Lengow status", () => {
    // mirakl_shop lets the seller cancel only before payment; the lifecycle allows refusing the shipment.
    const order = orderOn('mirakl_shop', 'WaitingForShipmentAcceptation');
    const event = { type: 'REFUSE_SHIPMENT', at } as const;
    const blockers = explain(order, event, { marketplaceRules: rules });
    expect(codes(blockers)).toEqual(['NOT_ALLOWED_IN_STATUS']);
    expect(blockers[0]?.message).toContain('new, waiting_acceptance, accepted');
    expect(dispatch(order, event).ok).toBe(true);
  });

  describe('a definition where the carrier is required from a closed list (cdiscount)', () => {
    const order = orderOn('cdiscount', 'WaitingForShipmentAcceptation');

    it('refuses a shipment without a tracking number, naming the argument', () => {
      const blockers = explain(order, { type: 'SHIP', at, carrier: 'Colissimo' }, { marketplaceRules: rules });
      expect(blockers).toMatchObject([{ code: 'MISSING_ARGUMENT', fields: ['tracking_number'] }]);
    });

    it("refuses a carrier outside the marketplace's codes", () => {
      const blockers = explain(order, { type: 'SHIP', at, carrier: 'Kuehne+Nagel', trackingNumber: 'KN1' }, { marketplaceRules: rules });
      expect(blockers).toMatchObject([{ code: 'INVALID_ARGUMENT', fields: ['carrier'] }]);
      expect(blockers[0]?.message).toContain('"Kuehne+Nagel" is not one');
    });

    it('accepts a listed carrier given by code or by label', () => {
      for (const carrier of ['Colissimo', 'MondialRelay', 'mondial relay']) {
        expect(explain(order, { type: 'SHIP', at, carrier, trackingNumber: '6A1' }, { marketplaceRules: rules })).toEqual([]);
      }
    });

    it('fills a missing argument with its default value, and checks a given one against the list', () => {
      expect(explain(order, { type: 'REFUSE_SHIPMENT', at }, { marketplaceRules: rules })).toEqual([]);
      expect(explain(order, { type: 'REFUSE_SHIPMENT', at, reason: 'Demande du client' }, { marketplaceRules: rules })).toEqual([]);
      expect(codes(explain(order, { type: 'REFUSE_SHIPMENT', at, reason: 'no stock' }, { marketplaceRules: rules }))).toEqual(['INVALID_ARGUMENT']);
    });
  });

  describe('a definition where the carrier name is required only for carrier Other (depends_on)', () => {
    const order = orderOn('mirakl_shop', 'WaitingForShipmentAcceptation');

    it('asks for carrier_name when the carrier is Other', () => {
      const blockers = explain(order, { type: 'SHIP', at, carrier: 'Other', trackingNumber: 'T1' }, { marketplaceRules: rules });
      expect(blockers).toMatchObject([{ code: 'MISSING_ARGUMENT', fields: ['carrier_name'] }]);
    });

    it('does not ask for it with a listed carrier', () => {
      expect(explain(order, { type: 'SHIP', at, carrier: 'DPD', trackingNumber: 'T1' }, { marketplaceRules: rules })).toEqual([]);
    });

    it('sends a carrier outside the list as Other, with its name', () => {
      expect(explain(order, { type: 'SHIP', at, carrier: 'Kuehne+Nagel', trackingNumber: 'T1' }, { marketplaceRules: rules })).toEqual([]);
    });

    it('reads the compact depends_on form too', () => {
      const compact = structuredClone(definitions) as any;
      compact.mirakl_shop.orders.actions.ship.args_description.carrier_name.depends_on = { carrier: ['Other'] };
      const blockers = explain(
        order,
        { type: 'SHIP', at, carrier: 'Other', trackingNumber: 'T1' },
        {
          marketplaceRules: createMarketplaceRules(compact),
        },
      );
      expect(blockers).toMatchObject([{ code: 'MISSING_ARGUMENT', fields: ['carrier_name'] }]);
    });
  });

  describe('a definition where the carrier is optional (free_shop)', () => {
    const order = orderOn('free_shop', 'WaitingForShipmentAcceptation');

    it('accepts a shipment without carrier, or with a carrier of its own', () => {
      expect(explain(order, { type: 'SHIP', at }, { marketplaceRules: rules })).toEqual([]);
      expect(explain(order, { type: 'SHIP', at, carrier: 'Coursier Vélo' }, { marketplaceRules: rules })).toEqual([]);
    });
  });

  it("puts the lifecycle's reasons first and the marketplace's after them", () => {
    const order = orderOn('cdiscount', 'WaitingForShipmentAcceptation', 'Suivi');
    expect(codes(explain(order, { type: 'SHIP', at, carrier: 'Colissimo' }, { marketplaceRules: rules }))).toEqual([
      'CARRIER_AND_TRACKING_REQUIRED',
      'MISSING_ARGUMENT',
    ]);
  });

  it('gives dispatch and explain one verdict', () => {
    const cases = [
      [orderOn('free_shop', 'WaitingForSellerAcceptation'), { type: 'ACCEPT', at }],
      [orderOn('mirakl_shop', 'WaitingForShipmentAcceptation'), { type: 'REFUSE_SHIPMENT', at }],
      [orderOn('mirakl_shop', 'WaitingForShipmentAcceptation'), { type: 'SHIP', at, carrier: 'Other', trackingNumber: 'T' }],
      [orderOn('mirakl_shop', 'WaitingForShipmentAcceptation'), { type: 'SHIP', at, carrier: 'UPS', trackingNumber: 'T' }],
      [orderOn('cdiscount', 'WaitingForShipmentAcceptation', 'Suivi'), { type: 'SHIP', at }],
      [orderOn('cdiscount', 'Shipped'), { type: 'REFUND', at, amount: 12.5 }],
      [orderOn('cdiscount', 'AcceptedBySeller'), { type: 'SHIP', at, carrier: 'DPD', trackingNumber: 'T' }],
    ] as const;
    for (const [order, event] of cases) {
      const result = dispatch(order, event, { marketplaceRules: rules });
      expect(result.ok ? [] : result.blockers).toEqual(explain(order, event, { marketplaceRules: rules }));
    }
  });

  it('leaves orders of marketplaces the definitions do not cover to the lifecycle alone', () => {
    const order = orderOn('fnac', 'WaitingForShipmentAcceptation');
    expect(explain(order, { type: 'SHIP', at }, { marketplaceRules: rules })).toEqual([]);
  });

  it('lists in availableActions only what the marketplace offers in this status', () => {
    const mirakl = orderOn('mirakl_shop', 'WaitingForShipmentAcceptation');
    expect(availableActions(mirakl, { at })).toEqual(['SHIP', 'REFUSE_SHIPMENT']);
    expect(availableActions(mirakl, { at, marketplaceRules: rules })).toEqual(['SHIP']);
    expect(availableActions(orderOn('free_shop', 'WaitingForSellerAcceptation'), { at, marketplaceRules: rules })).toEqual([]);
  });
});
