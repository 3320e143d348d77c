/**
 * Order lines (issue 15, items 1, 4 and 6): an order made or imported with its product lines keeps them
 * once, in its record, each with its own status; every event acts on the lines that are with the order (in
 * its status), a line that left it (refused, cancelled) keeps its status; the lines survive every store and
 * restore; an order without lines reads as one implicit line, as every record written before lines existed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ORDER_STATUSES,
  availableActions,
  cdiscountDefinition,
  cdiscountLifecycle,
  createOrder,
  createOrderActor,
  dispatch,
  explain,
  linesOf,
  octopiaLifecycle,
  orderRecordSchema,
  refundStateOf,
  restoreOrder,
  serializeOrder,
  sumMoney,
  type OrderEventInput,
  type RecordLine,
  type OrderRecord,
  type OrderStatus,
} from 'order-status-machine';
import { importLengowOrder, importLengowPage, syncLengowOrder } from 'order-status-machine/lengow';
import { TEST_MAINTENANCE, buildLengowOrder, buildLines, buildOrder, orderAt, testCalendar } from 'order-status-machine/testing';
import { orderMatchers } from 'order-status-machine/vitest';
import { hasRealLengow, readRealLengow, realLengowTitle } from './support/lengow-real.js';
import { thrown } from './support/thrown.js';

expect.extend(orderMatchers);

const CREATED = '2024-03-01T09:00:00.000Z';
const at = (hour: number) => new Date(Date.parse(CREATED) + hour * 3600_000).toISOString();

/** A Cdiscount order of three products; the customer cancelled the third before the seller was notified. */
const threeLines = (overrides: Partial<Parameters<typeof createOrder>[0]> = {}) =>
  createOrder({
    orderId: 'CD-LINES-1',
    marketplace: 'cdiscount',
    channel: 'lengow',
    deliveryMode: 'TRK',
    createdAt: CREATED,
    total: '26.50',
    lines: [
      { id: 'CD-LINES-1-1', quantity: 3, amount: '14.70' },
      { id: 'CD-LINES-1-2', quantity: 2, amount: 11.8 },
      { id: 'CD-LINES-1-3', amount: '6.90', status: 'CancelledBeforeNotificationByCustomer', lengowStatus: 'canceled' },
    ],
    ...overrides,
  });

const statuses = (order: OrderRecord) => linesOf(order).map((line) => line.status);

describe('an order made with lines', () => {
  it('keeps each line once: its id, quantity, exact amount, status and Lengow status', () => {
    const order = threeLines();
    expect(linesOf(order)).toEqual([
      { id: 'CD-LINES-1-1', quantity: 3, amount: 14.7, status: 'WaitingForSellerAcceptation' },
      { id: 'CD-LINES-1-2', quantity: 2, amount: 11.8, status: 'WaitingForSellerAcceptation' },
      { id: 'CD-LINES-1-3', quantity: 1, amount: 6.9, status: 'CancelledBeforeNotificationByCustomer', lengowStatus: 'canceled' },
    ]);
    // The record keeps a line's status only where it is not the order's: the order's status is never copied.
    expect(order.context.lines).toEqual([
      { id: 'CD-LINES-1-1', quantity: 3, amount: 14.7 },
      { id: 'CD-LINES-1-2', quantity: 2, amount: 11.8 },
      { id: 'CD-LINES-1-3', quantity: 1, amount: 6.9, status: 'CancelledBeforeNotificationByCustomer', lengowStatus: 'canceled' },
    ]);
    expect(threeLines({ lines: [{ id: 'L-1', status: 'WaitingForSellerAcceptation' }] }).context.lines).toEqual([
      { id: 'L-1', quantity: 1, amount: null },
    ]);
    // Amounts add up exactly, never as floats: 14.70 + 11.80 is the total of the two lines still ordered.
    expect(
      sumMoney(
        linesOf(order)
          .slice(0, 2)
          .map((line) => line.amount ?? 0),
      ),
    ).toBe(sumMoney([order.context.total ?? 0]));
  });

  it('without lines keeps none and reads as one implicit line: the order itself', () => {
    const order = createOrder({ orderId: 'CD-1', marketplace: 'cdiscount', createdAt: CREATED, total: 12.5 });
    expect(order.context).not.toHaveProperty('lines');
    expect(linesOf(order)).toEqual([{ id: 'CD-1', quantity: 1, amount: 12.5, status: 'WaitingForSellerAcceptation' }]);
    const shipped = orderAt('Shipped');
    expect(linesOf(shipped)).toEqual([{ id: shipped.orderId, quantity: 1, amount: null, status: 'Shipped' }]);
  });

  it('reads a record written before lines existed (layout 1) as one implicit line', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL('./fixtures/records/record-v1.json', import.meta.url), 'utf8');
    const order = restoreOrder(text);
    expect(linesOf(order)).toEqual([{ id: order.orderId, quantity: 1, amount: order.context.total ?? null, status: order.status }]);
  });

  describe('refuses bad lines with INVALID_INPUT naming the line and the field, creating nothing', () => {
    const make = (lines: unknown) => thrown(() => threeLines({ lines: lines as never }));
    it.each([
      ['a repeated id', [{ id: 'L-1' }, { id: 'L-1' }], ['lines', 1, 'id'], 'repeats line id "L-1"'],
      ['no unit', [{ id: 'L-1', quantity: 0 }], ['lines', 0, 'quantity'], 'must be at least 1'],
      ['part of a unit', [{ id: 'L-1', quantity: 1.5 }], ['lines', 0, 'quantity'], 'must be a whole number of units'],
      ['a negative amount', [{ id: 'L-1', amount: '-1' }], ['lines', 0, 'amount'], 'must not be negative'],
      ['a non-numeric amount', [{ id: 'L-2', amount: 'twelve' }], ['lines', 0, 'amount'], 'must be a number or a decimal string'],
      ['a fifth decimal', [{ id: 'L-1', amount: '1.23456' }], ['lines', 0, 'amount'], 'must have at most 4 decimals'],
      ['a blank id', [{ id: '  ' }], ['lines', 0, 'id'], 'must not be blank'],
      ['a status of no lifecycle', [{ id: 'L-1', status: 'Teleported' }], ['lines', 0, 'status'], 'expected one of "WaitingForSellerAcceptation"'],
      ['an unknown field', [{ id: 'L-1', price: 3 }], ['lines', 0], 'price'],
      ['no line at all', [], ['lines'], 'must hold at least one line'],
      ['not a list', 'L-1', ['lines'], 'must be a list of lines'],
    ])('%s', (_, lines, path, message) => {
      const error = make(lines);
      expect(error).toMatchObject({ code: 'INVALID_INPUT' });
      expect(error.issues).toContainEqual(expect.objectContaining({ path, message: expect.stringContaining(message) }));
    });

    it('more lines than a record keeps', () => {
      expect(make(buildLines(501)).issues).toContainEqual(expect.objectContaining({ path: ['lines'], message: 'must hold at most 500 lines' }));
    });
  });
});

