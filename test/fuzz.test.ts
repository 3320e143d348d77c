/**
 * Fuzz over every synchronous entry point (issue "Reliability", item 8), seeded: arguments of every kind and
 * well-formed ones mangled anywhere. For each call: only the library's error class escapes, no argument is
 * mutated, no global prototype gains a key, and every record the library hands out (created, dispatched,
 * restored, imported) comes back equal through `serializeOrder` and `restoreOrder` of its lifecycle.
 *
 * `npm test` runs 400 cases per entry point; `npm run fuzz` runs 20,000 (`vitest --mode fuzz`). Replay a
 * failure with the seed and path fast-check prints: FUZZ_SEED=... FUZZ_PATH=... npm run fuzz.
 */
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  OrderMachineError,
  availableActions,
  cdiscountDefinition,
  createMaintenanceCalendar,
  createOrder,
  createOutbox,
  defineLifecycle,
  deferAction,
  dispatch,
  explain,
  migrateRecord,
  octopiaLifecycle,
  orderTags,
  redactBuyerData,
  refundStateOf,
  releaseDue,
  replayOf,
  restoreOrder,
  retrievalRange,
  serializeOrder,
  toLengowStatus,
  toMermaid,
  type OrderRecord,
} from 'order-status-machine';
import {
  createMarketplaceRules,
  importLengowOrder,
  importLengowPage,
  lengowDailySweep,
  parseLengowOrder,
  syncLengowOrder,
  toLengowAction,
  vocabularyOfLengowOrder,
} from 'order-status-machine/lengow';
import { buildLengowOrder, orderAt, orderIn } from 'order-status-machine/testing';
import { corrupt, hostileValue, mangled } from './support/hostile.js';

const FUZZ = (import.meta as { env?: { MODE?: string } }).env?.MODE === 'fuzz';
const RUNS = Number(process.env.FUZZ_RUNS ?? (FUZZ ? 20_000 : 400));
const SEED = Number(process.env.FUZZ_SEED ?? 20241202);
const PATH = process.env.FUZZ_PATH;
// Under load a few thousand cases take seconds: well past vitest's default 5 s a test.
const TIMEOUT = FUZZ ? 1_800_000 : 120_000;
const PARAMETERS = { numRuns: RUNS, seed: SEED, ...(PATH ? { path: PATH } : {}), endOnFailure: true };

const AT = '2024-03-01T10:00:00.000Z';

// ---------------------------------------------------------------------------------------------------------
// Well-formed starting points, to mangle

const legacyOrders = [orderAt('WaitingForSellerAcceptation'), orderAt('WaitingForShipmentAcceptation'), orderAt('Shipped')];
const octopiaOrders = [orderIn(octopiaLifecycle, 'WaitingAcceptance'), orderIn(octopiaLifecycle, 'InPreparation')];
const events = [
  { type: 'ACCEPT', at: AT, id: 'a-1' },
  { type: 'SHIP', at: AT, carrier: 'Colissimo', trackingNumber: '6A1', trackingUrl: 'https://t.example/6A1' },
  { type: 'REFUND', at: AT, amount: 4.9, reason: 'damaged' },
  { type: 'MARKETPLACE_STATUS_CHANGED', at: AT, status: 'Shipped', carrier: 'UPS' },
  { type: 'REFUND', at: AT, reason: 'Customer request', refundShippingFees: true },
];
const calendarWindows = [{ start: '2024-03-01T09:00', end: '2024-03-01T12:00', timeZone: 'Europe/Paris', label: 'Lengow', scope: ['lengow'] }];
const calendar = createMaintenanceCalendar(calendarWindows);
const payload = buildLengowOrder({ tracking: { carrier: 'Colissimo', number: '6A1' } });
const octopiaPayload = buildLengowOrder({ status: 'InPreparation', overrides: { supply_mode: 'Seller', shipped_at_max: AT } });
const definitions = JSON.parse(readFileSync(new URL('./fixtures/lengow/marketplaces.json', import.meta.url), 'utf8')) as unknown;
const rules = createMarketplaceRules(definitions);
const refusedInWindow = dispatch(legacyOrders[0]!, { type: 'ACCEPT', at: '2024-03-01T09:30:00Z', id: 'w-1' }, { calendar });
const outbox = deferAction(createOutbox(), { type: 'ACCEPT', at: '2024-03-01T09:30:00Z', id: 'w-1' }, refusedInWindow).outbox;

