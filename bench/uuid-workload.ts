/**
 * The workload with ids as a store sees them in production: every order id and event id a UUID (36
 * characters, lower-case hex, version 4 layout), drawn from the seeded PRNG so every run sees the same ones.
 * A retry keeps its event's UUID (it is the same event). And the cost of each field of a stored record.
 */
import { createOrder } from '../src/index.js';
import type { OrderEventInput } from '../src/index.js';
import { prng, type OrderScript } from './workload.js';

/** A UUID-shaped id (8-4-4-4-12 hex digits, version 4, variant 10xx) from `random`. */
export function uuidFrom(random: () => number): string {
  let hex = '';
  for (let i = 0; i < 4; i++)
    hex += Math.floor(random() * 0x1_0000_0000)
      .toString(16)
      .padStart(8, '0');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The same scripts, each order created again with a UUID for its id, each event id replaced by a UUID. */
export function withUuids(scripts: readonly OrderScript[], seed = 36): OrderScript[] {
  const random = prng(seed);
  return scripts.map((script) => {
    const o = script.order;
    const order = createOrder({
      orderId: uuidFrom(random),
      marketplace: o.marketplace,
      channel: o.context.channel,
      deliveryMode: o.context.deliveryMode,
      fulfilledByMarketplace: o.fulfilledByMarketplace,
      createdAt: o.createdAt,
    });
    const ids = new Map<string, string>();
    const events = script.events.map((event): OrderEventInput => {
      if (event.id === undefined) return event;
      let id = ids.get(event.id);
      if (id === undefined) ids.set(event.id, (id = uuidFrom(random)));
      return { ...event, id };
    });
    return { order, events };
  });
}

/**
 * What each field of a stored text costs: the bytes of `"key":value,` for every top-level field and every
 * field of `context`, largest first (the two lists add up to the text's length, give or take braces).
 */
export function fieldCosts(text: string): { top: [string, number][]; context: [string, number][] } {
  const cost = (o: Record<string, unknown>) =>
    Object.entries(o)
      .map(([key, value]): [string, number] => [key, Buffer.byteLength(`${JSON.stringify(key)}:${JSON.stringify(value)},`)])
      .sort((a, b) => b[1] - a[1]);
  const record = JSON.parse(text) as Record<string, unknown>;
  return { top: cost(record), context: cost((record.context ?? {}) as Record<string, unknown>) };
}
