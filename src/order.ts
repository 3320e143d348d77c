import { z } from 'zod';
import { contextFromInput, type OrderContext } from './context.js';
import { OrderMachineError, describeIssues } from './errors.js';
import type { AuditEntry } from './audit.js';
import { instantSchema } from './instant.js';
import { orderMachine, type OrderTag } from './machine.js';
import { orderStatusSchema, type OrderStatus } from './statuses.js';

/** Version of the {@link OrderRecord} layout; restore migrates older ones. */
export const ORDER_SCHEMA_VERSION = 1;

/**
 * The machine's persisted snapshot, in the shape XState's `getPersistedSnapshot` gives (minus undefined
 * keys), so `createActor(orderMachine, { snapshot: order.snapshot })` resumes the order in an actor.
 */
export interface OrderSnapshot {
  readonly status: 'active' | 'done';
  /** Always undefined (absent from the JSON); declared so XState accepts the snapshot as it is. */
  readonly output: undefined;
  /** Always undefined (absent from the JSON); declared so XState accepts the snapshot as it is. */
  readonly error: undefined;
  readonly value: OrderStatus;
  readonly historyValue: Record<string, never>;
  readonly context: OrderContext;
  readonly children: Record<string, never>;
}

/**
 * One order, as plain JSON: store it, send it, `JSON.parse(JSON.stringify(order))` it; it goes on exactly
 * the same. The top-level fields are the contract; `snapshot` is what an XState actor resumes from.
 */
export interface OrderRecord {
  readonly schemaVersion: typeof ORDER_SCHEMA_VERSION;
  readonly orderId: string;
  readonly marketplace: string;
  readonly status: OrderStatus;
  readonly fulfilledByMarketplace: boolean;
  /** Incremented by every dispatch that changes the order: the optimistic-concurrency token. */
  readonly revision: number;
  readonly createdAt: string;
  /** The latest instant of an applied event (or `createdAt`). */
  readonly updatedAt: string;
  /** Ids of applied events, newest last, bounded: a replayed id is a duplicate. */
  readonly appliedEventIds: readonly string[];
  /** Applied steps, newest last, bounded by `historyLimit`. */
  readonly history: readonly AuditEntry[];
  readonly snapshot: OrderSnapshot;
}

const text = (max: number) => z.string().trim().min(1, 'must not be blank').max(max, `must be at most ${max} characters`);

/** Zod schema of {@link createOrder}'s input. */
export const createOrderInputSchema = z.object({
  orderId: text(200),
  marketplace: text(100),
  status: orderStatusSchema.optional(),
  deliveryMode: z.string().trim().max(100).nullish(),
  channel: z.string().trim().max(100).nullish(),
  fulfilledByMarketplace: z.boolean().default(false),
  createdAt: instantSchema,
  /** The instant of the marketplace report the order comes from: older reports are stale from the start. */
  marketplaceUpdatedAt: instantSchema.nullish(),
  /** Carrier and tracking already known (e.g. reported by the marketplace), as of `at`. */
  shipment: z
    .object({
      carrier: z.string().trim().max(100).nullish(),
      trackingNumber: z.string().trim().max(100).nullish(),
      trackingUrl: z.string().trim().max(2048).nullish(),
      at: instantSchema,
    })
    .nullish(),
});

/** What {@link createOrder} takes. */
export type CreateOrderInput = z.input<typeof createOrderInputSchema>;

/** Builds the persisted snapshot of an order in a status, through XState itself. */
export function snapshotOf(status: OrderStatus, context: OrderContext): OrderSnapshot {
  const persisted = orderMachine.getPersistedSnapshot(orderMachine.resolveState({ value: status, context })) as unknown as OrderSnapshot;
  return JSON.parse(JSON.stringify(persisted)) as OrderSnapshot;
}

/**
 * Creates an order record. The status defaults to `WaitingForSellerAcceptation`, or `Shipped` for an order
 * fulfilled by the marketplace. Throws {@link OrderMachineError} `INVALID_INPUT` naming each bad field.
 *
 * @example
 * const order = createOrder({ orderId: 'CD-1001', marketplace: 'cdiscount', deliveryMode: 'TRK',
 *   createdAt: '2024-02-21T18:00:00Z' });
 * order.status; // 'WaitingForSellerAcceptation'
 *
 * // An order imported from a marketplace report: later reports older than it are stale.
 * createOrder({ orderId: 'CD-1002', marketplace: 'cdiscount', status: 'Shipped', createdAt: '2024-02-20T10:00:00Z',
 *   marketplaceUpdatedAt: '2024-02-22T08:00:00Z',
 *   shipment: { carrier: 'Colissimo', trackingNumber: '6A123', at: '2024-02-22T08:00:00Z' } });
 */
export function createOrder(input: CreateOrderInput): OrderRecord {
  const parsed = createOrderInputSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path, message: i.message, code: i.code }));
    throw new OrderMachineError('INVALID_INPUT', `Invalid order: ${describeIssues(issues)}`, issues);
  }
  const data = parsed.data;
  const status = data.status ?? (data.fulfilledByMarketplace ? 'Shipped' : 'WaitingForSellerAcceptation');
  const shipment = data.shipment
    ? {
        carrier: data.shipment.carrier || null,
        trackingNumber: data.shipment.trackingNumber || null,
        trackingUrl: data.shipment.trackingUrl || null,
        at: data.shipment.at,
      }
    : null;
  // An order made from a marketplace report (an import) starts with that report as the last one heard.
  const marketplaceStatus = data.marketplaceUpdatedAt ? status : null;
  const context = contextFromInput({ ...data, shipment, marketplaceStatus });
  // A record made from a marketplace report was last updated by that report, if later than its creation.
  const updatedAt =
    data.marketplaceUpdatedAt && data.marketplaceUpdatedAt > data.createdAt ? data.marketplaceUpdatedAt : data.createdAt;
  return {
    schemaVersion: ORDER_SCHEMA_VERSION,
    orderId: data.orderId,
    marketplace: data.marketplace,
    status,
    fulfilledByMarketplace: data.fulfilledByMarketplace,
    revision: 0,
    createdAt: data.createdAt,
    updatedAt,
    appliedEventIds: [],
    history: [],
    snapshot: snapshotOf(status, context),
  };
}

/**
 * The tags of an order in its current status, plus `fulfilledByMarketplace` for fulfilment orders (XState
 * tags belong to states; fulfilment is a property of the order, so it is added here).
 * @example orderTags(order).includes('sellerActionable')
 */
export function orderTags(order: OrderRecord): OrderTag[] {
  const tags = [...(orderMachine.root.states[order.status]?.tags ?? [])] as OrderTag[];
  if (order.fulfilledByMarketplace) tags.push('fulfilledByMarketplace');
  return tags;
}

