/**
 * Hostile input: random JSON and values, deep nesting, huge strings, prototype-pollution keys, invalid
 * dates, NaN and negative amounts, mangled records. Only the documented outcomes may come out: a refusal
 * (`ok: false` with blockers or issues) or an `OrderMachineError` with the code the function documents.
 * Nothing else is thrown, no global object is modified, and time grows linearly with the payload.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ORDER_EVENT_TYPES,
  createMaintenanceCalendar,
  createOrder,
  dispatch,
  isOrderMachineError,
  restoreOrder,
  serializeOrder,
  type OrderMachineErrorCode,
  octopiaLifecycle,
  type OrderRecord,
  type OrderEventInput,
} from 'order-status-machine';
// The `order-status-machine/lengow` entry: the test alias maps only the core entry, so by module path.
import { importLengowOrder, importLengowPage } from 'order-status-machine/lengow';
import { corrupt, hostileValue, mangled, safeJson } from './support/hostile.js';

/** A value of any shape, handed to dispatch on purpose: it must refuse it, never throw. */
const untrusted = (value: unknown) => value as OrderEventInput;

const RUNS = { numRuns: 150, interruptAfterTimeLimit: 30_000, markInterruptAsFailure: true };

// ---------------------------------------------------------------------------------------------------------
// What may come out

