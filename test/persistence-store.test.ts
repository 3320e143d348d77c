import { describe, expect, it } from 'vitest';
import { createOrder, dispatch, isOrderMachineError } from 'order-status-machine';
import { applyWithRetry, createInMemoryOrderStore, orderKeyOf, type OrderChange, type OrderStore } from 'order-status-machine';
import { restoreOrder } from 'order-status-machine';
import {
  BOTH_VOCABULARIES,
  calendar,
  concurrentWorkersScenario,
  faultScenario,
  outboxDrainScenario,
  twoVocabulariesScenario,
} from './support/store-scenarios.js';

const newOrder = (orderId: string) => createOrder({ orderId, marketplace: 'cdiscount', deliveryMode: 'TRK', createdAt: '2024-02-21T18:00:00Z' });
const accept = { type: 'ACCEPT', at: '2024-02-21T18:30:00Z', id: 'accept-1' } as const;

/** The same store, whose next save throws once `arm`ed: a worker dying between dispatch and save. */
function failingOnce(store: OrderStore) {
  let armed = false;
  return {
    arm: () => void (armed = true),
    store: {
      ...store,
      async save(change: OrderChange) {
        if (armed) {
          armed = false;
          throw new Error('simulated crash between dispatch and save');
        }
        return store.save(change);
      },
    } satisfies OrderStore,
  };
}

describe('createInMemoryOrderStore', () => {
  it('stores a new order once: a second insert of the same marketplace and id is refused', async () => {
    const store = createInMemoryOrderStore();
    expect(await store.insert(newOrder('A'))).toBe(true);
    expect(await store.insert(newOrder('A'))).toBe(false);
    // Same id on another marketplace is another order.
    expect(await store.insert({ ...newOrder('A'), marketplace: 'fnac' })).toBe(true);
  });

  it('refuses the save of a worker whose loaded revision is no longer the stored one, with CONFLICT', async () => {
    const store = createInMemoryOrderStore();
    await store.insert(newOrder('A'));
    const loaded = (await store.load({ marketplace: 'cdiscount', orderId: 'A' }))!;
    const first = dispatch(loaded, accept);
    const second = dispatch(loaded, { type: 'REFUSE', at: '2024-02-21T18:31:00Z' });
    await store.save({ expectedRevision: 0, order: first.order, audit: [first.audit] });
    const error = await store.save({ expectedRevision: 0, order: second.order, audit: [second.audit] }).catch((e) => e);
    expect(isOrderMachineError(error) && error.code).toBe('CONFLICT');
    expect(error.message).toContain('is at revision 1, not 0');
    expect((await store.load(orderKeyOf(loaded)))!.status).toBe('AcceptedBySeller');
  });

  it('refuses a stale refusal too: a verdict reached on an old revision is retried, not logged', async () => {
    const store = createInMemoryOrderStore();
    await store.insert(newOrder('A'));
    const loaded = (await store.load({ marketplace: 'cdiscount', orderId: 'A' }))!;
    const stale = dispatch(loaded, { type: 'PAYMENT_CONFIRMED', at: '2024-02-21T18:40:00Z' });
    expect(stale.ok).toBe(false);
    const accepted = dispatch(loaded, accept);
    await store.save({ expectedRevision: 0, order: accepted.order, audit: [accepted.audit] });
    await expect(store.save({ expectedRevision: 0, order: stale.order, audit: [stale.audit] })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await store.auditLog(orderKeyOf(loaded))).toHaveLength(1);
  });

  it('gives each load its own copy: editing a loaded record does not edit the store', async () => {
    const store = createInMemoryOrderStore();
    await store.insert(newOrder('A'));
    const loaded = (await store.load({ marketplace: 'cdiscount', orderId: 'A' }))!;
    (loaded as { status: string }).status = 'Shipped';
    expect((await store.load(orderKeyOf(loaded)))!.status).toBe('WaitingForSellerAcceptation');
  });
});

