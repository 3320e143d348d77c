/**
 * "Adding a status is one edit": a lifecycle of our own, written as plain data with `defineLifecycle`, gets
 * the whole library for free. The workshop order below adds a status (`PreparationInProgress`) reached from
 * a waiting status by a seller event the library has never heard of (`START_PREPARATION`), with its own zod
 * payload, its own rules in its own guard (beside the built-in `isSellerManaged` and `isOutsideMaintenance`),
 * facts, final statuses and example payloads. These are the scenarios a user of `defineLifecycle` relies on:
 * the pure engine, the XState machine (checked against the engine on every path the xstate/graph walker
 * finds), the diagram, the testing kit, and definitions that fail early, naming the field at fault.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createActor, initialTransition, transition } from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import { z } from 'zod';
import {
  cdiscountDefinition,
  cdiscountLifecycle,
  createMaintenanceCalendar,
  defineLifecycle,
  isOrderMachineError,
  type Blocker,
  type DispatchOptions,
  type EventCatalogue,
  type EventInputOf,
  type LifecycleDefinition,
  type OrderMachineError,
  type Rule,
} from 'order-status-machine';
import { shortestPathsToEveryStatus } from 'order-status-machine/testing';
import { unwrapLabels } from '../src/diagram/mermaid.js';

// ---------------------------------------------------------------------------------------------------------
// The lifecycle under test: everything it needs is in this definition.
// ---------------------------------------------------------------------------------------------------------

/** Our own payload rule: a station whose name starts with `closed:` cannot take work. */
const isStationOpen: Rule = {
  payload: true,
  check: (_context, event) =>
    typeof event.station === 'string' && event.station.startsWith('closed:')
      ? { code: 'INVALID_ARGUMENT', message: `${event.type}: station ${event.station} is closed.`, fields: ['station'] }
      : undefined,
};

/** Our own order rule (no payload read, so `availableActions` applies it): in-store orders skip the workshop. */
const isPreparedInWorkshop: Rule = {
  payload: false,
  check: (context, event) =>
    context.deliveryMode === 'MAG'
      ? {
          code: 'DELIVERY_MODE_MISMATCH',
          message: `${event.type}: order ${context.orderId} is collected in store; the shop prepares it.`,
          fields: ['deliveryMode'],
        }
      : undefined,
};

const workshop = defineLifecycle({
  id: 'workshop-order',
  description: 'A Cdiscount-like order prepared at a workshop station before it ships.',
  initial: 'WaitingForPreparation',
  fulfilledInitial: 'Shipped',
  events: {
    START_PREPARATION: {
      source: 'seller',
      payload: z.object({ station: z.string().min(1) }),
      example: { station: 'Lyon-2' },
      description: 'The seller starts preparing the order at a workshop station.',
    },
    SHIP: {
      source: 'seller',
      payload: z.object({ carrier: z.string().nullish(), trackingNumber: z.string().nullish() }),
      example: { carrier: 'Colissimo', trackingNumber: '6A0001' },
      description: 'The seller declares the shipment.',
    },
    REFUND: { source: 'seller', payload: z.object({ amount: z.number().positive().optional() }) },
    CUSTOMER_CANCELLED: { source: 'customer', payload: z.object({}) },
    PREPARATION_DEADLINE_PASSED: { source: 'deadline', payload: z.object({}) },
    DELIVERED: { source: 'marketplace', payload: z.object({}) },
  },
  rules: { isStationOpen, isPreparedInWorkshop },
  guards: {
    canStartPreparation: ['isSellerManaged', 'isOutsideMaintenance', 'isPreparedInWorkshop', 'isStationOpen'],
    canShip: ['isSellerManaged', 'isOutsideMaintenance', 'hasCarrierAndTracking'],
    canRefund: ['isSellerManaged', 'isOutsideMaintenance'],
  },
  states: {
    WaitingForPreparation: {
      description: 'Paid: waits for a workshop station.',
      tags: ['sellerActionable'],
      on: {
        START_PREPARATION: { target: 'PreparationInProgress', guard: 'canStartPreparation', description: 'Seller: starts the preparation.' },
        CUSTOMER_CANCELLED: { target: 'Cancelled', description: 'Customer: cancels before the preparation.' },
      },
    },
    PreparationInProgress: {
      description: 'Being prepared at a workshop station.',
      tags: ['sellerActionable'],
      on: {
        SHIP: { target: 'Shipped', guard: 'canShip', actions: 'recordShipment', description: 'Seller: ships the prepared order.' },
        PREPARATION_DEADLINE_PASSED: { target: 'Cancelled', description: 'Deadline: never prepared in time.' },
      },
    },
    Shipped: {
      description: 'Shipped; the marketplace reports the delivery.',
      tags: ['shipped'],
      on: { DELIVERED: { target: 'Delivered', description: 'Marketplace: the parcel was delivered.' } },
    },
    Delivered: {
      description: 'Delivered; refunds are possible.',
      tags: ['sellerActionable', 'shipped'],
      on: { REFUND: { guard: 'canRefund', actions: 'recordRefund', description: 'Seller: refunds all or part of the order.' } },
    },
    Cancelled: { type: 'final', description: 'Cancelled before shipping.' },
    // No transition leads here: only the marketplace can say so (an anomaly the engine applies).
    Lost: { type: 'final', description: 'Lost in transport, as the marketplace reports it.' },
  },
});