/** Runs `call`; anything thrown must be an OrderMachineError with one of the documented codes. */
function outcomeOf<T>(call: () => T, allowed: readonly OrderMachineErrorCode[]): { value: T } | { error: OrderMachineErrorCode } {
  try {
    return { value: call() };
  } catch (error) {
    if (!isOrderMachineError(error)) throw new Error(`undocumented throw: ${String(error)}`, { cause: error });
    expect(allowed).toContain(error.code);
    expect(error.issues.length).toBeGreaterThan(0);
    return { error: error.code };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Global objects must come out as they went in

const GLOBALS = {
  'Object.prototype': Object.prototype,
  'Array.prototype': Array.prototype,
  'Function.prototype': Function.prototype,
  'String.prototype': String.prototype,
  'Number.prototype': Number.prototype,
  'Date.prototype': Date.prototype,
  JSON: JSON,
  globalThis,
} as const;
const globalKeys = () => Object.fromEntries(Object.entries(GLOBALS).map(([name, o]) => [name, Reflect.ownKeys(o).map(String).sort().join(',')]));
let keysBefore: Record<string, string>;
beforeAll(() => {
  keysBefore = globalKeys();
});
afterAll(() => {
  expect(globalKeys()).toEqual(keysBefore);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

// ---------------------------------------------------------------------------------------------------------
// Hostile values

const deep = (depth: number, leaf: unknown = 'x'): unknown => {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

// ---------------------------------------------------------------------------------------------------------
// Well-formed starting points

const AT = '2024-03-01T10:00:00Z';
const newOrder = (): OrderRecord => createOrder({ orderId: 'H-1', marketplace: 'cdiscount', channel: 'lengow', deliveryMode: 'TRK', createdAt: AT });
const shippedOrder = (): OrderRecord => {
  let order = newOrder();
  for (const event of [
    { type: 'ACCEPT', at: AT, id: 'a' },
    { type: 'PAYMENT_CONFIRMED', at: AT },
    { type: 'SHIP', at: AT, carrier: 'UPS', trackingNumber: '1Z', id: 's' },
    { type: 'SHIPMENT_CONFIRMED', at: AT },
    { type: 'REFUND', at: AT, amount: 3, reason: 'late' },
  ]) {
    order = dispatch(order, untrusted(event)).order;
  }
  return order;
};
const calendar = createMaintenanceCalendar([{ start: '2024-03-01T09:00', end: '2024-03-01T12:00', timeZone: 'Europe/Paris', scope: ['lengow'] }]);
const lengowPage = JSON.parse(readFileSync(new URL('./fixtures/lengow/orders-page.json', import.meta.url), 'utf8')) as {
  results: Record<string, unknown>[];
};
const lengowOrder = lengowPage.results[0]!;

// ---------------------------------------------------------------------------------------------------------

describe('dispatch under hostile input', () => {
  const events = fc.oneof(
    hostileValue,
    ...ORDER_EVENT_TYPES.map((type) =>
      corrupt({ type, at: AT, id: 'x', amount: 2, status: 'Shipped', carrier: 'UPS', trackingNumber: '1Z' }, [
        'type',
        'at',
        'id',
        'amount',
        'status',
        'carrier',
        'trackingNumber',
        'reason',
      ]),
    ),
  );

  it('refuses any malformed event with blockers and never throws', () => {
    const orders = [newOrder(), shippedOrder()];
    fc.assert(
      fc.property(events, fc.constantFrom(0, 1), fc.boolean(), (event, which, withCalendar) => {
        const order = orders[which]!;
        const before = JSON.stringify(order);
        const result = dispatch(order, untrusted(event), withCalendar ? { calendar } : {});
        if (!result.ok) expect(result.blockers.length).toBeGreaterThan(0);
        expect(JSON.stringify(order)).toBe(before);
        expect(JSON.stringify(result.audit).length).toBeLessThan(2000);
      }),
      RUNS,
    );
  });

  it('refuses NaN, negative and infinite refund amounts and impossible dates', () => {
    const order = shippedOrder();
    for (const amount of [Number.NaN, -5, 0, Number.POSITIVE_INFINITY, 1e12]) {
      const result = dispatch(order, { type: 'REFUND', at: AT, amount });
      expect(result.ok ? 'accepted' : result.blockers[0].code, String(amount)).toBe('INVALID_EVENT');
    }
    for (const at of ['2024-02-30T10:00:00Z', '2024-03-01T10:00:00', 'tomorrow', new Date(Number.NaN), 1709287200000]) {
      const result = dispatch(order, untrusted({ type: 'REFUND', at }));
      expect(result.ok ? 'accepted' : result.blockers[0].code, String(at)).toBe('INVALID_EVENT');
    }
  });

  it('throws only INVALID_RECORD for something that is not an order record', () => {
    fc.assert(
      fc.property(hostileValue, (record) => {
        const outcome = outcomeOf(() => dispatch(record as OrderRecord, { type: 'ACCEPT', at: AT }), ['INVALID_RECORD']);
        if ('value' in outcome) expect(typeof outcome.value.ok).toBe('boolean');
      }),
      RUNS,
    );
  });

  it('throws only INVALID_RECORD for a record mangled anywhere, whatever event follows', () => {
    const base = shippedOrder();
    fc.assert(
      fc.property(mangled(base), fc.constantFrom(...ORDER_EVENT_TYPES), (record, type) => {
        const event = { type, at: AT, amount: 1, status: 'Shipped', action: 'SHIP' } as OrderEventInput;
        outcomeOf(() => dispatch(record as OrderRecord, event, { calendar }), ['INVALID_RECORD']);
      }),
      RUNS,
    );
  });

  it('throws INVALID_RECORD, not a TypeError, for a record whose marketplace or channel is not a string', () => {
    // Found by the property above (rarely hit at random): the calendar scope look-up calls toLowerCase.
    const order = newOrder();
    for (const [key, value] of [
      ['marketplace', 42],
      ['channel', {}],
    ] as const) {
      const bad = (key === 'marketplace'
        ? { ...order, [key]: value }
        : { ...order, context: { ...order.context, [key]: value } }) as unknown as OrderRecord;
      expect(
        outcomeOf(() => dispatch(bad, { type: 'ACCEPT', at: AT }, { calendar }), ['INVALID_RECORD']),
        key,
      ).toEqual({
        error: 'INVALID_RECORD',
      });
    }
  });

  it('does not let a polluting key in the event change what is applied', () => {
    const order = newOrder();
    const event = JSON.parse('{"type":"ACCEPT","at":"2024-03-01T12:30:00Z","__proto__":{"type":"REFUSE"}}') as unknown;
    const result = dispatch(order, untrusted(event));
    expect(result.status).toBe('AcceptedBySeller');
    expect(Object.keys(result.order)).not.toContain('__proto__');
  });
});

describe('createOrder under hostile input', () => {
  const keys = ['orderId', 'marketplace', 'status', 'deliveryMode', 'channel', 'fulfilledByMarketplace', 'createdAt'];
  const base = { orderId: 'H-2', marketplace: 'cdiscount', deliveryMode: 'STD', createdAt: AT };

  it('throws only INVALID_INPUT, and what it returns dispatch can use', () => {
    fc.assert(
      fc.property(fc.oneof(hostileValue, corrupt(base, keys)), (input) => {
        const outcome = outcomeOf(() => createOrder(input as never), ['INVALID_INPUT']);
        if ('value' in outcome) expect(() => dispatch(outcome.value, { type: 'ACCEPT', at: AT })).not.toThrow();
      }),
      RUNS,
    );
  });

  it('refuses an invalid creation date', () => {
    for (const createdAt of [new Date(Number.NaN), '2024-13-01T00:00:00Z', '', Number.NaN, -1]) {
      expect(outcomeOf(() => createOrder({ ...base, createdAt: createdAt as never }), ['INVALID_INPUT'])).toEqual({
        error: 'INVALID_INPUT',
      });
    }
  });
});

describe('createMaintenanceCalendar under hostile input', () => {
  const window = { start: '2024-03-01T10:00', end: '2024-03-01T11:00', timeZone: 'Europe/Paris', label: 'x', scope: ['a'] };

  it('throws only INVALID_CALENDAR, and a calendar it builds answers queries', () => {
    const windows = fc.oneof(hostileValue, fc.array(fc.oneof(hostileValue, corrupt(window, Object.keys(window))), { maxLength: 5 }));
    fc.assert(
      fc.property(windows, (input) => {
        const outcome = outcomeOf(() => createMaintenanceCalendar(input as never), ['INVALID_CALENDAR']);
        if ('value' in outcome) {
          expect(() => outcome.value.activeAt(AT, { scope: ['a'] })).not.toThrow();
          expect(() => outcome.value.nextOpening(AT)).not.toThrow();
        }
      }),
      RUNS,
    );
  });

  it('refuses NaN dates, an unknown zone and an end before the start', () => {
    for (const bad of [
      { ...window, start: new Date(Number.NaN) },
      { ...window, timeZone: 'Mars/Olympus' },
      { ...window, end: '2024-03-01T09:00' },
      { ...window, start: '2024-02-30T10:00' },
    ]) {
      expect(outcomeOf(() => createMaintenanceCalendar([bad]), ['INVALID_CALENDAR'])).toEqual({ error: 'INVALID_CALENDAR' });
    }
  });
});

describe('restoreOrder under hostile input', () => {
  const record = shippedOrder();

  it('throws only INVALID_RECORD for random values and texts', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hostileValue,
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (input) => {
          outcomeOf(() => restoreOrder(input), ['INVALID_RECORD']);
        },
      ),
      RUNS,
    );
  });

  it('throws only INVALID_RECORD for a record mangled anywhere, and never returns one dispatch chokes on', () => {
    fc.assert(
      fc.property(mangled(record), fc.constantFrom(...ORDER_EVENT_TYPES), fc.boolean(), (input, type, asText) => {
        const text = safeJson(input);
        const outcome = outcomeOf(() => restoreOrder(asText ? text : input), ['INVALID_RECORD']);
        if ('value' in outcome) {
          const result = dispatch(outcome.value, { type, at: AT, amount: 1, status: 'Shipped', action: 'SHIP' } as OrderEventInput, { calendar });
          expect(typeof result.ok).toBe('boolean');
          expect(() => serializeOrder(result.order)).not.toThrow();
        }
      }),
      RUNS,
    );
  });

  it('refuses a schemaVersion that JSON cannot even write (a BigInt) with INVALID_RECORD', () => {
    // Shrunk from the property above: the error message was built with JSON.stringify, which throws.
    const input = { ...JSON.parse(serializeOrder(record)), schemaVersion: 1n };
    expect(outcomeOf(() => restoreOrder(input), ['INVALID_RECORD'])).toEqual({ error: 'INVALID_RECORD' });
  });

  it('reads a text truncated at any point as INVALID_RECORD', () => {
    const text = serializeOrder(record);
    fc.assert(
      fc.property(fc.nat({ max: text.length - 1 }), (cut) => {
        expect(outcomeOf(() => restoreOrder(text.slice(0, cut)), ['INVALID_RECORD'])).toEqual({ error: 'INVALID_RECORD' });
      }),
      RUNS,
    );
  });
});

describe('importLengowOrder under hostile input', () => {
  const refusals = ['INVALID_PAYLOAD', 'SHIPPED_BY_MARKETPLACE_IGNORED'];

  it('never throws on random values or a real payload mangled anywhere; what it imports dispatch can use', () => {
    fc.assert(
      fc.property(fc.oneof(hostileValue, mangled(lengowOrder)), fc.boolean(), (payload, fulfilment) => {
        const result = importLengowOrder(payload, { importShippedByMarketplace: fulfilment });
        if (!result.ok) {
          expect(refusals).toContain(result.reason);
          expect(result.issues.length).toBeGreaterThan(0);
        } else if (result.vocabulary === 'legacy') {
          expect(() => restoreOrder(serializeOrder(result.order))).not.toThrow();
          expect(typeof dispatch(result.order, { type: 'SHIP', at: AT }).ok).toBe('boolean');
        } else {
          expect(() => octopiaLifecycle.restoreOrder(octopiaLifecycle.serializeOrder(result.order))).not.toThrow();
          expect(typeof octopiaLifecycle.dispatch(result.order, { type: 'SHIP', at: AT }).ok).toBe('boolean');
        }
      }),
      RUNS,
    );
  });

  it('never throws on a random page', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hostileValue,
          fc.array(fc.oneof(hostileValue, mangled(lengowOrder)), { maxLength: 4 }).map((results) => ({ ...lengowPage, results })),
        ),
        (page) => {
          const result = importLengowPage(page);
          if (!result.ok) expect(result.reason).toBe('INVALID_PAYLOAD');
        },
      ),
      { ...RUNS, numRuns: 50 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// Size: deep nesting and 10 MB payloads

describe('huge and deeply nested payloads', () => {
  const MB = 1024 * 1024;
  const deepValue = deep(100_000);

  it('handles 100,000 levels of nesting anywhere without a stack overflow', () => {
    const order = newOrder();
    expect(dispatch(order, untrusted({ type: 'SHIP', at: AT, carrier: deepValue })).ok).toBe(false);
    expect(dispatch(order, untrusted({ type: 'ACCEPT', at: AT, extra: deepValue })).ok).toBe(true);
    expect(dispatch(order, untrusted(deepValue)).ok).toBe(false);
    outcomeOf(() => createOrder({ orderId: deepValue, marketplace: 'm', createdAt: AT } as never), ['INVALID_INPUT']);
    outcomeOf(() => createMaintenanceCalendar([{ start: deepValue, end: AT }] as never), ['INVALID_CALENDAR']);
    outcomeOf(() => restoreOrder({ ...newOrder(), snapshot: deepValue }), ['INVALID_RECORD']);
    outcomeOf(() => restoreOrder(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), ['INVALID_RECORD']);
    expect(importLengowOrder({ ...lengowOrder, packages: [{ delivery: deepValue }] }).ok).toBe(false);
    expect(importLengowOrder({ ...lengowOrder, comments: deepValue }).ok).toBeTypeOf('boolean');
  });

  /**
   * Payload builders of about `bytes` bytes. Each is a way a real integration could receive a big input:
   * a huge field, a huge unknown field, a huge list.
   */
  const payloads: Record<string, { build: (bytes: number) => unknown; call: (payload: unknown) => unknown; codes: OrderMachineErrorCode[] }> = {
    'dispatch, a huge carrier': {
      build: (n) => ({ type: 'SHIP', at: AT, carrier: 'x'.repeat(n) }),
      call: (p) => dispatch(newOrder(), untrusted(p)),
      codes: [],
    },
    'dispatch, a huge event type': {
      build: (n) => ({ type: 'A'.repeat(n), at: AT }),
      call: (p) => dispatch(newOrder(), untrusted(p)),
      codes: [],
    },
    'dispatch, a huge unknown field': {
      build: (n) => ({ type: 'ACCEPT', at: AT, note: Array.from({ length: n / 10 }, () => 'abcdefgh') }),
      call: (p) => dispatch(newOrder(), untrusted(p)),
      codes: [],
    },
    'createOrder, a huge order id': {
      build: (n) => ({ orderId: ` ${'x'.repeat(n)} `, marketplace: 'm', createdAt: AT }),
      call: (p) => createOrder(p as never),
      codes: ['INVALID_INPUT'],
    },
    'createMaintenanceCalendar, 150,000 windows': {
      build: (n) =>
        Array.from({ length: Math.floor(n / 70) }, (_, i) => ({
          start: new Date(Date.UTC(2024, 0, 1) + i * 7_200_000).toISOString(),
          end: new Date(Date.UTC(2024, 0, 1) + i * 7_200_000 + 3_600_000).toISOString(),
        })),
      call: (p) => createMaintenanceCalendar(p as never).activeAt(AT),
      codes: ['INVALID_CALENDAR'],
    },
    'restoreOrder, a huge text': {
      build: (n) => serializeOrder(newOrder()).replace('"H-1"', JSON.stringify('x'.repeat(n))),
      call: (p) => restoreOrder(p),
      codes: ['INVALID_RECORD'],
    },
    'restoreOrder, a huge unknown context field': {
      build: (n) => {
        const stored = JSON.parse(serializeOrder(newOrder())) as { context: Record<string, unknown> };
        stored.context.note = 'x'.repeat(n);
        return JSON.stringify(stored);
      },
      call: (p) => restoreOrder(p),
      codes: ['INVALID_RECORD'],
    },
    'importLengowOrder, a huge comment list': {
      build: (n) => ({ ...lengowOrder, comments: Array.from({ length: n / 100 }, () => 'c'.repeat(90)) }),
      call: (p) => importLengowOrder(p),
      codes: [],
    },
    'importLengowOrder, a huge cart': {
      build: (n) => {
        const packages = lengowOrder.packages as { cart: Record<string, unknown>[] }[];
        const line = packages[0]!.cart[0]!;
        const cart = Array.from({ length: 1000 }, (_, i) => ({
          ...line,
          title: 't'.repeat(Math.floor(n / 1000)),
          marketplace_order_line_id: String(i),
        }));
        return { ...lengowOrder, packages: [{ ...packages[0], cart }] };
      },
      call: (p) => importLengowOrder(p),
      codes: [],
    },
  };

  for (const [name, { build, call, codes }] of Object.entries(payloads)) {
    // How the time grows from 1 MB to 10 MB is measured by `npm run bench` (bench/input-growth.ts): tests
    // never assert durations, which depend on the machine's load.
    it(`handles 10 MB with the library's own outcome, as 1 MB (${name})`, () => {
      const small = build(1 * MB);
      const large = build(10 * MB);
      expect(JSON.stringify(large).length).toBeGreaterThan(9 * MB);
      // The same kind of answer: the same error code, or the same verdict with the same blocker codes.
      const kindOf = (outcome: { value: unknown } | { error: OrderMachineErrorCode }) => {
        if ('error' in outcome) return outcome.error;
        const value = outcome.value as { ok?: boolean; blockers?: { code: string }[] } | null;
        return value && typeof value === 'object' && 'ok' in value ? [value.ok, value.blockers?.map((b) => b.code)] : typeof value;
      };
      expect(kindOf(outcomeOf(() => call(large), codes))).toEqual(kindOf(outcomeOf(() => call(small), codes)));
    });
  }
});