describe('the lines follow the order', () => {
  it('through a whole journey, the cancelled line keeping its status', () => {
    let order = threeLines();
    const journey: [OrderEventInput, OrderStatus][] = [
      [{ type: 'ACCEPT', at: at(1) }, 'AcceptedBySeller'],
      [{ type: 'PAYMENT_CONFIRMED', at: at(2) }, 'WaitingForShipmentAcceptation'],
      [{ type: 'SHIP', at: at(3), carrier: 'Colissimo', trackingNumber: '6A12345678901' }, 'ShippedBySeller'],
      [{ type: 'SHIPMENT_CONFIRMED', at: at(4) }, 'Shipped'],
      [{ type: 'REFUND', at: at(5), amount: '2.50', reason: 'damaged box' }, 'Shipped'],
    ];
    for (const [event, status] of journey) {
      const result = dispatch(order, event);
      expect(result).toBeInStatus(status);
      expect(result).toHaveLineInStatus('CD-LINES-1-1', status);
      expect(result).toHaveLineInStatus('CD-LINES-1-2', status);
      expect(result).toHaveLineInStatus('CD-LINES-1-3', 'CancelledBeforeNotificationByCustomer');
      order = result.order;
    }
    // Only the statuses moved: ids, quantities and amounts are as the order was made with them.
    expect(linesOf(order).map(({ status: _status, ...line }) => line)).toEqual(linesOf(threeLines()).map(({ status: _status, ...line }) => line));
  });

  it('back where they were when the marketplace rejects the seller action', () => {
    const shipped = dispatch(orderAt('WaitingForShipmentAcceptation', { lines: buildLines(2) }), {
      type: 'SHIP',
      at: at(30),
      carrier: 'Colissimo',
      trackingNumber: '6A12345678901',
    }).order;
    expect(statuses(shipped)).toEqual(['ShippedBySeller', 'ShippedBySeller']);
    const rejected = dispatch(shipped, { type: 'ACTION_REJECTED', action: 'SHIP', at: at(31), message: 'unknown tracking number' });
    expect(rejected).toBeInStatus('WaitingForShipmentAcceptation');
    expect(statuses(rejected.order)).toEqual(['WaitingForShipmentAcceptation', 'WaitingForShipmentAcceptation']);
  });

  it('to the status the marketplace reports, steps skipped; a line that left the order stays where it is', () => {
    const order = buildOrder({ lines: [...buildLines(2), { id: 'L-3', status: 'RefusedBySeller' }] });
    const result = dispatch(order, { type: 'MARKETPLACE_STATUS_CHANGED', status: 'WaitingForShipmentAcceptation', at: at(2) });
    expect(statuses(result.order)).toEqual(['WaitingForShipmentAcceptation', 'WaitingForShipmentAcceptation', 'RefusedBySeller']);
  });

  it('in the XState actor as in dispatch', () => {
    const order = threeLines();
    const actor = createOrderActor({ order }).start();
    actor.send({ type: 'ACCEPT', at: at(1) });
    actor.send({ type: 'PAYMENT_CONFIRMED', at: at(2) });
    const dispatched = [
      { type: 'ACCEPT', at: at(1) },
      { type: 'PAYMENT_CONFIRMED', at: at(2) },
    ].reduce((current, event) => dispatch(current, event as OrderEventInput).order, order);
    expect(actor.getSnapshot().context.lines).toEqual(dispatched.context.lines);
    // An event moving the whole order writes no line: the lines with it have no status of their own.
    expect(dispatched.context.lines).toBe(order.context.lines);
    expect(linesOf(actor.getSnapshot())).toEqual(linesOf(dispatched));
    actor.stop();
  });

  it('in every lifecycle: an Octopia order of two lines', () => {
    const order = octopiaLifecycle.createOrder({
      orderId: 'OC-1',
      marketplace: 'cdiscount',
      createdAt: CREATED,
      status: 'WaitingAcceptance',
      lines: [{ id: 'OC-1-1' }, { id: 'OC-1-2', status: 'Refused' }],
    });
    const accepted = octopiaLifecycle.dispatch(order, { type: 'ACCEPT', at: at(1) });
    expect(linesOf(accepted.order).map((line) => line.status)).toEqual(['Accepted', 'Refused']);
    expect(
      thrown(() =>
        octopiaLifecycle.createOrder({
          orderId: 'OC-2',
          marketplace: 'cdiscount',
          createdAt: CREATED,
          lines: [
            { id: 'x', status: 'Shipped' as never },
            { id: 'y', status: 'ShippedBySeller' as never },
          ],
        }),
      ).issues,
    ).toContainEqual(expect.objectContaining({ path: ['lines', 1, 'status'] }));
  });

  // The rules, on every path: each line moves only by a transition the lifecycle defines for the event from
  // its own status, a line the event does not name staying as it was; the order's status is the table's for
  // its lines (docs/lifecycle.md, "Order lines"); a rejected seller action puts back the lines it moved; a
  // marketplace report moves the lines that were with the order.
  it('on every generated sequence of events, named lines or not', () => {
    const lineStatus = fc.option(fc.constantFrom(...ORDER_STATUSES), { nil: undefined, freq: 2 });
    const step = fc.record({
      pick: fc.nat(),
      status: fc.constantFrom(...ORDER_STATUSES),
      named: fc.option(fc.subarray([0, 1, 2, 3, 7], { minLength: 1 })),
    });
    fc.assert(
      fc.property(fc.array(lineStatus, { minLength: 1, maxLength: 4 }), fc.array(step, { maxLength: 12 }), (lineStatuses, steps) => {
        let order = buildOrder({ lines: lineStatuses.map((status, i) => ({ id: `L-${i}`, status })) });
        steps.forEach(({ pick, status, named }, i) => {
          const event = eventOf(
            pick,
            status,
            order,
            at(i + 1),
            named?.map((n) => `L-${n}`),
          );
          const before = linesOf(order);
          const result = dispatch(order, event);
          const after = linesOf(result.order);
          if (!result.changed) expect(after).toEqual(before);
          else if (result.ok && result.anomaly === 'ACTION_REJECTED') {
            // The lines as they were before the action, read in the status the order returns to.
            const undone = (order.context.pendingAction?.undo.lines as RecordLine<OrderStatus>[] | undefined) ?? order.context.lines;
            expect(after).toEqual(linesOf({ status: result.status, context: { lines: undone } }));
          } else if (event.type === 'MARKETPLACE_STATUS_CHANGED') {
            const { from, to } = result.audit;
            expect(after).toEqual(before.map((line) => (line.status === from ? { ...line, status: to } : line)));
          } else {
            const names = 'lines' in event ? event.lines : undefined;
            after.forEach((line, index) => {
              const was = before[index]!;
              expect({ ...line, status: was.status }).toEqual(was);
              if (line.status === was.status) return;
              expect(names === undefined || names.includes(line.id), `${line.id} moved unnamed`).toBe(true);
              expect(targetsOf(was.status, event.type), `${event.type}: ${was.status} -> ${line.status}`).toContain(line.status);
            });
            const moved = after.filter((line, index) => line.status !== before[index]!.status).map((line) => line.status);
            expect(result.status).toBe(
              orderStatusByTable(
                after.map((line) => line.status),
                moved,
                result.status,
              ),
            );
          }
          expect(orderRecordSchema.safeParse(JSON.parse(serializeOrder(result.order))).success).toBe(true);
          order = result.order;
        });
      }),
      { numRuns: 400 },
    );
  });
});