type WorkshopStatus = (typeof workshop.statuses)[number];
type WorkshopEvent = EventInputOf<(typeof workshop.definition)['events'], WorkshopStatus>;

const CREATED = '2024-03-01T08:00:00Z';
const AT = '2024-03-01T10:00:00.000Z';
// Lengow-like maintenance, 19:00-22:00 UTC on the same day.
const calendar = createMaintenanceCalendar([{ start: '2024-03-01T19:00:00Z', end: '2024-03-01T22:00:00Z', label: 'Workshop upgrade' }]);
const INSIDE = '2024-03-01T20:30:00.000Z';
const REOPENS = '2024-03-01T22:00:00.000Z';

const orderIn = (status: WorkshopStatus, extra: { deliveryMode?: string | null; fulfilledByMarketplace?: boolean } = {}) =>
  workshop.createOrder({ orderId: 'W-1', marketplace: 'cdiscount', channel: 'lengow', deliveryMode: 'TRK', createdAt: CREATED, status, ...extra });

const codes = (blockers: readonly Blocker[]) => blockers.map((b) => b.code);

// ---------------------------------------------------------------------------------------------------------
// The pure engine
// ---------------------------------------------------------------------------------------------------------

describe('a lifecycle of our own: dispatch, explain and availableActions', () => {
  it('knows its statuses, finals, seller actions and what each status reaches', () => {
    expect(workshop.statuses).toEqual(['WaitingForPreparation', 'PreparationInProgress', 'Shipped', 'Delivered', 'Cancelled', 'Lost']);
    expect(workshop.finalStatuses).toEqual(['Cancelled', 'Lost']);
    expect(workshop.sellerActions).toEqual(['START_PREPARATION', 'SHIP', 'REFUND']);
    // The events the library adds to every lifecycle come last: the marketplace's report and its verdicts.
    expect(workshop.eventTypes.slice(-4)).toEqual(['MARKETPLACE_STATUS_CHANGED', 'ACTION_SENT', 'ACTION_CONFIRMED', 'ACTION_REJECTED']);
    expect(workshop.eventSources.START_PREPARATION).toBe('seller');
    expect(workshop.reachableFrom('WaitingForPreparation')).toEqual(['PreparationInProgress', 'Shipped', 'Delivered', 'Cancelled']);
    expect(workshop.reachableFrom('Cancelled')).toEqual([]);
    expectTypeOf(workshop.sellerActions).toEqualTypeOf<readonly ('START_PREPARATION' | 'SHIP' | 'REFUND')[]>();
    expectTypeOf<WorkshopStatus>().toEqualTypeOf<
      'WaitingForPreparation' | 'PreparationInProgress' | 'Shipped' | 'Delivered' | 'Cancelled' | 'Lost'
    >();
  });

  it('accepts START_PREPARATION with its payload and records the step', () => {
    const order = workshop.createOrder({ orderId: 'W-1', marketplace: 'cdiscount', channel: 'lengow', deliveryMode: 'TRK', createdAt: CREATED });
    expect(order.status).toBe('WaitingForPreparation');
    const event = { type: 'START_PREPARATION', at: AT, station: 'Lyon-2', id: 'prep-1' } as const;
    expect(workshop.explain(order, event)).toEqual([]);
    const result = workshop.dispatch(order, event);
    expect(result).toMatchObject({ ok: true, changed: true, duplicate: false, status: 'PreparationInProgress' });
    expect(result.order).toMatchObject({ status: 'PreparationInProgress', revision: 1, updatedAt: AT, appliedEventIds: ['prep-1'] });
    expect(result.order.history).toEqual([
      {
        eventType: 'START_PREPARATION',
        eventId: 'prep-1',
        at: AT,
        from: 'WaitingForPreparation',
        to: 'PreparationInProgress',
        outcome: 'applied',
        blockers: [],
      },
    ]);
    // The same id again is a duplicate, as for the built-in lifecycle.
    const again = workshop.dispatch(result.order, event);
    expect(again).toMatchObject({ ok: true, changed: false, duplicate: true });
    expect(again.order).toBe(result.order);
  });

  it('walks the whole journey, running the built-in actions its transitions name', () => {
    let order = orderIn('WaitingForPreparation');
    const steps: WorkshopEvent[] = [
      { type: 'START_PREPARATION', at: '2024-03-01T09:00:00Z', station: 'Lyon-2' },
      { type: 'SHIP', at: '2024-03-01T11:00:00Z', carrier: ' Colissimo ', trackingNumber: '6A0001' },
      { type: 'DELIVERED', at: '2024-03-02T11:00:00Z' },
      { type: 'REFUND', at: '2024-03-03T11:00:00Z', amount: 4.5 },
    ];
    const statuses = steps.map((event) => {
      const result = workshop.dispatch(order, event);
      expect(result.ok, event.type).toBe(true);
      order = result.order;
      return result.status;
    });
    expect(statuses).toEqual(['PreparationInProgress', 'Shipped', 'Delivered', 'Delivered']);
    expect(order.context.shipment).toEqual({ carrier: 'Colissimo', trackingNumber: '6A0001', trackingUrl: null, at: '2024-03-01T11:00:00.000Z' });
    expect(order.context.refunds).toEqual([{ amount: 4.5, reason: null, at: '2024-03-03T11:00:00.000Z' }]);
    expect(order.revision).toBe(4);
  });

  it('refuses with the blocker of its own rule, naming the payload field, and changes nothing', () => {
    const order = orderIn('WaitingForPreparation');
    const event = { type: 'START_PREPARATION', at: AT, station: 'closed:Lyon-1' } as const;
    const blockers = [{ code: 'INVALID_ARGUMENT', message: 'START_PREPARATION: station closed:Lyon-1 is closed.', fields: ['station'] }];
    expect(workshop.explain(order, event)).toEqual(blockers);
    const result = workshop.dispatch(order, event);
    expect(result.ok).toBe(false);
    expect(result.blockers).toEqual(blockers);
    expect(result.order).toBe(order);
    expect(result.audit).toMatchObject({ eventType: 'START_PREPARATION', outcome: 'refused', blockers: ['INVALID_ARGUMENT'] });
  });

  it('says everything that is wrong at once, in the order the guard lists its rules', () => {
    const order = orderIn('WaitingForPreparation', { deliveryMode: 'MAG', fulfilledByMarketplace: true });
    const blockers = workshop.explain(order, { type: 'START_PREPARATION', at: INSIDE, station: 'closed:Lyon-1' }, { calendar });
    expect(codes(blockers)).toEqual(['FULFILLED_BY_MARKETPLACE', 'MAINTENANCE_WINDOW', 'DELIVERY_MODE_MISMATCH', 'INVALID_ARGUMENT']);
  });

  it('refuses a malformed custom payload with INVALID_EVENT naming the field of its schema', () => {
    const order = orderIn('WaitingForPreparation');
    const empty = workshop.dispatch(order, { type: 'START_PREPARATION', at: AT, station: '' });
    expect(empty.ok).toBe(false);
    expect(empty.blockers).toEqual([{ code: 'INVALID_EVENT', message: expect.stringContaining('station'), fields: ['station'] }]);
    expect(empty.order).toBe(order);
    // @ts-expect-error: the payload schema types the event: `station` is required.
    const missing = workshop.explain(order, { type: 'START_PREPARATION', at: AT });
    expect(missing).toEqual([{ code: 'INVALID_EVENT', message: expect.stringContaining('station'), fields: ['station'] }]);
    // @ts-expect-error: `station` is a string.
    const wrongType = workshop.explain(order, { type: 'START_PREPARATION', at: AT, station: 7 });
    expect(codes(wrongType)).toEqual(['INVALID_EVENT']);
    expect(wrongType[0]?.fields).toEqual(['station']);
    // An event type the lifecycle does not know names `type`.
    // @ts-expect-error: not an event of this lifecycle (ACCEPT belongs to the Cdiscount one).
    const unknown = workshop.explain(order, { type: 'ACCEPT', at: AT });
    expect(unknown[0]).toMatchObject({ code: 'INVALID_EVENT', fields: ['type'] });
  });

  it('refuses during maintenance with retryAt, and accepts the same event once the window closes', () => {
    const order = orderIn('WaitingForPreparation');
    const inside = workshop.dispatch(order, { type: 'START_PREPARATION', at: INSIDE, station: 'Lyon-2' }, { calendar });
    expect(inside.ok).toBe(false);
    expect(inside.blockers).toEqual([{ code: 'MAINTENANCE_WINDOW', message: expect.stringContaining('Workshop upgrade'), retryAt: REOPENS }]);
    expect(workshop.availableActions(order, { at: INSIDE, calendar })).toEqual([]);
    const retried = workshop.dispatch(order, { type: 'START_PREPARATION', at: inside.blockers[0]?.retryAt ?? '', station: 'Lyon-2' }, { calendar });
    expect(retried).toMatchObject({ ok: true, status: 'PreparationInProgress' });
    // Facts are never blocked by maintenance: they happened.
    expect(workshop.explain(order, { type: 'CUSTOMER_CANCELLED', at: INSIDE }, { calendar })).toEqual([]);
  });

  it('refuses an event its status does not take with NOT_ALLOWED_IN_STATUS', () => {
    for (const status of ['PreparationInProgress', 'Shipped', 'Delivered', 'Cancelled', 'Lost'] as const) {
      const order = orderIn(status);
      const result = workshop.dispatch(order, { type: 'START_PREPARATION', at: AT, station: 'Lyon-2' });
      expect(result.ok, status).toBe(false);
      expect(codes(result.blockers), status).toEqual(['NOT_ALLOWED_IN_STATUS']);
      expect(result.blockers[0]?.message).toBe(`START_PREPARATION is not allowed while the order is ${status}.`);
    }
    // A fulfilment order hears first that it is closed to the seller.
    const fulfilled = orderIn('Shipped', { fulfilledByMarketplace: true });
    expect(codes(workshop.explain(fulfilled, { type: 'START_PREPARATION', at: AT, station: 'Lyon-2' }))).toEqual([
      'FULFILLED_BY_MARKETPLACE',
      'NOT_ALLOWED_IN_STATUS',
    ]);
  });

  it('lists the seller actions an order accepts, applying its own order rule but not its payload rule', () => {
    const at = AT;
    expect(workshop.availableActions(orderIn('WaitingForPreparation'), { at })).toEqual(['START_PREPARATION']);
    expect(workshop.availableActions(orderIn('WaitingForPreparation', { deliveryMode: 'MAG' }), { at })).toEqual([]);
    expect(workshop.availableActions(orderIn('WaitingForPreparation', { fulfilledByMarketplace: true }), { at })).toEqual([]);
    expect(workshop.availableActions(orderIn('PreparationInProgress'), { at })).toEqual(['SHIP']);
    expect(workshop.availableActions(orderIn('Delivered'), { at })).toEqual(['REFUND']);
    expect(workshop.availableActions(orderIn('Cancelled'), { at })).toEqual([]);
    expectTypeOf(workshop.availableActions(orderIn('Delivered'), { at })).toEqualTypeOf<('START_PREPARATION' | 'SHIP' | 'REFUND')[]>();
  });

  it('starts a fulfilment order in its fulfilledInitial status', () => {
    const order = workshop.createOrder({ orderId: 'W-2', marketplace: 'cdiscount', fulfilledByMarketplace: true, createdAt: CREATED });
    expect(order.status).toBe('Shipped');
  });

  it('applies a marketplace report of a status no transition reaches as an anomaly, or refuses it by policy', () => {
    const order = orderIn('Shipped');
    const report = { type: 'MARKETPLACE_STATUS_CHANGED', at: AT, status: 'Lost' } as const;
    const applied = workshop.dispatch(order, report);
    expect(applied).toMatchObject({ ok: true, status: 'Lost', anomaly: 'UNREACHABLE_STATUS' });
    expect(codes(workshop.explain(order, report, { unreachableStatus: 'refuse' }))).toEqual(['NOT_ALLOWED_IN_STATUS']);
    // A report of a status not in this lifecycle is malformed.
    // @ts-expect-error: Teleported is no status of the workshop lifecycle.
    const bad = workshop.explain(order, { type: 'MARKETPLACE_STATUS_CHANGED', at: AT, status: 'Teleported' });
    expect(bad[0]).toMatchObject({ code: 'INVALID_EVENT', fields: ['status'] });
  });
});

