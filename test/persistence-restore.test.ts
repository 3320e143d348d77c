import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FINAL_STATUSES, createOrder, dispatch, isOrderMachineError, type OrderEventInput, type OrderRecord, toSnapshot } from 'order-status-machine';
import { restoreOrder } from 'order-status-machine';
import { serializeOrder } from 'order-status-machine';

const base = createOrder({
  orderId: 'CD-1001',
  marketplace: 'cdiscount',
  channel: 'lengow',
  deliveryMode: 'TRK',
  createdAt: '2024-02-21T18:00:00Z',
});

function run(order: OrderRecord, events: readonly OrderEventInput[]): OrderRecord {
  return events.reduce((o, e) => dispatch(o, e).order, order);
}

const shipped = run(base, [
  { type: 'ACCEPT', at: '2024-02-21T18:30:00Z', id: 'accept-1' },
  { type: 'PAYMENT_CONFIRMED', at: '2024-02-21T18:40:00Z' },
  { type: 'SHIP', at: '2024-02-22T08:00:00Z', id: 'ship-1', carrier: 'Colissimo', trackingNumber: '6A1' },
  { type: 'SHIPMENT_CONFIRMED', at: '2024-02-22T12:00:00Z' },
  { type: 'REFUND', at: '2024-02-23T09:00:00Z', id: 'refund-1', amount: 4.9, reason: 'damaged box' },
]);

/** A deep copy of the record as JSON, edited by `edit`: what a hand-edited database row looks like. */
function edited(order: OrderRecord, edit: (raw: any) => void): unknown {
  const raw = JSON.parse(JSON.stringify(order));
  edit(raw);
  return raw;
}

/** The INVALID_RECORD error restoring `input` throws (fails the test when it restores or throws anything else). */
function refusal(input: unknown): { message: string; paths: string[] } {
  try {
    restoreOrder(input);
  } catch (error) {
    if (isOrderMachineError(error) && error.code === 'INVALID_RECORD') {
      return { message: error.message, paths: error.issues.map((i) => i.path.join('.')) };
    }
    throw error;
  }
  throw new Error('restoreOrder accepted the input');
}

// Events a backend receives for one order, in any order and with repeats: the records they leave behind.
const eventArb: fc.Arbitrary<OrderEventInput> = fc.oneof(
  fc
    .constantFrom<OrderEventInput['type']>(
      'ACCEPT',
      'REFUSE',
      'PAYMENT_STARTED',
      'PAYMENT_CONFIRMED',
      'SHIPMENT_CONFIRMED',
      'CANCELLATION_REQUESTED',
      'DECLINE_CANCELLATION',
      'CUSTOMER_CANCELLED',
    )
    .map((type) => ({ type, at: '2024-02-22T10:00:00Z' }) as OrderEventInput),
  fc.record({ n: fc.integer({ min: 1, max: 5 }) }).map(({ n }) => ({
    type: 'SHIP' as const,
    at: '2024-02-22T11:00:00Z',
    id: `ship-${n}`,
    carrier: 'DHL',
    trackingNumber: `T${n}`,
  })),
  fc.integer({ min: 1, max: 20 }).map((n) => ({ type: 'REFUND' as const, at: '2024-02-23T10:00:00Z', id: `refund-${n}`, amount: n })),
  fc.constantFrom('Shipped', 'CancelledByCustomer', 'WaitingForShipmentAcceptation').map((status) => ({
    type: 'MARKETPLACE_STATUS_CHANGED' as const,
    at: '2024-02-24T10:00:00Z',
    status: status as 'Shipped',
  })),
);
const recordArb = fc.array(eventArb, { maxLength: 25 }).map((events) => run(base, events));

describe('the stored form', () => {
  const stored = JSON.parse(serializeOrder(shipped)) as Record<string, any>;

  it('stores each fact once: no snapshot, and no copy of the identity in the context', () => {
    expect(Object.keys(stored)).not.toContain('snapshot');
    expect(Object.keys(stored.context)).not.toEqual(expect.arrayContaining(['orderId']));
    expect(stored.context).not.toHaveProperty('marketplace');
    expect(stored.context).not.toHaveProperty('fulfilledByMarketplace');
    expect(stored).toMatchObject({ orderId: 'CD-1001', marketplace: 'cdiscount', status: 'Shipped', fulfilledByMarketplace: false });
  });

  it('is the record itself: the text is JSON.stringify of what dispatch returned', () => {
    expect(serializeOrder(shipped)).toBe(JSON.stringify(shipped));
  });

  it('restores the very record that was stored, ready for an actor through toSnapshot', () => {
    const restored = restoreOrder(serializeOrder(shipped));
    expect(JSON.stringify(restored)).toBe(JSON.stringify(shipped));
    expect(toSnapshot(restored)).toMatchObject({ status: 'active', value: 'Shipped', historyValue: {}, children: {} });
    const refused = createOrder({ orderId: 'R-1', marketplace: 'cdiscount', status: 'RefusedBySeller', createdAt: '2024-02-21T18:00:00Z' });
    expect(toSnapshot(restoreOrder(serializeOrder(refused))).status).toBe('done');
  });

  it('names the field at fault in a stored order too', () => {
    const bad = { ...stored, status: 'Teleported', context: { ...stored.context, refunds: 'none' } };
    const { message, paths } = refusal(JSON.stringify(bad));
    expect(paths.sort()).toEqual(['context.refunds', 'status']);
    expect(message).toContain('status: "Teleported" is not an order status');
  });

  it('refuses a Date no stored text could hold (found by the hostile-input property)', () => {
    const raw = edited(shipped, (r) => (r.context.shipment.at = new Date('+010000-01-01T00:00:00Z')));
    expect(refusal(raw).paths).toEqual(['context.shipment.at']);
  });

  it('refuses a stored order whose bookkeeping contradicts itself', () => {
    const { paths } = refusal({ ...stored, revision: 0 });
    expect(paths).toEqual(expect.arrayContaining(['appliedEventIds', 'history']));
  });
});