const FINALS = new Set<string>(cdiscountLifecycle.finalStatuses);

/** Where the Cdiscount definition takes an order in `status` on an event (itself for a transition that stays). */
function targetsOf(status: OrderStatus, type: string): OrderStatus[] {
  const on = (cdiscountDefinition.states[status] as { on?: Record<string, unknown> }).on?.[type];
  const candidates = (Array.isArray(on) ? on : on === undefined ? [] : [on]) as { target?: OrderStatus }[];
  return candidates.map((candidate) => candidate.target ?? status);
}

/**
 * The table of docs/lifecycle.md, written out again: a line asked to cancel, then a line not answered, holds
 * the order; else the least advanced line still moving; else (every line ended) a final status the event
 * ended lines in (`current` when it is one), or the last in the definition's order.
 */
function orderStatusByTable(statuses: readonly OrderStatus[], moved: readonly OrderStatus[], current: OrderStatus): OrderStatus {
  for (const held of ['CancellationRequestPending', 'WaitingForSellerAcceptation'] as const) if (statuses.includes(held)) return held;
  const moving = statuses.filter((status) => !FINALS.has(status));
  if (moving.length > 0) return moving.sort((a, b) => ORDER_STATUSES.indexOf(a) - ORDER_STATUSES.indexOf(b))[0]!;
  if (moved.includes(current)) return current;
  return [...statuses].sort((a, b) => ORDER_STATUSES.indexOf(b) - ORDER_STATUSES.indexOf(a))[0]!;
}

/** An event of the Cdiscount lifecycle that passes its payload rules, picked by `pick`. */
function eventOf(pick: number, status: OrderStatus, order: OrderRecord, when: string, lines?: string[]): OrderEventInput {
  const pending = order.context.pendingAction?.type;
  const events: OrderEventInput[] = [
    { type: 'ACCEPT', at: when, lines },
    { type: 'REFUSE', at: when, lines },
    { type: 'PAYMENT_CONFIRMED', at: when },
    { type: 'SHIP', at: when, carrier: 'Colissimo', trackingNumber: '6A1', lines },
    { type: 'SHIPMENT_CONFIRMED', at: when },
    { type: 'CANCELLATION_REQUESTED', at: when, lines },
    { type: 'ACCEPT_CANCELLATION', at: when, lines },
    { type: 'DECLINE_CANCELLATION', at: when, lines },
    { type: 'REFUND', at: when, amount: '1.50' },
    { type: 'CUSTOMER_CANCELLED', at: when, lines },
    { type: 'MARKETPLACE_STATUS_CHANGED', status, at: when },
    { type: 'ACTION_REJECTED', action: (pending ?? 'SHIP') as 'SHIP', at: when },
    { type: 'ACTION_CONFIRMED', action: (pending ?? 'SHIP') as 'SHIP', at: when },
  ];
  return events[pick % events.length] as OrderEventInput;
}

