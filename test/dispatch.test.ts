import { describe, expect, it } from 'vitest';
import {
  REMEMBERED_EVENT_IDS,
  availableActions,
  createOrder,
  dispatch,
  explain,
  isOrderMachineError,
  orderTags,
  type OrderEventInput,
  type OrderRecord,
} from 'order-status-machine';

/** A value of any shape, handed to dispatch on purpose: it must refuse it, never throw. */
const untrusted = (value: unknown) => value as OrderEventInput;

const newOrder = (extra: Partial<Parameters<typeof createOrder>[0]> = {}) =>
  createOrder({ orderId: 'D-1', marketplace: 'cdiscount', createdAt: '2024-03-01T08:00:00Z', ...extra });

describe('dispatch with malformed events', () => {
  const malformed: Array<[string, unknown, string]> = [
    ['an `at` that is not a date', { type: 'ACCEPT', at: 'yesterday' }, 'at'],
    ['an `at` on a day that does not exist', { type: 'ACCEPT', at: '2024-02-30T10:00:00Z' }, 'at'],
    ['an `at` without offset (ambiguous local time)', { type: 'ACCEPT', at: '2024-03-01T10:00:00' }, 'at'],
    ['an invalid Date', { type: 'ACCEPT', at: new Date('nope') }, 'at'],
    ['a Date in year 10000 (ISO text cannot write it in four digits)', { type: 'ACCEPT', at: new Date('+010000-01-01T00:00:00Z') }, 'at'],
    ['an `at` given as a number', { type: 'ACCEPT', at: 1709287200000 }, 'at'],
    ['no `at` at all', { type: 'ACCEPT' }, 'at'],
    ['an unknown type', { type: 'TELEPORT', at: '2024-03-01T10:00:00Z' }, 'type'],
    ['a carrier that is a number', { type: 'SHIP', at: '2024-03-01T10:00:00Z', carrier: 42 }, 'carrier'],
    ['a negative refund', { type: 'REFUND', at: '2024-03-01T10:00:00Z', amount: -5 }, 'amount'],
    ['a NaN refund', { type: 'REFUND', at: '2024-03-01T10:00:00Z', amount: Number.NaN }, 'amount'],
    // A decimal string is an amount (issue 13, item 2); text that is not one is refused.
    ['a refund amount given as text that is no number', { type: 'REFUND', at: '2024-03-01T10:00:00Z', amount: 'ten' }, 'amount'],
    ['a refund amount with more than 4 decimals', { type: 'REFUND', at: '2024-03-01T10:00:00Z', amount: '10.00001' }, 'amount'],
    ['an empty id', { type: 'ACCEPT', at: '2024-03-01T10:00:00Z', id: '' }, 'id'],
    ['a reported status that does not exist', { type: 'MARKETPLACE_STATUS_CHANGED', at: '2024-03-01T10:00:00Z', status: 'Lost' }, 'status'],
  ];

  it.each(malformed)('refuses %s with INVALID_EVENT naming the field', (_name, event, field) => {
    const order = newOrder();
    const result = dispatch(order, untrusted(event));
    expect(result.ok).toBe(false);
    expect(result.blockers).toHaveLength(1);
    expect(result.blockers[0]).toMatchObject({ code: 'INVALID_EVENT', fields: [field] });
    expect(result.blockers[0]?.message).toContain(field);
    expect(result.order).toBe(order);
    expect(result.audit).toMatchObject({ outcome: 'refused', blockers: ['INVALID_EVENT'] });
  });

  it.each([null, undefined, 42, 'ACCEPT', [], {}])('refuses a non-event value %j without throwing', (value) => {
    const result = dispatch(newOrder(), untrusted(value));
    expect(result.ok).toBe(false);
    expect(result.blockers[0]?.code).toBe('INVALID_EVENT');
    expect(result.audit.eventType).toBeNull();
  });

  it('throws a typed INVALID_RECORD error when the order is not a record', () => {
    const call = () => dispatch({ status: 'Nope' } as unknown as OrderRecord, { type: 'ACCEPT', at: '2024-03-01T10:00:00Z' });
    expect(call).toThrow(/order record/);
    try {
      call();
    } catch (error) {
      expect(isOrderMachineError(error) && error.code).toBe('INVALID_RECORD');
    }
  });
});

