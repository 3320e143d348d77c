import { assign, enqueueActions, setup } from 'xstate';
import type { Blocker } from './blockers.js';
import {
  contextFromInput,
  recordMarketplaceUpdate,
  recordRefund,
  recordShipment,
  type OrderContext,
  type OrderMachineInput,
} from './context.js';
import { decide } from './decision.js';
import { parseEvent, type OrderEventInput } from './events.js';
import type { LifecycleOptions } from './options.js';
import { GUARD_RULES, evaluateGuard, type GuardName, type GuardParams } from './rules.js';
import { ORDER_STATUSES, type OrderStatus } from './statuses.js';

/** Tags UIs read from a snapshot: `snapshot.hasTag('sellerActionable')`. */
export type OrderTag = 'sellerActionable' | 'final' | 'fulfilledByMarketplace';

/** The context updaters behind the machine's named actions; `dispatch` runs the same functions. */
export const CONTEXT_UPDATERS = {
  recordShipment,
  recordRefund,
  recordMarketplaceUpdate,
} as const;

/** Name of a machine action. */
export type ActionName = keyof typeof CONTEXT_UPDATERS;

type Transition = {
  target?: OrderStatus;
  guard?: GuardName | { type: GuardName; params: GuardParams };
  actions?: ActionName | { type: 'reportRejection'; params: { status: OrderStatus } };
  description: string;
};

/**
 * What an actor emits when it refuses an event, instead of ignoring it silently:
 * `actor.on('order.rejected', ({ blockers }) => ...)`. The blockers are those `explain` gives.
 */
export interface OrderRejected {
  readonly type: 'order.rejected';
  readonly status: OrderStatus;
  readonly event: unknown;
  readonly blockers: readonly Blocker[];
}
type StateConfig = {
  description: string;
  meta?: { label: string };
  type?: 'final';
  tags?: OrderTag[];
  on?: Partial<Record<string, Transition | Transition[]>>;
};

const seller = (target: OrderStatus, description: string, guard: GuardName = 'canSellerAct'): Transition => ({
  target,
  guard,
  description: `Seller: ${description}`,
});
const fact = (target: OrderStatus, description: string): Transition => ({ target, guard: 'isWellFormed', description });
const final = (description: string): StateConfig => ({ type: 'final', tags: ['final'], description });

// Facts shared by the three statuses of the payment phase, and the refund shared by the two done ones.
const fraudCheckPassed = fact('ValidatedFianet', 'Payment: the Fianet anti-fraud check passed.');
const paymentConfirmed = fact('WaitingForShipmentAcceptation', 'Payment: confirmed; the order waits for shipment.');
const paymentRefused = fact('PaymentRefused', 'Payment: refused.');
const cancelledUnpaid = fact('CancelledBeforePaymentByCustomer', 'Customer: cancels before payment.');
const refund: Transition = { guard: 'canSellerAct', actions: 'recordRefund', description: 'Seller: refunds all or part of the order.' };

/*
 * The lifecycle of DOMAIN.md section 2. Seller transitions are guarded (fulfilment, maintenance, payload);
 * facts from the marketplace, customer, payment provider and deadlines are never blocked: they happened.
 */
