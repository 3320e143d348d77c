/*
 * The Cdiscount lifecycle as Octopia's REST API speaks it (Lengow's page "Cdiscount (Octopia) - Orders
 * management", DOMAIN.md section 10): nine statuses, four seller actions. A cancellation before shipping is
 * the seller's refusal; after acceptance it is a refund of the whole order, which cancels it. Its statuses and
 * transitions are its chart's (octopia-chart.ts); here are its events, rules and guards.
 */
import { z } from 'zod';
import type { OrderRecord } from '../engine/record.js';
import { compiledLifecycleOf } from '../lifecycle/compile.js';
import type { EventInputOf, EventOf, LifecycleDefinition, SellerEventOf, StatusOf } from '../lifecycle/definition.js';
import { SELLER_SHIPMENT_PAYLOAD, reasonField } from '../lifecycle/events.js';
import { octopiaChart } from './octopia-chart.js';
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

type Status = keyof typeof octopiaChart.states;

/**
 * The Cdiscount order lifecycle as Octopia's API speaks it, the vocabulary of today's orders: `Processing`,
 * `WaitingAcceptance`, `Accepted`, `InPreparation`, `Shipped`, `Delivered`, and the final `Refused`,
 * `Rejected`, `Cancelled`. Shipping always needs a carrier and a tracking number; a refund needs a reason and
 * is of the whole order. Pass it to `defineLifecycle` to build a variant. Its statuses and transitions are
 * {@link octopiaChart}'s.
 */
export const octopiaDefinition = {
  id: octopiaChart.id,
  description: octopiaChart.description,
  initial: octopiaChart.initial,
  events,
  rules: OCTOPIA_RULES,
  guards: {
    canSellerAct: ['isSellerManaged', 'isOutsideMaintenance'],
    canShip: ['isSellerManaged', 'isOutsideMaintenance', 'shipsWithTracking', 'isSupportedCarrier'],
    canRefund: ['isSellerManaged', 'isOutsideMaintenance', 'hasRefundReason'],
  },
  states: octopiaChart.states,
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
