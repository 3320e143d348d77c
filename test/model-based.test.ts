/**
 * Model-based tests: XState's own graph tools (`xstate/graph`) walk the order machine, and every path they
 * generate is replayed through `dispatch`, which must follow it step by step. Coverage is computed from the
 * machine's definition, so a new state or transition that no generated path takes fails here.
 */
import { describe, expect, it } from 'vitest';
import type { AnyStateMachine, SnapshotFrom } from 'xstate';
import { getAdjacencyMap, getShortestPaths, getSimplePaths, type StatePath } from 'xstate/graph';
import {
  ACTION_VERDICTS,
  FINAL_STATUSES,
  ORDER_EVENT_TYPES,
  ORDER_STATUSES,
  SELLER_ACTIONS,
  cdiscountDefinition,
  createOrder,
  createOrderMachine,
  dispatch,
  type CreateOrderInput,
  type OrderEventInput,
  type OrderRecord,
  type OrderStatus,
  type SellerActionType,
  toSnapshot,
} from 'order-status-machine';

/*
 * The graph walks use the policy that refuses a marketplace report of a status the lifecycle cannot reach:
 * with the default policy every report edge is open (an anomaly) and the statuses form a complete graph,
 * whose simple paths cannot be enumerated. Those anomaly edges are checked one by one below.
 */
const POLICY = { unreachableStatus: 'refuse' } as const;
const machine = createOrderMachine(POLICY);
type OrderSnapshotX = SnapshotFrom<typeof machine>;
type Path = StatePath<OrderSnapshotX, OrderEventInput>;
type TransitionDefinition = ReturnType<AnyStateMachine['getTransitionData']>[number];
type Edge = { event: OrderEventInput; state: OrderSnapshotX };
/** The edges leaving one state of an adjacency map (keyed by serialized event). */
const edgesOf = (transitions: object) => Object.values(transitions) as Edge[];

const AT = '2024-03-04T10:00:00.000Z';
const isVerdict = (type: string) => (ACTION_VERDICTS as readonly string[]).includes(type);

/** An order at `to` after the seller's step from `only` (or from any status), the step pending there. */
function sellerStepInto(to: OrderStatus, only?: OrderStatus): { order: OrderRecord; action: SellerActionType } {
  for (const from of only ? [only] : ORDER_STATUSES) {
    for (const [type, transition] of Object.entries((cdiscountDefinition.states[from] as { on?: object }).on ?? {})) {
      const target = (transition as { target?: OrderStatus }).target ?? from;
      if (target !== to || !(SELLER_ACTIONS as readonly string[]).includes(type)) continue;
      const payload = type === 'SHIP' ? { carrier: 'Colissimo', trackingNumber: '6A123' } : type === 'REFUND' ? { amount: 5 } : {};
      const result = dispatch(createOrder({ ...STARTS.newOrder, status: from }), { type, at: AT, ...payload } as OrderEventInput, POLICY);
      expect(result.order.context.pendingAction?.type, `${type} from ${from}`).toBe(type);
      return { order: result.order, action: type as SellerActionType };
    }
  }
  throw new Error(`no seller step into ${to}${only ? ` from ${only}` : ''}`);
}

/**
 * One valid event of every type, with a payload every guard accepts (carrier + tracking for SHIP), and one
 * marketplace report per status: the alphabet the graph tools explore.
 */
const EVENTS: OrderEventInput[] = [
  // Verdicts on pending seller actions depend on the action pending, not the status: covered on their own below.
  ...ORDER_EVENT_TYPES.filter((type) => type !== 'MARKETPLACE_STATUS_CHANGED' && !isVerdict(type)).map(
    (type) =>
      (type === 'SHIP'
        ? { type, at: AT, carrier: 'Colissimo', trackingNumber: '6A123' }
        : type === 'REFUND'
          ? { type, at: AT, amount: 5 }
          : { type, at: AT }) as OrderEventInput,
  ),
  ...ORDER_STATUSES.map((status): OrderEventInput => ({ type: 'MARKETPLACE_STATUS_CHANGED', at: AT, status })),
];