const LIFECYCLE: Record<OrderStatus, StateConfig> = {
  WaitingForSellerAcceptation: {
    description: 'New order: the seller accepts or refuses it.',
    tags: ['sellerActionable'],
    on: {
      ACCEPT: seller('AcceptedBySeller', 'accepts the order.'),
      REFUSE: seller('RefusedBySeller', 'refuses the order.'),
      ACCEPTANCE_DEADLINE_PASSED: fact('AutomaticCancellation', 'Deadline: the seller never answered (about 48 h).'),
      CUSTOMER_CANCELLED: fact('CancelledBeforeNotificationByCustomer', 'Customer: cancels before the seller answered.'),
    },
  },
  AcceptedBySeller: {
    description: 'Accepted: the marketplace debits the customer.',
    on: {
      PAYMENT_STARTED: fact('PaymentInProgress', 'Payment: the debit starts.'),
      FRAUD_CHECK_PASSED: fraudCheckPassed,
      PAYMENT_CONFIRMED: paymentConfirmed,
      PAYMENT_REFUSED: paymentRefused,
      CUSTOMER_CANCELLED: cancelledUnpaid,
    },
  },
  PaymentInProgress: {
    description: 'The debit is being processed.',
    on: {
      FRAUD_CHECK_PASSED: fraudCheckPassed,
      PAYMENT_CONFIRMED: paymentConfirmed,
      PAYMENT_REFUSED: paymentRefused,
      CUSTOMER_CANCELLED: cancelledUnpaid,
    },
  },
  ValidatedFianet: {
    description: 'Payment cleared by the Fianet anti-fraud check.',
    on: {
      PAYMENT_CONFIRMED: paymentConfirmed,
      PAYMENT_REFUSED: paymentRefused,
      CUSTOMER_CANCELLED: cancelledUnpaid,
    },
  },
  WaitingForShipmentAcceptation: {
    description: 'Paid: the seller ships, refuses to, or makes it ready in store.',
    tags: ['sellerActionable'],
    on: {
      SHIP: {
        ...seller('ShippedBySeller', 'declares the shipment (carrier + tracking for tracked modes).', 'canShip'),
        actions: 'recordShipment',
      },
      REFUSE_SHIPMENT: seller('ShipmentRefusedBySeller', 'refuses to ship.'),
      MAKE_AVAILABLE_IN_STORE: seller('AvailableOnStore', 'makes the order ready in store.', 'canServeInStore'),
      SHIPPING_DEADLINE_PASSED: fact('RefusedNoShipment', 'Deadline: nothing was shipped in time.'),
      CANCELLATION_REQUESTED: fact('CancellationRequestPending', 'Customer: asks to cancel; the seller answers.'),
    },
  },
  CancellationRequestPending: {
    description: 'The customer asked to cancel; the seller answers.',
    tags: ['sellerActionable'],
    on: {
      ACCEPT_CANCELLATION: seller('CancelledByCustomer', 'accepts the cancellation.'),
      DECLINE_CANCELLATION: seller('WaitingForShipmentAcceptation', 'declines the cancellation.'),
    },
  },
  ShippedBySeller: {
    description: 'The seller declared the shipment; the marketplace confirms it.',
    on: {
      SHIPMENT_CONFIRMED: fact('Shipped', 'Marketplace: confirms the shipment.'),
    },
  },
  Shipped: {
    description: 'Shipped and in transport; refunds are possible.',
    tags: ['sellerActionable'],
    on: {
      REFUND: refund,
    },
  },
  AvailableOnStore: {
    description: 'Click-and-collect order ready in store.',
    on: {
      PICKED_UP: fact('PickedUp', 'Customer: picks the order up.'),
      PICKUP_DEADLINE_PASSED: fact('NonPickedUpByCustomer', 'Deadline: never picked up.'),
    },
  },
  PickedUp: {
    description: 'Picked up in store; refunds are possible.',
    tags: ['sellerActionable'],
    on: {
      REFUND: refund,
    },
  },
  NonPickedUpByCustomer: final('Cancelled: never picked up in store.'),
  PaymentRefused: final('Cancelled: the payment was refused.'),
  AutomaticCancellation: final('Cancelled: the seller never answered.'),
  RefusedBySeller: final('Refused by the seller at acceptance.'),
  ShipmentRefusedBySeller: final('The seller refused to ship.'),
  RefusedNoShipment: final('Refused: the shipping deadline passed.'),
  CancelledBeforeNotificationByCustomer: final('Cancelled by the customer before the seller answered.'),
  CancelledBeforePaymentByCustomer: final('Cancelled by the customer before payment.'),
  CancelledByCustomer: final('Cancelled by the customer; the seller accepted.'),
};

/** Statuses reachable from each status through the lifecycle's own events (not counting itself). */
function reachability(): Record<OrderStatus, OrderStatus[]> {
  const next = (status: OrderStatus) =>
    Object.values(LIFECYCLE[status].on ?? {}).flatMap((t) => (Array.isArray(t) ? t : t ? [t] : [])).flatMap((t) => (t.target ? [t.target] : []));
  const out = {} as Record<OrderStatus, OrderStatus[]>;
  for (const from of ORDER_STATUSES) {
    const seen = new Set<OrderStatus>();
    const queue = next(from);
    while (queue.length > 0) {
      const s = queue.shift()!;
      if (seen.has(s)) continue;
      seen.add(s);
      queue.push(...next(s));
    }
    seen.delete(from);
    out[from] = ORDER_STATUSES.filter((s) => seen.has(s));
  }
  return out;
}

/** `WaitingForSellerAcceptation` -> `Waiting for seller acceptation`: the inspector's label of a status. */
const labelOf = (status: OrderStatus) => status.replace(/\B[A-Z]/g, (c) => ` ${c.toLowerCase()}`);

/**
 * Completes each status: a label, and for every non-final one `MARKETPLACE_STATUS_CHANGED` towards each
 * status it can reach, plus a last-resort `*` transition that reports any event the status refuses (XState
 * would drop it silently).
 */
