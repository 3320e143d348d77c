/*
 * Issue 13, item 1: tracking as Cdiscount enforces it (DOMAIN.md section 10, "Tracking"). Since the API change
 * of 6 September 2016 a carrier and a tracking number are required to validate a shipment; since November
 * 2020 only Standard (legacy STD, Octopia NTHD, "Normal") ships without them. A tracking number is at most 50
 * characters without space, `&`, `*` or `$`; a tracking URL is http(s), at most 255 characters.
 */
import { describe, expect, it } from 'vitest';
import {
  TRACKED_DELIVERY_MODES,
  UNTRACKED_DELIVERY_MODES,
  createOrder,
  dispatch,
  octopiaLifecycle,
  type LifecycleOptions,
} from 'order-status-machine';
import { thrown } from './support/thrown.js';

const awaitingShipment = (deliveryMode: string | null, marketplace = 'cdiscount') =>
  createOrder({
    orderId: 'S-1',
    marketplace,
    status: 'WaitingForShipmentAcceptation',
    deliveryMode,
    createdAt: '2024-03-01T08:00:00Z',
  });
const at = '2024-03-01T10:00:00Z';
const tracked = { carrier: 'Colissimo', trackingNumber: '6A12345678901' };

describe('carrier and tracking required unless the mode is known to ship untracked', () => {
  // Every code of Octopia's "Extended Delivery Modes and Legacy matching", legacy and Octopia, and the seed's spellings.
  it.each([
    'suivi',
    'Suivi',
    'tracked',
    'TRK',
    'THD',
    'recommandé',
    'recommande',
    'registered',
    'REG',
    'SHD',
    'EXP',
    'EHD',
    'REL',
    'RCO',
    'SO1',
    'LV1',
    'LV2',
    'LV3',
    'FDHD',
    'SRHD',
    'WSHD',
    ' Recommandé ',
  ])('requires carrier and tracking number to ship in mode %j', (mode) => {
    const result = dispatch(awaitingShipment(mode), { type: 'SHIP', at });
    expect(result.blockers).toEqual([expect.objectContaining({ code: 'CARRIER_AND_TRACKING_REQUIRED', fields: ['carrier', 'trackingNumber'] })]);
    expect(result.blockers[0]?.message).toContain(`for delivery mode "${mode.trim()}"`);
    expect(dispatch(awaitingShipment(mode), { type: 'SHIP', at, ...tracked }).status).toBe('ShippedBySeller');
  });

  it('lists every code the Octopia matching table names', () => {
    const codes = ['TRK', 'THD', 'REG', 'SHD', 'EXP', 'EHD', 'REL', 'RCO', 'SO1', 'LV1', 'LV2', 'LV3', 'FDHD', 'SRHD', 'WSHD'];
    expect(TRACKED_DELIVERY_MODES).toEqual(expect.arrayContaining(codes));
    expect(UNTRACKED_DELIVERY_MODES).toEqual(expect.arrayContaining(['STD', 'NTHD']));
  });

  it.each(['STD', 'NTHD', 'Standard', 'normal', ' std '])('ships without tracking in the Standard mode %j', (mode) => {
    expect(dispatch(awaitingShipment(mode), { type: 'SHIP', at }).status).toBe('ShippedBySeller');
  });

  it.each([
    [null, 'the delivery mode is unknown'],
    ['XYZ', 'delivery mode "XYZ" is unknown'],
    ['MAG', 'delivery mode "MAG" is unknown'],
  ])('treats the unknown mode %j as tracked, and says it was unknown', (mode, said) => {
    const result = dispatch(awaitingShipment(mode), { type: 'SHIP', at });
    expect(result.ok).toBe(false);
    expect(result.blockers[0]).toMatchObject({ code: 'CARRIER_AND_TRACKING_REQUIRED', fields: ['carrier', 'trackingNumber'] });
    expect(result.blockers[0]?.message).toContain(said);
    expect(result.blockers[0]?.message).toContain('untrackedDeliveryModes');
  });

  it('treats blank values as missing and names only what is missing', () => {
    const result = dispatch(awaitingShipment('TRK'), { type: 'SHIP', at, carrier: 'Colissimo', trackingNumber: '   ' });
    expect(result.blockers[0]).toMatchObject({ code: 'CARRIER_AND_TRACKING_REQUIRED', fields: ['trackingNumber'] });
    expect(result.blockers[0]?.message).toMatch(/missing: trackingNumber/);
  });

  it('lets the caller list modes of each kind; a mode on both lists needs tracking', () => {
    expect(dispatch(awaitingShipment('XYZ'), { type: 'SHIP', at }, { untrackedDeliveryModes: ['xyz'] }).ok).toBe(true);
    const both: LifecycleOptions = { trackedDeliveryModes: ['XYZ'], untrackedDeliveryModes: ['XYZ'] };
    expect(dispatch(awaitingShipment('XYZ'), { type: 'SHIP', at }, both).blockers[0]?.code).toBe('CARRIER_AND_TRACKING_REQUIRED');
    // Replacing the tracked list does not make the other modes untracked: they become unknown, so tracked.
    const result = dispatch(awaitingShipment('TRK'), { type: 'SHIP', at }, { trackedDeliveryModes: ['EXP'] });
    expect(result.blockers[0]?.message).toContain('delivery mode "TRK" is unknown');
    expect(dispatch(awaitingShipment('TRK'), { type: 'SHIP', at }, { trackedDeliveryModes: ['EXP'], untrackedDeliveryModes: ['TRK'] }).ok).toBe(true);
  });
});

