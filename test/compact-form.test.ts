/**
 * The compact stored form (issue "Performance"): `serializeOrder(order, { compact: true })` leaves out every
 * field at its default, and `restoreOrder` puts it back. Every record dispatch builds goes through it unchanged
 * (properties.test.ts); here, what a store and its operator see.
 */
import { describe, expect, it } from 'vitest';
import { createOrder, dispatch, octopiaLifecycle, restoreOrder, serializeOrder, type OrderRecord } from 'order-status-machine';

const AT = '2024-03-01T10:00:00.000Z';
const fresh = createOrder({ orderId: '5b0e6f2c-8d1a-4c3e-9f7b-2a6d4e8c1f03', marketplace: 'cdiscount', createdAt: AT });
const shipped = [
  { type: 'ACCEPT', at: '2024-03-01T11:00:00Z', id: 'a-1' },
  { type: 'PAYMENT_CONFIRMED', at: '2024-03-01T12:00:00Z' },
  { type: 'SHIP', at: '2024-03-02T09:00:00Z', id: 's-1', carrier: 'Colissimo', trackingNumber: '6A123' },
  { type: 'SHIPMENT_CONFIRMED', at: '2024-03-02T18:00:00Z' },
  { type: 'REFUND', at: '2024-03-03T09:00:00Z', amount: 5 },
].reduce<OrderRecord>((order, event) => dispatch(order, event as never).order, fresh);

describe('serializeOrder(order, { compact: true })', () => {
  it('leaves out every field at its default, and nothing else', () => {
    const text = serializeOrder(fresh, { compact: true });
    expect(JSON.parse(text)).toEqual({
      schemaVersion: 2,
      orderId: fresh.orderId,
      marketplace: 'cdiscount',
      status: 'WaitingForSellerAcceptation',
      revision: 0,
      createdAt: AT,
      updatedAt: AT,
      context: {},
    });
    expect(text.length).toBeLessThan(serializeOrder(fresh).length * 0.7);
    const facts = JSON.parse(serializeOrder(shipped, { compact: true }));
    expect(facts.context.shipment).toEqual({ carrier: 'Colissimo', trackingNumber: '6A123', at: '2024-03-02T09:00:00.000Z' });
    expect(facts.context.refunds).toEqual([{ amount: 5, at: '2024-03-03T09:00:00.000Z' }]);
    expect(facts.history.at(-1)).toEqual(expect.not.objectContaining({ blockers: expect.anything() }));
  });

  it('is read back by restoreOrder as the record itself, from a text or from parsed JSON (a jsonb column)', () => {
    for (const order of [fresh, shipped]) {
      const text = serializeOrder(order, { compact: true });
      expect(restoreOrder(text)).toStrictEqual(JSON.parse(serializeOrder(order)));
      expect(restoreOrder(JSON.parse(text))).toStrictEqual(JSON.parse(serializeOrder(order)));
      // Key for key in the record's order: the full text written again is the same text.
      expect(serializeOrder(restoreOrder(text))).toBe(serializeOrder(order));
    }
  });

  it("keeps another lifecycle's records, and a context field a newer version added, as the full form does", () => {
    const octopia = octopiaLifecycle.createOrder({ orderId: 'O-1', marketplace: 'cdiscount', createdAt: AT });
    const octopiaText = octopiaLifecycle.serializeOrder(octopia, { compact: true });
    expect(octopiaText).not.toContain('null');
    expect(octopiaLifecycle.restoreOrder(octopiaText)).toStrictEqual(octopia);
    const added = '"label":"Expédiée","__proto__":{"x":1}';
    const compact = restoreOrder(serializeOrder(fresh, { compact: true }).replace('"context":{}', `"context":{${added}}`));
    const full = restoreOrder(serializeOrder(fresh).replace('"marketplaceStatus":null}', `"marketplaceStatus":null,${added}}`));
    expect(compact).toStrictEqual(full);
    expect((compact.context as Record<string, unknown>).label).toBe('Expédiée');
    expect(Object.getPrototypeOf(compact.context)).toBe(Object.prototype);
  });

  it('refuses a compact text with a bad field, naming it', () => {
    const text = serializeOrder(shipped, { compact: true });
    expect(() => restoreOrder(text.replace('"revision":5', '"revision":-5'))).toThrow(/revision/);
    expect(() => restoreOrder(text.replace('"trackingNumber":"6A123"', '"trackingNumber":7'))).toThrow(/context\.shipment\.trackingNumber/);
  });
});
