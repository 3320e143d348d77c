/**
 * The lifecycle on robot3 with plain guards: the Cdiscount transitions (src/lifecycles/cdiscount.ts), written
 * out as robot3 states, with the guards and context updates as hand-written functions (those of
 * bench/bare-reducer.ts) instead of the library's `evaluateGuard` and actions. One `interpret()` per order,
 * `send()` per event, as bench/robot3-lifecycle.ts does. Marketplace reports move the order to any status it
 * leads to (a guard per reachable status); a report of the current status or of one the order moved past is
 * ignored, as robot3 ignores any event with no transition. No validation, no idempotency ids, no audit, no
 * record: a mutable context.
 */
import { createMachine, guard, interpret, reduce, state, transition, type Machine } from 'robot3';
import type { MaintenanceCalendar, OrderEventInput, OrderRecord } from '../src/index.js';
import {
  type BareContext,
  type BareEvent,
  bareContextOf,
  refundAllowed,
  refundRecorded,
  sellerMayAct,
  shipmentRecorded,
  storeDelivery,
  trackingGiven,
} from './bare-reducer.js';
import { FINAL, REACHES as REACHES_BY_STATUS } from './switch-reducer.js';

// Read by any status name the events carry.
const REACHES: Readonly<Record<string, ReadonlySet<string>>> = REACHES_BY_STATUS;

type G = (ctx: BareContext, e: BareEvent) => boolean;
type R = (ctx: BareContext, e: BareEvent) => BareContext;

/** One robot3 machine per starting status (robot3 machines start in a fixed state). */
export function robot3PlainMachines(calendar: MaintenanceCalendar | undefined): Record<string, Machine> {
  const canAct: G = (c, e) => sellerMayAct(c, e, calendar);
  const canShip: G = (c, e) => sellerMayAct(c, e, calendar) && trackingGiven(c, e);
  const canServeInStore: G = (c, e) => sellerMayAct(c, e, calendar) && storeDelivery(c);
  const canRefund: G = (c, e) => sellerMayAct(c, e, calendar) && refundAllowed(c, e);
  const to = (type: string, target: string, g?: G, r?: R) => {
    const args = [];
    if (g) args.push(guard(g));
    if (r) args.push(reduce(r));
    return transition(type, target, ...args);
  };
  // A report of a status the order leads to: one transition per such status, guarded on the reported one.
  const reports = (from: string) => [...REACHES[from]!].map((target) => to('MARKETPLACE_STATUS_CHANGED', target, (_c, e) => e.status === target));
  const payment = (from: string) => [
    ...(from === 'AcceptedBySeller' ? [to('PAYMENT_STARTED', 'PaymentInProgress')] : []),
    ...(from !== 'ValidatedFianet' ? [to('FRAUD_CHECK_PASSED', 'ValidatedFianet')] : []),
    to('PAYMENT_CONFIRMED', 'WaitingForShipmentAcceptation'),
    to('PAYMENT_REFUSED', 'PaymentRefused'),
    to('CUSTOMER_CANCELLED', 'CancelledBeforePaymentByCustomer'),
    ...reports(from),
  ];
  const states: Record<string, ReturnType<typeof state>> = {
    WaitingForSellerAcceptation: state(
      to('ACCEPT', 'AcceptedBySeller', canAct),
      to('REFUSE', 'RefusedBySeller', canAct),
      to('ACCEPTANCE_DEADLINE_PASSED', 'AutomaticCancellation'),
      to('CUSTOMER_CANCELLED', 'CancelledBeforeNotificationByCustomer'),
      ...reports('WaitingForSellerAcceptation'),
    ),
    AcceptedBySeller: state(...payment('AcceptedBySeller')),
    PaymentInProgress: state(...payment('PaymentInProgress')),
    ValidatedFianet: state(...payment('ValidatedFianet')),
    WaitingForShipmentAcceptation: state(
      to('SHIP', 'ShippedBySeller', canShip, shipmentRecorded),
      to('REFUSE_SHIPMENT', 'ShipmentRefusedBySeller', canAct),
      to('MAKE_AVAILABLE_IN_STORE', 'AvailableOnStore', canServeInStore),
      to('SHIPPING_DEADLINE_PASSED', 'RefusedNoShipment'),
      to('CANCELLATION_REQUESTED', 'CancellationRequestPending'),
      ...reports('WaitingForShipmentAcceptation'),
    ),
    CancellationRequestPending: state(
      to('ACCEPT_CANCELLATION', 'CancelledByCustomer', canAct),
      to('DECLINE_CANCELLATION', 'WaitingForShipmentAcceptation', canAct),
      ...reports('CancellationRequestPending'),
    ),
    ShippedBySeller: state(to('SHIPMENT_CONFIRMED', 'Shipped'), ...reports('ShippedBySeller')),
    Shipped: state(to('REFUND', 'Shipped', canRefund, refundRecorded)),
    AvailableOnStore: state(
      to('CONFIRM_PICKUP', 'PickedUp', canAct),
      to('PICKED_UP', 'PickedUp'),
      to('PICKUP_DEADLINE_PASSED', 'NonPickedUpByCustomer'),
      ...reports('AvailableOnStore'),
    ),
    PickedUp: state(to('REFUND', 'PickedUp', canRefund, refundRecorded)),
  };
  for (const final of FINAL) {
    states[final] = state();
  }
  const machines: Record<string, Machine> = {};
  for (const status of Object.keys(states)) {
    machines[status] = createMachine(status, states as never, (initial: BareContext) => initial) as unknown as Machine;
  }
  return machines;
}

/** Runs an order's events through robot3 with plain guards; returns the status it ends in. */
export function runOnRobot3Plain(machines: Record<string, Machine>, order: OrderRecord, events: readonly OrderEventInput[]): string {
  const service = interpret(machines[order.status] as never, () => {}, bareContextOf(order) as never);
  for (const event of events) service.send(event as never);
  return (service as unknown as { machine: { current: string } }).machine.current;
}