describe('a per-marketplace tracking policy', () => {
  it('relaxes tracking for a marketplace that does not require it, and only for it', () => {
    const options: LifecycleOptions = { trackingPolicy: { Amazon_FR: 'optional' } };
    expect(dispatch(awaitingShipment('TRK', 'amazon_fr'), { type: 'SHIP', at }, options).status).toBe('ShippedBySeller');
    expect(dispatch(awaitingShipment('TRK', 'cdiscount'), { type: 'SHIP', at }, options).blockers[0]?.code).toBe('CARRIER_AND_TRACKING_REQUIRED');
  });

  it('can require tracking whatever the mode', () => {
    const result = dispatch(awaitingShipment('STD'), { type: 'SHIP', at }, { trackingPolicy: { cdiscount: 'always' } });
    expect(result.blockers[0]).toMatchObject({ code: 'CARRIER_AND_TRACKING_REQUIRED' });
    expect(result.blockers[0]?.message).toContain('on cdiscount, whatever the delivery mode');
  });

  it('refuses a policy it does not know, naming the marketplace', () => {
    const error = thrown(() =>
      dispatch(awaitingShipment('TRK'), { type: 'SHIP', at }, { trackingPolicy: { fnac: 'sometimes' } } as unknown as LifecycleOptions),
    );
    expect(error).toMatchObject({ code: 'INVALID_INPUT', issues: [{ path: ['trackingPolicy', 'fnac'] }] });
  });
});

describe('tracking number and URL formats', () => {
  const ship = (fields: Record<string, string>) => dispatch(awaitingShipment('TRK'), { type: 'SHIP', at, carrier: 'Colissimo', ...fields });

  it.each([
    ['51 characters', 'A'.repeat(51)],
    ['a space inside', '6A 123'],
    ['an ampersand', '6A&123'],
    ['a star', '6A*123'],
    ['a dollar', '6A$123'],
  ])('refuses a tracking number with %s, naming the field, and applies nothing', (_, trackingNumber) => {
    const order = awaitingShipment('TRK');
    const result = dispatch(order, { type: 'SHIP', at, carrier: 'Colissimo', trackingNumber });
    expect(result).toMatchObject({ ok: false, changed: false, order });
    expect(result.blockers).toEqual([expect.objectContaining({ code: 'INVALID_EVENT', fields: ['trackingNumber'] })]);
  });

  it('takes a tracking number of 50 characters, trimmed', () => {
    const result = ship({ trackingNumber: ` ${'A'.repeat(50)} ` });
    expect(result.ok).toBe(true);
    expect(result.order.context.shipment?.trackingNumber).toBe('A'.repeat(50));
  });

  it.each([
    ['no scheme', 'suivi.example/6A1'],
    ['another scheme', 'ftp://suivi.example/6A1'],
    ['a space', 'https://suivi.example/6A 1'],
    ['256 characters', `https://suivi.example/${'a'.repeat(256 - 22)}`],
  ])('refuses a tracking URL with %s', (_, trackingUrl) => {
    const result = ship({ trackingNumber: '6A1', trackingUrl });
    expect(result.blockers).toEqual([expect.objectContaining({ code: 'INVALID_EVENT', fields: ['trackingUrl'] })]);
  });

  it('takes an http or https URL of 255 characters', () => {
    expect(ship({ trackingNumber: '6A1', trackingUrl: `https://suivi.example/${'a'.repeat(255 - 22)}` }).ok).toBe(true);
    expect(ship({ trackingNumber: '6A1', trackingUrl: 'HTTP://suivi.example/6A1' }).ok).toBe(true);
  });

  it("holds Octopia's shipments to the same formats", () => {
    const order = octopiaLifecycle.createOrder({ orderId: 'O-1', marketplace: 'cdiscount', status: 'InPreparation', createdAt: at });
    const result = octopiaLifecycle.dispatch(order, { type: 'SHIP', at, carrier: 'Colissimo', trackingNumber: '6A 1' });
    expect(result.blockers).toEqual([expect.objectContaining({ code: 'INVALID_EVENT', fields: ['trackingNumber'] })]);
  });

  it('takes what the marketplace reports as it comes: a report is a fact', () => {
    const shipped = dispatch(awaitingShipment('TRK'), { type: 'SHIP', at, ...tracked });
    const report = dispatch(shipped.order, {
      type: 'MARKETPLACE_STATUS_CHANGED',
      status: 'Shipped',
      at: '2024-03-01T12:00:00Z',
      trackingUrl: 'suivi.example/6A 1',
    });
    expect(report).toMatchObject({ ok: true, status: 'Shipped' });
    expect(report.order.context.shipment?.trackingUrl).toBe('suivi.example/6A 1');
  });
});