describe('serializeOrder and restoreOrder', () => {
  it('give back an equal record, from the JSON text and from the parsed JSON', () => {
    fc.assert(
      fc.property(recordArb, (order) => {
        const text = serializeOrder(order);
        expect(restoreOrder(text)).toEqual(order);
        expect(restoreOrder(JSON.parse(text))).toEqual(order);
      }),
      { numRuns: 150 },
    );
  });

  it('give back a record on which the next event has the same outcome as on the original', () => {
    fc.assert(
      fc.property(recordArb, eventArb, (order, event) => {
        const restored = restoreOrder(serializeOrder(order));
        expect(dispatch(restored, event)).toEqual(dispatch(order, event));
      }),
      { numRuns: 150 },
    );
  });

  it('write the schemaVersion in the text, so a later library can migrate it', () => {
    expect(JSON.parse(serializeOrder(shipped)).schemaVersion).toBe(2);
  });

  it('keep an unknown context field a newer minor version added', () => {
    const raw = edited(shipped, (r) => (r.context.marketplaceStatusLabel = 'Expédiée'));
    expect((restoreOrder(raw).context as any).marketplaceStatusLabel).toBe('Expédiée');
  });

  it('read a record stored before context.marketplaceStatus existed as "no report heard"', () => {
    const raw = edited(shipped, (r) => delete r.context.marketplaceStatus);
    expect(restoreOrder(raw).context.marketplaceStatus).toBeNull();
  });

  it('refuse to serialize a record that could not be restored', () => {
    const broken = { ...shipped, status: 'PickedUp' } as OrderRecord;
    expect(() => serializeOrder(broken)).toThrow(expect.objectContaining({ code: 'INVALID_RECORD' }));
  });
});

