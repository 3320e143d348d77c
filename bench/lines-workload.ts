/**
 * The workload's orders with product lines (issue 15, item 7): the same orders, events and options, each
 * order made with `count` lines (UUID-like line ids, one unit each), so a row can say what lines cost.
 */
import { createOrder, type OrderRecord } from '../src/index.js';
import type { OrderScript } from './workload.js';

/** The order of a script made again with `count` lines; everything else as it was. */
function withLinesOf(order: OrderRecord, count: number): OrderRecord {
  return createOrder({
    orderId: order.orderId,
    marketplace: order.marketplace,
    channel: order.context.channel,
    deliveryMode: order.context.deliveryMode,
    fulfilledByMarketplace: order.fulfilledByMarketplace,
    createdAt: order.createdAt,
    lines: Array.from({ length: count }, (_, k) => ({ id: `${order.orderId}-line-${String(k).padStart(24, '0')}`, amount: '19.90' })),
  });
}

/** The scripts with every order made with `count` lines. */
export const withLines = (scripts: readonly OrderScript[], count: number): OrderScript[] =>
  scripts.map((script) => ({ order: withLinesOf(script.order, count), events: script.events }));