function completeStates(lifecycle: Record<OrderStatus, StateConfig>): Record<OrderStatus, StateConfig> {
  const reachable = reachability();
  const out = {} as Record<OrderStatus, StateConfig>;
  for (const status of ORDER_STATUSES) {
    const state: StateConfig = { ...lifecycle[status], meta: { label: labelOf(status) } };
    out[status] =
      state.type === 'final'
        ? state
        : {
            ...state,
            on: {
              ...state.on,
              MARKETPLACE_STATUS_CHANGED: [
                ...reachable[status].map((target) => ({
                  target,
                  guard: { type: 'isFreshReportOf', params: { status: target } } as const,
                  actions: 'recordMarketplaceUpdate' as const,
                  description: `Marketplace: reports ${target}, steps between skipped.`,
                })),
                {
                  guard: { type: 'isTrackingReportOf', params: { status } },
                  actions: 'recordMarketplaceUpdate',
                  description: 'Marketplace: new carrier or tracking, same status.',
                },
              ],
              '*': {
                actions: { type: 'reportRejection', params: { status } },
                description: 'Refused here: emits order.rejected with the blockers.',
              },
            },
          };
  }
  return out;
}

/** XState guard implementations for a set of options: each guard runs its rules with those options. */
function guardImplementations(options: LifecycleOptions) {
  const guard =
    (name: GuardName) =>
    ({ context, event }: { context: OrderContext; event: OrderEventInput }, params: GuardParams | undefined) =>
      evaluateGuard(name, context, event, options, params).kind === 'pass';
  return {
    isWellFormed: guard('isWellFormed'),
    canSellerAct: guard('canSellerAct'),
    canShip: guard('canShip'),
    canServeInStore: guard('canServeInStore'),
    isFreshReportOf: guard('isFreshReportOf'),
    isTrackingReportOf: guard('isTrackingReportOf'),
  } satisfies Record<keyof typeof GUARD_RULES, unknown>;
}

/**
 * The `reportRejection` action for a set of options: the verdict `explain` gives, emitted when it refuses.
 * A report the order already knows (a duplicate) is not a refusal: nothing is emitted for it.
 */
function rejectionReporter(options: LifecycleOptions) {
  return enqueueActions<OrderContext, OrderEventInput, { status: OrderStatus }, OrderEventInput, never, never, never, never, OrderRejected>(
    ({ context, event, enqueue }, params) => {
      const parsed = parseEvent(event);
      const decision = 'blocker' in parsed ? undefined : decide({ status: params.status, context, appliedEventIds: [] }, parsed.event, options);
      const blockers = 'blocker' in parsed ? [parsed.blocker] : decision?.kind === 'refused' ? decision.blockers : [];
      if (blockers.length > 0) enqueue.emit({ type: 'order.rejected', status: params.status, event, blockers });
    },
  );
}

type Updater = (context: OrderContext, event: never) => OrderContext;
const assignWith = (update: Updater) =>
  assign<OrderContext, OrderEventInput, undefined, OrderEventInput, never>(
    ({ context, event }) => (update as (c: OrderContext, e: OrderEventInput) => OrderContext)(context, event),
  );

/**
 * The order lifecycle (XState v5): one state per {@link ORDER_STATUSES} entry, final states for every
 * cancellation and refusal, named guards and actions, descriptions everywhere. Its guards use no
 * maintenance calendar; build a configured one with {@link createOrderMachine}.
 *
 * @example
 * const actor = createActor(orderMachine, { input: { orderId: 'A1', marketplace: 'cdiscount' } }).start();
 * actor.send({ type: 'ACCEPT', at: '2024-02-21T19:30:00Z' });
 */
export const orderMachine = setup({
  types: {
    context: {} as OrderContext,
    events: {} as OrderEventInput,
    input: {} as OrderMachineInput,
    tags: {} as OrderTag,
    // `emitted` stays untyped: typing it makes the machine unusable with xstate/graph's path functions.
  },
  guards: guardImplementations({}),
  actions: {
    recordShipment: assignWith(recordShipment),
    recordRefund: assignWith(recordRefund),
    recordMarketplaceUpdate: assignWith(recordMarketplaceUpdate),
    reportRejection: rejectionReporter({}),
  },
}).createMachine({
  id: 'order',
  description: 'Marketplace order lifecycle (Cdiscount statuses as Lengow shows them).',
  context: ({ input }) => contextFromInput(input),
  initial: 'WaitingForSellerAcceptation',
  states: completeStates(LIFECYCLE) as Record<OrderStatus, {}>,
});

/** The type of {@link orderMachine} and of the machines {@link createOrderMachine} builds. */
export type OrderMachine = typeof orderMachine;

/**
 * Builds the order machine with its guards bound to a maintenance calendar and policies. The definition
 * (states, events, names) is the same as {@link orderMachine}'s.
 *
 * @example
 * const machine = createOrderMachine({ calendar: createMaintenanceCalendar(windows) });
 * const actor = createActor(machine, { input: { orderId: 'A1', marketplace: 'cdiscount' } }).start();
 */
export function createOrderMachine(options: LifecycleOptions = {}): OrderMachine {
  return orderMachine.provide({
    guards: guardImplementations(options),
    actions: { reportRejection: rejectionReporter(options) },
  });
}