// ---------------------------------------------------------------------------------------------------------
// The XState machine, against the engine, on every path the graph walker finds
// ---------------------------------------------------------------------------------------------------------

type Machine = typeof workshop.machine;
type MachineSnapshot = ReturnType<Machine['transition']>;
type WalkerEvent = Parameters<Machine['transition']>[1];

const FIRST_REPORT = '2024-03-01T12:00:00.000Z';

/** The events given to the walker: each type with its example payload, and refused variants of them. */
function walkerEvents(): WorkshopEvent[] {
  const catalogue: EventCatalogue = workshop.definition.events;
  // Each example, checked (and typed) by the lifecycle's own event schema.
  const examples = Object.entries(catalogue).map(([type, definition]) => workshop.eventSchema.parse({ type, at: AT, ...definition.example }));
  const refused: WorkshopEvent[] = [
    { type: 'START_PREPARATION', at: AT, station: 'closed:Lyon-1' }, // our own rule
    { type: 'START_PREPARATION', at: INSIDE, station: 'Lyon-2' }, // maintenance, when a calendar is given
    { type: 'START_PREPARATION', at: AT, station: '' }, // malformed
    { type: 'SHIP', at: AT }, // no tracking for a tracked delivery
    { type: 'REFUND', at: AT, amount: -1 }, // malformed
  ];
  // Reports of every status, at two instants: fresh jumps, same-instant repeats, stale ones, anomalies.
  const reports = workshop.statuses.flatMap((status): WorkshopEvent[] => [
    { type: 'MARKETPLACE_STATUS_CHANGED', at: FIRST_REPORT, status },
    { type: 'MARKETPLACE_STATUS_CHANGED', at: '2024-03-01T11:00:00.000Z', status, carrier: 'UPS', trackingNumber: '1Z9' },
  ]);
  return [...examples, ...refused, ...reports];
}

