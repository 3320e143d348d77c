import type { OrderContext } from '../context.js';
import { orderMachine } from '../machine.js';
import type { OrderRecord, OrderSnapshot } from '../order.js';
import type { StoredOrder } from './record-schema.js';

/**
 * The stored form of a record: the snapshot and the context's copies of the identity and fulfilment flag
 * left out, since restoring rebuilds them. Key order is fixed so equal records store equal texts.
 */
export function toStoredOrder(order: OrderRecord): StoredOrder {
  const { orderId: _orderId, marketplace: _marketplace, fulfilledByMarketplace: _fulfilled, ...context } = order.snapshot.context;
  return {
    schemaVersion: order.schemaVersion,
    orderId: order.orderId,
    marketplace: order.marketplace,
    status: order.status,
    fulfilledByMarketplace: order.fulfilledByMarketplace,
    revision: order.revision,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    appliedEventIds: order.appliedEventIds,
    history: order.history,
    context,
  } as StoredOrder;
}

/**
 * The record of a validated stored order: the context completed from the top level, the snapshot rebuilt
 * in XState's persisted shape (`done` exactly in the machine's final states), keys in `createOrder`'s order.
 */
export function fromStoredOrder(stored: StoredOrder): OrderRecord {
  const { channel, deliveryMode, shipment, refunds, marketplaceUpdatedAt, marketplaceStatus, ...extra } = stored.context;
  const context = {
    orderId: stored.orderId,
    marketplace: stored.marketplace,
    channel,
    deliveryMode,
    fulfilledByMarketplace: stored.fulfilledByMarketplace,
    shipment,
    refunds,
    marketplaceUpdatedAt,
    marketplaceStatus,
    ...extra,
  } as OrderContext;
  const snapshot = {
    status: orderMachine.root.states[stored.status]?.type === 'final' ? 'done' : 'active',
    value: stored.status,
    historyValue: {},
    context,
    children: {},
  } as OrderSnapshot;
  return {
    schemaVersion: stored.schemaVersion,
    orderId: stored.orderId,
    marketplace: stored.marketplace,
    status: stored.status,
    fulfilledByMarketplace: stored.fulfilledByMarketplace,
    revision: stored.revision,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
    appliedEventIds: stored.appliedEventIds,
    history: stored.history as OrderRecord['history'],
    snapshot,
  };
}
