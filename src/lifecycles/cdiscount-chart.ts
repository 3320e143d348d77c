/*
 * The Cdiscount lifecycle's chart: its statuses and transitions as Lengow shows them (DOMAIN.md sections 1 and
 * 2), without the event catalogue. Imports no zod: the `/diagram` entry draws it in a browser, and
 * `cdiscountDefinition` is built from it.
 */
import type { LifecycleChart, StatusDefinition, TransitionDefinition } from '../lifecycle/chart.js';

export type Status =
  | 'WaitingForSellerAcceptation'
  | 'AcceptedBySeller'
  | 'PaymentInProgress'
  | 'ValidatedFianet'
  | 'WaitingForShipmentAcceptation'
  | 'ShippedBySeller'
  | 'Shipped'
  | 'AvailableOnStore'
  | 'PickedUp'
  | 'NonPickedUpByCustomer'
  | 'PaymentRefused'
  | 'AutomaticCancellation'
  | 'RefusedBySeller'
  | 'ShipmentRefusedBySeller'
  | 'RefusedNoShipment'
  | 'CancelledBeforeNotificationByCustomer'
  | 'CancelledBeforePaymentByCustomer'
  | 'CancellationRequestPending'
  | 'CancelledByCustomer';

export type Transition = TransitionDefinition<Status>;
// A final status, with the Lengow status it shows as: seller refusals `refused`, other cancellations `canceled`.
const final = (description: string, lengowStatus: 'refused' | 'canceled'): StatusDefinition<Status> => ({
  type: 'final',
  description,
  meta: { lengowStatus },
});

// Facts shared by the three statuses of the payment phase, and the refund shared by the two done ones.
const fraudCheckPassed: Transition = { target: 'ValidatedFianet', description: 'Payment: the Fianet anti-fraud check passed.' };
const paymentConfirmed: Transition = { target: 'WaitingForShipmentAcceptation', description: 'Payment: confirmed; the order waits for shipment.' };
const paymentRefused: Transition = { target: 'PaymentRefused', description: 'Payment: refused.' };
const cancelledUnpaid: Transition = { target: 'CancelledBeforePaymentByCustomer', description: 'Customer: cancels before payment.' };
const refund: Transition = { guard: 'canRefund', actions: 'recordRefund', description: 'Seller: refunds all or part of the order.' };

/**
 * The chart of the Cdiscount lifecycle (statuses as Lengow shows them): its 19 statuses and their transitions,
 * with descriptions, tags, `meta` and guard and action names, without the event catalogue (whose payload
 * schemas are zod's). `cdiscountDefinition` is this chart with its events and guards.
 */