describe('dispatch idempotency', () => {
  it('ignores an event whose id was already applied', () => {
    const first = dispatch(newOrder(), { type: 'ACCEPT', at: '2024-03-01T10:00:00Z', id: 'evt-1' });
    const again = dispatch(first.order, { type: 'ACCEPT', at: '2024-03-01T10:05:00Z', id: 'evt-1' });
    expect(again).toMatchObject({ ok: true, duplicate: true, changed: false, status: 'AcceptedBySeller', blockers: [] });
    expect(again.order).toBe(first.order);
    expect(again.audit.outcome).toBe('duplicate');
  });

  it('treats a reused id as the same event even with another type', () => {
    const first = dispatch(newOrder(), { type: 'ACCEPT', at: '2024-03-01T10:00:00Z', id: 'evt-1' });
    const reused = dispatch(first.order, { type: 'PAYMENT_CONFIRMED', at: '2024-03-01T10:05:00Z', id: 'evt-1' });
    expect(reused.duplicate).toBe(true);
    expect(reused.status).toBe('AcceptedBySeller');
  });

  it('does not remember the id of a refused event, so it can be retried', () => {
    const order = newOrder({ status: 'WaitingForShipmentAcceptation', deliveryMode: 'TRK' });
    const refused = dispatch(order, { type: 'SHIP', at: '2024-03-01T10:00:00Z', id: 'ship-1' });
    expect(refused.ok).toBe(false);
    const retried = dispatch(refused.order, { type: 'SHIP', at: '2024-03-01T10:01:00Z', id: 'ship-1', carrier: 'UPS', trackingNumber: '1Z' });
    expect(retried).toMatchObject({ ok: true, changed: true, status: 'ShippedBySeller' });
  });

  it('remembers a bounded number of ids, newest kept', () => {
    let order = newOrder({ status: 'Shipped' });
    for (let i = 0; i < REMEMBERED_EVENT_IDS + 5; i++) {
      order = dispatch(order, { type: 'REFUND', at: '2024-03-02T10:00:00Z', id: `r-${i}`, amount: 1 }).order;
    }
    expect(order.appliedEventIds).toHaveLength(REMEMBERED_EVENT_IDS);
    expect(order.appliedEventIds.at(-1)).toBe(`r-${REMEMBERED_EVENT_IDS + 4}`);
    expect(order.appliedEventIds[0]).toBe('r-5');
  });
});

