/*
 * Issue 13, item 4: deadlines as data (DOMAIN.md section 2: the seller answers within about 48 h, ships by the
 * marketplace's date, the customer collects in store in time). An order carries its acceptance, shipping and
 * pickup deadlines, given at creation or counted from configured durations; availableActions gives each
 * action its deadline, explain warns when an action would land after it, and a deferred action whose replay
 * falls after its deadline is flagged instead of replayed blindly.
 * Item 5's tentative notices warn the same way (Lead Commerce, DOMAIN.md section 9).
 */
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import {
  applyWithRetry,
  availableActions,
  createInMemoryOrderStore,
  createMaintenanceCalendar,
  createOrder,
  createOrderMachine,
  createOutbox,
  deadlineOf,
  deferAction,
  dispatch,
  explain,
  releaseDue,
  toSnapshot,
  type CreateOrderInput,
  type DeadlineDurations,
} from 'order-status-machine';
import { TEST_MAINTENANCE, testCalendar } from 'order-status-machine/testing';
import { thrown } from './support/thrown.js';

const base = { orderId: 'D-1', marketplace: 'cdiscount', channel: 'lengow', deliveryMode: 'TRK', createdAt: '2024-02-20T10:00:00Z' } as const;
const make = (input: Partial<CreateOrderInput> = {}, durations?: DeadlineDurations) =>
  createOrder({ ...base, ...input }, durations ? { deadlineDurations: durations } : undefined);
const ship = { type: 'SHIP', carrier: 'Colissimo', trackingNumber: '6A1' } as const;

describe('deadlines given with the order', () => {
  const order = make({ acceptanceDeadline: '2024-02-22T11:00:00+01:00' });

  it('are kept in UTC and given to the actions that answer them', () => {
    expect(order.context.acceptanceDeadline).toBe('2024-02-22T10:00:00.000Z');
    expect(availableActions(order, { at: '2024-02-21T10:00:00Z', details: true })).toEqual([
      { type: 'ACCEPT', deadline: '2024-02-22T10:00:00.000Z', late: false, warnings: [] },
      { type: 'REFUSE', deadline: '2024-02-22T10:00:00.000Z', late: false, warnings: [] },
    ]);
    expect(deadlineOf(order, 'ACCEPT')).toEqual({ kind: 'acceptance', at: '2024-02-22T10:00:00.000Z' });
    expect(deadlineOf(order, 'SHIP')).toBeUndefined();
  });

  it('warn, without refusing, when an action would land after its deadline', () => {
    const late = { type: 'ACCEPT', at: '2024-02-22T10:00:01Z' } as const;
    const explained = explain(order, late, { details: true });
    expect(explained.blockers).toEqual([]);
    expect(explained.warnings).toEqual([expect.objectContaining({ code: 'PAST_DEADLINE', deadline: '2024-02-22T10:00:00.000Z' })]);
    expect(explained.warnings[0]?.message).toContain('acceptance deadline');
    // Without details, explain stays what it was: the blockers alone, empty for an accepted action.
    expect(explain(order, late)).toEqual([]);
    expect(dispatch(order, late).status).toBe('AcceptedBySeller');
    expect(explain(order, { type: 'ACCEPT', at: '2024-02-22T10:00:00Z' }, { details: true }).warnings).toEqual([]);
    expect(availableActions(order, { at: late.at, details: true })[0]).toMatchObject({ late: true, warnings: [{ code: 'PAST_DEADLINE' }] });
  });

  it('say nothing of an event that would be refused, nor of facts', () => {
    const refused = explain(order, { type: 'SHIP', at: '2024-02-23T10:00:00Z' }, { details: true });
    expect(refused).toMatchObject({ blockers: [{ code: 'NOT_ALLOWED_IN_STATUS' }], warnings: [] });
    expect(explain(order, { type: 'CUSTOMER_CANCELLED', at: '2024-02-23T10:00:00Z' }, { details: true }).warnings).toEqual([]);
  });
});

