/**
 * Every public function checks its arguments and options, and throws only `OrderMachineError` with a stable
 * code naming what is wrong (issue "Reliability", item 5). Before: `TypeError`/`RangeError` from inside,
 * `releaseDue` with `now: 'garbage'` releasing nothing, a negative overlap reaching forward past `to`, and a
 * mistake in dispatch options reported as a corrupt record.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  OrderMachineError,
  applyWithRetry,
  createInMemoryOrderStore,
  createMaintenanceCalendar,
  createOrderMachine,
  createOutbox,
  deferAction,
  dispatch,
  explain,
  availableActions,
  releaseDue,
  replayOf,
  retrievalRange,
  type DeferredAction,
} from 'order-status-machine';
import { importLengowOrder, importLengowPage, syncLengowOrder } from 'order-status-machine/lengow';
import { buildLengowOrder, buildOrder, orderAt } from 'order-status-machine/testing';

const AT = '2024-03-01T10:00:00.000Z';
const calendar = createMaintenanceCalendar([{ start: '2024-02-21T19:00:00Z', end: '2024-02-21T22:00:00Z' }]);

/** The error a call throws, which must be the library's. */
async function failure(run: () => unknown): Promise<OrderMachineError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof OrderMachineError) return error;
    throw new Error(`expected an OrderMachineError, got ${String(error)}`);
  }
  throw new Error('expected a throw');
}

const paths = (error: OrderMachineError) => error.issues.map((i) => i.path);

describe('dispatch, explain and availableActions say "invalid options", naming the option', () => {
  it.each<[string, unknown, PropertyKey[]]>([
    ['a calendar that is not one', { calendar: {} }, ['calendar']],
    ['delivery modes as a string', { trackedDeliveryModes: 'TRK' }, ['trackedDeliveryModes']],
    ['an unknown policy', { unreachableStatus: 'maybe' }, ['unreachableStatus']],
    ['marketplace rules that are not', { marketplaceRules: { rules: [] } }, ['marketplaceRules']],
    ['a history limit as text', { historyLimit: '10' }, ['historyLimit']],
    ['carriers with a number in them', { carriers: ['DPD', 3] }, ['carriers']],
    ['null', null, []],
  ])('%s', async (_, options, path) => {
    const order = orderAt('WaitingForShipmentAcceptation');
    const event = { type: 'SHIP', at: AT, carrier: 'DPD', trackingNumber: '1' } as const;
    const calls = [
      () => dispatch(order, event, options as never),
      () => explain(order, event, options as never),
      () => createOrderMachine(options as never),
      // availableActions takes `at` among its options: a `null` has nothing to merge.
      ...(options === null ? [] : [() => availableActions(order, { at: AT, ...(options as object) })]),
    ];
    for (const call of calls) {
      const error = await failure(call);
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message).toMatch(/^Invalid options for /);
      expect(paths(error)).toEqual([path]);
    }
  });
});

describe('options reused from call to call', () => {
  it('are checked again when a value changed since the last call, in the object or a list it holds', async () => {
    const order = orderAt('WaitingForSellerAcceptation');
    const event = { type: 'ACCEPT', at: AT } as const;
    const options: Record<string, unknown> = { historyLimit: 5 };
    expect(dispatch(order, event, options).ok).toBe(true);
    options.historyLimit = 'five';
    expect(paths(await failure(() => dispatch(order, event, options as never)))).toEqual([['historyLimit']]);
    options.historyLimit = 5;
    options.calendar = {};
    expect(paths(await failure(() => dispatch(order, event, options as never)))).toEqual([['calendar']]);
    const modes = ['TRK'];
    const withList = { trackedDeliveryModes: modes };
    expect(dispatch(order, event, withList).ok).toBe(true);
    modes.push(3 as never);
    expect(paths(await failure(() => dispatch(order, event, withList)))).toEqual([['trackedDeliveryModes']]);
  });
});

describe('calendar queries and retrieval ranges', () => {
  it('refuse an instant that is not one, a target without a list, a negative horizon', async () => {
    expect(paths(await failure(() => calendar.activeAt('garbage')))).toEqual([['at']]);
    // Not ISO 8601: Date.parse would read it as 12 August 2001, in the host's zone.
    expect(paths(await failure(() => calendar.activeAt('12 Aug')))).toEqual([['at']]);
    expect(paths(await failure(() => calendar.activeAt(AT, { scope: 'lengow' as never })))).toEqual([['target']]);
    // A scope entry that is not text was a TypeError deep in the look-up.
    expect(paths(await failure(() => calendar.activeAt(AT, { scope: [5] as never })))).toEqual([['target']]);
    expect(paths(await failure(() => calendar.nextOpening(AT, { scope: [{}] as never })))).toEqual([['target']]);
    expect(paths(await failure(() => calendar.nextOpening(undefined as never)))).toEqual([['at']]);
    expect(paths(await failure(() => calendar.startingWithin(AT, -5)))).toEqual([['horizon']]);
    expect(paths(await failure(() => calendar.startingWithin(AT, { hours: -1 })))).toEqual([['horizon']]);
  });

  it('refuse a negative overlap (it reached forward past `to`), a calendar that is not one, no options', async () => {
    const base = { lastRetrievedAt: '2024-02-21T19:45:00Z', now: '2024-02-21T22:15:00Z' };
    expect(paths(await failure(() => retrievalRange({ ...base, overlap: -3_600_000 })))).toEqual([['overlap']]);
    expect(paths(await failure(() => retrievalRange({ ...base, overlap: { hours: -1 } })))).toEqual([['overlap']]);
    expect(paths(await failure(() => retrievalRange({ ...base, calendar: [] as never })))).toEqual([['calendar']]);
    expect(paths(await failure(() => retrievalRange(null as never)))).toEqual([[]]);
  });
});

