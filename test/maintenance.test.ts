import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { availableActions, createMaintenanceCalendar, createOrder, createOrderMachine, dispatch, explain } from 'order-status-machine';

// Seed notices, DOMAIN.md section 9.
const lengowNotice = createMaintenanceCalendar([
  { start: '2024-02-21T20:00', end: '2024-02-21T23:00', timeZone: 'Europe/Paris', label: 'Lengow maintenance' },
]);
const anymarketNotice = createMaintenanceCalendar([
  { start: '2024-07-28T01:00', end: '2024-07-28T05:00', timeZone: 'America/Sao_Paulo', label: 'ANYMARKET maintenance' },
]);

const order = (extra: Partial<Parameters<typeof createOrder>[0]> = {}) =>
  createOrder({ orderId: 'M-1', marketplace: 'cdiscount', channel: 'lengow', createdAt: '2024-02-21T18:00:00Z', ...extra });

describe('seller actions during maintenance windows', () => {
  it('blocks an acceptance at 20:30 Paris during the Lengow window, retry at 22:00 UTC', () => {
    const result = dispatch(order(), { type: 'ACCEPT', at: '2024-02-21T20:30:00+01:00' }, { calendar: lengowNotice });
    expect(result.ok).toBe(false);
    expect(result.blockers).toHaveLength(1);
    expect(result.blockers[0]).toMatchObject({ code: 'MAINTENANCE_WINDOW', retryAt: '2024-02-21T22:00:00.000Z' });
    expect(result.blockers[0]?.message).toContain('Lengow maintenance');
  });

  it('allows the acceptance at 23:00 Paris, when the window ends', () => {
    const result = dispatch(order(), { type: 'ACCEPT', at: '2024-02-21T23:00:00+01:00' }, { calendar: lengowNotice });
    expect(result).toMatchObject({ ok: true, status: 'AcceptedBySeller' });
  });

  it('blocks the ANYMARKET window (01:00 Brasília, 4 hours) and reopens at 08:00 UTC', () => {
    const inside = dispatch(order(), { type: 'REFUSE', at: '2024-07-28T04:59:00-03:00' }, { calendar: anymarketNotice });
    expect(inside.blockers[0]).toMatchObject({ code: 'MAINTENANCE_WINDOW', retryAt: '2024-07-28T08:00:00.000Z' });
    const after = dispatch(order(), { type: 'REFUSE', at: '2024-07-28T08:00:00Z' }, { calendar: anymarketNotice });
    expect(after.status).toBe('RefusedBySeller');
  });

  it('handles a window across the spring DST change in Paris', () => {
    // 01:00 CET to 04:00 CEST on 31 March 2024 is two real hours: 00:00Z to 02:00Z.
    const calendar = createMaintenanceCalendar([{ start: '2024-03-31T01:00', end: '2024-03-31T04:00', timeZone: 'Europe/Paris' }]);
    expect(dispatch(order(), { type: 'ACCEPT', at: '2024-03-31T01:59:00Z' }, { calendar }).blockers[0]).toMatchObject({
      retryAt: '2024-03-31T02:00:00.000Z',
    });
    expect(dispatch(order(), { type: 'ACCEPT', at: '2024-03-31T02:00:00Z' }, { calendar }).ok).toBe(true);
  });

  it('still applies marketplace, customer, payment and deadline events inside a window', () => {
    const inWindow = '2024-02-21T20:30:00+01:00';
    const options = { calendar: lengowNotice };
    expect(dispatch(order(), { type: 'CUSTOMER_CANCELLED', at: inWindow }, options).ok).toBe(true);
    expect(dispatch(order(), { type: 'ACCEPTANCE_DEADLINE_PASSED', at: inWindow }, options).ok).toBe(true);
    expect(dispatch(order({ status: 'AcceptedBySeller' }), { type: 'PAYMENT_CONFIRMED', at: inWindow }, options).ok).toBe(true);
    expect(dispatch(order(), { type: 'MARKETPLACE_STATUS_CHANGED', status: 'Shipped', at: inWindow }, options).status).toBe('Shipped');
  });

  it('does not block orders outside the scope of a scoped window', () => {
    const calendar = createMaintenanceCalendar([{ start: '2024-02-21T20:00', end: '2024-02-21T23:00', timeZone: 'Europe/Paris', scope: ['lengow'] }]);
    const at = '2024-02-21T20:30:00+01:00';
    expect(dispatch(order(), { type: 'ACCEPT', at }, { calendar }).ok).toBe(false);
    expect(dispatch(order({ channel: 'anymarket' }), { type: 'ACCEPT', at }, { calendar }).ok).toBe(true);
  });

  it('reports every reason at once: maintenance and missing tracking', () => {
    const shipping = order({ status: 'WaitingForShipmentAcceptation', deliveryMode: 'suivi' });
    const blockers = explain(shipping, { type: 'SHIP', at: '2024-02-21T19:30:00Z' }, { calendar: lengowNotice });
    expect(blockers.map((b) => b.code)).toEqual(['MAINTENANCE_WINDOW', 'CARRIER_AND_TRACKING_REQUIRED']);
  });

  it('offers no seller action while the window is on', () => {
    expect(availableActions(order(), { at: '2024-02-21T19:30:00Z', calendar: lengowNotice })).toEqual([]);
    expect(availableActions(order(), { at: '2024-02-21T22:00:00Z', calendar: lengowNotice })).toEqual(['ACCEPT', 'REFUSE']);
  });

  it('binds an actor machine to the calendar: the actor stays put during the window', () => {
    const machine = createOrderMachine({ calendar: lengowNotice });
    const actor = createActor(machine, { input: { orderId: 'M-2', marketplace: 'cdiscount' } }).start();
    actor.send({ type: 'ACCEPT', at: '2024-02-21T19:30:00Z' });
    expect(actor.getSnapshot().value).toBe('WaitingForSellerAcceptation');
    actor.send({ type: 'ACCEPT', at: new Date('2024-02-21T22:00:00Z') });
    expect(actor.getSnapshot().value).toBe('AcceptedBySeller');
    actor.stop();
  });
});