describe('deadlines counted from configured durations', () => {
  const durations: DeadlineDurations = { acceptance: { hours: 48 }, shipping: { days: 2 }, pickup: { days: 7 } };

  it('counts the acceptance deadline from creation', () => {
    expect(make({}, durations).context.acceptanceDeadline).toBe('2024-02-22T10:00:00.000Z');
    // A deadline the marketplace gave is never replaced by a computed one.
    expect(make({ acceptanceDeadline: '2024-02-21T10:00:00Z' }, durations).context.acceptanceDeadline).toBe('2024-02-21T10:00:00.000Z');
    expect('acceptanceDeadline' in make().context).toBe(false);
  });

  it('counts the shipping deadline from the moment the order waits for shipment, and keeps it', () => {
    const options = { deadlineDurations: durations };
    const accepted = dispatch(make(), { type: 'ACCEPT', at: '2024-02-20T11:00:00Z' }, options).order;
    expect('shippingDeadline' in accepted.context).toBe(false);
    const paid = dispatch(accepted, { type: 'PAYMENT_CONFIRMED', at: '2024-02-20T12:00:00Z' }, options).order;
    expect(paid.context.shippingDeadline).toBe('2024-02-22T12:00:00.000Z');
    expect(deadlineOf(paid, 'SHIP')).toEqual({ kind: 'shipping', at: '2024-02-22T12:00:00.000Z' });
    // A cancellation request answered no does not restart the clock.
    const asked = dispatch(paid, { type: 'CANCELLATION_REQUESTED', at: '2024-02-21T12:00:00Z' }, options).order;
    const declined = dispatch(asked, { type: 'DECLINE_CANCELLATION', at: '2024-02-21T13:00:00Z', reason: 'shipped' }, options).order;
    expect(declined.context.shippingDeadline).toBe('2024-02-22T12:00:00.000Z');
    // A late shipment is still applied, flagged.
    expect(dispatch(declined, { ...ship, at: '2024-02-23T08:00:00Z' }, options)).toMatchObject({ ok: true, anomaly: 'LATE_SHIPMENT' });
  });

  it('counts the pickup deadline when the order is ready in store, for the seller to confirm by', () => {
    const options = { deadlineDurations: durations };
    const waiting = make({ status: 'WaitingForShipmentAcceptation', deliveryMode: 'RIM' });
    const ready = dispatch(waiting, { type: 'MAKE_AVAILABLE_IN_STORE', at: '2024-02-21T09:00:00Z' }, options).order;
    expect(ready.context.pickupDeadline).toBe('2024-02-28T09:00:00.000Z');
    expect(availableActions(ready, { at: '2024-02-29T09:00:00Z', details: true })).toEqual([
      { type: 'CONFIRM_PICKUP', deadline: '2024-02-28T09:00:00.000Z', late: true, warnings: [expect.objectContaining({ code: 'PAST_DEADLINE' })] },
    ]);
  });

  it('is counted the same way by the XState machine', () => {
    const options = { deadlineDurations: durations };
    const accepted = dispatch(make(), { type: 'ACCEPT', at: '2024-02-20T11:00:00Z' }, options).order;
    const event = { type: 'PAYMENT_CONFIRMED', at: '2024-02-20T12:00:00Z' } as const;
    const actor = createActor(createOrderMachine(options), { snapshot: toSnapshot(accepted), input: toSnapshot(accepted).context }).start();
    actor.send(event);
    expect(actor.getSnapshot().context.shippingDeadline).toBe('2024-02-22T12:00:00.000Z');
    expect(actor.getSnapshot().context).toEqual(toSnapshot(dispatch(accepted, event, options).order).context);
    actor.stop();
  });

  it.each([
    [{ acceptance: { hours: -1 } }, ['deadlineDurations', 'acceptance']],
    [{ shipping: 'two days' }, ['deadlineDurations', 'shipping']],
    [{ delivery: { days: 1 } }, ['deadlineDurations', 'delivery']],
  ])('refuses the durations %j, naming the field', (deadlineDurations, path) => {
    const error = thrown(() => dispatch(make(), { type: 'ACCEPT', at: '2024-02-20T11:00:00Z' }, { deadlineDurations } as never));
    expect(error).toMatchObject({ code: 'INVALID_INPUT', issues: [{ path }] });
    expect(thrown(() => createOrder(base, { deadlineDurations } as never))).toMatchObject({ code: 'INVALID_INPUT', issues: [{ path }] });
  });

  it('refuses a malformed deadline at creation, naming it', () => {
    expect(thrown(() => make({ pickupDeadline: 'tomorrow' }))).toMatchObject({ code: 'INVALID_INPUT', issues: [{ path: ['pickupDeadline'] }] });
  });
});

