/**
 * What `restoreOrder` returns, `serializeOrder` can write; what `dispatch` applies, a store can save (issue
 * "Reliability", item 4): bounds the record keeps are enforced when a fact is applied, unknown context values
 * must be plain JSON, `-0` does not survive as a revision, and text no store can hold (NUL, unpaired
 * surrogates) is refused where it enters, naming the field.
 */
import { describe, expect, it } from 'vitest';
import { MAX_STORED_REFUNDS, createOrder, dispatch, restoreOrder, serializeOrder, type OrderRecord } from 'order-status-machine';
import { importLengowOrder } from 'order-status-machine/lengow';
import { buildLengowOrder, orderAt } from 'order-status-machine/testing';
import { thrown } from './support/thrown.js';

const AT = '2024-03-01T10:00:00.000Z';

describe('a bound the record keeps is enforced when the fact is applied', () => {
  it(`refuses the refund past ${MAX_STORED_REFUNDS} with LIMIT_REACHED, leaving an order that still saves`, () => {
    let order = orderAt('Shipped');
    for (let i = 0; i < MAX_STORED_REFUNDS; i++) {
      const result = dispatch(order, { type: 'REFUND', at: AT, amount: 1 }, { historyLimit: 0 });
      expect(result.ok).toBe(true);
      order = result.order;
    }
    expect(order.context.refunds).toHaveLength(MAX_STORED_REFUNDS);
    const refused = dispatch(order, { type: 'REFUND', at: AT, amount: 1 });
    expect(refused.ok).toBe(false);
    expect(refused.blockers.map((b) => b.code)).toEqual(['LIMIT_REACHED']);
    expect(refused.order).toBe(order);
    expect(restoreOrder(serializeOrder(refused.order))).toEqual(order);
  });
});

describe('context values a newer version added must be plain JSON', () => {
  const withExtra = (value: unknown): Record<string, unknown> => {
    const record = JSON.parse(serializeOrder(orderAt('Shipped'))) as { context: Record<string, unknown> };
    record.context.extra = value;
    return record;
  };
  const cycle: Record<string, unknown> = { a: 1 };
  cycle.self = cycle;
  let deep: unknown = 'bottom';
  for (let i = 0; i < 40; i++) deep = [deep];

  it.each<[string, unknown]>([
    ['a BigInt', 10n],
    ['a Date', new Date(AT)],
    ['NaN', Number.NaN],
    ['Infinity', [1, Number.POSITIVE_INFINITY]],
    ['-0', { n: -0 }],
    ['a function', () => 1],
    ['undefined inside an array', [undefined]],
    ['a cycle', cycle],
    ['a Map', new Map()],
    ['a NUL character', { note: 'a\u0000b' }],
    ['nesting 40 levels deep', deep],
  ])('refuses %s, naming the key', (_, value) => {
    const error = thrown(() => restoreOrder(withExtra(value)));
    expect(error.code).toBe('INVALID_RECORD');
    expect(error.issues.map((i) => i.path)).toEqual([['context', 'extra']]);
  });

  it('keeps plain JSON through a round trip', () => {
    const extra = { label: 'priority', tags: ['a', 'b'], score: 2.5, nested: { ok: true, none: null } };
    const restored = restoreOrder(withExtra(extra));
    expect((restored.context as Record<string, unknown>).extra).toEqual(extra);
    expect(restoreOrder(serializeOrder(restored))).toEqual(restored);
  });
});

describe('a revision of -0', () => {
  it('reads as 0, so what restores is what serializes', () => {
    const record = {
      ...(JSON.parse(serializeOrder(createOrder({ orderId: 'Z', marketplace: 'cdiscount', createdAt: AT }))) as object),
      revision: -0,
    };
    const restored = restoreOrder(record);
    expect(Object.is(restored.revision, 0)).toBe(true);
    expect(Object.is(restoreOrder(serializeOrder(restored)).revision, restored.revision)).toBe(true);
  });
});

describe('text no store can hold is refused where it enters, naming the field', () => {
  const NUL = 'CD\u0000001';
  const LONE = 'Colis\uD800simo';

  it('refuses it in createOrder (INVALID_INPUT)', () => {
    expect(thrown(() => createOrder({ orderId: NUL, marketplace: 'cdiscount', createdAt: AT })).issues.map((i) => i.path)).toEqual([['orderId']]);
    expect(thrown(() => createOrder({ orderId: 'A', marketplace: 'cdiscount', channel: LONE, createdAt: AT })).issues.map((i) => i.path)).toEqual([
      ['channel'],
    ]);
  });

  it('refuses it in an event (INVALID_EVENT), and keeps only storable names in the audit of a malformed one', () => {
    const order = orderAt('WaitingForShipmentAcceptation');
    const ship = dispatch(order, { type: 'SHIP', at: AT, carrier: LONE, trackingNumber: '6A1' });
    expect(ship.ok).toBe(false);
    expect(ship.blockers[0]).toMatchObject({ code: 'INVALID_EVENT', fields: ['carrier'] });
    const id = dispatch(order, { type: 'ACCEPT', at: AT, id: NUL });
    expect(id.blockers[0]).toMatchObject({ code: 'INVALID_EVENT', fields: ['id'] });
    const malformed = dispatch(order, { type: 'SHIP\u0000', at: AT } as never);
    expect(malformed.audit.eventType).toBeNull();
    // A surrogate pair (an emoji) is text like any other.
    expect(dispatch(order, { type: 'SHIP', at: AT, carrier: 'Colissimo 📦', trackingNumber: '6A1' }).ok).toBe(true);
  });

  it('refuses it in a Lengow payload (INVALID_PAYLOAD)', () => {
    const result = importLengowOrder(buildLengowOrder({ orderId: NUL }));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((i) => i.path)).toEqual([['marketplace_order_id']]);
  });

  it('refuses it in a stored record (INVALID_RECORD)', () => {
    const record = JSON.parse(serializeOrder(orderAt('Shipped'))) as OrderRecord & { context: { shipment: { carrier: string } } };
    record.context.shipment.carrier = LONE;
    expect(thrown(() => restoreOrder(record)).issues.map((i) => i.path)).toEqual([['context', 'shipment', 'carrier']]);
  });
});