describe('applyWithRetry', () => {
  it('applies an event and reports the attempt', async () => {
    const store = createInMemoryOrderStore();
    await store.insert(newOrder('A'));
    const outcome = await applyWithRetry(store, { marketplace: 'cdiscount', orderId: 'A' }, accept);
    expect(outcome).toMatchObject({ outcome: 'applied', attempts: 1, order: { status: 'AcceptedBySeller', revision: 1 } });
    expect((await applyWithRetry(store, { marketplace: 'cdiscount', orderId: 'A' }, accept)).outcome).toBe('duplicate');
  });

  it('takes a step computed from the loaded record, running it again on each attempt', async () => {
    const store = createInMemoryOrderStore();
    await store.insert(newOrder('A'));
    const seen: number[] = [];
    const racing: OrderStore = {
      ...store,
      async save(change) {
        // The first save loses to another worker that accepted the order meanwhile.
        if (seen.length === 1) {
          const current = (await store.load(orderKeyOf(change.order)))!;
          const theirs = dispatch(current, accept);
          await store.save({ expectedRevision: current.revision, order: theirs.order, audit: [theirs.audit] });
        }
        return store.save(change);
      },
    };
    const step = (order: Parameters<typeof dispatch>[0]) => {
      seen.push(order.revision);
      return dispatch(order, { type: 'PAYMENT_CONFIRMED', at: '2024-02-21T18:40:00Z' });
    };
    const outcome = await applyWithRetry(racing, { marketplace: 'cdiscount', orderId: 'A' }, step);
    expect(seen).toEqual([0, 1]);
    expect(outcome).toMatchObject({ outcome: 'applied', attempts: 2, order: { status: 'WaitingForShipmentAcceptation', revision: 2 } });
  });

  it('reports an order the store does not have as not-found, writing nothing', async () => {
    const store = createInMemoryOrderStore();
    expect(await applyWithRetry(store, { marketplace: 'cdiscount', orderId: 'nope' }, accept)).toEqual({ outcome: 'not-found', attempts: 1 });
  });

  it('reports a refusal with its blockers, and logs it', async () => {
    const store = createInMemoryOrderStore();
    await store.insert(newOrder('A'));
    const outcome = await applyWithRetry(store, { marketplace: 'cdiscount', orderId: 'A' }, { type: 'SHIP', at: '2024-02-21T18:30:00Z' });
    expect(outcome.outcome).toBe('refused');
    expect(outcome.outcome === 'refused' && outcome.result.blockers[0].code).toBe('NOT_ALLOWED_IN_STATUS');
    expect((await store.auditLog({ marketplace: 'cdiscount', orderId: 'A' })).map((r) => r.entry.outcome)).toEqual(['refused']);
  });

  it('defers a seller action refused only by maintenance when asked, and only then', async () => {
    const store = createInMemoryOrderStore();
    await store.insert(newOrder('A'));
    const key = { marketplace: 'cdiscount', orderId: 'A' };
    const during = { type: 'ACCEPT', at: '2024-02-21T19:30:00Z', id: 'accept-1' } as const;
    expect((await applyWithRetry(store, key, during, { dispatch: { calendar } })).outcome).toBe('refused');
    expect(await store.pendingActions()).toEqual([]);
    const deferred = await applyWithRetry(store, key, during, { dispatch: { calendar }, defer: true });
    expect(deferred).toMatchObject({ outcome: 'deferred', action: { notBefore: '2024-02-21T22:00:00.000Z' } });
    expect(await store.pendingActions()).toHaveLength(1);
  });

  it('gives up after maxAttempts lost races, reporting conflict and writing nothing', async () => {
    const inner = createInMemoryOrderStore();
    await inner.insert(newOrder('A'));
    let saves = 0;
    // Another worker always saves first.
    const contended: OrderStore = {
      ...inner,
      async save(change) {
        saves++;
        const current = (await inner.load(orderKeyOf(change.order)))!;
        await inner.save({ expectedRevision: current.revision, order: { ...current, revision: current.revision + 1 }, audit: [] });
        return inner.save(change);
      },
    };
    const outcome = await applyWithRetry(contended, { marketplace: 'cdiscount', orderId: 'A' }, accept, { maxAttempts: 3, delay: () => 1 });
    expect(outcome).toMatchObject({ outcome: 'conflict', attempts: 3, error: { code: 'CONFLICT' } });
    expect(saves).toBe(3);
    expect((await inner.load({ marketplace: 'cdiscount', orderId: 'A' }))!.status).toBe('WaitingForSellerAcceptation');
  });

  it('throws INVALID_RECORD for a corrupt stored record instead of retrying', async () => {
    const store = createInMemoryOrderStore();
    const corrupt: OrderStore = { ...store, load: async () => restoreOrder('{"schemaVersion": 9}') };
    await expect(applyWithRetry(corrupt, { marketplace: 'cdiscount', orderId: 'A' }, accept)).rejects.toMatchObject({ code: 'INVALID_RECORD' });
  });
});

describe('an in-memory store of both vocabularies', () => {
  it('keeps legacy and Octopia orders side by side, each through its own lifecycle', async () => {
    const store = createInMemoryOrderStore({ lifecycles: BOTH_VOCABULARIES });
    // A default store reading the same records (as two Postgres stores share a table): its load restores
    // what the first one keeps.
    const defaultStore: OrderStore = { ...createInMemoryOrderStore(), load: async (key) => restoreOrder(JSON.stringify(await store.load(key))) };
    await twoVocabulariesScenario(store, defaultStore, 'mem');
  });

  it('refuses store options naming no lifecycle, the same one twice, or something else, with INVALID_INPUT', () => {
    for (const lifecycles of [[], [BOTH_VOCABULARIES[1], BOTH_VOCABULARIES[1]], [{ id: 'x' }]]) {
      expect(() => createInMemoryOrderStore({ lifecycles: lifecycles as never })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
  });
});

describe('the in-memory store under concurrent workers', () => {
  it('applies every accepted event exactly once with 8 workers: no lost update, gapless revisions, one audit entry per attempt', async () => {
    for (const seed of [1, 2, 3]) {
      await concurrentWorkersScenario(createInMemoryOrderStore(), { prefix: `mem${seed}`, workers: 8, seed });
    }
  });

  it('leaves record and outbox as they were when a worker fails between dispatch and save; the retry applies once', async () => {
    const store = createInMemoryOrderStore();
    const failing = failingOnce(store);
    await faultScenario(store, { store: failing.store, arm: failing.arm }, 'mem');
  });

  it('releases deferred actions exactly once, in order per order, with several drainers', async () => {
    await outboxDrainScenario(createInMemoryOrderStore(), { prefix: 'mem', drainers: 4 });
  });
});