/** The documented starting points: a new order, and an order shipped by the marketplace (fulfilment). */
const STARTS = {
  // A store delivery mode so that MAKE_AVAILABLE_IN_STORE is allowed; SHIP carries its tracking anyway.
  newOrder: { orderId: 'MB-1', marketplace: 'cdiscount', deliveryMode: 'MAG', createdAt: '2024-03-04T09:00:00Z' },
  fulfilment: {
    orderId: 'MB-2',
    marketplace: 'cdiscount',
    fulfilledByMarketplace: true,
    createdAt: '2024-03-04T09:00:00Z',
  },
} satisfies Record<string, CreateOrderInput>;

function startOf(input: CreateOrderInput): { order: OrderRecord; snapshot: OrderSnapshotX } {
  const order = createOrder(input);
  return { order, snapshot: machine.resolveState({ value: order.status, context: toSnapshot(order).context }) };
}

// States are told apart by status: the contexts reached differ only in recorded facts.
const traversal = (fromState: OrderSnapshotX) => ({
  fromState,
  events: EVENTS,
  serializeState: (snapshot: OrderSnapshotX) => String(snapshot.value),
});

const guardOf = (definition: TransitionDefinition) => (definition.guard as { type?: string } | undefined)?.type;
/**
 * A marketplace report the order already knows: accepted, nothing changes (a targetless transition whose
 * action does nothing). It is covered like any other transition, by a path ending in such a report.
 */
const isAcknowledgement = (definition: TransitionDefinition) => ['isKnownReport', 'isKnownVerdict'].includes(guardOf(definition) ?? '');
/** An anomaly: a report of a status the lifecycle does not reach from here (never taken under POLICY). */
const isAnomaly = (definition: TransitionDefinition) => guardOf(definition) === 'isUnexpectedReportOf';
const movesOrRecords = (snapshot: OrderSnapshotX, event: OrderEventInput) =>
  machine.getTransitionData(snapshot, event).filter((d) => !isAcknowledgement(d));

/**
 * A step of an order's lines (issue 15): only an order with lines takes one, so no path from a new order
 * without lines does; test/order-lines.test.ts takes each kind, and test/differential.test.ts holds the
 * machine to dispatch on orders with lines.
 */
const LINE_GUARDS = ['isLineStepOf', 'isSettledReportOf', 'isSettledVerdictOf', 'isSettledTo'];
const isLineStep = (definition: TransitionDefinition) => LINE_GUARDS.includes(guardOf(definition) ?? '');

/** A readable, unique name for one transition definition of the machine. */
function nameOf(definition: TransitionDefinition): string {
  const guard = definition.guard as { type?: string; params?: { to?: string } } | string | undefined;
  const reported =
    typeof guard === 'object' && (definition.eventType === 'MARKETPLACE_STATUS_CHANGED' || isVerdict(definition.eventType))
      ? `(${guard.type} ${guard.params?.to ?? ''})`
      : '';
  // A line step (an order with lines) is told apart from the transition the definition names for the event.
  const lines = isLineStep(definition) ? '(lines)' : '';
  const target = definition.target?.[0]?.key ?? '(stays)';
  return `${definition.source.key} --${definition.eventType}${reported}${lines}--> ${target}`;
}

/** Every transition the machine defines, read from its state nodes (including generated reports). */
function definedTransitions(): Map<string, TransitionDefinition> {
  const out = new Map<string, TransitionDefinition>();
  for (const node of Object.values(machine.root.states)) {
    for (const definitions of node.transitions.values()) {
      for (const definition of definitions) {
        const name = nameOf(definition);
        // Two definitions with the same name could not be told apart by coverage.
        expect(out.has(name), `duplicate transition ${name}`).toBe(false);
        out.set(name, definition);
      }
    }
  }
  return out;
}

