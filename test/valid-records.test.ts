/**
 * serializeOrder writes a record the library built from a valid one as it is, without checking it again
 * (issue "Performance"): what was not built so is still checked in full, and refused when it would not
 * restore. The property that every record so built passes the full check is in properties.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  cdiscountDefinition,
  createOrder,
  defineLifecycle,
  dispatch,
  restoreOrder,
  serializeOrder,
  type OrderContext,
  type OrderRecord,
} from 'order-status-machine';

const AT = '2024-03-01T10:00:00.000Z';
const created = createOrder({ orderId: 'V-1', marketplace: 'cdiscount', deliveryMode: 'TRK', createdAt: AT });
const accepted = dispatch(created, { type: 'ACCEPT', at: '2024-03-01T11:00:00Z', id: 'a-1' }).order;

const refusal = expect.objectContaining({ code: 'INVALID_RECORD' });

describe('serializeOrder', () => {
  it('writes what createOrder, dispatch and restoreOrder return as the record itself, and reads it back the same', () => {
    for (const order of [created, accepted, restoreOrder(serializeOrder(accepted))]) {
      const text = serializeOrder(order);
      expect(text).toBe(JSON.stringify(order));
      expect(restoreOrder(text)).toEqual(order);
    }
  });

  it('checks in full a copy edited by hand, naming the field', () => {
    const copy = { ...accepted, revision: -1 } as OrderRecord;
    expect(() => serializeOrder(copy)).toThrow(refusal);
    expect(() => serializeOrder(copy)).toThrow(/revision/);
    const context = { ...accepted, context: { ...accepted.context, refunds: 'none' } } as unknown as OrderRecord;
    expect(() => serializeOrder(context)).toThrow(/context\.refunds/);
  });

  it('checks in full what dispatch built from a record that was not valid', () => {
    // dispatch checks a record's shape cheaply; a bad history entry rides along into the next record.
    const corrupt = { ...accepted, history: [{ ...accepted.history[0], outcome: 'teleported' }] } as unknown as OrderRecord;
    const next = dispatch(corrupt, { type: 'PAYMENT_CONFIRMED', at: '2024-03-01T12:00:00Z' });
    expect(next.ok).toBe(true);
    expect(() => serializeOrder(next.order)).toThrow(/history\[0\]\.outcome/);
  });

  it("checks in full what a definition's own action recorded", () => {
    const stamped = defineLifecycle({
      ...cdiscountDefinition,
      id: 'stamped',
      actions: { stamp: (context: OrderContext<string>, event: { at: string }) => ({ ...context, stampedAt: new Date(event.at) }) },
      states: {
        ...cdiscountDefinition.states,
        WaitingForSellerAcceptation: {
          ...cdiscountDefinition.states.WaitingForSellerAcceptation,
          on: {
            ...cdiscountDefinition.states.WaitingForSellerAcceptation.on,
            ACCEPT: { target: 'AcceptedBySeller', guard: 'canSellerAct', actions: 'stamp', description: 'Seller: accepts the order.' },
          },
        },
      },
    });
    const order = stamped.createOrder({ orderId: 'V-2', marketplace: 'cdiscount', createdAt: AT });
    expect(stamped.restoreOrder(stamped.serializeOrder(order))).toEqual(order);
    const result = stamped.dispatch(order, { type: 'ACCEPT', at: '2024-03-01T11:00:00Z' });
    expect(result.ok).toBe(true);
    // A Date is not JSON: written as it is, it would come back a string.
    expect(() => stamped.serializeOrder(result.order)).toThrow(/context\.stampedAt/);
  });
});