describe('events naming lines: the order follows from its lines', () => {
  const three = () => buildOrder({ lines: buildLines(3) });

  it('a partial acceptance: the order waits until every line is answered, then is accepted', () => {
    const accepted = dispatch(three(), { type: 'ACCEPT', at: at(1), lines: ['L-1', 'L-2'] });
    expect(accepted).toBeInStatus('WaitingForSellerAcceptation');
    expect(accepted).toHaveLineInStatus('L-1', 'AcceptedBySeller');
    expect(accepted).toHaveLineInStatus('L-3', 'WaitingForSellerAcceptation');
    const answered = dispatch(accepted.order, { type: 'REFUSE', at: at(2), lines: ['L-3'], reason: 'out of stock' });
    expect(answered).toBeInStatus('AcceptedBySeller');
    expect(statuses(answered.order)).toEqual(['AcceptedBySeller', 'AcceptedBySeller', 'RefusedBySeller']);
    expect(answered.audit).toMatchObject({ from: 'WaitingForSellerAcceptation', to: 'AcceptedBySeller', eventType: 'REFUSE' });
  });

  it('every line refused: the order is refused', () => {
    const refused = dispatch(three(), { type: 'REFUSE', at: at(1), lines: ['L-1', 'L-2', 'L-3'] });
    expect(refused).toBeInStatus('RefusedBySeller');
  });

  it('a partial shipment keeps the order waiting for the rest; every remaining line shipped ships it', () => {
    const paid = orderAt('WaitingForShipmentAcceptation', { lines: buildLines(3) });
    const ship = (lines: string[], hour: number) => ({
      type: 'SHIP' as const,
      at: at(hour),
      lines,
      carrier: 'Colissimo',
      trackingNumber: `6A${hour}`,
    });
    const first = dispatch(paid, ship(['L-1'], 30));
    expect(first).toBeInStatus('WaitingForShipmentAcceptation');
    expect(first).toHaveLineInStatus('L-1', 'ShippedBySeller');
    const refusedOne = dispatch(first.order, { type: 'REFUSE_SHIPMENT', at: at(31), lines: ['L-3'] });
    expect(refusedOne).toBeInStatus('WaitingForShipmentAcceptation');
    const rest = dispatch(refusedOne.order, ship(['L-2'], 32));
    expect(rest).toBeInStatus('ShippedBySeller');
    const confirmed = dispatch(rest.order, { type: 'SHIPMENT_CONFIRMED', at: at(40) });
    expect(statuses(confirmed.order)).toEqual(['Shipped', 'Shipped', 'ShipmentRefusedBySeller']);
    expect(confirmed).toBeInStatus('Shipped');
  });

  it('a cancellation asked on one line holds the order until the seller answers it; the other lines go on', () => {
    const paid = orderAt('WaitingForShipmentAcceptation', { lines: buildLines(3) });
    const asked = dispatch(paid, { type: 'CANCELLATION_REQUESTED', at: at(30), lines: ['L-2'] });
    expect(asked).toBeInStatus('CancellationRequestPending');
    // Another line ships meanwhile: the order stays held by the request.
    const shipped = dispatch(asked.order, { type: 'SHIP', at: at(31), lines: ['L-1'], carrier: 'Colissimo', trackingNumber: '6A1' });
    expect(shipped).toBeInStatus('CancellationRequestPending');
    expect(shipped).toHaveLineInStatus('L-1', 'ShippedBySeller');
    const cancelled = dispatch(shipped.order, { type: 'ACCEPT_CANCELLATION', at: at(32), lines: ['L-2'] });
    expect(cancelled).toBeInStatus('WaitingForShipmentAcceptation');
    expect(statuses(cancelled.order)).toEqual(['ShippedBySeller', 'CancelledByCustomer', 'WaitingForShipmentAcceptation']);
  });

  it('availableActions offers what any line takes: shipping the others while a cancellation is asked on one', () => {
    const paid = orderAt('WaitingForShipmentAcceptation', { lines: buildLines(3) });
    const asked = dispatch(paid, { type: 'CANCELLATION_REQUESTED', at: at(30), lines: ['L-2'] }).order;
    expect(asked.status).toBe('CancellationRequestPending');
    expect(availableActions(asked, { at: at(31) })).toEqual(['SHIP', 'REFUSE_SHIPMENT', 'ACCEPT_CANCELLATION', 'DECLINE_CANCELLATION']);
    expect(availableActions(paid, { at: at(31) })).toEqual(['SHIP', 'REFUSE_SHIPMENT']);
  });

  it('refuses, naming each line, what does not apply to it, and an id the order has not; explain says all at once', () => {
    const answered = dispatch(three(), { type: 'REFUSE', at: at(1), lines: ['L-3'] }).order;
    const event = { type: 'ACCEPT' as const, at: at(2), lines: ['L-3', 'L-7', 'L-1'] };
    const result = dispatch(answered, event);
    expect(result.ok).toBe(false);
    expect(result.order).toBe(answered);
    expect(result.blockers).toEqual([
      { code: 'INVALID_EVENT', message: 'Order CD-TEST-0001 has no line L-7.', fields: ['lines'], line: 'L-7' },
      { code: 'NOT_ALLOWED_IN_STATUS', message: 'ACCEPT does not apply to line L-3, which is RefusedBySeller.', fields: ['lines'], line: 'L-3' },
    ]);
    expect(explain(answered, event)).toEqual(result.blockers);
    // The order's own reasons come beside the lines': a maintenance window closes every line.
    const closed = explain(answered, { ...event, at: TEST_MAINTENANCE.inside }, { calendar: testCalendar() });
    expect(closed.map((b) => b.code)).toEqual(['INVALID_EVENT', 'NOT_ALLOWED_IN_STATUS', 'MAINTENANCE_WINDOW']);
  });

  it('refuses a malformed list of lines as INVALID_EVENT naming the field', () => {
    for (const lines of [[], ['L-1', 'L-1'], [''], 'L-1', [3]]) {
      const result = dispatch(three(), { type: 'ACCEPT', at: at(1), lines } as never);
      expect(result.ok).toBe(false);
      expect(result.blockers[0]).toMatchObject({ code: 'INVALID_EVENT', fields: [expect.stringMatching(/^lines/)] });
    }
  });

  it('a rejected partial action returns the order and its lines where they were', () => {
    const accepted = dispatch(three(), { type: 'ACCEPT', at: at(1), lines: ['L-1'] }).order;
    const refused = dispatch(accepted, { type: 'REFUSE', at: at(2), lines: ['L-2', 'L-3'] });
    expect(refused).toBeInStatus('AcceptedBySeller');
    const rejected = dispatch(refused.order, { type: 'ACTION_REJECTED', action: 'REFUSE', at: at(3) });
    expect(rejected).toBeInStatus('WaitingForSellerAcceptation');
    expect(statuses(rejected.order)).toEqual(['AcceptedBySeller', 'WaitingForSellerAcceptation', 'WaitingForSellerAcceptation']);
  });

  it('the XState actor takes the same steps, and can() says so beforehand', () => {
    const paid = orderAt('WaitingForShipmentAcceptation', { lines: buildLines(3) });
    const events: OrderEventInput[] = [
      { type: 'CANCELLATION_REQUESTED', at: at(30), lines: ['L-2'] },
      // Taken by a line in another status than the order's (the order names no SHIP where it is).
      { type: 'SHIP', at: at(31), lines: ['L-1'], carrier: 'Colissimo', trackingNumber: '6A1' },
      { type: 'ACTION_REJECTED', action: 'SHIP', at: at(32) },
      { type: 'DECLINE_CANCELLATION', at: at(33), lines: ['L-2'] },
      { type: 'SHIP', at: at(34), lines: ['L-1', 'L-2'], carrier: 'Colissimo', trackingNumber: '6A2' },
      { type: 'REFUSE_SHIPMENT', at: at(35), lines: ['L-3'] },
      { type: 'ACCEPT', at: at(36), lines: ['L-1'] },
    ];
    const actor = createOrderActor({ order: paid }).start();
    let order = paid;
    for (const event of events) {
      const result = dispatch(order, event);
      expect(actor.getSnapshot().can(event), event.type).toBe(result.ok);
      actor.send(event);
      expect(actor.getSnapshot().value, event.type).toBe(result.status);
      expect(actor.getSnapshot().context.lines, event.type).toEqual(result.order.context.lines);
      order = result.order;
    }
    expect(statuses(order)).toEqual(['ShippedBySeller', 'ShippedBySeller', 'ShipmentRefusedBySeller']);
    expect(order.status).toBe('ShippedBySeller');
    actor.stop();
  });
});