/** What the engine and XState must agree on: the snapshot's status, value and context, as JSON. */
const view = (snapshot: { status: string; value: unknown; context: unknown }): unknown =>
  JSON.parse(JSON.stringify({ status: snapshot.status, value: snapshot.value, context: snapshot.context }));

const SETUPS: readonly { name: string; deliveryMode: string; fulfilledByMarketplace: boolean; options: DispatchOptions }[] = [
  { name: 'tracked delivery, no options', deliveryMode: 'TRK', fulfilledByMarketplace: false, options: {} },
  {
    name: 'tracked delivery, calendar, unreachable reports refused',
    deliveryMode: 'TRK',
    fulfilledByMarketplace: false,
    options: { calendar, unreachableStatus: 'refuse' },
  },
  { name: 'in-store delivery (our rule refuses the preparation)', deliveryMode: 'MAG', fulfilledByMarketplace: false, options: {} },
  { name: 'untracked delivery, fulfilment order', deliveryMode: 'STD', fulfilledByMarketplace: true, options: { calendar } },
];

describe('the XState machine of a lifecycle of our own agrees with dispatch (xstate/graph paths)', () => {
  for (const setup of SETUPS) {
    describe(setup.name, () => {
      const machine: Machine = Object.keys(setup.options).length === 0 ? workshop.machine : workshop.createMachine(setup.options);
      const input = {
        orderId: 'W-G',
        marketplace: 'cdiscount',
        channel: 'lengow',
        deliveryMode: setup.deliveryMode,
        fulfilledByMarketplace: setup.fulfilledByMarketplace,
      };
      const events = walkerEvents();
      // REFUND appends a refund each time: without a bound the walker would never run out of new contexts.
      const filterEvents = (snapshot: MachineSnapshot, event: WalkerEvent) => !(event.type === 'REFUND' && snapshot.context.refunds.length > 0);
      const traversal = { events: events as WalkerEvent[], input, filterEvents };

      /**
       * Replays a walker path through dispatch and XState's pure transition(), comparing them step by step,
       * then tries every event at its end (once per distinct end: many simple paths share one).
       */
      const triedAtEnd = new Set<string>();
      function checkPath(steps: readonly { event: { type: string } }[], end: MachineSnapshot) {
        // The machine starts every order in `initial`; createOrder would start a fulfilment one elsewhere.
        let order = workshop.createOrder({ ...input, createdAt: CREATED, status: workshop.initial });
        let [snapshot] = initialTransition(machine, input);
        expect(view(workshop.toSnapshot(order))).toEqual(view(snapshot));
        const replayed: string[] = [];
        for (const { event } of steps) {
          if (event.type === 'xstate.init') continue;
          const step = event as WorkshopEvent;
          replayed.push(`${order.status} + ${JSON.stringify(step)}`);
          const where = replayed.join(' -> ');
          const result = workshop.dispatch(order, step, setup.options);
          [snapshot] = transition(machine, snapshot, step);
          // Every step of a walker path moves XState somewhere new: the engine must have applied it too.
          expect(result.ok && result.changed, where).toBe(true);
          order = result.order;
          expect(view(workshop.toSnapshot(order)), where).toEqual(view(snapshot));
        }
        expect(view(snapshot)).toEqual(view(end));
        const key = JSON.stringify(view(snapshot));
        if (triedAtEnd.has(key)) return;
        triedAtEnd.add(key);

        const final = workshop.finalStatuses.includes(order.status);
        for (const event of events) {
          const where = `${replayed.join(' -> ')} then ${order.status} + ${JSON.stringify(event)}`;
          const result = workshop.dispatch(order, event, setup.options);
          const [next] = transition(machine, snapshot, event);
          const blockers = workshop.explain(order, event, setup.options);
          if (final) {
            // A final status is done for XState: nothing moves it and `can()` is false. The engine still hears
            // the marketplace, the source of truth: a report there is a duplicate or an anomaly it applies.
            expect(snapshot.can(event), where).toBe(false);
            expect(next, where).toBe(snapshot);
            if (result.ok && result.changed) {
              expect(event.type, where).toBe('MARKETPLACE_STATUS_CHANGED');
              expect(result.anomaly, where).toBe('UNREACHABLE_STATUS');
            } else {
              expect(view(workshop.toSnapshot(result.order)), where).toEqual(view(snapshot));
            }
            continue;
          }
          expect(view(workshop.toSnapshot(result.order)), where).toEqual(view(next));
          expect(snapshot.can(event), where).toBe(blockers.length === 0);
          expect(result.ok ? [] : result.blockers, where).toEqual(blockers);
        }
      }

      it('on every shortest path (getShortestPaths)', { timeout: 60_000 }, () => {
        const paths = getShortestPaths(machine, traversal);
        expect(paths.length).toBeGreaterThan(workshop.statuses.length);
        for (const path of paths) checkPath(path.steps, path.state);
        expect(triedAtEnd.size).toBe(paths.length);
        const reached = new Set(paths.map((p) => p.state.value));
        if (setup.deliveryMode === 'TRK' && !setup.fulfilledByMarketplace) {
          // Through its own events and the marketplace's reports: Lost only through a report, applied as an
          // anomaly unless the policy refuses such reports.
          const expected = setup.options.unreachableStatus === 'refuse' ? workshop.statuses.filter((s) => s !== 'Lost') : workshop.statuses;
          expect([...reached].sort()).toEqual([...expected].sort());
        }
        if (setup.deliveryMode === 'MAG') {
          // Our rule refuses the preparation: only a marketplace report moves the order past it.
          const viaOwnEvents = paths.filter((p) => p.steps.every((s) => s.event.type !== 'MARKETPLACE_STATUS_CHANGED'));
          expect(new Set(viaOwnEvents.map((p) => p.state.value))).toEqual(new Set(['WaitingForPreparation', 'Cancelled']));
        }
      });

      it('on every simple path (getSimplePaths)', { timeout: 60_000 }, () => {
        // Every simple path multiplies fast with reports: one report per status here (the shortest paths above
        // walk the other instant and the tracking variant too).
        const fewerReports = events.filter((e) => e.type !== 'MARKETPLACE_STATUS_CHANGED' || (e.at === FIRST_REPORT && !e.carrier));
        const paths = getSimplePaths(machine, { ...traversal, events: fewerReports as WalkerEvent[] });
        expect(paths.length).toBeGreaterThan(0);
        for (const path of paths) checkPath(path.steps, path.state);
      });
    });
  }
});