describe('restoreOrder refuses corrupt input with INVALID_RECORD naming the field', () => {
  it('refuses every truncation of a record text, never throwing a SyntaxError', () => {
    const text = serializeOrder(shipped);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: text.length - 1 }), (cut) => {
        expect(refusal(text.slice(0, cut)).message).toMatch(/record text (is empty|is not valid JSON)/);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a status that does not exist, naming status and the value', () => {
    const { message, paths } = refusal(edited(shipped, (r) => (r.status = 'Teleported')));
    expect(paths).toContain('status');
    expect(message).toContain('status: "Teleported" is not an order status');
  });

  it('refuses a record from a future schemaVersion, saying the library must be upgraded', () => {
    const { message, paths } = refusal(edited(shipped, (r) => (r.schemaVersion = 3)));
    expect(paths).toEqual(['schemaVersion']);
    expect(message).toMatch(/schemaVersion: is 3, newer than 2.*upgrade/);
  });

  it('refuses a record without a schemaVersion that is not an older layout either', () => {
    expect(refusal({ orderId: 'x' }).message).toContain('schemaVersion: is missing');
  });

  it('refuses a copy of the identity in the context: each fact is kept once', () => {
    const { message, paths } = refusal(edited(shipped, (r) => (r.context.orderId = 'CD-9999')));
    expect(paths).toEqual(['context.orderId']);
    expect(message).toContain('context.orderId: must not be in the context');
  });

  it('refuses a revision that is not a non-negative integer', () => {
    for (const revision of [-1, 1.5, '5', null]) {
      expect(refusal(edited(shipped, (r) => (r.revision = revision))).paths).toContain('revision');
    }
  });

  it('refuses a revision below the number of applied events the record remembers', () => {
    expect(refusal(edited(shipped, (r) => (r.revision = 2))).message).toContain('appliedEventIds: holds 3 ids but revision is 2');
  });

  it('refuses lists beyond their bounds', () => {
    const ids = Array.from({ length: 101 }, (_, i) => `e-${i}`);
    const raw = edited(shipped, (r) => {
      r.appliedEventIds = ids;
      r.revision = 500;
    });
    expect(refusal(raw).message).toContain('appliedEventIds: must hold at most 100 ids');
  });

  it('refuses a missing field with "is missing"', () => {
    expect(refusal(edited(shipped, (r) => delete r.orderId)).message).toContain('orderId: is missing');
    expect(refusal(edited(shipped, (r) => delete r.revision)).message).toContain('revision: is missing');
  });

  it('reads a field the compact form may leave out as its default, not as missing', () => {
    expect(restoreOrder(edited(shipped, (r) => delete r.context.channel)).context.channel).toBeNull();
    expect(restoreOrder(edited(shipped, (r) => delete r.history)).history).toEqual([]);
  });

  it('reads a list whose prototype was replaced (no JSON makes one) as a list, or refuses it, never throwing a TypeError', () => {
    const odd = () => Object.setPrototypeOf(['a'], {}) as unknown[];
    expect(() => restoreOrder(edited(shipped, (r) => (r.context.extra = odd())))).toThrow(/context\.extra: must be plain JSON/);
    const history = restoreOrder(edited(base, (r) => (r.history = Object.setPrototypeOf([], {})))).history;
    expect(Object.getPrototypeOf(history)).toBe(Array.prototype);
  });

  it('refuses values that are not records at all', () => {
    for (const value of [null, 42, [], 'null', '"text"', '[]']) {
      expect(refusal(value).paths).toEqual(expect.arrayContaining([expect.any(String)]));
    }
  });

  it('either restores an edited record into one that dispatches and round-trips, or refuses it: never another error', () => {
    const text = serializeOrder(shipped);
    const paths: (string | number)[][] = [];
    const walk = (value: unknown, path: (string | number)[]) => {
      paths.push(path);
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    };
    walk(JSON.parse(text), []);
    fc.assert(
      fc.property(fc.constantFrom(...paths.filter((p) => p.length > 0)), fc.jsonValue({ maxDepth: 2 }), eventArb, (path, value, event) => {
        const raw = JSON.parse(text);
        let parent = raw;
        for (const key of path.slice(0, -1)) parent = parent[key];
        parent[path.at(-1)!] = value;
        let restored: OrderRecord;
        try {
          restored = restoreOrder(raw);
        } catch (error) {
          expect(isOrderMachineError(error) && error.code).toBe('INVALID_RECORD');
          return;
        }
        expect(() => dispatch(restored, event)).not.toThrow();
        expect(restoreOrder(serializeOrder(restored))).toEqual(restored);
      }),
      { numRuns: 300 },
    );
  });
});

describe('restoreOrder on a record as 0.1.0 returned it (layout 1, with its XState snapshot)', () => {
  const v1 = JSON.parse(readFileSync(new URL('./fixtures/records/record-v1.json', import.meta.url), 'utf8'));
  const v1Edited = (edit: (raw: any) => void) => {
    const raw = structuredClone(v1);
    edit(raw);
    return raw;
  };

  it('refuses a snapshot state that is not in the machine', () => {
    const { message, paths } = refusal(v1Edited((r) => (r.snapshot.value = 'Teleported')));
    expect(paths).toEqual(['snapshot.value']);
    expect(message).toContain('snapshot.value: "Teleported" is not a state of the order machine');
  });

  it('refuses a status that disagrees with the snapshot state', () => {
    const { message } = refusal(v1Edited((r) => (r.status = 'PickedUp')));
    expect(message).toContain('snapshot.value: is Shipped but status is PickedUp');
  });

  it("refuses a snapshot whose 'done' flag disagrees with a final or a live state", () => {
    for (const status of FINAL_STATUSES) {
      const raw = v1Edited((r) => {
        r.status = status;
        r.snapshot.value = status;
        r.history = [];
      });
      expect(refusal(raw).message).toContain(`snapshot.status: must be 'done' in ${status}`);
    }
    expect(refusal(v1Edited((r) => (r.snapshot.status = 'done'))).message).toContain("snapshot.status: must be 'active' in Shipped");
  });

  it('refuses top-level identity that disagrees with the context', () => {
    expect(refusal(v1Edited((r) => (r.orderId = 'CD-9999'))).message).toContain(
      'snapshot.context.orderId: is "CD-240221-0042" but orderId is "CD-9999"',
    );
    expect(refusal(v1Edited((r) => (r.snapshot.context.marketplace = 'fnac'))).paths).toEqual(['snapshot.context.marketplace']);
    expect(refusal(v1Edited((r) => (r.fulfilledByMarketplace = true))).paths).toEqual(['snapshot.context.fulfilledByMarketplace']);
  });

  it('says the record was migrated when the migrated record is refused', () => {
    expect(refusal(v1Edited((r) => (r.snapshot.context.refunds = 'none'))).message).toContain('migrated from schemaVersion 1');
  });
});