describe('shipping some units, in parcels', () => {
  const paid = () => orderAt('WaitingForShipmentAcceptation', { lines: [{ id: 'L-1', quantity: 3 }, { id: 'L-2' }] });
  const ship = (lines: NonNullable<Extract<OrderEventInput, { type: 'SHIP' }>['lines']>, hour: number, tracking: string) =>
    ({ type: 'SHIP', at: at(hour), carrier: 'Colissimo', trackingNumber: tracking, lines }) as OrderEventInput;

  it('each shipment of lines is a parcel with its own tracking; a line ships once every unit has', () => {
    const first = dispatch(paid(), ship([{ lineId: 'L-1', quantity: 2 }], 30, '6A1'));
    expect(first).toBeInStatus('WaitingForShipmentAcceptation');
    expect(first).toHaveLineInStatus('L-1', 'WaitingForShipmentAcceptation');
    const rest = dispatch(first.order, ship(['L-1', 'L-2'], 31, '6A2'));
    expect(rest).toBeInStatus('ShippedBySeller');
    expect(rest.order.context.parcels).toEqual([
      { carrier: 'Colissimo', trackingNumber: '6A1', trackingUrl: null, at: at(30), lines: [{ lineId: 'L-1', quantity: 2 }] },
      {
        carrier: 'Colissimo',
        trackingNumber: '6A2',
        trackingUrl: null,
        at: at(31),
        lines: [
          { lineId: 'L-1', quantity: 1 },
          { lineId: 'L-2', quantity: 1 },
        ],
      },
    ]);
    expect(restoreOrder(serializeOrder(rest.order))).toEqual(rest.order);
    expect(restoreOrder(serializeOrder(rest.order, { compact: true }))).toEqual(rest.order);
  });

  it('a shipment of the whole order after a parcel ships what is left, in a parcel of its own', () => {
    const first = dispatch(paid(), ship([{ lineId: 'L-1', quantity: 2 }], 30, '6A1')).order;
    const rest = dispatch(first, { type: 'SHIP', at: at(31), carrier: 'Colissimo', trackingNumber: '6A2' });
    expect(rest).toBeInStatus('ShippedBySeller');
    expect(rest.order.context.parcels?.at(-1)?.lines).toEqual([
      { lineId: 'L-1', quantity: 1 },
      { lineId: 'L-2', quantity: 1 },
    ]);
  });

  it('refuses more units than a line has left to ship, naming it, and a rejected shipment takes its parcel back', () => {
    const first = dispatch(paid(), ship([{ lineId: 'L-1', quantity: 2 }], 30, '6A1')).order;
    expect(dispatch(first, ship([{ lineId: 'L-1', quantity: 2 }], 31, '6A2')).blockers).toEqual([
      { code: 'INVALID_EVENT', message: 'SHIP of 2 units of line L-1: 1 of its 3 are left to ship.', fields: ['lines'], line: 'L-1' },
    ]);
    const rejected = dispatch(first, { type: 'ACTION_REJECTED', action: 'SHIP', at: at(32) });
    expect(rejected.order.context).not.toHaveProperty('parcels');
    expect(rejected.order.context.shipment).toEqual(paid().context.shipment);
    expect(linesOf(rejected.order)).toEqual(linesOf(paid()));
  });

  it('keeps parcels where a record keeps them, before a pending action: a text reads back key for key (found by the record-parsing property)', () => {
    const refused = dispatch(paid(), { type: 'REFUSE_SHIPMENT', at: at(29), lines: ['L-2'] }).order;
    expect(refused.context.pendingAction?.type).toBe('REFUSE_SHIPMENT');
    const shipped = dispatch(refused, ship(['L-1'], 30, '6A1')).order;
    const text = serializeOrder(shipped);
    expect(Object.keys(JSON.parse(text).context).slice(-3)).toEqual(['lines', 'parcels', 'pendingAction']);
    expect(JSON.stringify(restoreOrder(text))).toBe(JSON.stringify(restoreOrder(JSON.parse(text))));
  });

  it('the XState actor keeps the same parcels', () => {
    const actor = createOrderActor({ order: paid() }).start();
    let order = paid();
    for (const event of [ship([{ lineId: 'L-1', quantity: 1 }], 30, '6A1'), ship(['L-2'], 31, '6A2'), ship(['L-1'], 32, '6A3')]) {
      expect(actor.getSnapshot().can(event)).toBe(true);
      actor.send(event);
      order = dispatch(order, event).order;
      expect(actor.getSnapshot().context.parcels).toEqual(order.context.parcels);
      expect(actor.getSnapshot().value).toBe(order.status);
    }
    expect(order.status).toBe('ShippedBySeller');
    actor.stop();
  });
});