// ---------------------------------------------------------------------------------------------------------
// The diagram
// ---------------------------------------------------------------------------------------------------------

describe('toMermaid of a lifecycle of our own', () => {
  // Labels and names read on one line: `SHIP [canShip]`, not `SHIP<br>[canShip]`.
  const diagram = unwrapLabels(workshop.toMermaid());
  const lines = diagram.split('\n');

  it('draws the new status, its guarded edge, facts, refunds as self-loops and final statuses', () => {
    expect(lines[0]).toBe('stateDiagram-v2');
    expect(lines).toContain('  [*] --> WaitingForPreparation');
    expect(lines).toContain('  WaitingForPreparation --> PreparationInProgress : START_PREPARATION [canStartPreparation]');
    expect(lines).toContain('  PreparationInProgress --> Shipped : SHIP [canShip]');
    expect(lines).toContain('  WaitingForPreparation --> Cancelled : CUSTOMER_CANCELLED');
    expect(lines).toContain('  Shipped --> Delivered : DELIVERED');
    expect(lines).toContain('  Delivered --> Delivered : REFUND [canRefund]');
    expect(lines).toContain('  class Cancelled,Lost final');
    // Nothing leads to Lost but the marketplace's reports, which are not drawn by default.
    expect(lines.some((line) => / --> Lost /.test(line))).toBe(false);
  });

  it('draws the marketplace reports, labels and actions on request, and highlights an order', () => {
    const full = unwrapLabels(
      workshop.toMermaid({ marketplaceReports: true, labels: true, actions: true, highlight: orderIn('PreparationInProgress') }),
    ).split('\n');
    expect(full).toContain('  PreparationInProgress --> Shipped : SHIP [canShip] / recordShipment');
    expect(full).toContain('  WaitingForPreparation --> PreparationInProgress : MARKETPLACE_STATUS_CHANGED [isFreshReportOf]');
    expect(full.indexOf('  PreparationInProgress : Preparation in progress')).toBe(
      full.indexOf('  PreparationInProgress : PreparationInProgress') + 1,
    );
    expect(full).toContain('  class PreparationInProgress current');
  });
});