const oneOf = <T>(...values: T[]) => fc.constantFrom(...values);
const record = fc.oneof(oneOf(...legacyOrders), ...legacyOrders.map(mangled), hostileValue);
const octopiaRecord = fc.oneof(oneOf(...octopiaOrders), ...octopiaOrders.map(mangled), hostileValue);
const event = fc.oneof(oneOf(...events), ...events.map((e) => corrupt(e, Object.keys(e))), hostileValue);
const options = fc.oneof(
  fc.constant(undefined),
  oneOf({ calendar }, { calendar, unreachableStatus: 'refuse' as const }, { marketplaceRules: rules }, { carriers: ['DPD'], refundReasons: ['x'] }),
  corrupt({ calendar, historyLimit: 5 }, ['calendar', 'historyLimit', 'trackedDeliveryModes', 'unreachableStatus', 'marketplaceRules']),
  hostileValue,
);
const text = fc.oneof(
  oneOf(...legacyOrders.map((o) => serializeOrder(o))),
  fc.tuple(oneOf(...legacyOrders.map((o) => serializeOrder(o))), fc.nat()).map(([t, n]) => t.slice(0, n % t.length)),
  fc.string(),
);

// ---------------------------------------------------------------------------------------------------------
// What every call must respect

interface Persistence {
  serialize(order: OrderRecord<string>, options?: { compact: boolean }): string;
  restore(input: unknown): OrderRecord<string>;
}
const OCTOPIA: Persistence = {
  serialize: (o, options) => octopiaLifecycle.serializeOrder(o as never, options),
  restore: (i) => octopiaLifecycle.restoreOrder(i),
};
const LEGACY: Persistence = { serialize: (o, options) => serializeOrder(o as never, options), restore: (i) => restoreOrder(i) };
const persistenceOf = (order: OrderRecord<string>) => (octopiaLifecycle.owns(order) ? OCTOPIA : LEGACY);

/** A record the library handed out goes through its own lifecycle's text, full or compact, and back unchanged. */
function roundTrips(order: OrderRecord<string>): void {
  const { serialize, restore } = persistenceOf(order);
  expect(restore(serialize(order))).toEqual(order);
  expect(restore(serialize(order, { compact: true }))).toEqual(order);
}

/**
 * Whether a value is a record the library would hand out (it restores). `dispatch` checks a record's shape
 * cheaply and trusts the rest (full validation is `restoreOrder`'s): from a mangled record it may return one
 * that a store refuses, with the library's own error; only records from valid ones must round-trip.
 */
function isRecord(value: unknown): boolean {
  return [LEGACY, OCTOPIA].some(({ restore }) => {
    try {
      return isDeepStrictEqual(restore(value), value);
    } catch {
      return false;
    }
  });
}

const recordsIn = (value: unknown): OrderRecord<string>[] => {
  if (typeof value !== 'object' || value === null) return [];
  const result = value as { order?: unknown; ok?: unknown; schemaVersion?: unknown };
  if (result.schemaVersion === 2) return [value as OrderRecord<string>];
  return result.order !== undefined && (result.order as { schemaVersion?: unknown }).schemaVersion === 2 ? [result.order as OrderRecord<string>] : [];
};

const prototypeKeys = () => Reflect.ownKeys(Object.prototype).length + Reflect.ownKeys(Array.prototype).length;
const keysAtStart = prototypeKeys();
afterAll(() => {
  expect(prototypeKeys()).toBe(keysAtStart);
  expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
});

