import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES, createOrder } from 'order-status-machine';
import { PLAIN_INPUT_KEYS, plainOrderInput } from '../src/engine/plain-order-input.js';
import { createOrderFields, inputSchemaOf } from '../src/engine/record.js';
import { cdiscount } from '../src/lifecycles/default.js';
import { octopia } from '../src/lifecycles/octopia.js';

// Values at and around every edge the input schema draws: lengths, blanks, trimming, storability, instant
// forms, amounts, enums, nesting, unknown keys.
const text = (max: number) =>
  fc.constantFrom<unknown>(
    'CD-1',
    ' CD-1',
    'CD-1\t',
    '',
    ' ',
    'a'.repeat(max),
    'a'.repeat(max + 1),
    `${'a'.repeat(max)} `,
    'nul\0',
    'lone \uD800',
    'paired \uD83D\uDE00',
    '\u00A0nbsp',
    5,
    null,
    undefined,
  );
const instant = fc.oneof(
  fc.integer({ min: Date.parse('0001-01-01T00:00:00Z'), max: Date.parse('9999-12-31T23:59:59.999Z') }).map((ms) => new Date(ms).toISOString()),
  fc.constantFrom<unknown>(
    '2024-03-01T10:00:00.000Z',
    '2024-03-01T10:00:00Z',
    '2024-03-01T10:00:00.5Z',
    '2024-03-01T11:00:00.000+01:00',
    '2024-02-30T10:00:00.000Z',
    '2023-02-29T10:00:00.000Z',
    '0000-06-01T00:00:00.000Z',
    '9999-12-31T23:59:59.999Z',
    '2024-03-01 10:00:00.000Z',
    '2024-03-01T10:00:00.000z',
    new Date('2024-03-01T10:00:00Z'),
    new Date(Number.NaN),
    '',
    0,
    null,
    undefined,
  ),
);
const total = fc.constantFrom<unknown>(
  undefined,
  null,
  0,
  -0,
  40.3,
  0.1 + 0.2,
  12.3456,
  12.34567,
  0.0001,
  1e-7,
  1e9,
  1e9 + 0.0001,
  1e9 + 1,
  -1,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  '40.30',
  '40.3',
  ' 40.30',
  'abc',
  true,
);
const shipment = fc.oneof(
  fc.record({ carrier: text(100), trackingNumber: text(100), trackingUrl: text(2048), at: instant }, { requiredKeys: ['at'] }),
  fc.constantFrom<unknown>(null, undefined, [], 'UPS', { at: '2024-03-01T10:00:00.000Z', extra: 1 }, Object.create(null)),
);
// Each field mostly valid, at times at an edge: a few inputs in ten are valid whole.
const mostly = (valid: fc.Arbitrary<unknown>, edges: fc.Arbitrary<unknown>) =>
  fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: edges, weight: 1 });
const validInstant = fc
  .integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2030-01-01T00:00:00Z') })
  .map((ms) => new Date(ms).toISOString());
const word = fc.constantFrom('lengow', 'web', 'standard', 'UPS', 'https://t.example/1Z', '');
const inputArbOf = (statuses: readonly string[]) =>
  fc
    .record(
      {
        orderId: mostly(fc.constantFrom('CD-1', 'a'.repeat(200)), text(200)),
        marketplace: mostly(fc.constantFrom('cdiscount', 'a'.repeat(100)), text(100)),
        deliveryMode: mostly(word, text(100)),
        channel: mostly(word, text(100)),
        fulfilledByMarketplace: mostly(fc.boolean(), fc.constantFrom<unknown>(null, 'yes')),
        supplyMode: mostly(fc.constantFrom('Seller', 'Fulfillment', 'Xdock'), fc.constantFrom<unknown>('seller', null)),
        shippingDeadline: mostly(validInstant, instant),
        acceptanceDeadline: mostly(validInstant, instant),
        pickupDeadline: mostly(validInstant, instant),
        total: mostly(fc.constantFrom(0, 40.3, 12.3456, 1e9), total),
        settlement: mostly(fc.constantFrom(null, 'closed', 'refunded', 'partially_refunded'), fc.constantFrom<unknown>('open', 5)),
        marketplaceRawStatus: mostly(fc.constantFrom('SHIPPED', null), text(100)),
        createdAt: mostly(validInstant, instant),
        marketplaceUpdatedAt: mostly(validInstant, instant),
        shipment: mostly(fc.record({ carrier: word, trackingNumber: word, at: validInstant }, { requiredKeys: ['at'] }), shipment),
        status: mostly(fc.constantFrom(...statuses), fc.constantFrom<unknown>(null, 'Nope')),
      },
      { requiredKeys: ['orderId', 'marketplace', 'createdAt'] },
    )
    .chain((input) =>
      // Most inputs as written; some with a key the quick check leaves to the schema (lines, an unknown key, a
      // key present but undefined), or without a prototype.
      fc.constantFrom<Record<string, unknown>>(
        input,
        input,
        input,
        input,
        input,
        { ...input, lines: [{ id: 'L-1' }] },
        { ...input, lines: undefined },
        { ...input, extra: 1 },
        Object.assign(Object.create(null), input),
      ),
    );
