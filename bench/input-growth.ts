/**
 * How the time to refuse or accept a huge input grows from 1 MB to 10 MB: linear growth gives about 10x,
 * quadratic about 100x. These used to be wall-clock limits inside `npm test`, which failed on loaded
 * machines; here they are ratios measured in one run.
 */
import { createMaintenanceCalendar, createOrder, dispatch, restoreOrder, serializeOrder, type OrderEventInput } from '../src/index.js';
import { importLengowOrder } from 'order-status-machine/lengow';
import { compare } from './measure.js';

const MB = 1024 * 1024;
const AT = '2024-03-01T12:00:00Z';
const order = createOrder({ orderId: 'H-1', marketplace: 'cdiscount', deliveryMode: 'TRK', createdAt: '2024-03-01T10:00:00Z' });

/** The inputs, each built at about `bytes` bytes, and the call that reads it (refusals are answers too). */
const INPUTS: Record<string, { build: (bytes: number) => unknown; call: (input: unknown) => unknown }> = {
  'dispatch, a huge carrier': {
    build: (n) => ({ type: 'SHIP', at: AT, carrier: 'x'.repeat(n) }),
    call: (e) => dispatch(order, e as OrderEventInput),
  },
  'createMaintenanceCalendar, windows': {
    build: (n) =>
      Array.from({ length: Math.floor(n / 70) }, (_, i) => ({
        start: new Date(Date.UTC(2024, 0, 1) + i * 7_200_000).toISOString(),
        end: new Date(Date.UTC(2024, 0, 1) + i * 7_200_000 + 3_600_000).toISOString(),
      })),
    call: (windows) => createMaintenanceCalendar(windows as never).activeAt(AT),
  },
  'restoreOrder, a huge text': {
    build: (n) => serializeOrder(order).replace('"H-1"', JSON.stringify('x'.repeat(n))),
    call: (text) => {
      try {
        return restoreOrder(text);
      } catch (error) {
        return error;
      }
    },
  },
  'importLengowOrder, a huge tracking number': {
    build: (n) => ({ marketplace: 'cdiscount', marketplace_order_id: 'H-1', packages: [{ delivery: { trackings: [{ number: 'X'.repeat(n) }] } }] }),
    call: (payload) => importLengowOrder(payload),
  },
};

/** One row per input: the 10 MB time, and its ratio to the 1 MB time (target: linear, under 30x). */
export function inputGrowthRows(rounds: number): string[][] {
  const rows: string[][] = [];
  for (const [name, { build, call }] of Object.entries(INPUTS)) {
    const small = build(MB);
    const large = build(10 * MB);
    const results = compare(
      [
        { name: '1', run: () => void call(small) },
        { name: '10', run: () => void call(large) },
      ],
      rounds,
    );
    const t1 = results.get('1')!.median / 1e6;
    const t10 = results.get('10')!.median / 1e6;
    const growth = t10 / Math.max(t1, 0.05);
    rows.push([
      `huge input: ${name}, 10 MB`,
      `${t10.toFixed(1)} ms`,
      `1 MB: ${t1.toFixed(2)} ms`,
      `${growth.toFixed(1)}x the 1 MB time (linear: 10x)`,
      `linear (< 30x): ${growth < 30 ? 'met' : '**missed**'}`,
    ]);
  }
  return rows;
}