// ---------------------------------------------------------------------------------------------------------
// The testing kit
// ---------------------------------------------------------------------------------------------------------

describe('the testing kit on a lifecycle of our own', () => {
  const paths = shortestPathsToEveryStatus(workshop);
  // The kit types its paths as the Cdiscount lifecycle's (`status: OrderStatus`, `events: OrderEventInput[]`)
  // whatever lifecycle it walks: read a path's status as a plain string here.
  const statusOf = (path: { readonly status: string }): string => path.status;

  it('reaches every status the lifecycle’s own events reach, in definition order', () => {
    const reachable = workshop.statuses.filter((s) => s === workshop.initial || workshop.reachableFrom(workshop.initial).includes(s));
    expect(paths.map((p) => p.status)).toEqual(reachable);
    expect(reachable).toEqual(['WaitingForPreparation', 'PreparationInProgress', 'Shipped', 'Delivered', 'Cancelled']);
    expect(paths.map((p) => p.status)).toEqual(workshop.shortestRoutes().map((r) => r.status));
    // Only a marketplace report reaches Lost: no path of the kit does.
    expect(paths.some((p) => statusOf(p) === 'Lost')).toBe(false);
  });

  it('gives journeys with the example payloads, which dispatch drives to their status', () => {
    const prepared = paths.find((p) => statusOf(p) === 'PreparationInProgress');
    expect(prepared?.events).toEqual([{ type: 'START_PREPARATION', at: '2024-02-22T09:00:00.000Z', station: 'Lyon-2' }]);
    for (const path of paths) {
      let order = workshop.createOrder({
        orderId: 'W-K',
        marketplace: 'cdiscount',
        channel: 'lengow',
        deliveryMode: path.deliveryMode,
        createdAt: '2024-02-21T18:00:00.000Z',
      });
      for (const given of path.events) {
        // The kit types its events as the Cdiscount lifecycle's: the workshop's schema checks (and types) them.
        const event = workshop.eventSchema.parse(given);
        const result = workshop.dispatch(order, event);
        expect(result.ok && result.changed, `${path.status}: ${JSON.stringify(given)}`).toBe(true);
        order = result.order;
      }
      expect(order.status).toBe(path.status);
      expect(path.events.length).toBe(workshop.shortestRoutes().find((r) => r.status === path.status)?.events.length);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
// Adding a status to the built-in lifecycle: one edit of its definition
// ---------------------------------------------------------------------------------------------------------

describe('the Cdiscount lifecycle with a status added', () => {
  const waiting = cdiscountDefinition.states.WaitingForShipmentAcceptation;
  const withPreparation = defineLifecycle({
    ...cdiscountDefinition,
    id: 'cdiscount-with-preparation',
    events: {
      ...cdiscountDefinition.events,
      START_PREPARATION: { source: 'seller', payload: z.object({ station: z.string().min(1) }), example: { station: 'Lyon-2' } },
    },
    rules: { isStationOpen },
    guards: { ...cdiscountDefinition.guards, canStartPreparation: ['isSellerManaged', 'isOutsideMaintenance', 'isStationOpen'] },
    states: {
      ...cdiscountDefinition.states,
      WaitingForShipmentAcceptation: {
        ...waiting,
        on: {
          ...waiting.on,
          START_PREPARATION: { target: 'PreparationInProgress', guard: 'canStartPreparation', description: 'Seller: starts the preparation.' },
        },
      },
      PreparationInProgress: {
        description: 'Being prepared; then shipped as from WaitingForShipmentAcceptation.',
        tags: ['sellerActionable'],
        on: { SHIP: waiting.on.SHIP, CANCELLATION_REQUESTED: waiting.on.CANCELLATION_REQUESTED },
      },
    },
  });

  it('takes the new step between the waiting status and the shipment, everything else unchanged', () => {
    let order = withPreparation.createOrder({
      orderId: 'CD-P',
      marketplace: 'cdiscount',
      deliveryMode: 'TRK',
      createdAt: CREATED,
      status: 'WaitingForShipmentAcceptation',
    });
    expect(withPreparation.availableActions(order, { at: AT })).toContain('START_PREPARATION');
    const closed = withPreparation.dispatch(order, { type: 'START_PREPARATION', at: AT, station: 'closed:Lyon-1' });
    expect(codes(closed.blockers)).toEqual(['INVALID_ARGUMENT']);
    order = withPreparation.dispatch(order, { type: 'START_PREPARATION', at: AT, station: 'Lyon-2' }).order;
    expect(order.status).toBe('PreparationInProgress');
    const shipped = withPreparation.dispatch(order, { type: 'SHIP', at: AT, carrier: 'UPS', trackingNumber: '1Z' });
    expect(shipped).toMatchObject({ ok: true, status: 'ShippedBySeller' });
    expect(withPreparation.statuses).toHaveLength(cdiscountLifecycle.statuses.length + 1);
    expect(unwrapLabels(withPreparation.toMermaid())).toContain(
      'WaitingForShipmentAcceptation --> PreparationInProgress : START_PREPARATION [canStartPreparation]',
    );
    expect(shortestPathsToEveryStatus(withPreparation).map((p) => p.status)).toContain('PreparationInProgress');
    // The built-in lifecycle is untouched.
    expect(cdiscountLifecycle.statuses).not.toContain('PreparationInProgress');
  });
});

// ---------------------------------------------------------------------------------------------------------
// Bad definitions fail at definition time, naming the field
// ---------------------------------------------------------------------------------------------------------

/** What `defineLifecycle` throws for a definition, as a caller building one at run time (from JSON) hands it. */
function definitionError(definition: unknown): OrderMachineError {
  try {
    defineLifecycle(definition as LifecycleDefinition);
  } catch (error) {
    if (isOrderMachineError(error)) return error;
    throw error;
  }
  throw new Error('defineLifecycle accepted a bad definition');
}

describe('defineLifecycle refuses a bad definition with INVALID_INPUT naming the field', () => {
  const base = workshop.definition;
  const waiting = base.states.WaitingForPreparation;
  const withWaitingOn = (on: object) => ({
    ...base,
    states: { ...base.states, WaitingForPreparation: { ...waiting, on: { ...waiting.on, ...on } } },
  });
  const prepare = { target: 'PreparationInProgress', guard: 'canStartPreparation', description: 'Seller: starts the preparation.' };

  const cases: readonly { name: string; definition: unknown; path: readonly PropertyKey[]; mentions: string }[] = [
    {
      name: 'a transition to an unknown status',
      definition: withWaitingOn({ START_PREPARATION: { ...prepare, target: 'Packing' } }),
      path: ['states', 'WaitingForPreparation', 'on', 'START_PREPARATION', 0, 'target'],
      mentions: 'Packing',
    },
    {
      name: 'an unknown guard',
      definition: withWaitingOn({ START_PREPARATION: { ...prepare, guard: 'canPrepare' } }),
      path: ['states', 'WaitingForPreparation', 'on', 'START_PREPARATION', 0, 'guard'],
      mentions: 'canPrepare',
    },
    {
      name: 'an unknown rule in a guard',
      definition: { ...base, guards: { ...base.guards, canStartPreparation: ['isSellerManaged', 'isStationOpen', 'isStationStaffed'] } },
      path: ['guards', 'canStartPreparation', 2],
      mentions: 'isStationStaffed',
    },
    {
      name: 'an unknown action',
      definition: withWaitingOn({ START_PREPARATION: { ...prepare, actions: ['recordStation'] } }),
      path: ['states', 'WaitingForPreparation', 'on', 'START_PREPARATION', 0, 'actions', 0],
      mentions: 'recordStation',
    },
    {
      name: 'a transition on an event type not in the catalogue',
      definition: withWaitingOn({ START_PACKING: { target: 'PreparationInProgress', description: 'Packing.' } }),
      path: ['states', 'WaitingForPreparation', 'on', 'START_PACKING'],
      mentions: 'START_PACKING',
    },
    {
      name: 'an event without a payload schema',
      definition: { ...base, events: { ...base.events, START_PREPARATION: { source: 'seller', example: { station: 'Lyon-2' } } } },
      path: ['events', 'START_PREPARATION', 'payload'],
      mentions: 'zod',
    },
    {
      name: 'a final status with transitions',
      definition: {
        ...base,
        states: {
          ...base.states,
          Cancelled: { type: 'final', description: 'Cancelled.', on: { CUSTOMER_CANCELLED: { target: 'Lost', description: 'Lost.' } } },
        },
      },
      path: ['states', 'Cancelled', 'on'],
      mentions: 'final',
    },
    {
      name: 'an initial status that is not a status',
      definition: { ...base, initial: 'WaitingForPacking' },
      path: ['initial'],
      mentions: 'WaitingForPacking',
    },
    {
      // Found in review: an inherited name was found in tables where nothing was defined.
      name: 'an event type named like what every object inherits',
      definition: { ...base, events: { ...base.events, toString: { source: 'seller', payload: z.object({}) } } },
      path: ['events', 'toString'],
      mentions: 'inherit',
    },
    {
      // Found in review: the machine builder's own names silently replaced the definition's.
      name: 'a guard named like one the machine builder adds',
      definition: { ...base, guards: { ...base.guards, isKnownReport: ['isSellerManaged'] } },
      path: ['guards', 'isKnownReport'],
      mentions: 'machine builder',
    },
    {
      name: 'an action named like one the machine builder adds',
      definition: { ...base, actions: { acknowledgeEvent: (context: object) => context } },
      path: ['actions', 'acknowledgeEvent'],
      mentions: 'machine builder',
    },
  ];

  it.each(cases)('$name', ({ definition, path, mentions }) => {
    const error = definitionError(definition);
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.issues[0]?.path).toEqual(path);
    // That field alone: the rest of the definition is fine.
    expect(error.issues.map((issue) => issue.path)).toEqual([path]);
    expect(error.issues[0]?.message).toContain(mentions);
    expect(error.message).toContain(String(path[0]));
  });

  it('accepts the unchanged definition, so each case above fails for its own edit only', () => {
    expect(() => defineLifecycle(base)).not.toThrow();
    expect(() => defineLifecycle({ ...base })).not.toThrow();
  });
});

describe('actions of our own that change the order', () => {
  // Found in review: a custom action that marks the order fulfilled was dropped by dispatch, kept by the actor.
  const marking = defineLifecycle({
    id: 'marking',
    description: 'An order the marketplace may take over.',
    initial: 'Open',
    events: {
      TAKE_OVER: { source: 'marketplace', payload: z.object({}) },
      CLOSE: { source: 'seller', payload: z.object({}) },
    },
    guards: { canClose: ['isSellerManaged'] },
    actions: { markFulfilled: (context) => ({ ...context, fulfilledByMarketplace: true }) },
    states: {
      Open: {
        description: 'Open.',
        on: {
          TAKE_OVER: { actions: 'markFulfilled', description: 'Marketplace: takes the order over.' },
          CLOSE: { target: 'Closed', guard: 'canClose', description: 'Seller: closes.' },
        },
      },
      Closed: { description: 'Closed.', type: 'final' },
    },
  });

  it('keeps what the action records, in dispatch and in the machine alike', () => {
    const order = marking.createOrder({ orderId: 'M-1', marketplace: 'shop', createdAt: CREATED });
    const taken = marking.dispatch(order, { type: 'TAKE_OVER', at: '2024-03-01T10:00:00Z' });
    expect(taken.order.fulfilledByMarketplace).toBe(true);
    expect(marking.explain(taken.order, { type: 'CLOSE', at: '2024-03-01T11:00:00Z' }).map((b) => b.code)).toEqual(['FULFILLED_BY_MARKETPLACE']);
    const snapshot = marking.toSnapshot(order);
    const actor = createActor(marking.machine, { snapshot, input: snapshot.context }).start();
    actor.send({ type: 'TAKE_OVER', at: '2024-03-01T10:00:00Z' });
    expect(actor.getSnapshot().context.fulfilledByMarketplace).toBe(true);
    expect(actor.getSnapshot().can({ type: 'CLOSE', at: '2024-03-01T11:00:00Z' })).toBe(false);
    actor.stop();
  });
});