/** The transitions XState itself selects along a path (steps[0] is the starting state). */
function transitionsTaken(path: Path): TransitionDefinition[] {
  const taken: TransitionDefinition[] = [];
  for (let i = 1; i < path.steps.length; i++) {
    const before = path.steps[i - 1]!.state;
    taken.push(...machine.getTransitionData(before, path.steps[i]!.event));
  }
  return taken;
}

/**
 * A transition tour generated from the graph: for every edge of the adjacency map where XState takes a
 * transition, the shortest path to its source state followed by that edge. Simple paths never contain
 * self-loops (REFUND, the `*` rejections) or edges back to an earlier state (DECLINE_CANCELLATION); this
 * tour does. Each status contributes one rejection edge (the first event it refuses), enough to cover it.
 */
function transitionTour(fromState: OrderSnapshotX): Path[] {
  const options = traversal(fromState);
  const shortest = new Map(getShortestPaths(machine, options).map((p) => [String(p.state.value), p]));
  const tour: Path[] = [];
  for (const { state, transitions } of Object.values(getAdjacencyMap(machine, options))) {
    const head = shortest.get(String(state.value))!;
    let rejectionCovered = false;
    for (const { event, state: next } of edgesOf(transitions)) {
      const taken = machine.getTransitionData(state, event);
      if (taken.length === 0) continue;
      if (taken.every(isAcknowledgement)) {
        if (rejectionCovered) continue;
        rejectionCovered = true;
      }
      tour.push({ state: next, steps: [...head.steps, { event, state: next }], weight: head.weight + 1 });
    }
  }
  return tour;
}

/**
 * Replays a generated path through `dispatch`: a step XState takes through the lifecycle must be accepted,
 * a step it answers with its `*` rejection must be refused (or be a duplicate), and both land where XState did.
 */
function replayThroughDispatch(start: OrderRecord, path: Path): void {
  let order = start;
  for (let i = 1; i < path.steps.length; i++) {
    const { event, state } = path.steps[i]!;
    const result = dispatch(order, event, POLICY);
    const where = `${order.status} + ${event.type}${'status' in event ? `(${event.status})` : ''}`;
    const accepted = movesOrRecords(path.steps[i - 1]!.state, event).length > 0;
    if (accepted) expect(result.ok && result.changed, `${where}: ${JSON.stringify(result.blockers)}`).toBe(true);
    else expect(result.changed, where).toBe(false);
    expect(result.status, where).toBe(state.value);
    expect(toSnapshot(result.order).value, where).toBe(state.value);
    order = result.order;
  }
}

