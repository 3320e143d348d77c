/*
 * Issue 13, item 3: the store flow as Cdiscount runs it (DOMAIN.md section 10, "Store pick-up" and
 * "Tracking"): MAG and RIM (immediate pick-up) are the store modes; at AvailableOnStore the seller confirms
 * the pick-up (Cdiscount's "Order description"), a seller action like the others, while the marketplace's
 * report of PickedUp stays a fact.
 */
import { describe, expect, it } from 'vitest';
import { availableActions, createOrder, dispatch, explain } from 'order-status-machine';
import { TEST_MAINTENANCE, testCalendar } from 'order-status-machine/testing';

const order = (status: 'WaitingForShipmentAcceptation' | 'AvailableOnStore', deliveryMode: string | null, fulfilledByMarketplace = false) =>
  createOrder({ orderId: 'M-1', marketplace: 'cdiscount', status, deliveryMode, fulfilledByMarketplace, createdAt: '2024-02-20T08:00:00Z' });
const at = TEST_MAINTENANCE.before;

describe('making an order available in store', () => {
  it.each(['RIM', 'rim', 'MAG', 'click_and_collect'])('takes the store mode %s', (mode) => {
    expect(dispatch(order('WaitingForShipmentAcceptation', mode), { type: 'MAKE_AVAILABLE_IN_STORE', at }).status).toBe('AvailableOnStore');
  });

  it('refuses a home delivery, naming the delivery mode', () => {
    const result = dispatch(order('WaitingForShipmentAcceptation', 'TRK'), { type: 'MAKE_AVAILABLE_IN_STORE', at });
    expect(result.blockers).toEqual([expect.objectContaining({ code: 'DELIVERY_MODE_MISMATCH', fields: ['deliveryMode'] })]);
  });

  it('requires a known store mode: an order whose mode is unknown is not served in store', () => {
    const unknown = order('WaitingForShipmentAcceptation', null);
    const result = dispatch(unknown, { type: 'MAKE_AVAILABLE_IN_STORE', at });
    expect(result).toMatchObject({ ok: false, order: unknown });
    expect(result.blockers[0]).toMatchObject({ code: 'DELIVERY_MODE_MISMATCH', fields: ['deliveryMode'] });
    expect(result.blockers[0]?.message).toContain('none known');
  });
});

describe('confirming the pick-up', () => {
  it('is the seller action offered at AvailableOnStore, and leads to PickedUp', () => {
    const ready = order('AvailableOnStore', 'RIM');
    expect(availableActions(ready, { at })).toEqual(['CONFIRM_PICKUP']);
    expect(dispatch(ready, { type: 'CONFIRM_PICKUP', at })).toMatchObject({ ok: true, status: 'PickedUp' });
  });

  it('is refused during maintenance, with the time seller actions reopen', () => {
    const result = dispatch(order('AvailableOnStore', 'MAG'), { type: 'CONFIRM_PICKUP', at: TEST_MAINTENANCE.inside }, { calendar: testCalendar() });
    expect(result.blockers).toEqual([expect.objectContaining({ code: 'MAINTENANCE_WINDOW', retryAt: TEST_MAINTENANCE.reopensAt })]);
  });

  it('is closed on an order the marketplace fulfils', () => {
    const fulfilled = order('AvailableOnStore', 'MAG', true);
    expect(explain(fulfilled, { type: 'CONFIRM_PICKUP', at }).map((b) => b.code)).toEqual(['FULFILLED_BY_MARKETPLACE']);
  });

  it("leaves the customer's pick-up, as reported, a fact that maintenance does not hold back", () => {
    const options = { calendar: testCalendar() };
    const inside = TEST_MAINTENANCE.inside;
    expect(dispatch(order('AvailableOnStore', 'MAG'), { type: 'PICKED_UP', at: inside }, options).status).toBe('PickedUp');
    const report = dispatch(order('AvailableOnStore', 'MAG'), { type: 'MARKETPLACE_STATUS_CHANGED', status: 'PickedUp', at: inside }, options);
    expect(report).toMatchObject({ ok: true, status: 'PickedUp' });
  });

  it('is refused anywhere but AvailableOnStore', () => {
    const result = dispatch(order('WaitingForShipmentAcceptation', 'MAG'), { type: 'CONFIRM_PICKUP', at });
    expect(result.blockers.map((b) => b.code)).toEqual(['NOT_ALLOWED_IN_STATUS']);
  });
});
