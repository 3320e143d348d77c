/*
 * The Cdiscount lifecycle as Octopia's REST API speaks it (Lengow's page "Cdiscount (Octopia) - Orders
 * management", DOMAIN.md section 10): nine statuses, four seller actions. A cancellation before shipping is
 * the seller's refusal; after acceptance it is a refund of the whole order, which cancels it.
 */
import { z } from 'zod';
import type { OrderRecord } from '../engine/record.js';
import { compiledLifecycleOf } from '../lifecycle/compile.js';
import type {
  EventInputOf,
  EventOf,
  LifecycleDefinition,
  SellerEventOf,
  StatusDefinition,
  StatusOf,
  TransitionDefinition,
} from '../lifecycle/definition.js';
import { SELLER_SHIPMENT_PAYLOAD, reasonField } from '../lifecycle/events.js';
import { OCTOPIA_RULES } from './octopia-rules.js';

const none = z.object({});
// Octopia refunds the whole order: a partial amount or a line is refused by name, never silently dropped.
const wholeOrderOnly = z.undefined({ error: 'is refused: Octopia refunds the whole order (no partial amount, no line)' }).optional();

/** The events of the Octopia lifecycle: who causes each, and its payload. */
const events = {
  ACCEPT: { source: 'seller', lengowAction: 'accept', payload: none },
  REFUSE: { source: 'seller', lengowAction: 'refuse', payload: z.object({ reason: reasonField() }) },
  SHIP: {
    source: 'seller',
    lengowAction: 'ship',
    payload: SELLER_SHIPMENT_PAYLOAD,
    example: { carrier: 'Colissimo', trackingNumber: '6A12345678901' },
  },
  REFUND: {
    source: 'seller',
    lengowAction: 'refund',
    payload: z.object({
      reason: reasonField(),
      refundShippingFees: z.boolean({ error: 'must be true or false' }).optional(),
      amount: wholeOrderOnly,
      line: wholeOrderOnly,
    }),
    example: { reason: 'Customer request' },
  },
  ORDER_VALIDATED: { source: 'marketplace', payload: none },
  ORDER_REJECTED: { source: 'marketplace', payload: none },
  ACCEPTANCE_DEADLINE_PASSED: { source: 'deadline', deadline: 'acceptance', payload: none },
  CUSTOMER_CANCELLED: { source: 'customer', payload: none },
  PREPARATION_STARTED: { source: 'marketplace', payload: none },
  DELIVERY_CONFIRMED: { source: 'marketplace', payload: none },
} as const;

type Status = 'Processing' | 'WaitingAcceptance' | 'Accepted' | 'InPreparation' | 'Shipped' | 'Delivered' | 'Refused' | 'Rejected' | 'Cancelled';

type Transition = TransitionDefinition<Status>;
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
 * The Cdiscount order lifecycle as Octopia's API speaks it, the vocabulary of today's orders: `Processing`,
 * `WaitingAcceptance`, `Accepted`, `InPreparation`, `Shipped`, `Delivered`, and the final `Refused`,
 * `Rejected`, `Cancelled`. Shipping always needs a carrier and a tracking number; a refund needs a reason and
 * is of the whole order. Pass it to `defineLifecycle` to build a variant.
 */
export const octopiaDefinition = {
  id: 'octopia',
  description: 'Cdiscount orders as Octopia (the REST seller API) reports them.',
  initial: 'Processing',
  events,
  rules: OCTOPIA_RULES,
  guards: {
    canSellerAct: ['isSellerManaged', 'isOutsideMaintenance'],
    canShip: ['isSellerManaged', 'isOutsideMaintenance', 'shipsWithTracking', 'isSupportedCarrier'],
    canRefund: ['isSellerManaged', 'isOutsideMaintenance', 'hasRefundReason'],
  },
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
} as const satisfies LifecycleDefinition<Status, typeof events>;

/** The Octopia lifecycle, compiled once; shared with `octopiaLifecycle` and the Lengow integration. */
export const octopia = /* @__PURE__ */ compiledLifecycleOf(octopiaDefinition);

type Catalogue = (typeof octopiaDefinition)['events'];

/** One status of the Octopia lifecycle. */
export type OctopiaStatus = StatusOf<typeof octopiaDefinition>;
/** An event of the Octopia lifecycle as callers write it (`at` may be a `Date`). */
export type OctopiaEventInput = EventInputOf<Catalogue, OctopiaStatus>;
/** An event of the Octopia lifecycle after validation. */
export type OctopiaEvent = EventOf<Catalogue, OctopiaStatus>;
/** The seller's actions of the Octopia lifecycle: `ACCEPT`, `REFUSE`, `SHIP`, `REFUND`. */
export type OctopiaSellerAction = SellerEventOf<Catalogue>;
/** An order record of the Octopia lifecycle (its `lifecycle` field is `octopia`). */
export type OctopiaOrderRecord = OrderRecord<OctopiaStatus>;