describe('the order machine as a graph (xstate/graph)', () => {
  const fromNew = startOf(STARTS.newOrder);
  const fromFulfilment = startOf(STARTS.fulfilment);

  it('starts a new order in WaitingForSellerAcceptation and a fulfilment order in Shipped', () => {
    expect(fromNew.order.status).toBe('WaitingForSellerAcceptation');
    expect(fromFulfilment.order.status).toBe('Shipped');
  });

  it('reaches every status from a new order, with a shortest path dispatch follows', () => {
    const paths = getShortestPaths(machine, traversal(fromNew.snapshot));
    const reached = paths.map((p) => String(p.state.value)).sort();
    expect(reached).toEqual([...ORDER_STATUSES].sort());
    for (const path of paths) replayThroughDispatch(fromNew.order, path);
  });

  it('keeps a fulfilment order in Shipped: no seller action and no lifecycle event leads anywhere', () => {
    // The marketplace may still report another status: an anomaly, refused under POLICY (see below for the
    // default policy, under which dispatch and the machine both apply it).
    const paths = getShortestPaths(machine, traversal(fromFulfilment.snapshot));
    expect(paths.map((p) => p.state.value)).toEqual(['Shipped']);
    for (const event of EVENTS) {
      // Every event is refused (or a report of the status it is in, acknowledged).
      expect(movesOrRecords(fromFulfilment.snapshot, event), event.type).toEqual([]);
      expect(dispatch(fromFulfilment.order, event, POLICY).changed, event.type).toBe(false);
    }
  });

  it('never leaves a final status through any event of the lifecycle', () => {
    const adjacency = getAdjacencyMap(machine, traversal(fromNew.snapshot));
    const finals = new Set<string>(FINAL_STATUSES);
    let checked = 0;
    for (const { state, transitions } of Object.values(adjacency)) {
      if (!finals.has(String(state.value))) continue;
      expect(state.status).toBe('done');
      for (const { state: next } of edgesOf(transitions)) expect(next.value).toBe(state.value);
      checked++;
    }
    expect(checked).toBe(FINAL_STATUSES.length);
  });

  it('follows every simple path from a new order through dispatch, step by step', () => {
    const paths = getSimplePaths(machine, traversal(fromNew.snapshot));
    // Thousands of paths: the reports let the marketplace skip any number of intermediate statuses.
    expect(paths.length).toBeGreaterThan(ORDER_STATUSES.length);
    for (const path of paths) replayThroughDispatch(fromNew.order, path);
  });

  it('takes every transition of the machine at least once in a generated path that dispatch follows', () => {
    const defined = definedTransitions();
    const covered = new Set<string>();
    const paths = [...getSimplePaths(machine, traversal(fromNew.snapshot)), ...transitionTour(fromNew.snapshot)];
    for (const path of paths) for (const definition of transitionsTaken(path)) covered.add(nameOf(definition));
    for (const path of transitionTour(fromNew.snapshot)) replayThroughDispatch(fromNew.order, path);

    // Merging tracking reported with the current status depends on the context (tracking new to the order),
    // which the status-only graph cannot tell apart: one such report at the end of each shortest path.
    for (const path of getShortestPaths(machine, traversal(fromNew.snapshot))) {
      const report: OrderEventInput = {
        type: 'MARKETPLACE_STATUS_CHANGED',
        at: AT,
        status: path.state.value as OrderStatus,
        trackingNumber: 'MKP-1',
      };
      const taken = movesOrRecords(path.state, report);
      for (const definition of taken) covered.add(nameOf(definition));
      let order = fromNew.order;
      for (const step of path.steps.slice(1)) order = dispatch(order, step.event, POLICY).order;
      const merged = dispatch(order, report, POLICY);
      expect(merged.changed, String(path.state.value)).toBe(taken.length > 0);
      if (taken.length > 0) expect(merged.order.context.shipment?.trackingNumber).toBe('MKP-1');
    }

    // Verdicts on a pending seller action, and reports contradicting one, depend on the action pending, which
    // the status-only graph cannot tell apart: each is taken after the seller action it settles.
    for (const [name, definition] of defined) {
      const guard = guardOf(definition);
      if (guard !== 'isVerdictOf' && guard !== 'isKnownVerdict' && guard !== 'isRejectingReportOf') continue;
      const at = definition.source.key as OrderStatus;
      const to = (definition.guard as { params: { to?: OrderStatus } }).params.to ?? at;
      const rejects = guard === 'isRejectingReportOf' || definition.eventType === 'ACTION_REJECTED';
      const settled = guard === 'isKnownVerdict' ? undefined : sellerStepInto(at, rejects ? to : undefined);
      const order = settled ? settled.order : createOrder({ ...STARTS.newOrder, status: at });
      const later = '2024-03-05T12:00:00.000Z'; // 26 hours after AT: past the default pending timeout
      const event: OrderEventInput =
        guard === 'isRejectingReportOf'
          ? { type: 'MARKETPLACE_STATUS_CHANGED', at: later, status: to }
          : ({ type: definition.eventType, at: later, action: settled?.action ?? 'SHIP', actionId: 'L-1' } as OrderEventInput);
      const snapshot = machine.resolveState({ value: at, context: toSnapshot(order).context });
      expect(machine.getTransitionData(snapshot, event).map(nameOf), name).toEqual([name]);
      const result = dispatch(order, event, POLICY);
      expect(result.ok, name).toBe(true);
      expect(result.status, name).toBe(guard === 'isKnownVerdict' ? at : to);
      expect(toSnapshot(result.order).value, name).toBe(result.status);
      covered.add(name);
    }

    // Anomalies are closed under POLICY: each is taken under the default policy, by machine and dispatch alike.
    const open = createOrderMachine();
    for (const [name, definition] of defined) {
      if (!isAnomaly(definition)) continue;
      const from = definition.source.key as OrderStatus;
      const to = definition.target?.[0]?.key as OrderStatus;
      const order = createOrder({ ...STARTS.newOrder, status: from });
      const report: OrderEventInput = { type: 'MARKETPLACE_STATUS_CHANGED', at: AT, status: to };
      const snapshot = open.resolveState({ value: from, context: toSnapshot(order).context });
      expect(open.getTransitionData(snapshot, report).map(nameOf), name).toEqual([name]);
      expect(dispatch(order, report)).toMatchObject({ ok: true, status: to, anomaly: 'UNREACHABLE_STATUS' });
      covered.add(name);
    }

    // Computed from the definition: a transition added to the machine but never exercised shows up here.
    const uncovered = [...defined].filter(([name, definition]) => !covered.has(name) && !isLineStep(definition)).map(([name]) => name);
    expect(uncovered).toEqual([]);
    expect([...covered].filter((name) => !defined.has(name))).toEqual([]);
  });

  it('has exactly the states and transitions counted here by hand (update this when the lifecycle changes)', () => {
    /*
     * 19 states: one per status of DOMAIN.md section 1.
     * No catch-all transition: XState's `can()` answers as `explain` does.
     * 29 lifecycle transitions (DOMAIN.md section 2): WaitingForSellerAcceptation 4, AcceptedBySeller 5,
     * PaymentInProgress 4, ValidatedFianet 3, WaitingForShipmentAcceptation 5, CancellationRequestPending 2,
     * ShippedBySeller 1, Shipped 1 (REFUND), AvailableOnStore 3 (the seller's CONFIRM_PICKUP beside the
     * reported PICKED_UP, DOMAIN.md section 10), PickedUp 1 (REFUND).
     * 88 MARKETPLACE_STATUS_CHANGED transitions: 78, one per status each non-final status can reach
     * (WaitingForSellerAcceptation 18, AcceptedBySeller 14, PaymentInProgress 13, ValidatedFianet 12,
     * WaitingForShipmentAcceptation 9, CancellationRequestPending 9, ShippedBySeller 1, AvailableOnStore 2,
     * Shipped 0, PickedUp 0), and 10 that merge new tracking reported with the current status, one per
     * non-final status; 62 anomalies, one per status a non-final status neither reaches nor is reached from
     * (a status that leads to the current one is the marketplace lagging: known, acknowledged);
     * 10 acknowledgements of a report the order knows, one per non-final status; 4 reports contradicting a
     * pending seller action past its timeout, back to the status the action left (AcceptedBySeller and
     * WaitingForSellerAcceptation, ShippedBySeller and AvailableOnStore to WaitingForShipmentAcceptation,
     * PickedUp to AvailableOnStore; WaitingForShipmentAcceptation reaches CancellationRequestPending anyway):
     * 164 reports in all.
     * 39 verdicts on a pending seller action (issue 12): ACTION_SENT and ACTION_CONFIRMED, each taken in the 6
     * statuses a seller action leads into (AcceptedBySeller, ShippedBySeller, AvailableOnStore,
     * WaitingForShipmentAcceptation, Shipped, PickedUp) and acknowledged in all 10 non-final ones; ACTION_REJECTED,
     * one per seller step into a non-final status (7: ACCEPT, SHIP, MAKE_AVAILABLE_IN_STORE,
     * DECLINE_CANCELLATION, REFUND twice, CONFIRM_PICKUP).
     */
    const all = [...definedTransitions().values()];
    const defined = all.filter((t) => !isLineStep(t));
    expect(Object.keys(machine.root.states).sort()).toEqual([...ORDER_STATUSES].sort());
    /*
     * And the steps of an order's lines (issue 15), in the 10 non-final statuses: one after the transitions
     * of each event the status names (29, one per lifecycle transition
     * above: no status names an event twice) and one `*` for the events it names none for (10); one report and
     * one rejection that return an order with lines wherever its pending action started (10 and 10); the
     * verdicts ACTION_SENT and ACTION_CONFIRMED where only a line step may have left an action pending
     * (4 statuses: 8). At the root, LINES_SETTLED to each of the 19 statuses.
     */
    const lineSteps = all.filter(isLineStep);
    expect(lineSteps.filter((t) => guardOf(t) === 'isLineStepOf' && t.eventType !== '*')).toHaveLength(29);
    expect(lineSteps.filter((t) => t.eventType === '*')).toHaveLength(10);
    expect(lineSteps.filter((t) => guardOf(t) === 'isSettledReportOf')).toHaveLength(10);
    expect(lineSteps.filter((t) => guardOf(t) === 'isSettledVerdictOf' && t.eventType === 'ACTION_REJECTED')).toHaveLength(10);
    expect(lineSteps.filter((t) => guardOf(t) === 'isSettledVerdictOf' && t.eventType !== 'ACTION_REJECTED')).toHaveLength(8);
    expect(lineSteps).toHaveLength(67);
    expect(machine.root.transitions.get('LINES_SETTLED')).toHaveLength(19);
    const lifecycle = defined.filter((t) => t.eventType !== 'MARKETPLACE_STATUS_CHANGED' && !isVerdict(t.eventType));
    expect(lifecycle).toHaveLength(29);
    const reports = defined.filter((t) => t.eventType === 'MARKETPLACE_STATUS_CHANGED');
    expect(reports.filter((t) => guardOf(t) === 'isFreshReportOf')).toHaveLength(78);
    expect(reports.filter((t) => guardOf(t) === 'isTrackingReportOf')).toHaveLength(10);
    expect(reports.filter((t) => guardOf(t) === 'isRejectingReportOf')).toHaveLength(4);
    expect(reports.filter(isAnomaly)).toHaveLength(62);
    expect(reports.filter(isAcknowledgement)).toHaveLength(10);
    const verdicts = defined.filter((t) => isVerdict(t.eventType));
    expect(verdicts.filter((t) => t.eventType === 'ACTION_SENT')).toHaveLength(16);
    expect(verdicts.filter((t) => t.eventType === 'ACTION_CONFIRMED')).toHaveLength(16);
    expect(verdicts.filter((t) => t.eventType === 'ACTION_REJECTED')).toHaveLength(7);
    expect(defined).toHaveLength(232);
  });

  it('reaches from each status, through reports, exactly the statuses its lifecycle transitions reach', () => {
    // The generated MARKETPLACE_STATUS_CHANGED transitions must agree with the graph of the other events.
    const lifecycleEvents = EVENTS.filter((e) => e.type !== 'MARKETPLACE_STATUS_CHANGED');
    for (const status of ORDER_STATUSES) {
      const from = machine.resolveState({ value: status, context: fromNew.snapshot.context });
      const byLifecycle = getShortestPaths(machine, { ...traversal(from), events: lifecycleEvents })
        .map((p) => String(p.state.value))
        .filter((s) => s !== status);
      const byReports = EVENTS.filter((e) => e.type === 'MARKETPLACE_STATUS_CHANGED')
        .filter((e) => movesOrRecords(from, e).length > 0)
        .map((e) => (e as { status: OrderStatus }).status);
      expect(byReports.sort(), status).toEqual(byLifecycle.sort());
    }
  });
});
