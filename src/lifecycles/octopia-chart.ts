/*
 * The Octopia lifecycle's chart: its statuses and transitions as Octopia's REST API speaks them (DOMAIN.md
 * section 10), without the event catalogue. Imports no zod: the `/diagram` entry draws it in a browser, and
 * `octopiaDefinition` is built from it.
 */
import type { LifecycleChart, StatusDefinition, TransitionDefinition } from '../lifecycle/chart.js';

export type Status =
  | 'Processing'
  | 'WaitingAcceptance'
  | 'Accepted'
  | 'InPreparation'
  | 'Shipped'
  | 'Delivered'
  | 'Refused'
  | 'Rejected'
  | 'Cancelled';

export type Transition = TransitionDefinition<Status>;
const final = (description: string, lengowStatus: 'canceled' | 'refunded'): StatusDefinition<Status> => ({
  type: 'final',
  description,
  meta: { lengowStatus },
});

// A refund cancels the whole order, from acceptance on; a customer cancels only before accepting.
const refund: Transition = {
  target: 'Cancelled',
  guard: 'canRefund',
  actions: 'recordRefund',
  description: 'Seller: refunds the whole order (a cancellation or a return), which cancels it.',
};
const customerCancelled: Transition = { target: 'Cancelled', description: 'Customer: cancels before the seller accepted.' };

/**
 * The chart of the Octopia lifecycle: its nine statuses and their transitions, with descriptions, tags, `meta`
 * and guard and action names, without the event catalogue (whose payload schemas are zod's).
 * `octopiaDefinition` is this chart with its events, rules and guards.
 */
export const octopiaChart = {
  id: 'octopia',
  description: 'Cdiscount orders as Octopia (the REST seller API) reports them.',
  initial: 'Processing',
  states: {
    Processing: {
      description: 'New order: the marketplace checks it; no seller action yet.',
      meta: { lengowStatus: 'new' },
      on: {
        ORDER_VALIDATED: { target: 'WaitingAcceptance', description: 'Marketplace: the order passed its checks; the seller answers.' },
        ORDER_REJECTED: { target: 'Rejected', description: 'Marketplace: rejects the order (payment, fraud).' },
        CUSTOMER_CANCELLED: customerCancelled,
      },
    },
    WaitingAcceptance: {
      description: 'The seller accepts or refuses the order (refusing is how to cancel before shipping).',
      meta: { lengowStatus: 'waiting_acceptance' },
      tags: ['sellerActionable'],
      on: {
        ACCEPT: { target: 'Accepted', guard: 'canSellerAct', description: 'Seller: accepts the order.' },
        REFUSE: { target: 'Refused', guard: 'canSellerAct', description: 'Seller: refuses the order.' },
        ACCEPTANCE_DEADLINE_PASSED: { target: 'Rejected', description: 'Deadline: the seller never answered.' },
        CUSTOMER_CANCELLED: customerCancelled,
      },
    },
    Accepted: {
      description: 'Accepted: the marketplace hands it over for preparation; a refund cancels it.',
      meta: { lengowStatus: 'accepted' },
      tags: ['sellerActionable'],
      on: {
        PREPARATION_STARTED: { target: 'InPreparation', description: 'Marketplace: the order waits for shipment.' },
        REFUND: refund,
      },
    },
    InPreparation: {
      description: 'Waiting for shipment: the seller ships it (carrier and tracking number), or refunds it.',
      meta: { lengowStatus: 'waiting_shipment' },
      tags: ['sellerActionable'],
      on: {
        SHIP: {
          target: 'Shipped',
          guard: 'canShip',
          actions: 'recordShipment',
          description: 'Seller: ships with a carrier (from the supported list) and a tracking number.',
        },
        REFUND: refund,
      },
    },
    Shipped: {
      description: 'Shipped; a refund (a return) is possible.',
      meta: { lengowStatus: 'shipped' },
      tags: ['sellerActionable', 'shipped'],
      on: {
        DELIVERY_CONFIRMED: { target: 'Delivered', description: 'Marketplace: the parcel was delivered.' },
        REFUND: refund,
      },
    },
    Delivered: {
      description: 'Delivered; a refund (a return) is possible.',
      meta: { lengowStatus: 'shipped' },
      tags: ['sellerActionable', 'shipped'],
      on: { REFUND: refund },
    },
    Refused: final('Refused by the seller.', 'canceled'),
    Rejected: final('Rejected by the marketplace, or never answered in time.', 'canceled'),
    Cancelled: final('Cancelled: refunded by the seller, or cancelled by the customer before acceptance.', 'refunded'),
  },
} as const satisfies LifecycleChart<Status>;