describe('refunds of one line, and units', () => {
  // Shipped: three units of 14.70 in all, three of 10.00 (a price no share of one unit of which is exact), one of 11.90.
  const shipped = () =>
    orderAt('Shipped', {
      total: '36.60',
      lines: [
        { id: 'L-1', quantity: 3, amount: '14.70' },
        { id: 'L-2', quantity: 3, amount: '10.00' },
        { id: 'L-3', amount: '11.90' },
      ],
    });
  const refund = (lines: NonNullable<Extract<OrderEventInput, { type: 'REFUND' }>['lines']>, amount?: string, hour = 50) =>
    ({ type: 'REFUND', at: at(hour), lines, ...(amount === undefined ? {} : { amount }) }) as OrderEventInput;

  it('keeps the line and its units, and the share of its price when the refund gives no amount, exactly', () => {
    const one = dispatch(shipped(), refund([{ lineId: 'L-1', quantity: 1 }]));
    expect(one.order.context.refunds).toEqual([{ amount: 4.9, reason: null, at: at(50), line: 'L-1', quantity: 1 }]);
    const whole = dispatch(one.order, refund(['L-3'], undefined, 51));
    expect(whole.order.context.refunds.at(-1)).toMatchObject({ amount: 11.9, line: 'L-3', quantity: 1 });
    // Refunds of lines are refunds of the order: they count towards its total, and not as a full refund.
    expect(refundStateOf(whole.order)).toBe('partial');
    expect(restoreOrder(serializeOrder(whole.order, { compact: true }))).toEqual(whole.order);
  });

  it('refuses more units than the line has left to refund, naming the line', () => {
    const once = dispatch(shipped(), refund([{ lineId: 'L-1', quantity: 2 }])).order;
    const again = dispatch(once, refund([{ lineId: 'L-1', quantity: 2 }], undefined, 51));
    expect(again.blockers).toEqual([
      { code: 'INVALID_EVENT', message: 'REFUND of 2 units of line L-1: 1 of its 3 are left to refund.', fields: ['lines'], line: 'L-1' },
    ]);
  });

  it('refuses a refund past what the line was paid with REFUND_EXCEEDS_LINE, saying what remains on it', () => {
    const once = dispatch(shipped(), refund([{ lineId: 'L-1', quantity: 1 }])).order;
    const past = dispatch(once, refund([{ lineId: 'L-1', quantity: 2 }], '10.00', 51));
    expect(past.blockers).toEqual([
      {
        code: 'REFUND_EXCEEDS_LINE',
        message: 'REFUND of 10 would take the refunds of line L-1 to 14.9, above the 14.7 it was paid: 9.8 remains to refund on it.',
        fields: ['amount'],
        line: 'L-1',
      },
    ]);
    expect(dispatch(once, refund([{ lineId: 'L-1', quantity: 2 }], '9.80', 51)).ok).toBe(true);
  });

  it('asks for the amount when the share of a line for some units is not exact in four decimals', () => {
    expect(dispatch(shipped(), refund([{ lineId: 'L-2', quantity: 1 }])).blockers).toEqual([
      expect.objectContaining({ code: 'INVALID_EVENT', fields: ['amount'], line: 'L-2' }),
    ]);
    expect(dispatch(shipped(), refund([{ lineId: 'L-2', quantity: 1 }], '3.34')).ok).toBe(true);
  });

  it('refuses a refund of a line paid nothing (found by the record-parsing property: it wrote an amount of 0)', () => {
    const free = orderAt('Shipped', { lines: [{ id: 'L-1', amount: 0 }] });
    expect(dispatch(free, refund(['L-1'])).blockers).toEqual([
      { code: 'REFUND_EXCEEDS_LINE', message: 'REFUND of line L-1 refunds nothing: its 1 units were paid 0.', fields: ['amount'], line: 'L-1' },
    ]);
  });

  it('names one line at most, as Lengow refunds line by line', () => {
    expect(dispatch(shipped(), refund(['L-1', 'L-3'])).blockers).toEqual([expect.objectContaining({ code: 'INVALID_EVENT', fields: ['lines'] })]);
  });

  it('a step that moves a line takes it whole: part of its units, or more than it holds, is refused naming it', () => {
    const order = buildOrder({ lines: [{ id: 'L-1', quantity: 2 }] });
    expect(dispatch(order, { type: 'ACCEPT', at: at(1), lines: [{ lineId: 'L-1', quantity: 1 }] }).blockers).toEqual([
      { code: 'INVALID_EVENT', message: 'ACCEPT takes line L-1 whole (2 units), not 1 of them.', fields: ['lines'], line: 'L-1' },
    ]);
    expect(dispatch(order, { type: 'ACCEPT', at: at(1), lines: [{ lineId: 'L-1', quantity: 3 }] }).blockers).toEqual([
      { code: 'INVALID_EVENT', message: 'Line L-1 holds 2 units: ACCEPT cannot name 3.', fields: ['lines'], line: 'L-1' },
    ]);
    expect(dispatch(order, { type: 'ACCEPT', at: at(1), lines: [{ lineId: 'L-1', quantity: 2 }] }).status).toBe('AcceptedBySeller');
  });
});