describe('the outbox', () => {
  const order = buildOrder();
  const refused = dispatch(order, { type: 'ACCEPT', at: '2024-02-21T19:30:00Z', id: 'a-1' }, { calendar });
  const deferred = deferAction(createOutbox(), { type: 'ACCEPT', at: '2024-02-21T19:30:00Z', id: 'a-1' }, refused);

  it('refuses a release at an instant that is not one (it released nothing, silently)', async () => {
    expect(deferred.deferred).toBe(true);
    expect(paths(await failure(() => releaseDue(deferred.outbox, { now: 'garbage' })))).toEqual([['now']]);
    expect(paths(await failure(() => releaseDue(deferred.outbox, undefined as never)))).toEqual([['now']]);
  });

  it('refuses an event schema that is none, naming it (null was a TypeError)', async () => {
    const event = { type: 'ACCEPT', at: '2024-02-21T19:30:00Z', id: 'a-1' } as const;
    expect(paths(await failure(() => deferAction(createOutbox(), event, refused, null as never)))).toEqual([['eventSchema']]);
    expect(paths(await failure(() => deferAction(createOutbox(), event, refused, {} as never)))).toEqual([['eventSchema']]);
  });

  it('refuses an outbox, a result or an action that is not one', async () => {
    expect(paths(await failure(() => deferAction({} as never, {}, refused)))).toEqual([['outbox']]);
    expect(paths(await failure(() => deferAction(createOutbox(), {}, null as never)))).toEqual([['result']]);
    expect(paths(await failure(() => releaseDue(null as never, { now: AT })))).toEqual([['outbox']]);
    expect(paths(await failure(() => replayOf({} as DeferredAction, AT)))).toEqual([['action']]);
  });
});

describe('stores and the Lengow integration', () => {
  it('refuse options that are not, naming them', async () => {
    const store = createInMemoryOrderStore();
    const key = { marketplace: 'cdiscount', orderId: 'CD-TEST-0001' };
    await store.insert(buildOrder());
    expect(paths(await failure(() => applyWithRetry(store, key, { type: 'ACCEPT', at: AT }, { maxAttempts: Number.NaN })))).toEqual([
      ['maxAttempts'],
    ]);
    expect(paths(await failure(() => applyWithRetry(store, key, { type: 'ACCEPT', at: AT }, { dispatch: { calendar: 1 as never } })))).toEqual([
      ['calendar'],
    ]);
    expect(paths(await failure(() => store.releaseDue({ now: 'garbage' })))).toEqual([['now']]);
    expect(paths(await failure(() => store.releaseDue({ now: AT, limit: Number.NaN })))).toEqual([['limit']]);
    expect(paths(await failure(() => importLengowOrder(buildLengowOrder(), null as never)))).toEqual([[]]);
    expect(paths(await failure(() => importLengowOrder(buildLengowOrder(), { vocabulary: 'soap' as never })))).toEqual([['vocabulary']]);
    expect(paths(await failure(() => importLengowPage({ results: [] }, { findOrder: 'cache' as never })))).toEqual([['findOrder']]);
    expect((await failure(() => syncLengowOrder(null as never, buildLengowOrder()))).code).toBe('INVALID_RECORD');
  });
});

describe('whatever the options, only the library error escapes', () => {
  const anything = fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true });
  const options = fc.oneof(
    anything,
    fc.dictionary(
      fc.constantFrom('calendar', 'trackedDeliveryModes', 'carriers', 'unreachableStatus', 'marketplaceRules', 'historyLimit', 'details', 'at'),
      anything,
    ),
  );

  it('for dispatch, explain, availableActions, retrievalRange, releaseDue and calendar queries', () => {
    const order = orderAt('WaitingForShipmentAcceptation');
    const outbox = createOutbox();
    fc.assert(
      fc.property(options, anything, (opts, value) => {
        for (const call of [
          () => dispatch(order, { type: 'SHIP', at: AT }, opts as never),
          () => explain(order, { type: 'SHIP', at: AT }, opts as never),
          () => availableActions(order, opts as never),
          () => retrievalRange(opts as never),
          () => releaseDue(outbox, opts as never),
          () => calendar.activeAt(value as never, opts as never),
          () => calendar.startingWithin(AT, value as never),
        ]) {
          try {
            call();
          } catch (error) {
            expect(error).toBeInstanceOf(OrderMachineError);
          }
        }
      }),
      { numRuns: 500, seed: 20241202 },
    );
  });
});