describe('order records', () => {
  const lifeEvents: OrderEventInput[] = [
    { type: 'ACCEPT', at: '2024-03-01T09:00:00Z', id: 'a' },
    { type: 'PAYMENT_CONFIRMED', at: '2024-03-01T10:00:00Z', id: 'p' },
    { type: 'SHIP', at: '2024-03-02T09:00:00Z', id: 's', carrier: 'DHL', trackingNumber: 'D1' },
    { type: 'ACCEPT', at: '2024-03-02T09:30:00Z', id: 'late' },
    { type: 'SHIPMENT_CONFIRMED', at: '2024-03-02T12:00:00Z', id: 'c' },
    { type: 'REFUND', at: '2024-03-05T12:00:00Z', id: 'r', amount: 3 },
    { type: 'REFUND', at: '2024-03-05T12:00:00Z', id: 'r', amount: 3 },
  ];

  it('continues exactly the same after a JSON round trip at every step', () => {
    for (let cut = 0; cut <= lifeEvents.length; cut++) {
      let original = newOrder({ deliveryMode: 'TRK' });
      for (const event of lifeEvents.slice(0, cut)) original = dispatch(original, event).order;
      let copy = JSON.parse(JSON.stringify(original)) as OrderRecord;
      for (const event of lifeEvents.slice(cut)) {
        const a = dispatch(original, event);
        const b = dispatch(copy, event);
        expect(JSON.parse(JSON.stringify(b))).toEqual(JSON.parse(JSON.stringify(a)));
        original = a.order;
        copy = b.order;
      }
    }
  });

  it('increments the revision only on applied changes', () => {
    let order = newOrder();
    const revisions: number[] = [];
    for (const event of lifeEvents) {
      order = dispatch(order, event).order;
      revisions.push(order.revision);
    }
    // the refused late ACCEPT and the duplicate refund do not count
    expect(revisions).toEqual([1, 2, 3, 3, 4, 5, 5]);
  });

  it('keeps the history within historyLimit, newest last', () => {
    let order = newOrder();
    for (const event of lifeEvents) order = dispatch(order, event, { historyLimit: 2 }).order;
    expect(order.history.map((h) => h.eventId)).toEqual(['c', 'r']);
  });

  it('creates a fulfilment order in Shipped, tagged and closed to the seller', () => {
    const order = newOrder({ fulfilledByMarketplace: true });
    expect(order.status).toBe('Shipped');
    expect(orderTags(order)).toContain('fulfilledByMarketplace');
    const refund = dispatch(order, { type: 'REFUND', at: '2024-03-02T10:00:00Z', amount: 5 });
    expect(refund.blockers.map((b) => b.code)).toEqual(['FULFILLED_BY_MARKETPLACE']);
    const ship = dispatch(order, { type: 'SHIP', at: '2024-03-02T10:00:00Z' });
    expect(ship.blockers.map((b) => b.code)).toEqual(['FULFILLED_BY_MARKETPLACE', 'NOT_ALLOWED_IN_STATUS']);
    const cancelled = dispatch(order, { type: 'MARKETPLACE_STATUS_CHANGED', at: '2024-03-03T10:00:00Z', status: 'CancelledByCustomer' });
    expect(cancelled).toMatchObject({ ok: true, status: 'CancelledByCustomer' });
  });

  it('rejects bad creation input with INVALID_INPUT naming every field', () => {
    try {
      createOrder({ orderId: '  ', marketplace: 'cdiscount', status: 'Lost' as never, createdAt: 'soon' });
      expect.unreachable();
    } catch (error) {
      expect(isOrderMachineError(error)).toBe(true);
      if (!isOrderMachineError(error)) return;
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.issues.map((i) => i.path.join('.')).sort()).toEqual(['createdAt', 'orderId', 'status']);
      expect(error.message).toMatch(/orderId/);
    }
  });
});

describe('explain and availableActions', () => {
  it('explains a refusal with the same blockers dispatch returns, and nothing for an accepted event', () => {
    const order = newOrder({ status: 'WaitingForShipmentAcceptation', deliveryMode: 'Recommandé' });
    const ship = { type: 'SHIP', at: '2024-03-01T10:00:00Z', carrier: 'La Poste' } as const;
    expect(explain(order, ship)).toEqual(dispatch(order, ship).blockers);
    expect(explain(order, ship)[0]).toMatchObject({ code: 'CARRIER_AND_TRACKING_REQUIRED', fields: ['trackingNumber'] });
    expect(explain(order, { ...ship, trackingNumber: 'RR1' })).toEqual([]);
  });

  it('lists the seller actions open in each kind of status', () => {
    const at = '2024-03-01T10:00:00Z';
    expect(availableActions(newOrder(), { at })).toEqual(['ACCEPT', 'REFUSE']);
    expect(availableActions(newOrder({ status: 'WaitingForShipmentAcceptation', deliveryMode: 'TRK' }), { at })).toEqual(['SHIP', 'REFUSE_SHIPMENT']);
    expect(availableActions(newOrder({ status: 'WaitingForShipmentAcceptation', deliveryMode: 'MAG' }), { at })).toEqual([
      'SHIP',
      'REFUSE_SHIPMENT',
      'MAKE_AVAILABLE_IN_STORE',
    ]);
    expect(availableActions(newOrder({ status: 'CancellationRequestPending' }), { at })).toEqual(['ACCEPT_CANCELLATION', 'DECLINE_CANCELLATION']);
    expect(availableActions(newOrder({ status: 'Shipped' }), { at })).toEqual(['REFUND']);
    expect(availableActions(newOrder({ status: 'RefusedBySeller' }), { at })).toEqual([]);
    expect(availableActions(newOrder({ fulfilledByMarketplace: true }), { at })).toEqual([]);
  });

  it('refuses to answer without a valid instant', () => {
    expect(() => availableActions(newOrder(), { at: 'now' })).toThrow(/options.at/);
  });
});