describe('stored lines', () => {
  it('come back from a store as they went in, in the full and the compact form', () => {
    const order = dispatch(threeLines(), { type: 'ACCEPT', at: at(1), id: 'accept-1' }).order;
    expect(restoreOrder(serializeOrder(order))).toEqual(order);
    expect(restoreOrder(serializeOrder(order, { compact: true }))).toEqual(order);
    expect(restoreOrder(JSON.parse(serializeOrder(order)))).toEqual(order);
  });

  it('a 20-line record without history stays under 4 KB', () => {
    const lines = Array.from({ length: 20 }, (_, i) => ({
      id: `3f2b8c1e-9d4a-4f6b-8e2a-${String(i).padStart(12, '0')}`,
      quantity: 2,
      amount: '149.99',
    }));
    const order = createOrder({
      orderId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
      marketplace: 'cdiscount',
      createdAt: CREATED,
      total: '2999.80',
      lines,
    });
    const shipped = [
      { type: 'ACCEPT', at: at(1) },
      { type: 'PAYMENT_CONFIRMED', at: at(2) },
    ].reduce((current, event) => dispatch(current, event as OrderEventInput, { historyLimit: 0 }).order, order);
    expect(new TextEncoder().encode(serializeOrder(shipped, { compact: true })).length).toBeLessThan(4096);
  });

  describe('a stored record whose lines are not lines is refused with INVALID_RECORD naming the field', () => {
    const stored = () => JSON.parse(serializeOrder(threeLines())) as { context: { lines: Record<string, unknown>[] } };
    it.each([
      ['a repeated id', (r: ReturnType<typeof stored>) => (r.context.lines[1]!.id = 'CD-LINES-1-1'), 'context.lines.1.id'],
      ['no line', (r: ReturnType<typeof stored>) => (r.context.lines = []), 'context.lines'],
      ['no unit', (r: ReturnType<typeof stored>) => (r.context.lines[0]!.quantity = 0), 'context.lines.0.quantity'],
      ['a negative amount', (r: ReturnType<typeof stored>) => (r.context.lines[2]!.amount = -6.9), 'context.lines.2.amount'],
      ['a status of another lifecycle', (r: ReturnType<typeof stored>) => (r.context.lines[0]!.status = 'InPreparation'), 'context.lines.0.status'],
      ['a field of no version', (r: ReturnType<typeof stored>) => (r.context.lines[0]!.colour = 'red'), 'context.lines.0'],
    ])('%s', (_, spoil, path) => {
      const record = stored();
      spoil(record);
      const error = thrown(() => restoreOrder(JSON.stringify(record)));
      expect(error).toMatchObject({ code: 'INVALID_RECORD' });
      expect(error.issues.map((issue) => issue.path.join('.'))).toContain(path);
    });
  });
});

describe('a record whose lines are not lines, handed to the engine', () => {
  it.each([
    ['not a list', 'L-1'],
    ['a line that is not an object', [null]],
    ['a line without an id', [{}]],
    ['a line with a status of no lifecycle', [{ id: 'L-1', status: 'Teleported' }]],
  ])('%s: INVALID_RECORD from dispatch, explain and availableActions, never a TypeError or a step', (_, lines) => {
    const order = threeLines();
    const corrupt = { ...order, context: { ...order.context, lines } } as unknown as OrderRecord;
    const event: OrderEventInput = { type: 'ACCEPT', at: at(1), lines: ['CD-LINES-1-1'] };
    expect(thrown(() => dispatch(corrupt, event))).toMatchObject({ code: 'INVALID_RECORD' });
    expect(thrown(() => explain(corrupt, event))).toMatchObject({ code: 'INVALID_RECORD' });
    expect(thrown(() => availableActions(corrupt, { at: at(1) }))).toMatchObject({ code: 'INVALID_RECORD' });
  });

  it('linesOf says INVALID_RECORD for lines that are not a list of objects', () => {
    const order = threeLines();
    for (const lines of ['L-1', [null], [3]]) {
      expect(thrown(() => linesOf({ ...order, context: { ...order.context, lines } } as unknown as OrderRecord))).toMatchObject({
        code: 'INVALID_RECORD',
        issues: [{ path: ['context', 'lines'] }],
      });
    }
  });
});

/** The first order of a real Lengow fixture (a page's first result, or the order itself). */
const first = (file: string) => {
  const read = readRealLengow<{ results?: unknown[] }>(file);
  return read.results ? read.results[0] : read;
};