const inputArb = inputArbOf(ORDER_STATUSES);

// The keys the quick check reads: absent and `undefined` read alike.
const KEYS = PLAIN_INPUT_KEYS;

const outcome = (run: () => unknown) => {
  try {
    return { record: JSON.stringify(run()) };
  } catch (error) {
    return { error: error instanceof Error ? `${(error as { code?: string }).code} ${error.message}` : String(error) };
  }
};

describe("createOrder's quick check of its input", () => {
  it('accepts only what the schema accepts, and reads every field as the schema outputs it', () => {
    let accepted = 0;
    for (const lifecycle of [cdiscount, octopia] as const) {
      fc.assert(
        fc.property(inputArbOf(lifecycle.statuses), (input) => {
          const plain = plainOrderInput(input, lifecycle);
          if (plain === undefined) return;
          accepted++;
          const parsed = inputSchemaOf(lifecycle).safeParse(input);
          expect(parsed.success, JSON.stringify(input)).toBe(true);
          const output = parsed.data as Record<string, unknown>;
          // A key the schema leaves out reads as one the quick check sets to `undefined`: createOrder reads both alike.
          for (const key of KEYS) expect(plain[key], key).toEqual(output[key]);
        }),
        { numRuns: 3000 },
      );
    }
    // The property says something only if the quick check accepts a fair share of what it is given.
    expect(accepted).toBeGreaterThan(50);
  });

  it('holds to the schema for every edge value alone on a valid input', () => {
    const base = {
      orderId: 'CD-1',
      marketplace: 'cdiscount',
      channel: 'lengow',
      total: 40.3,
      createdAt: '2024-03-01T10:00:00.000Z',
      shipment: { carrier: 'UPS', at: '2024-03-01T10:00:00.000Z' },
    };
    const edges: Record<string, fc.Arbitrary<unknown>> = {
      orderId: text(200),
      marketplace: text(100),
      deliveryMode: text(100),
      channel: text(100),
      marketplaceRawStatus: text(100),
      total,
      createdAt: instant,
      shippingDeadline: instant,
      marketplaceUpdatedAt: instant,
      shipment,
      supplyMode: fc.constantFrom<unknown>('Seller', 'Xdock', 'seller', null),
      status: fc.constantFrom<unknown>('Shipped', 'Nope', null),
    };
    for (const [key, arb] of Object.entries(edges)) {
      // Every value an arbitrary of constants holds, and a sample of the others.
      for (const value of new Set(fc.sample(arb, { numRuns: 200, seed: 1 }))) {
        const input = { ...base, [key]: value };
        const plain = plainOrderInput(input, cdiscount);
        if (plain === undefined) continue;
        const parsed = inputSchemaOf(cdiscount).safeParse(input);
        expect(parsed.success, `${key}: ${String(value)}`).toBe(true);
        const output = parsed.data as Record<string, unknown>;
        for (const field of KEYS) expect(plain[field], `${key}: ${String(value)} -> ${field}`).toEqual(output[field]);
      }
    }
  });

  it('gives createOrder the same record or the same refusal as the schema, whichever path it takes', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        if ((input as { lines?: unknown }).lines !== undefined) return;
        // `lines: undefined` means no lines to the schema, and sends the input past the quick check.
        const slow = outcome(() => createOrder({ ...(input as object), lines: undefined } as never));
        expect(outcome(() => createOrder(input as never))).toEqual(slow);
      }),
      { numRuns: 2000 },
    );
  });

  it("reads every field of createOrder's input but lines: a new field must be taught to the quick check", () => {
    expect([...PLAIN_INPUT_KEYS].sort()).toEqual([...Object.keys(createOrderFields), 'status'].sort());
  });

  it('takes the quick path for an order as a backend writes one', () => {
    const input = {
      orderId: 'CD-123',
      marketplace: 'cdiscount',
      channel: 'lengow',
      deliveryMode: 'standard',
      total: 40.3,
      createdAt: '2024-03-01T10:00:00.000Z',
      shipment: { carrier: 'UPS', trackingNumber: '1Z', at: '2024-03-01T10:00:00.000Z' },
    };
    expect(plainOrderInput(input, cdiscount)).toBeDefined();
    expect(plainOrderInput({ ...input, createdAt: '2024-03-01T10:00:00Z' }, cdiscount)).toBeUndefined();
    expect(createOrder(input)).toEqual(createOrder({ ...input, createdAt: '2024-03-01T10:00:00Z' }));
  });
});
