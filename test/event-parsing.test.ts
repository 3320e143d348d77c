import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ORDER_EVENT_TYPES, ORDER_STATUSES, factSchemas, orderEventSchema, sellerActionSchemas } from 'order-status-machine';
import { safeParseEvent } from '../src/lifecycle/events.js';
import { cdiscount } from '../src/lifecycles/default.js';

// What dispatch runs: the schema of the event's type compiled by zod (z.compile), the union for the rest.
const parseOrderEvent = (input: unknown) => safeParseEvent(cdiscount.schemas, input) as z.ZodSafeParseResult<{ at: string }>;
// The reference: the same schemas, not compiled, in one union, as zod's runtime parser runs them.
const runtime = z.discriminatedUnion('type', [...Object.values(sellerActionSchemas), ...Object.values(factSchemas)] as never);

// Values near the edges of what the event schemas accept, so both verdicts show up often.
const instant = fc.oneof(
  fc.date({ min: new Date('1999-12-31T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: false }),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.date({ noInvalidDate: true }).map((d) =>
    d
      .toISOString()
      .replace('.000Z', 'Z')
      .replace(/\.\d{3}Z$/, 'Z'),
  ),
  fc.constantFrom(
    '2024-02-29T10:00:00Z',
    '2023-02-29T10:00:00Z',
    '2024-02-30T10:00:00Z',
    '2024-13-01T10:00:00Z',
    '2024-01-01T24:00:00Z',
    '2024-01-01T10:00:60Z',
    '2024-01-01T10:00:00+01:00',
    '2024-01-01T10:00:00.123456Z',
    '2024-01-01T10:00:00',
    '2024-01-01T10:00:00.12Z',
    '',
  ),
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.constant(null),
);
const edgeText = fc.oneof(
  fc.string({ maxLength: 5 }),
  fc.string({ minLength: 99, maxLength: 101 }),
  fc.string({ minLength: 199, maxLength: 201 }),
  fc.string({ minLength: 999, maxLength: 1001 }),
  fc.constant(null),
  fc.constant(undefined),
  fc.integer(),
);
const edgeAmount = fc.oneof(fc.double(), fc.constantFrom(0, -0, 1e9, 1e9 + 1, Number.MIN_VALUE, Infinity, Number.NaN, '10', undefined));

// A plausible event of any type, then one field pushed to an edge: every field's bounds get probed.
const eventLike = fc
  .tuple(
    fc.record({
      type: fc.constantFrom(...ORDER_EVENT_TYPES),
      at: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
      id: fc.option(fc.string({ minLength: 1, maxLength: 10 }), { nil: undefined }),
      status: fc.constantFrom(...ORDER_STATUSES),
    }),
    fc.oneof(
      fc.record({ field: fc.constantFrom('carrier', 'trackingNumber', 'trackingUrl', 'reason', 'id'), value: edgeText }),
      fc.record({ field: fc.constant('amount'), value: edgeAmount }),
      fc.record({ field: fc.constant('at'), value: instant }),
      fc.record({ field: fc.constant('type'), value: fc.string({ maxLength: 12 }) }),
      fc.record({ field: fc.constant('status'), value: fc.string({ maxLength: 8 }) }),
      fc.record({ field: fc.constant('extra'), value: fc.anything() }),
    ),
  )
  .map(([base, { field, value }]) => ({ ...base, [field]: value }));

describe("parsing events with zod's compiled schemas", () => {
  it('gives exactly the verdict, output and issues of the zod runtime parser, for every input', () => {
    const issuesOf = (r: z.ZodSafeParseResult<unknown>) => (r.success ? [] : r.error.issues.map((i) => [i.path.join('.'), i.message]));
    fc.assert(
      fc.property(fc.oneof({ arbitrary: eventLike, weight: 9 }, { arbitrary: fc.anything(), weight: 1 }), (input) => {
        const reference = runtime.safeParse(input);
        for (const fast of [parseOrderEvent(input), orderEventSchema.safeParse(input)]) {
          expect(fast.success).toBe(reference.success);
          if (fast.success && reference.success) expect(fast.data).toEqual(reference.data);
          // A refusal names the fields zod names: the first issue of each path is what INVALID_EVENT says.
          if (!fast.success) expect(issuesOf(fast)[0]).toEqual(issuesOf(reference)[0]);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('normalizes every accepted instant to canonical UTC', () => {
    const parsed = parseOrderEvent({ type: 'ACCEPT', at: '2024-02-21T20:30:00+01:00' });
    expect(parsed.success && parsed.data.at).toBe('2024-02-21T19:30:00.000Z');
    const short = parseOrderEvent({ type: 'ACCEPT', at: '2024-02-21T19:30:00Z' });
    expect(short.success && short.data.at).toBe('2024-02-21T19:30:00.000Z');
  });

  // Issue 11: `9999-12-31T23:30:00-01:00` was accepted as year 10000, and the record could no longer be saved;
  // year 0000 was accepted, and PostgreSQL refuses it (22008).
  it('refuses an instant outside years 0001 to 9999 in UTC, its offset counted, naming the field', () => {
    for (const at of ['9999-12-31T23:30:00-01:00', '0001-01-01T00:30:00+01:00', '0000-06-01T00:00:00Z', new Date('0000-06-01T00:00:00Z')]) {
      const parsed = parseOrderEvent({ type: 'ACCEPT', at });
      expect(parsed.success, String(at)).toBe(false);
      expect(!parsed.success && parsed.error.issues[0]?.path).toEqual(['at']);
    }
    for (const at of ['9999-12-31T23:30:00+01:00', '0000-12-31T23:30:00-01:00', '0001-01-01T00:00:00Z'])
      expect(parseOrderEvent({ type: 'ACCEPT', at }).success, at).toBe(true);
  });
});