export const cdiscountChart = {
  id: 'order',
  description: 'Marketplace order lifecycle (Cdiscount statuses as Lengow shows them).',
  initial: 'WaitingForSellerAcceptation',
  states: {
    WaitingForSellerAcceptation: {
      description: 'New order: the seller accepts or refuses it.',
      meta: { lengowStatus: 'waiting_acceptance' },
      tags: ['sellerActionable'],
      on: {
        ACCEPT: { target: 'AcceptedBySeller', guard: 'canSellerAct', description: 'Seller: accepts the order.' },
        REFUSE: { target: 'RefusedBySeller', guard: 'canSellerAct', description: 'Seller: refuses the order.' },
        ACCEPTANCE_DEADLINE_PASSED: { target: 'AutomaticCancellation', description: 'Deadline: the seller never answered (about 48 h).' },
        CUSTOMER_CANCELLED: { target: 'CancelledBeforeNotificationByCustomer', description: 'Customer: cancels before the seller answered.' },
      },
    },
    AcceptedBySeller: {
      description: 'Accepted: the marketplace debits the customer.',
      meta: { lengowStatus: 'accepted' },
      on: {
        PAYMENT_STARTED: { target: 'PaymentInProgress', description: 'Payment: the debit starts.' },
        FRAUD_CHECK_PASSED: fraudCheckPassed,
        PAYMENT_CONFIRMED: paymentConfirmed,
        PAYMENT_REFUSED: paymentRefused,
        CUSTOMER_CANCELLED: cancelledUnpaid,
      },
    },
    PaymentInProgress: {
      description: 'The debit is being processed.',
      meta: { lengowStatus: 'accepted' },
      on: {
        FRAUD_CHECK_PASSED: fraudCheckPassed,
        PAYMENT_CONFIRMED: paymentConfirmed,
        PAYMENT_REFUSED: paymentRefused,
        CUSTOMER_CANCELLED: cancelledUnpaid,
      },
    },
    ValidatedFianet: {
      description: 'Payment cleared by the Fianet anti-fraud check.',
      meta: { lengowStatus: 'accepted' },
      on: {
        PAYMENT_CONFIRMED: paymentConfirmed,
        PAYMENT_REFUSED: paymentRefused,
        CUSTOMER_CANCELLED: cancelledUnpaid,
      },
    },
    WaitingForShipmentAcceptation: {
      description: 'Paid: the seller ships, refuses to, or makes it ready in store.',
      meta: { lengowStatus: 'waiting_shipment' },
      tags: ['sellerActionable'],
      on: {
        SHIP: {
          target: 'ShippedBySeller',
          guard: 'canShip',
          actions: 'recordShipment',
          description: 'Seller: declares the shipment (carrier + tracking for tracked modes).',
        },
        REFUSE_SHIPMENT: { target: 'ShipmentRefusedBySeller', guard: 'canSellerAct', description: 'Seller: refuses to ship.' },
        MAKE_AVAILABLE_IN_STORE: { target: 'AvailableOnStore', guard: 'canServeInStore', description: 'Seller: makes the order ready in store.' },
        SHIPPING_DEADLINE_PASSED: { target: 'RefusedNoShipment', description: 'Deadline: nothing was shipped in time.' },
        CANCELLATION_REQUESTED: { target: 'CancellationRequestPending', description: 'Customer: asks to cancel; the seller answers.' },
      },
    },
    ShippedBySeller: {
      description: 'The seller declared the shipment; the marketplace confirms it.',
      meta: { lengowStatus: 'shipped' },
      tags: ['shipped'],
      on: {
        SHIPMENT_CONFIRMED: { target: 'Shipped', description: 'Marketplace: confirms the shipment.' },
      },
    },
    Shipped: {
      description: 'Shipped and in transport; refunds are possible.',
      meta: { lengowStatus: 'shipped' },
      tags: ['sellerActionable', 'shipped'],
      on: { REFUND: refund },
    },
    AvailableOnStore: {
      description: 'Click-and-collect order ready in store; the seller confirms the pick-up.',
      meta: { lengowStatus: 'shipped' },
      tags: ['shipped'],
      on: {
        CONFIRM_PICKUP: { target: 'PickedUp', guard: 'canSellerAct', description: 'Seller: confirms the customer picked the order up.' },
        PICKED_UP: { target: 'PickedUp', description: 'Customer: picks the order up (as reported).' },
        PICKUP_DEADLINE_PASSED: { target: 'NonPickedUpByCustomer', description: 'Deadline: never picked up.' },
      },
    },
    PickedUp: {
      description: 'Picked up in store; refunds are possible.',
      meta: { lengowStatus: 'shipped' },
      tags: ['sellerActionable', 'shipped'],
      on: { REFUND: refund },
    },
    NonPickedUpByCustomer: final('Cancelled: never picked up in store.', 'canceled'),
    PaymentRefused: final('Cancelled: the payment was refused.', 'canceled'),
    AutomaticCancellation: final('Cancelled: the seller never answered.', 'canceled'),
    RefusedBySeller: final('Refused by the seller at acceptance.', 'refused'),
    ShipmentRefusedBySeller: final('The seller refused to ship.', 'refused'),
    RefusedNoShipment: final('Refused: the shipping deadline passed.', 'refused'),
    CancelledBeforeNotificationByCustomer: final('Cancelled by the customer before the seller answered.', 'canceled'),
    CancelledBeforePaymentByCustomer: final('Cancelled by the customer before payment.', 'canceled'),
    CancellationRequestPending: {
      description: 'The customer asked to cancel; the seller answers.',
      meta: { lengowStatus: 'waiting_shipment' },
      tags: ['sellerActionable'],
      on: {
        ACCEPT_CANCELLATION: { target: 'CancelledByCustomer', guard: 'canSellerAct', description: 'Seller: accepts the cancellation.' },
        DECLINE_CANCELLATION: { target: 'WaitingForShipmentAcceptation', guard: 'canSellerAct', description: 'Seller: declines the cancellation.' },
      },
    },
    CancelledByCustomer: final('Cancelled by the customer; the seller accepted.', 'canceled'),
  },
} as const satisfies LifecycleChart<Status>;
