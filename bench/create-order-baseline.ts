/**
 * `createOrder`'s inputs as the workload makes them (bench/workload.ts: Cdiscount orders synced through
 * Lengow, STD/TRK/REG/MAG, 3% fulfilment), and the baseline: the same record written out by hand as one object
 * literal, with no validation, no trimming, no defaults looked up, no deadline or lifecycle logic.
 */
import type { CreateOrderInput, OrderRecord } from '../src/index.js';
import { prng } from './workload.js';

/** Inputs shaped like the workload's. */
export function createOrderInputs(count: number, seed = 5): CreateOrderInput[] {
  const random = prng(seed);
  const modes = ['STD', 'STD', 'STD', 'TRK', 'TRK', 'REG', 'MAG'];
  const start = Date.UTC(2024, 0, 1);
  return Array.from({ length: count }, (_, i) => ({
    orderId: `CD-${String(i).padStart(8, '0')}`,
    marketplace: 'cdiscount',
    channel: 'lengow',
    deliveryMode: modes[Math.floor(random() * modes.length)]!,
    fulfilledByMarketplace: random() < 0.03,
    createdAt: new Date(start + Math.floor(random() * 360 * 24 * 3600_000)).toISOString(),
  }));
}

/** The record `createOrder` returns for such an input, built by hand: trusts the input entirely. */
export function handBuiltOrder(input: CreateOrderInput): OrderRecord {
  const fulfilled = input.fulfilledByMarketplace === true;
  return {
    schemaVersion: 2,
    orderId: input.orderId,
    marketplace: input.marketplace,
    status: fulfilled ? 'Shipped' : 'WaitingForSellerAcceptation',
    fulfilledByMarketplace: fulfilled,
    revision: 0,
    createdAt: input.createdAt as string,
    updatedAt: input.createdAt as string,
    appliedEventIds: [],
    history: [],
    context: {
      channel: input.channel ?? null,
      deliveryMode: input.deliveryMode ?? null,
      shipment: null,
      refunds: [],
      marketplaceUpdatedAt: null,
      marketplaceStatus: null,
    },
  };
}