/** Runs a call on generated arguments: only the library's error, arguments untouched, records round-trip. */
function fuzz<A extends unknown[]>(name: string, args: fc.Arbitrary<A>, call: (...args: A) => unknown, recordAt?: number): void {
  it(
    name,
    () => {
      fc.assert(
        fc.property(args, (generated) => {
          const before = fc.stringify(generated);
          const fromValidRecord = recordAt === undefined || isRecord(generated[recordAt]);
          let out: unknown;
          try {
            out = call(...generated);
          } catch (error) {
            if (!(error instanceof OrderMachineError)) throw new Error(`${name} threw ${String(error)}`, { cause: error });
          }
          expect(fc.stringify(generated), `${name} changed its arguments`).toBe(before);
          if (fromValidRecord) for (const order of recordsIn(out)) roundTrips(order);
        }),
        PARAMETERS,
      );
    },
    TIMEOUT,
  );
}

describe(`fuzz: the pure engine (${RUNS} cases each, seed ${SEED})`, () => {
  fuzz(
    'createOrder',
    fc.tuple(
      fc.oneof(
        corrupt({ orderId: 'F-1', marketplace: 'cdiscount', createdAt: AT, deliveryMode: 'TRK' }, [
          'orderId',
          'createdAt',
          'deliveryMode',
          'status',
          'supplyMode',
          'shippingDeadline',
          'shipment',
          'total',
          'settlement',
        ]),
        hostileValue,
      ),
    ),
    (input) => createOrder(input as never),
  );
  fuzz('dispatch', fc.tuple(record, event, options), (order, e, opts) => dispatch(order as never, e as never, opts as never), 0);
  fuzz('explain', fc.tuple(record, event, options), (order, e, opts) => explain(order as never, e as never, opts as never), 0);
  fuzz('availableActions', fc.tuple(record, fc.oneof(oneOf({ at: AT }, { at: AT, details: true }), hostileValue)), (order, opts) =>
    availableActions(order as never, opts as never),
  );
  fuzz('orderTags', fc.tuple(record), (order) => orderTags(order as never));
  fuzz(
    'octopiaLifecycle.dispatch',
    fc.tuple(octopiaRecord, event, options),
    (order, e, opts) => octopiaLifecycle.dispatch(order as never, e as never, opts as never),
    0,
  );
  fuzz('octopiaLifecycle.createOrder', fc.tuple(hostileValue), (input) => octopiaLifecycle.createOrder(input as never));
  // A status, or (issue 13, item 2) a record: what was refunded shows.
  fuzz('toLengowStatus', fc.tuple(fc.oneof(hostileValue, record)), (status) => toLengowStatus(status as never));
  fuzz('refundStateOf', fc.tuple(fc.oneof(record, octopiaRecord)), (order) => refundStateOf(order as never));
});

describe(`fuzz: records (${RUNS} cases each)`, () => {
  fuzz('restoreOrder', fc.tuple(fc.oneof(record, text)), (input) => restoreOrder(input));
  fuzz('octopiaLifecycle.restoreOrder', fc.tuple(octopiaRecord), (input) => octopiaLifecycle.restoreOrder(input));
  fuzz('serializeOrder', fc.tuple(record), (order) => {
    const written = serializeOrder(order as never);
    // What serializeOrder writes, restoreOrder reads.
    restoreOrder(written);
  });
  fuzz('migrateRecord', fc.tuple(fc.oneof(record, hostileValue)), (input) => migrateRecord(input));
});

