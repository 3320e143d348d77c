import { describe, expect, it } from 'vitest';
import { TRACKED_DELIVERY_MODES, createOrder, dispatch } from 'order-status-machine';

const awaitingShipment = (deliveryMode: string | null) =>
  createOrder({
    orderId: 'S-1',
    marketplace: 'cdiscount',
    status: 'WaitingForShipmentAcceptation',
    deliveryMode,
    createdAt: '2024-03-01T08:00:00Z',
  });
const at = '2024-03-01T10:00:00Z';

describe('carrier and tracking for tracked delivery', () => {
  it.each(['suivi', 'Suivi', 'tracked', 'TRK', 'recommandé', 'recommande', 'registered', 'REG', ' Recommandé '])(
    'requires carrier and tracking number to ship in mode %j',
    (mode) => {
      const result = dispatch(awaitingShipment(mode), { type: 'SHIP', at });
      expect(result.blockers).toEqual([expect.objectContaining({ code: 'CARRIER_AND_TRACKING_REQUIRED', fields: ['carrier', 'trackingNumber'] })]);
      const shipped = dispatch(awaitingShipment(mode), { type: 'SHIP', at, carrier: 'Colissimo', trackingNumber: '6A1' });
      expect(shipped.status).toBe('ShippedBySeller');
    },
  );

  it('treats blank values as missing and names only what is missing', () => {
    const result = dispatch(awaitingShipment('TRK'), { type: 'SHIP', at, carrier: 'Colissimo', trackingNumber: '   ' });
    expect(result.blockers[0]).toMatchObject({ fields: ['trackingNumber'] });
    expect(result.blockers[0]?.message).toMatch(/missing: trackingNumber/);
  });

  it.each(['STD', 'Standard', 'MAG', null])('ships without tracking in mode %j', (mode) => {
    expect(dispatch(awaitingShipment(mode), { type: 'SHIP', at }).status).toBe('ShippedBySeller');
  });

  it('lets the caller choose which modes need tracking', () => {
    const options = { trackedDeliveryModes: [...TRACKED_DELIVERY_MODES, 'EXP'] };
    expect(dispatch(awaitingShipment('exp'), { type: 'SHIP', at }, options).blockers[0]?.code).toBe('CARRIER_AND_TRACKING_REQUIRED');
    expect(dispatch(awaitingShipment('TRK'), { type: 'SHIP', at }, { trackedDeliveryModes: ['EXP'] }).ok).toBe(true);
  });

  it('refuses to make a home delivery available in store, but accepts an unknown mode', () => {
    const home = dispatch(awaitingShipment('TRK'), { type: 'MAKE_AVAILABLE_IN_STORE', at });
    expect(home.blockers[0]).toMatchObject({ code: 'DELIVERY_MODE_MISMATCH', fields: ['deliveryMode'] });
    expect(dispatch(awaitingShipment(null), { type: 'MAKE_AVAILABLE_IN_STORE', at }).status).toBe('AvailableOnStore');
  });

  // Issue 13, store pick-up: RIM is Cdiscount's immediate pick-up in store (Octopia "Extended Delivery Modes").
  it.each(['RIM', 'rim', 'MAG'])('makes an order of store mode %s available in store', (mode) => {
    expect(dispatch(awaitingShipment(mode), { type: 'MAKE_AVAILABLE_IN_STORE', at }).status).toBe('AvailableOnStore');
  });
});