describe('deferred actions and their deadline', () => {
  // The Lengow window of 21 Feb 2024 (20:00-23:00 Paris); the order must ship by 22:30 Paris (21:30 UTC).
  const calendar = testCalendar();
  const paid = (shippingDeadline: string) => make({ status: 'WaitingForShipmentAcceptation', shippingDeadline });
  const event = { ...ship, at: TEST_MAINTENANCE.inside, id: 'ship-1' } as const;

  it('flags a replay that would fall after the deadline instead of releasing it', () => {
    const order = paid('2024-02-21T21:30:00Z');
    const deferred = deferAction(createOutbox(), event, dispatch(order, event, { calendar }));
    expect(deferred).toMatchObject({ deferred: true, action: { deadline: '2024-02-21T21:30:00.000Z' } });
    const drained = releaseDue(deferred.outbox, { now: TEST_MAINTENANCE.reopensAt });
    expect(drained.released).toEqual([]);
    expect(drained.overdue).toEqual([expect.objectContaining({ code: 'PAST_DEADLINE', deadline: '2024-02-21T21:30:00.000Z', orderId: 'D-1' })]);
    expect(drained.outbox.pending).toEqual([]);
  });

  it('releases it when the deadline is still ahead', () => {
    const order = paid('2024-02-22T12:00:00Z');
    const deferred = deferAction(createOutbox(), event, dispatch(order, event, { calendar }));
    const drained = releaseDue(deferred.outbox, { now: TEST_MAINTENANCE.reopensAt });
    expect(drained.released.map((a) => a.key)).toEqual([deferred.deferred ? deferred.action.key : '']);
    expect(drained.overdue).toEqual([]);
  });

  it('a store reports it overdue and leaves the order as it was', async () => {
    const store = createInMemoryOrderStore();
    const order = paid('2024-02-21T21:30:00Z');
    await store.insert(order);
    const applied = await applyWithRetry(store, order, event, { defer: true, dispatch: { calendar } });
    expect(applied.outcome).toBe('deferred');
    const [report, ...rest] = await store.releaseDue({ now: TEST_MAINTENANCE.reopensAt, dispatch: { calendar } });
    expect(rest).toEqual([]);
    expect(report).toMatchObject({ outcome: 'overdue', deadline: '2024-02-21T21:30:00.000Z' });
    expect(await store.pendingActions()).toEqual([]);
    expect((await store.load(order))?.status).toBe('WaitingForShipmentAcceptation');
  });
});

describe('tentative maintenance notices warn, never block (issue 13, item 5)', () => {
  // Lead Commerce: an upgrade some night between 5 and 31 August 2024, early morning New York time, one hour.
  const notice = {
    label: 'Lead Commerce upgrade',
    timeZone: 'America/New_York',
    possible: { from: '2024-08-05', to: '2024-08-31', hours: { from: '00:00', to: '06:00' } },
    duration: { hours: 1 },
  };
  const order = make({ createdAt: '2024-08-10T10:00:00Z' });
  const inSpan = '2024-08-12T06:30:00Z'; // 02:30 in New York (UTC-4 in August)

  it('warns when an action falls in the possible span, and lets it through', () => {
    const calendar = createMaintenanceCalendar([notice]);
    const explained = explain(order, { type: 'ACCEPT', at: inSpan }, { calendar, details: true });
    expect(explained.blockers).toEqual([]);
    expect(explained.warnings).toEqual([expect.objectContaining({ code: 'TENTATIVE_MAINTENANCE' })]);
    expect(explained.warnings[0]?.message).toContain('Lead Commerce upgrade');
    expect(dispatch(order, { type: 'ACCEPT', at: inSpan }, { calendar }).ok).toBe(true);
    expect(availableActions(order, { at: inSpan, calendar, details: true })[0]?.warnings).toEqual([
      expect.objectContaining({ code: 'TENTATIVE_MAINTENANCE' }),
    ]);
  });

  it('says nothing outside the span, or for orders outside its scope', () => {
    const calendar = createMaintenanceCalendar([notice]);
    expect(explain(order, { type: 'ACCEPT', at: '2024-08-12T16:00:00Z' }, { calendar, details: true }).warnings).toEqual([]);
    const scoped = createMaintenanceCalendar([{ ...notice, scope: ['leadcommerce'] }]);
    expect(explain(order, { type: 'ACCEPT', at: inSpan }, { calendar: scoped, details: true }).warnings).toEqual([]);
  });

  it('blocks like any window once its date is announced', () => {
    const calendar = createMaintenanceCalendar([{ ...notice, announced: '2024-08-12T02:00' }]);
    const explained = explain(order, { type: 'ACCEPT', at: inSpan }, { calendar, details: true });
    expect(explained.blockers).toEqual([expect.objectContaining({ code: 'MAINTENANCE_WINDOW', retryAt: '2024-08-12T07:00:00.000Z' })]);
  });
});
