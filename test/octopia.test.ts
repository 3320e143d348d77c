/**
 * The Octopia lifecycle, from Lengow's table "Cdiscount (Octopia) - Orders management" (DOMAIN.md section
 * 10): every status, the actions each allows and why the others are refused, fulfilment by supply mode, the
 * shipping deadline, maintenance, its records, and its XState machine against `dispatch`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createActor, transition } from 'xstate';
import {
  createMaintenanceCalendar,
  dispatch,
  octopiaLifecycle,
  restoreOrder,
  type CreateOrderInputOf,
  type DispatchOptions,
  type OctopiaEventInput,
  type OctopiaOrderRecord,
  type OctopiaStatus,
  type OrderRecord,
} from 'order-status-machine';
import { orderIn as journeyTo, shortestPathsToEveryStatus } from 'order-status-machine/testing';
import { unwrapLabels } from '../src/diagram/mermaid.js';
import { thrown } from './support/thrown.js';

const CREATED = '2025-12-01T10:00:00.000Z';
const AT = '2025-12-02T09:00:00.000Z';

const orderIn = (status: OctopiaStatus, overrides: Partial<CreateOrderInputOf<OctopiaStatus>> = {}): OctopiaOrderRecord =>
  octopiaLifecycle.createOrder({ orderId: 'OC-1', marketplace: 'cdiscount', channel: 'lengow', createdAt: CREATED, status, ...overrides });

const ship = { type: 'SHIP', at: AT, carrier: 'Colissimo', trackingNumber: '6A12345678901' } as const;
const codes = (order: OctopiaOrderRecord, event: OctopiaEventInput, options: DispatchOptions = {}) =>
  octopiaLifecycle.explain(order, event, options).map((b) => b.code);

describe('the Octopia lifecycle, status by status (Lengow table)', () => {
  it('has the nine statuses of the table, three of them final', () => {
    expect(octopiaLifecycle.statuses).toEqual([
      'Processing',
      'WaitingAcceptance',
      'Accepted',
      'InPreparation',
      'Shipped',
      'Delivered',
      'Refused',
      'Rejected',
      'Cancelled',
    ]);
    expect(octopiaLifecycle.finalStatuses).toEqual(['Refused', 'Rejected', 'Cancelled']);
    expect(octopiaLifecycle.initial).toBe('Processing');
    expect(octopiaLifecycle.sellerActions).toEqual(['ACCEPT', 'REFUSE', 'SHIP', 'REFUND']);
  });

  it.each<[OctopiaStatus, string[]]>([
    ['Processing', []],
    ['WaitingAcceptance', ['ACCEPT', 'REFUSE']],
    ['Accepted', ['REFUND']],
    ['InPreparation', ['SHIP', 'REFUND']],
    ['Shipped', ['REFUND']],
    ['Delivered', ['REFUND']],
    ['Refused', []],
    ['Rejected', []],
    ['Cancelled', []],
  ])('at %s the seller may: %j', (status, actions) => {
    expect(octopiaLifecycle.availableActions(orderIn(status), { at: AT })).toEqual(actions);
    // Every other seller action is refused there, saying the status does not allow it.
    for (const other of octopiaLifecycle.sellerActions.filter((a) => !actions.includes(a))) {
      const event = { ...ship, type: other, reason: 'Customer request' } as OctopiaEventInput;
      expect(codes(orderIn(status), event), `${other} at ${status}`).toEqual(['NOT_ALLOWED_IN_STATUS']);
    }
  });

  it('takes an order from Processing to Delivered through the marketplace facts and the seller actions', () => {
    let order = octopiaLifecycle.createOrder({ orderId: 'OC-1', marketplace: 'cdiscount', createdAt: CREATED });
    const steps: [OctopiaEventInput, OctopiaStatus][] = [
      [{ type: 'ORDER_VALIDATED', at: '2025-12-01T10:05:00Z' }, 'WaitingAcceptance'],
      [{ type: 'ACCEPT', at: '2025-12-01T11:00:00Z' }, 'Accepted'],
      [{ type: 'PREPARATION_STARTED', at: '2025-12-01T11:05:00Z' }, 'InPreparation'],
      [ship, 'Shipped'],
      [{ type: 'DELIVERY_CONFIRMED', at: '2025-12-04T15:00:00Z' }, 'Delivered'],
    ];
    for (const [event, status] of steps) {
      const result = octopiaLifecycle.dispatch(order, event);
      expect(result.ok && result.status, event.type).toBe(status);
      order = result.order;
    }
    expect(order.context.shipment).toMatchObject({ carrier: 'Colissimo', trackingNumber: '6A12345678901' });
    expect(order.history.map((entry) => entry.to)).toEqual(steps.map(([, status]) => status));
  });

  it('ends in Refused when the seller refuses, Rejected when the marketplace does or nobody answers, Cancelled when the customer cancels first', () => {
    expect(octopiaLifecycle.dispatch(orderIn('WaitingAcceptance'), { type: 'REFUSE', at: AT }).status).toBe('Refused');
    expect(octopiaLifecycle.dispatch(orderIn('Processing'), { type: 'ORDER_REJECTED', at: AT }).status).toBe('Rejected');
    expect(octopiaLifecycle.dispatch(orderIn('WaitingAcceptance'), { type: 'ACCEPTANCE_DEADLINE_PASSED', at: AT }).status).toBe('Rejected');
    expect(octopiaLifecycle.dispatch(orderIn('Processing'), { type: 'CUSTOMER_CANCELLED', at: AT }).status).toBe('Cancelled');
    // After acceptance a cancellation is the seller's refund, not the customer's fact.
    expect(codes(orderIn('Accepted'), { type: 'CUSTOMER_CANCELLED', at: AT })).toEqual(['NOT_ALLOWED_IN_STATUS']);
  });
});

describe('shipping: a carrier and a tracking number always, the carrier from the supported list', () => {
  it.each(['NTHD', 'STD', 'Standard', null])('refuses a SHIP without tracking whatever the delivery mode (%s)', (deliveryMode) => {
    const order = orderIn('InPreparation', { deliveryMode });
    const blockers = octopiaLifecycle.explain(order, { type: 'SHIP', at: AT, carrier: 'Colissimo' });
    expect(blockers).toEqual([expect.objectContaining({ code: 'CARRIER_AND_TRACKING_REQUIRED', fields: ['trackingNumber'] })]);
    expect(codes(order, { type: 'SHIP', at: AT })).toEqual(['CARRIER_AND_TRACKING_REQUIRED']);
    expect(codes(order, ship)).toEqual([]);
  });

  it('refuses a carrier outside the list given, naming the field; accepts one of it in any case', () => {
    const carriers = ['Colissimo', 'Chronopost', 'DPD'];
    const order = orderIn('InPreparation');
    const refused = octopiaLifecycle.explain(order, { ...ship, carrier: 'Pigeon Post' }, { carriers });
    expect(refused).toEqual([expect.objectContaining({ code: 'INVALID_ARGUMENT', fields: ['carrier'] })]);
    expect(refused[0]?.message).toContain('Pigeon Post');
    expect(codes(order, { ...ship, carrier: ' colissimo ' }, { carriers })).toEqual([]);
    // Without a list, any carrier the seller names is sent on.
    expect(codes(order, { ...ship, carrier: 'Pigeon Post' })).toEqual([]);
  });

  it('offers SHIP before the tracking is known: availableActions leaves payload rules to dispatch', () => {
    expect(octopiaLifecycle.availableActions(orderIn('InPreparation'), { at: AT, carriers: ['DPD'] })).toEqual(['SHIP', 'REFUND']);
  });
});

describe('refunds: a reason from the channel, optional shipping fees, the whole order', () => {
  const refundReasons = ['Customer request', 'Product unavailable'];

  it.each<OctopiaStatus>(['Accepted', 'InPreparation', 'Shipped', 'Delivered'])('refunds the whole order at %s, which cancels it', (status) => {
    const result = octopiaLifecycle.dispatch(
      orderIn(status),
      { type: 'REFUND', at: AT, reason: 'Customer request', refundShippingFees: true },
      { refundReasons },
    );
    expect(result.ok && result.status).toBe('Cancelled');
    expect(result.order.context.refunds).toEqual([{ amount: null, reason: 'Customer request', at: AT, shippingFees: true }]);
  });

  it('refuses a refund without a reason, or with one the channel does not accept, naming the field', () => {
    const order = orderIn('Shipped');
    expect(octopiaLifecycle.explain(order, { type: 'REFUND', at: AT })).toEqual([
      expect.objectContaining({ code: 'MISSING_ARGUMENT', fields: ['reason'] }),
    ]);
    expect(octopiaLifecycle.explain(order, { type: 'REFUND', at: AT, reason: 'because' }, { refundReasons })).toEqual([
      expect.objectContaining({ code: 'INVALID_ARGUMENT', fields: ['reason'] }),
    ]);
  });

  it('refuses a partial amount or a line by name (never drops it and refunds everything)', () => {
    const order = orderIn('Shipped');
    for (const field of ['amount', 'line'] as const) {
      const event = { type: 'REFUND', at: AT, reason: 'Customer request', [field]: field === 'amount' ? 10 : 'L1' };
      const result = octopiaLifecycle.dispatch(order, event as unknown as OctopiaEventInput);
      expect(result.ok).toBe(false);
      expect(result.blockers[0]).toMatchObject({ code: 'INVALID_EVENT', fields: [field] });
      expect(result.order).toBe(order);
    }
  });
});

describe('who ships: the supply mode', () => {
  it.each(['Fulfillment', 'Xdock'] as const)('closes a %s order to the seller with FULFILLED_BY_MARKETPLACE', (supplyMode) => {
    const order = orderIn('WaitingAcceptance', { supplyMode });
    expect(order.fulfilledByMarketplace).toBe(true);
    expect(octopiaLifecycle.availableActions(order, { at: AT })).toEqual([]);
    expect(codes(order, { type: 'ACCEPT', at: AT })).toEqual(['FULFILLED_BY_MARKETPLACE']);
    expect(codes(orderIn('InPreparation', { supplyMode }), ship)).toEqual(['FULFILLED_BY_MARKETPLACE']);
    // The marketplace's facts still move it.
    expect(octopiaLifecycle.dispatch(orderIn('Shipped', { supplyMode }), { type: 'DELIVERY_CONFIRMED', at: AT }).status).toBe('Delivered');
  });

  it('leaves a Seller order to the seller', () => {
    const order = orderIn('WaitingAcceptance', { supplyMode: 'Seller' });
    expect(order.fulfilledByMarketplace).toBe(false);
    expect(octopiaLifecycle.availableActions(order, { at: AT })).toEqual(['ACCEPT', 'REFUSE']);
  });

  it('refuses a supply mode outside the three, and one that contradicts fulfilledByMarketplace, naming the field', () => {
    const bad = thrown(() => orderIn('Processing', { supplyMode: 'Dropship' as never }));
    expect(bad.code).toBe('INVALID_INPUT');
    expect(bad.issues.map((i) => i.path)).toEqual([['supplyMode']]);
    const contradiction = thrown(() => orderIn('Processing', { supplyMode: 'Seller', fulfilledByMarketplace: true }));
    expect(contradiction.issues.map((i) => i.path)).toEqual([['fulfilledByMarketplace']]);
  });
});

describe('the shipping deadline (Octopia shippedAtMax)', () => {
  const shippingDeadline = '2025-12-03T23:59:00+01:00';
  const order = () => orderIn('InPreparation', { shippingDeadline });

  it('is kept in UTC and shown by availableActions beside the action that ships', () => {
    expect(order().context.shippingDeadline).toBe('2025-12-03T22:59:00.000Z');
    expect(octopiaLifecycle.availableActions(order(), { at: AT, details: true })).toEqual([
      { type: 'SHIP', deadline: '2025-12-03T22:59:00.000Z', late: false, warnings: [] },
      { type: 'REFUND', deadline: null, late: false, warnings: [] },
    ]);
    expect(octopiaLifecycle.availableActions(order(), { at: '2025-12-04T08:00:00Z', details: true })[0]).toEqual({
      type: 'SHIP',
      deadline: '2025-12-03T22:59:00.000Z',
      late: true,
      warnings: [expect.objectContaining({ code: 'PAST_DEADLINE', deadline: '2025-12-03T22:59:00.000Z' })],
    });
  });

  it('still applies a SHIP after it, flagged LATE_SHIPMENT in the result and the audit', () => {
    const late = octopiaLifecycle.dispatch(order(), { ...ship, at: '2025-12-04T08:00:00Z' });
    expect(late).toMatchObject({ ok: true, status: 'Shipped', anomaly: 'LATE_SHIPMENT' });
    expect(late.audit.anomaly).toBe('LATE_SHIPMENT');
    expect(late.order.history.at(-1)?.anomaly).toBe('LATE_SHIPMENT');
    const onTime = octopiaLifecycle.dispatch(order(), { ...ship, at: '2025-12-03T22:59:00Z' });
    expect(onTime.ok && onTime.anomaly).toBeUndefined();
    expect(onTime.audit.anomaly).toBeUndefined();
  });

  it('is absent from the record when the marketplace gives none, and nothing is ever late then', () => {
    const none = orderIn('InPreparation');
    expect('shippingDeadline' in none.context).toBe(false);
    expect(octopiaLifecycle.availableActions(none, { at: AT, details: true })[0]).toEqual({
      type: 'SHIP',
      deadline: null,
      late: false,
      warnings: [],
    });
  });
});

describe('maintenance windows block Octopia seller actions as they do legacy ones', () => {
  const calendar = createMaintenanceCalendar([{ start: '2025-12-02T08:00:00Z', end: '2025-12-02T10:00:00Z', label: 'Octopia upgrade' }]);

  it('refuses every seller action inside a window, with the time it reopens, and lets the facts through', () => {
    expect(octopiaLifecycle.availableActions(orderIn('InPreparation'), { at: AT, calendar })).toEqual([]);
    const blockers = octopiaLifecycle.explain(orderIn('WaitingAcceptance'), { type: 'ACCEPT', at: AT }, { calendar });
    expect(blockers).toEqual([expect.objectContaining({ code: 'MAINTENANCE_WINDOW', retryAt: '2025-12-02T10:00:00.000Z' })]);
    expect(codes(orderIn('Shipped'), { type: 'DELIVERY_CONFIRMED', at: AT }, { calendar })).toEqual([]);
  });
});

describe('Octopia records', () => {
  it('say their lifecycle, and go through serializeOrder and restoreOrder of that lifecycle unchanged', () => {
    const order = octopiaLifecycle.dispatch(orderIn('InPreparation', { shippingDeadline: '2025-12-03T23:59:00Z' }), ship).order;
    expect(order.lifecycle).toBe('octopia');
    const text = octopiaLifecycle.serializeOrder(order);
    expect(JSON.parse(text)).toEqual(order);
    expect(Object.keys(JSON.parse(text)).slice(0, 2)).toEqual(['schemaVersion', 'lifecycle']);
    expect(octopiaLifecycle.restoreOrder(text)).toEqual(order);
  });

  it('are refused, naming the lifecycle, by the default lifecycle and the other way round', () => {
    const order = orderIn('Shipped');
    const text = octopiaLifecycle.serializeOrder(order);
    const restored = thrown(() => restoreOrder(text));
    expect(restored.code).toBe('INVALID_RECORD');
    expect(restored.issues[0]?.path).toEqual(['lifecycle']);
    expect(restored.message).toContain('octopia');
    const dispatched = thrown(() => dispatch(order as unknown as OrderRecord, { type: 'REFUND', at: AT }));
    expect(dispatched.code).toBe('INVALID_RECORD');
    expect(dispatched.issues[0]?.path).toEqual(['lifecycle']);
    // A legacy Shipped record has a status Octopia knows too; its missing lifecycle field gives it away.
    const legacy = JSON.parse(text) as Record<string, unknown>;
    delete legacy.lifecycle;
    expect(thrown(() => octopiaLifecycle.restoreOrder(legacy)).issues[0]?.path).toEqual(['lifecycle']);
    expect(thrown(() => octopiaLifecycle.dispatch(legacy as unknown as OctopiaOrderRecord, ship)).code).toBe('INVALID_RECORD');
  });
});

describe('the Octopia machine and dispatch agree', () => {
  const FROM = Date.parse('2025-12-01T00:00:00Z');
  const instant = fc.integer({ min: FROM, max: FROM + 4 * 24 * 3600_000 }).map((ms) => new Date(ms).toISOString());
  const options: fc.Arbitrary<DispatchOptions> = fc.record(
    {
      calendar: fc
        .array(fc.record({ start: fc.integer({ min: FROM, max: FROM + 4 * 24 * 3600_000 }), minutes: fc.integer({ min: 1, max: 600 }) }), {
          maxLength: 3,
        })
        .map((windows) =>
          createMaintenanceCalendar(
            windows.map(({ start, minutes }) => ({ start: new Date(start).toISOString(), end: new Date(start + minutes * 60_000).toISOString() })),
          ),
        ),
      carriers: fc.constant(['Colissimo', 'DPD']),
      refundReasons: fc.constant(['Customer request']),
      unreachableStatus: fc.constantFrom('apply' as const, 'refuse' as const),
    },
    { requiredKeys: [] },
  );
  const event: fc.Arbitrary<OctopiaEventInput> = fc
    .record({
      type: fc.constantFrom(...octopiaLifecycle.eventTypes),
      at: instant,
      carrier: fc.option(fc.constantFrom('Colissimo', 'UPS', ' dpd '), { nil: undefined }),
      trackingNumber: fc.option(fc.constantFrom('6A1', ' '), { nil: undefined }),
      reason: fc.option(fc.constantFrom('Customer request', 'because'), { nil: undefined }),
      status: fc.constantFrom(...octopiaLifecycle.statuses),
    })
    .map(({ type, at, carrier, trackingNumber, reason, status }) => {
      if (type === 'SHIP') return { type, at, carrier, trackingNumber };
      if (type === 'REFUND' || type === 'REFUSE') return { type, at, reason };
      if (type === 'MARKETPLACE_STATUS_CHANGED') return { type, at, status };
      return { type, at } as OctopiaEventInput;
    });

  it('reaches the same status and context for every generated sequence, and can() says whether dispatch accepts', () => {
    let applied = 0;
    let refused = 0;
    fc.assert(
      fc.property(
        options,
        fc.constantFrom<'Seller' | 'Fulfillment'>('Seller', 'Seller', 'Seller', 'Fulfillment'),
        fc.option(instant, { nil: undefined }),
        fc.array(event, { maxLength: 20 }),
        (opts, supplyMode, shippingDeadline, events) => {
          const machine = octopiaLifecycle.createMachine(opts);
          let order = octopiaLifecycle.createOrder({
            orderId: 'OC-D',
            marketplace: 'cdiscount',
            createdAt: new Date(FROM),
            supplyMode,
            shippingDeadline,
          });
          const first = octopiaLifecycle.toSnapshot(order);
          let snapshot = createActor(machine, { snapshot: first, input: first.context }).getSnapshot();
          for (const e of events) {
            const result = octopiaLifecycle.dispatch(order, e, opts);
            const step = `${order.status} + ${JSON.stringify(e)}`;
            expect(snapshot.can(e), step).toBe(result.ok && snapshot.status !== 'done');
            const [next] = transition(machine, snapshot, e);
            expect(result.status, step).toBe(next.value);
            expect(octopiaLifecycle.toSnapshot(result.order).context, step).toEqual(JSON.parse(JSON.stringify(next.context)));
            if (result.ok && result.changed) applied++;
            if (!result.ok) refused++;
            order = result.order;
            snapshot = next;
          }
        },
      ),
      { numRuns: 150 },
    );
    expect(applied).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(50);
  });
});

describe('the testing kit and the diagram read the Octopia lifecycle too', () => {
  it('finds a journey to every status, each checked by dispatch', () => {
    const paths = shortestPathsToEveryStatus(octopiaLifecycle);
    expect(paths.map((p) => p.status)).toEqual(octopiaLifecycle.statuses);
    expect(paths.find((p) => p.status === 'Delivered')?.events.map((e) => e.type)).toEqual([
      'ORDER_VALIDATED',
      'ACCEPT',
      'PREPARATION_STARTED',
      'SHIP',
      'DELIVERY_CONFIRMED',
    ]);
  });

  it('brings an Octopia order to any status with what its journey records', () => {
    for (const status of octopiaLifecycle.statuses) expect(journeyTo(octopiaLifecycle, status).status).toBe(status);
    expect(journeyTo(octopiaLifecycle, 'Delivered').context.shipment).toMatchObject({ carrier: 'Colissimo', trackingNumber: '6A12345678901' });
    expect(journeyTo(octopiaLifecycle, 'Delivered').lifecycle).toBe('octopia');
    // A journey the options contradict is refused, naming the blocker.
    expect(() => journeyTo(octopiaLifecycle, 'Shipped', {}, { carriers: ['DPD'] })).toThrow(/INVALID_ARGUMENT/);
  });

  it('draws every status and seller action', () => {
    const chart = unwrapLabels(octopiaLifecycle.toMermaid());
    for (const status of octopiaLifecycle.statuses) expect(chart).toContain(status);
    expect(chart).toContain('SHIP [canShip]');
    expect(chart).toContain('REFUND [canRefund]');
  });
});