describe('lines from Lengow', () => {
  it('are read from the cart: one line per marketplace line id, in the status the cart gives', () => {
    const payload = buildLengowOrder({ status: 'WaitingForShipmentAcceptation' });
    const cart = payload.packages![0]!.cart!;
    cart.push({ ...cart[0]!, marketplace_order_line_id: '2', marketplace_status: 'CancelledByCustomer', lengow_status: 'canceled', amount: '9.90' });
    const imported = importLengowOrder(payload);
    expect(imported.ok && linesOf(imported.order)).toEqual([
      { id: '1', quantity: 1, amount: 41, status: 'WaitingForShipmentAcceptation', lengowStatus: 'waiting_shipment' },
      { id: '2', quantity: 1, amount: 9.9, status: 'CancelledByCustomer', lengowStatus: 'canceled' },
    ]);
  });

  it('a line listed twice with another quantity is refused, naming the second listing', () => {
    const payload = buildLengowOrder();
    const cart = payload.packages![0]!.cart!;
    cart.push({ ...cart[0]!, quantity: 3 });
    expect(importLengowOrder(payload)).toMatchObject({
      ok: false,
      reason: 'INVALID_PAYLOAD',
      issues: [{ path: ['packages', 0, 'cart', 1, 'quantity'], message: expect.stringContaining('lists line 1 again with another quantity') }],
    });
  });

  it('a cart with a line of no id gives an order of one implicit line, as before lines existed', () => {
    const payload = buildLengowOrder();
    payload.packages![0]!.cart![0]!.marketplace_order_line_id = null;
    const imported = importLengowOrder(payload);
    expect(imported.ok && imported.order.context).not.toHaveProperty('lines');
  });

  it('a sync reports the cart lines: each line takes the status Lengow gives it, the order the status of the payload', () => {
    const payload = buildLengowOrder({ status: 'WaitingForShipmentAcceptation' });
    const cart = payload.packages![0]!.cart!;
    cart.push({ ...cart[0]!, marketplace_order_line_id: '2' });
    const imported = importLengowOrder(payload);
    if (!imported.ok || imported.vocabulary !== 'legacy') throw new Error('expected an import');
    // Lengow says the customer asked to cancel line 2.
    const asked = structuredClone(payload);
    asked.updated_at = '2024-02-22T10:00:00.000Z';
    Object.assign(asked.packages![0]!.cart![1]!, { marketplace_status: 'CancellationRequestPending' });
    const synced = syncLengowOrder(imported.order, asked);
    expect(synced).toMatchObject({ ok: true, changed: true, status: 'WaitingForShipmentAcceptation' });
    expect(synced).toHaveLineInStatus('2', 'CancellationRequestPending');
    expect(synced).toHaveLineInStatus('1', 'WaitingForShipmentAcceptation');
    // Polled again, nothing is new.
    expect(syncLengowOrder(synced.order, asked)).toMatchObject({ ok: true, changed: false, duplicate: true });
    // Shipped, line 2 cancelled: each line as the cart says, its Lengow status kept.
    const shipped = structuredClone(asked);
    Object.assign(shipped, { updated_at: '2024-02-23T10:00:00.000Z', marketplace_status: 'Shipped', lengow_status: 'shipped' });
    Object.assign(shipped.packages![0]!.cart![0]!, { marketplace_status: 'Shipped', lengow_status: 'shipped' });
    Object.assign(shipped.packages![0]!.cart![1]!, { marketplace_status: 'CancelledByCustomer', lengow_status: 'canceled' });
    const done = syncLengowOrder(synced.order, shipped);
    expect(done.status).toBe('Shipped');
    expect(linesOf(done.order)).toEqual([
      { id: '1', quantity: 1, amount: 41, status: 'Shipped', lengowStatus: 'shipped' },
      { id: '2', quantity: 1, amount: 41, status: 'CancelledByCustomer', lengowStatus: 'canceled' },
    ]);
  });

  it('a report naming a line twice, or a line status of no lifecycle, is refused as INVALID_EVENT', () => {
    const order = buildOrder({ lines: buildLines(2) });
    const report = (lines: unknown) => dispatch(order, { type: 'MARKETPLACE_STATUS_CHANGED', status: 'AcceptedBySeller', at: at(1), lines } as never);
    expect(
      report([
        { lineId: 'L-1', status: 'Shipped' },
        { lineId: 'L-1', status: 'Shipped' },
      ]).blockers[0],
    ).toMatchObject({ code: 'INVALID_EVENT' });
    expect(report([{ lineId: 'L-1', status: 'Teleported' }]).blockers[0]).toMatchObject({ code: 'INVALID_EVENT' });
    // A line the order was not made with is left out.
    expect(linesOf(report([{ lineId: 'L-9', status: 'RefusedBySeller' }]).order).map((line) => line.status)).toEqual([
      'AcceptedBySeller',
      'AcceptedBySeller',
    ]);
  });

  describe.skipIf(!hasRealLengow)(realLengowTitle('the real orders'), () => {
    it('round-trip: imported, stored, restored, synced with the same payload: nothing new; with each line said again: the same', () => {
      for (const file of [
        'prestashop/ImportOrder/order_amount.json',
        'woocommerce/order-sample.json',
        'prestashop/ImportOrder/check_update_3.json',
      ]) {
        const payload = first(file);
        const imported = importLengowOrder(payload);
        if (!imported.ok || imported.vocabulary !== 'legacy') throw new Error(file);
        const restored = restoreOrder(serializeOrder(imported.order, { compact: true }));
        expect(restored, file).toEqual(imported.order);
        expect(syncLengowOrder(restored, payload), file).toMatchObject({ ok: true, changed: false });
      }
    });

    it('order_amount.json: three lines, the third cancelled while the order shipped; the two shipped add up to the total', () => {
      const imported = importLengowOrder(first('prestashop/ImportOrder/order_amount.json'));
      if (!imported.ok || imported.vocabulary !== 'legacy') throw new Error(JSON.stringify(imported));
      expect(imported.order.status).toBe('Shipped');
      expect(linesOf(imported.order)).toEqual([
        { id: '1300435653833-A-1', quantity: 3, amount: 14.7, status: 'Shipped' },
        { id: '1300435653833-A-2', quantity: 2, amount: 11.8, status: 'Shipped' },
        { id: '1300435653833-A-3', quantity: 1, amount: 6.9, status: 'CancelledByCustomer', lengowStatus: 'canceled' },
      ]);
      const shipped = linesOf(imported.order).filter((line) => line.status === 'Shipped');
      expect(sumMoney(shipped.map((line) => line.amount ?? 0))).toBe(sumMoney([imported.order.context.total ?? 0]));
      // Stored and restored, the lines are the same.
      expect(restoreOrder(serializeOrder(imported.order))).toEqual(imported.order);
    });

    it('woocommerce/order-sample.json: one line of two units in waiting_shipment', () => {
      const imported = importLengowOrder(first('woocommerce/order-sample.json'));
      expect(imported.ok && linesOf(imported.order)).toEqual([
        { id: '4UT0-000001-1', quantity: 2, amount: 36, status: 'WaitingForShipmentAcceptation', lengowStatus: 'waiting_shipment' },
      ]);
    });

    it('import_orders.json: a line Lengow lists twice alike (the total counts it once) is one line', () => {
      const page = importLengowPage(readRealLengow('prestashop/Import/import_orders.json'));
      if (!page.ok) throw new Error('page refused');
      const twice = page.entries.find((entry) => entry.ok && entry.order.orderId === '1300435653832-A');
      expect(twice?.ok && twice.order.context.total).toBe(229);
      expect(twice?.ok && linesOf(twice.order)).toEqual([
        { id: '1300435653833-A-1', quantity: 1, amount: 229, status: 'Shipped', lengowStatus: 'shipped' },
      ]);
    });
  });
});
