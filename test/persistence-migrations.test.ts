import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dispatch, isOrderMachineError } from 'order-status-machine';
import { RECORD_MIGRATIONS, migrateRecord, recordVersionOf, type RecordMigration } from 'order-status-machine';
import { restoreOrder } from 'order-status-machine';
import { serializeOrder } from 'order-status-machine';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/records/${name}`, import.meta.url), 'utf8');
const v0Text = fixture('bare-snapshot-v0.json');

function invalidRecordMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isOrderMachineError(error) && error.code === 'INVALID_RECORD') return error.message;
    throw error;
  }
  throw new Error('expected INVALID_RECORD');
}

describe('restoring a record written in layout 0 (bare XState snapshot, before the envelope)', () => {
  const order = restoreOrder(v0Text);

  it('recognizes the layout without a schemaVersion', () => {
    expect(recordVersionOf(JSON.parse(v0Text))).toBe(0);
  });

  it('moves the bookkeeping out of the context into the envelope', () => {
    expect(order).toMatchObject({
      schemaVersion: 2,
      orderId: 'CD-231114-0007',
      marketplace: 'cdiscount',
      status: 'Shipped',
      fulfilledByMarketplace: false,
      revision: 6,
      createdAt: '2023-11-14T17:40:00.000Z',
      updatedAt: '2023-11-20T09:00:00.000Z',
      appliedEventIds: ['accept-7', 'ship-7', 'refund-7'],
      history: [],
    });
    expect(Object.keys(order.context)).not.toContain('revision');
    expect(Object.keys(order)).not.toContain('snapshot');
  });

  it('renames shipment.tracking to trackingNumber and normalizes the instant to UTC', () => {
    expect(order.context.shipment).toEqual({
      carrier: 'Colissimo',
      trackingNumber: '6A00000000007',
      trackingUrl: null,
      at: '2023-11-15T07:05:00.000Z',
    });
    expect(order.context.marketplaceUpdatedAt).toBeNull();
    expect(order.context.marketplaceStatus).toBeNull();
  });

  it('gives an order that goes on: a remembered event id is still a duplicate, a new refund applies', () => {
    expect(dispatch(order, { type: 'REFUND', at: '2023-11-21T09:00:00Z', id: 'refund-7', amount: 4.9 }).duplicate).toBe(true);
    const next = dispatch(order, { type: 'REFUND', at: '2023-11-21T09:00:00Z', id: 'refund-8', amount: 2 });
    expect(next.ok && next.changed).toBe(true);
    expect(next.order.revision).toBe(7);
    expect(next.order.context.refunds).toHaveLength(2);
  });

  it('is written back in the current layout and restores to the same record', () => {
    const text = serializeOrder(order);
    expect(JSON.parse(text).schemaVersion).toBe(2);
    expect(restoreOrder(text)).toEqual(order);
  });

  it('refuses a layout-0 record with a bad field, naming the layout and the field', () => {
    const raw = JSON.parse(v0Text);
    raw.context.revision = 'six';
    expect(invalidRecordMessage(() => restoreOrder(raw))).toMatch(/\(schemaVersion 0\): context\.revision: /);
  });

  it('refuses a layout-0 record in a state the machine does not have, after migrating it', () => {
    const raw = JSON.parse(v0Text);
    raw.value = 'Lost';
    expect(invalidRecordMessage(() => restoreOrder(raw))).toMatch(/migrated from schemaVersion 0.*status: "Lost" is not an order status/);
  });
});

describe('restoring what 0.1.0 wrote (layout 1): its records, with an XState snapshot, and its stored form', () => {
  const recordText = fixture('record-v1.json');
  const storedText = fixture('stored-v1.json');

  it('reads both forms as the same record of the current layout', () => {
    const fromRecord = restoreOrder(recordText);
    const fromStored = restoreOrder(storedText);
    expect(fromRecord).toEqual(fromStored);
    expect(fromRecord).toMatchObject({ schemaVersion: 2, orderId: 'CD-240221-0042', status: 'Shipped', revision: 5 });
    expect(Object.keys(fromRecord)).not.toContain('snapshot');
  });

  it('keeps every fact: the context less the identity, the bookkeeping as it was', () => {
    const v1 = JSON.parse(recordText);
    const order = restoreOrder(recordText);
    const { orderId, marketplace, fulfilledByMarketplace, ...context } = v1.snapshot.context;
    expect({ orderId, marketplace, fulfilledByMarketplace }).toEqual({
      orderId: order.orderId,
      marketplace: order.marketplace,
      fulfilledByMarketplace: order.fulfilledByMarketplace,
    });
    expect(order.context).toEqual(context);
    expect(order.history).toEqual(v1.history);
    expect(order.appliedEventIds).toEqual(v1.appliedEventIds);
  });

  it('gives an order that goes on: a remembered event id is a duplicate, a new refund applies', () => {
    const order = restoreOrder(recordText);
    expect(dispatch(order, { type: 'REFUND', at: '2024-02-26T09:00:00Z', id: 'refund-42', amount: 4.9 }).duplicate).toBe(true);
    const next = dispatch(order, { type: 'REFUND', at: '2024-02-26T09:00:00Z', id: 'refund-43', amount: 2 });
    expect(next.ok && next.order.context.refunds).toHaveLength(2);
  });

  it('lets dispatch take a 0.1.0 record held in memory, returning one of the current layout', () => {
    const held = JSON.parse(recordText);
    const next = dispatch(held, { type: 'REFUND', at: '2024-02-26T09:00:00Z', id: 'refund-43', amount: 2 });
    expect(next.ok).toBe(true);
    expect(next.order.schemaVersion).toBe(2);
    expect(next.order).toEqual(dispatch(restoreOrder(recordText), { type: 'REFUND', at: '2024-02-26T09:00:00Z', id: 'refund-43', amount: 2 }).order);
  });

  it('is written back in the current layout and restores to the same record', () => {
    const order = restoreOrder(storedText);
    expect(JSON.parse(serializeOrder(order)).schemaVersion).toBe(2);
    expect(restoreOrder(serializeOrder(order))).toEqual(order);
  });
});

describe('migrateRecord', () => {
  const step = (from: number, to: number, tag: string): RecordMigration => ({
    from,
    to,
    description: tag,
    migrate: (record) => ({ ...(record as object), schemaVersion: to, trail: [...((record as { trail?: string[] }).trail ?? []), tag] }),
  });

  it('applies the migrations in order, from the record version up to the target', () => {
    const migrations = [step(2, 3, 'c'), step(0, 1, 'a'), step(1, 2, 'b')];
    const { record, from, steps } = migrateRecord({ schemaVersion: 1 }, migrations, 3);
    expect(from).toBe(1);
    expect(steps.map((s) => s.description)).toEqual(['b', 'c']);
    expect(record).toEqual({ schemaVersion: 3, trail: ['b', 'c'] });
  });

  it('leaves a current record untouched', () => {
    const raw = { schemaVersion: 2 };
    expect(migrateRecord(raw).record).toBe(raw);
  });

  it('refuses a version no migration starts from', () => {
    expect(invalidRecordMessage(() => migrateRecord({ schemaVersion: 1 }, [step(0, 1, 'a')], 3))).toContain(
      'schemaVersion: is 1, and no migration leads from it to 3',
    );
  });

  it('refuses a schemaVersion that is not a non-negative integer', () => {
    for (const schemaVersion of [-1, 0.5, '1', null]) {
      expect(invalidRecordMessage(() => migrateRecord({ schemaVersion }))).toContain('schemaVersion: must be a non-negative integer');
    }
  });

  it('the registry starts at layout 0 and ends at the current layout without gaps', () => {
    let version = 0;
    for (const migration of RECORD_MIGRATIONS) {
      expect(migration.from).toBe(version);
      version = migration.to;
    }
    expect(version).toBe(2);
  });
});
