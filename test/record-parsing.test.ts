import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES, createOrder, dispatch, orderRecordSchema, restoreOrder, type OrderEventInput } from 'order-status-machine';
import { cdiscount } from '../src/lifecycles/default.js';
import { isPlainRecord } from '../src/persistence/plain-record.js';
import { safeParseRecord } from '../src/persistence/record-schema.js';

// What restoreOrder and serializeOrder run: orderRecordSchema compiled by zod (z.compile).
const parseRecordFast = (value: unknown) => {
  const parsed = safeParseRecord(value);
  return parsed.success ? parsed.data : undefined;
};

// Real records: a few events applied to orders of every kind, then one value pushed to an edge.
const events: OrderEventInput[] = [
  { type: 'ACCEPT', at: '2024-03-01T10:00:00Z', id: 'a' },
  { type: 'PAYMENT_CONFIRMED', at: '2024-03-01T11:00:00Z', id: 'p' },
  // On an order with lines, a parcel of one unit first (refused, changing nothing, on an order without).
  { type: 'SHIP', at: '2024-03-02T09:00:00Z', carrier: 'UPS', trackingNumber: '1Z0', lines: [{ lineId: 'L-1', quantity: 1 }] },
  { type: 'SHIP', at: '2024-03-02T10:00:00Z', id: 's', carrier: 'UPS', trackingNumber: '1Z', trackingUrl: 'https://t.example/1Z' },
  { type: 'MARKETPLACE_STATUS_CHANGED', status: 'Shipped', at: '2024-03-03T10:00:00Z' },
  { type: 'REFUND', at: '2024-03-04T10:00:00Z', amount: 2.5, reason: 'late' },
  { type: 'REFUND', at: '2024-03-04T11:00:00Z', lines: [{ lineId: 'L-1', quantity: 1 }] },
];
const recordArb = fc
  .record({
    status: fc.constantFrom(...ORDER_STATUSES),
    steps: fc.integer({ min: 0, max: events.length }),
    channel: fc.constantFrom('lengow', null),
    fulfilledByMarketplace: fc.boolean(),
    // Half the orders have lines (issue 15): some in the order's status, some in another, amounts or none.
    lines: fc.option(
      fc.array(
        fc.record({
          status: fc.option(fc.constantFrom(...ORDER_STATUSES), { nil: undefined }),
          quantity: fc.integer({ min: 1, max: 5 }),
          amount: fc.constantFrom(null, '14.70', 0, 0.1, '1000000000'),
          lengowStatus: fc.constantFrom(undefined, 'shipped', 'to_refund'),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      { nil: undefined },
    ),
  })
  .map(({ status, steps, channel, fulfilledByMarketplace, lines }) => {
    let order = createOrder({
      orderId: 'R-1',
      marketplace: 'cdiscount',
      channel,
      fulfilledByMarketplace,
      status,
      createdAt: '2024-03-01T09:00:00Z',
      lines: lines?.map((line, index) => ({ ...line, id: `L-${index + 1}` })),
    });
    for (const event of events.slice(0, steps)) order = dispatch(order, event).order;
    return JSON.parse(JSON.stringify(order)) as Record<string, unknown>;
  });

const edge = fc.oneof(
  fc.constantFrom(
    null,
    undefined,
    '',
    ' ',
    0,
    -1,
    1.5,
    Number.NaN,
    Infinity,
    true,
    [],
    {},
    'Shipped',
    'done',
    'L-1',
    '2024-02-30T10:00:00Z',
    '2024-03-01T10:00:00+01:00',
  ),
  fc.string({ maxLength: 4 }),
  fc.string({ minLength: 99, maxLength: 101 }),
  fc.integer({ min: -3, max: 1e9 }),
  fc.double({ min: -5, max: 5 }),
  fc.anything({ maxDepth: 2 }),
);

/** Every path to a value in a JSON tree. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((v, i) => paths(v, [...prefix, i]))];
  if (typeof value === 'object' && value !== null) {
    return [prefix, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k]))];
  }
  return [prefix];
}

function setAt(root: unknown, path: (string | number)[], value: unknown, extraKey?: string): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  if (path.length === 0) return value;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (extraKey !== undefined && typeof node[last] === 'object' && node[last] !== null) (node[last] as Record<string, unknown>)[extraKey] = value;
  else if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

describe("parsing records with zod's compiled schema", () => {
  it('accepts every record dispatch writes, with the output of the zod schema', () => {
    fc.assert(
      fc.property(recordArb, (record) => {
        const fast = parseRecordFast(record);
        expect(fast).toBeDefined();
        expect(fast).toEqual(orderRecordSchema.parse(record));
      }),
      { numRuns: 200 },
    );
  });

  it('accepts only what the zod schema accepts, and returns what it returns, whatever one value is changed to', () => {
    fc.assert(
      fc.property(
        recordArb,
        fc.nat(),
        edge,
        fc.option(fc.constantFrom('extra', '__proto__', 'output'), { nil: undefined }),
        (record, pick, value, extraKey) => {
          // Half the time a top-level field, where most of the checks live; otherwise any value in the tree.
          const all = pick % 2 === 0 ? Object.keys(record).map((key) => [key]) : paths(record);
          const mutated = setAt(record, all[(pick >> 1) % all.length]!, value, extraKey);
          const compiled = safeParseRecord(mutated);
          const reference = orderRecordSchema.safeParse(mutated);
          expect(compiled.success).toBe(reference.success);
          if (compiled.success) expect(compiled.data).toEqual(reference.success ? reference.data : undefined);
          // The error paths are zod's: the same issues, so INVALID_RECORD names the same fields.
          else
            expect(compiled.error.issues.map((i) => i.path.join('.'))).toEqual(
              reference.success ? [] : reference.error.issues.map((i) => i.path.join('.')),
            );
        },
      ),
      { numRuns: 3000 },
    );
  });
});

// restoreOrder's quick check (issue "Performance"): a text holding a record exactly as this version writes
// one is taken as it is, without the schema's copy; anything else goes to the schema.
const nearLimits = fc.oneof(
  ...[100, 200, 1000, 2048].map((limit) => fc.string({ minLength: limit - 1, maxLength: limit + 1 })),
  fc.constantFrom(
    '0000-01-01T00:00:00.000Z',
    '0001-01-01T00:00:00.000Z',
    '9999-12-31T23:59:59.999Z',
    '2024-02-29T00:00:00.000Z',
    '2023-02-29T00:00:00.000Z',
    '2024-01-01T24:00:00.000Z',
    '2024-04-31T00:00:00.000Z',
    '2100-02-29T00:00:00.000Z',
    '2000-02-29T00:00:00.000Z',
    '2024-00-10T00:00:00.000Z',
    '2024-13-01T00:00:00.000Z',
    '2024-01-32T00:00:00.000Z',
    '2024-01-00T00:00:00.000Z',
    '2024-01-01T10:00:00.00aZ',
    '2024-01-01T10:60:00.000Z',
    '2024-01-01T10:00:60.000Z',
    '2024-01-01T10:00:00.000+01:00',
    '2024-01-01T10:00:00.0000Z',
    '2024-01-01t10:00:00.000Z',
    '\uD800',
    'a\u0000b',
    'AcceptedBySeller',
    'applied',
    'MAINTENANCE_WINDOW',
    'LATE_SHIPMENT',
    'refunded',
    40.30001,
    0.0001,
    1e9,
    1e9 + 1,
  ),
);

/** What restoreOrder returns or throws, as JSON. */
function restored(input: unknown): string {
  try {
    return JSON.stringify({ record: restoreOrder(input) });
  } catch (error) {
    return JSON.stringify({ error: error instanceof Error ? error.message : String(error) });
  }
}

describe('restoreOrder on a text', () => {
  it('takes every record dispatch writes as it is: the quick check recognises it', () => {
    fc.assert(
      fc.property(recordArb, (record) => {
        expect(isPlainRecord(JSON.parse(JSON.stringify(record)), cdiscount)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('accepts quickly only records the schema accepts unchanged, and reads every text as the parsed value, whatever one value is changed to', () => {
    fc.assert(
      fc.property(
        recordArb,
        fc.nat(),
        fc.oneof(edge, nearLimits),
        fc.option(fc.constantFrom('extra', '__proto__'), { nil: undefined }),
        (record, pick, value, extraKey) => {
          const all = pick % 2 === 0 ? Object.keys(record).map((key) => [key]) : paths(record);
          // The whole record replaced by `undefined` has no text.
          const text = JSON.stringify(setAt(record, all[(pick >> 1) % all.length]!, value, extraKey)) ?? 'null';
          const raw = JSON.parse(text) as unknown;
          if (isPlainRecord(raw, cdiscount)) {
            const reference = orderRecordSchema.safeParse(JSON.parse(text));
            expect(reference.error).toBeUndefined();
            expect(reference.data).toStrictEqual(raw);
          }
          // A string given to restoreOrder is read as a record's text, not as the value it holds.
          if (typeof raw !== 'string') expect(restored(text)).toBe(restored(JSON.parse(text)));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('reads -0 written by hand as 0, as the schema does', () => {
    const text = JSON.stringify(createOrder({ orderId: 'Z-1', marketplace: 'cdiscount', createdAt: '2024-03-01T09:00:00Z' })).replace(
      '"revision":0',
      '"revision":-0',
    );
    expect(text).toContain('"revision":-0');
    expect(Object.is(restoreOrder(text).revision, 0)).toBe(true);
  });
});