describe(`fuzz: maintenance and the outbox (${RUNS} cases each)`, () => {
  fuzz(
    'createMaintenanceCalendar',
    fc.tuple(fc.oneof(hostileValue, fc.array(fc.oneof(...calendarWindows.map((w) => corrupt(w, Object.keys(w))))))),
    (windows) => {
      createMaintenanceCalendar(windows as never).activeAt(AT);
    },
  );
  fuzz('calendar queries', fc.tuple(fc.oneof(oneOf(AT), hostileValue), fc.oneof(fc.constant(undefined), hostileValue)), (at, target) => {
    calendar.activeAt(at as never, target as never);
    calendar.nextOpening(at as never, target as never);
    calendar.startingWithin(at as never, target as never);
  });
  fuzz(
    'retrievalRange',
    fc.tuple(
      fc.oneof(
        corrupt({ lastRetrievedAt: AT, now: AT, calendar, overlap: { minutes: 15 } }, ['lastRetrievedAt', 'now', 'calendar', 'overlap', 'target']),
        hostileValue,
      ),
    ),
    (opts) => retrievalRange(opts as never),
  );
  fuzz('deferAction', fc.tuple(fc.oneof(oneOf(outbox), hostileValue), event, fc.oneof(oneOf(refusedInWindow), hostileValue)), (box, e, result) =>
    deferAction(box as never, e, result as never),
  );
  fuzz(
    'releaseDue and replayOf',
    fc.tuple(fc.oneof(oneOf(outbox), mangled(outbox), hostileValue), fc.oneof(oneOf({ now: '2024-03-01T12:00:00Z' }), hostileValue)),
    (box, opts) => {
      for (const action of releaseDue(box as never, opts as never).released) replayOf(action, AT);
    },
  );
});

describe(`fuzz: definitions, diagrams, inspection (${RUNS} cases each)`, () => {
  fuzz(
    'defineLifecycle',
    fc.tuple(fc.oneof(corrupt({ ...cdiscountDefinition }, ['id', 'initial', 'states', 'events', 'guards', 'rules', 'actions']), hostileValue)),
    (definition) => defineLifecycle(definition as never),
  );
  fuzz('toMermaid', fc.tuple(fc.oneof(fc.constant(undefined), hostileValue), hostileValue), (source, opts) =>
    toMermaid(source as never, opts as never),
  );
  fuzz(
    'redactBuyerData',
    fc.tuple(fc.oneof(oneOf(payload), mangled(payload), hostileValue), fc.oneof(fc.constant(undefined), hostileValue)),
    (value, opts) => redactBuyerData(value, opts as never),
  );
});

describe(`fuzz: the Lengow integration (${RUNS} cases each)`, () => {
  const lengowPayload = fc.oneof(oneOf(payload, octopiaPayload), mangled(payload), mangled(octopiaPayload), hostileValue);
  fuzz(
    'importLengowOrder',
    fc.tuple(lengowPayload, fc.oneof(fc.constant(undefined), oneOf({ vocabulary: 'octopia' as const }), hostileValue)),
    (p, opts) => importLengowOrder(p, opts as never),
  );
  fuzz(
    'importLengowPage',
    fc.tuple(
      fc.oneof(
        fc.array(lengowPayload, { maxLength: 3 }).map((results) => ({ results })),
        hostileValue,
      ),
    ),
    (page) => importLengowPage(page),
  );
  fuzz(
    'syncLengowOrder',
    fc.tuple(fc.oneof(record, octopiaRecord), lengowPayload, options),
    (order, p, opts) => syncLengowOrder(order as never, p, opts as never),
    0,
  );
  fuzz('parseLengowOrder and vocabularyOfLengowOrder', fc.tuple(lengowPayload, hostileValue), (p, forced) => {
    const parsed = parseLengowOrder(p);
    if (parsed.ok) vocabularyOfLengowOrder(parsed.order, forced as never);
  });
  fuzz('createMarketplaceRules', fc.tuple(fc.oneof(oneOf(definitions), mangled(definitions), hostileValue)), (input) =>
    createMarketplaceRules(input),
  );
  fuzz(
    'toLengowAction',
    fc.tuple(record, event, fc.oneof(oneOf(rules), hostileValue)),
    (order, e, r) => toLengowAction(order as never, e as never, r as never),
    0,
  );
  fuzz('lengowDailySweep', fc.tuple(fc.oneof(corrupt({ now: AT, vocabulary: 'octopia' }, ['now', 'vocabulary', 'calendar']), hostileValue)), (opts) =>
    lengowDailySweep(opts as never),
  );
});
