import { z } from 'zod';
import { REMEMBERED_EVENT_IDS } from '../engine/audit.js';
import { upgradeLayout1 } from '../engine/layout-1.js';
import { ORDER_SCHEMA_VERSION } from '../engine/record.js';
import { describeValue, type ValidationIssue } from '../lifecycle/errors.js';
import { instantSchema } from '../lifecycle/instant.js';
import { isFinalStatus, isOrderStatus } from '../lifecycles/default.js';
import { invalidRecord, parseRecord } from './invalid-record.js';

/**
 * One step of the record layout's history: turns a record written at `from` into one at `to`. `migrate`
 * receives the raw (parsed JSON) record and must throw `INVALID_RECORD` (naming the field) when it cannot
 * read it; the final layout is validated after the last step anyway.
 */
export interface RecordMigration {
  readonly from: number;
  readonly to: number;
  /** What changed, in one sentence (shown in errors and docs). */
  readonly description: string;
  readonly migrate: (record: unknown) => unknown;
}

/*
 * Layout 0, "bare snapshot" (before the envelope, never published as a contract): the XState persisted
 * snapshot stored as it came out of `getPersistedSnapshot`, with our bookkeeping (revision, instants, event
 * ids) squeezed into the machine's context, the tracking number named `tracking`, no `trackingUrl`, no
 * `marketplaceUpdatedAt` or `marketplaceStatus`, and no history. It tied stored data to XState's own format: the reason for the
 * envelope of layout 1.
 */
const v0Text = (max: number) => z.string().min(1).max(max);
const v0Nullable = (max: number) =>
  z
    .string()
    .max(max)
    .nullish()
    .transform((v) => v ?? null);
const recordV0Schema = z.object({
  status: z.enum(['active', 'done']),
  value: z.string().min(1).max(100),
  context: z.object({
    orderId: v0Text(200),
    marketplace: v0Text(100),
    channel: v0Nullable(100),
    deliveryMode: v0Nullable(100),
    fulfilledByMarketplace: z.boolean().default(false),
    shipment: z
      .object({ carrier: v0Nullable(100), tracking: v0Nullable(100), at: instantSchema })
      .nullish()
      .transform((v) => v ?? null),
    refunds: z
      .array(z.object({ amount: z.number().positive().nullable(), reason: v0Nullable(1000), at: instantSchema }))
      .max(1000)
      .default([]),
    revision: z.number().int().min(0),
    createdAt: instantSchema,
    updatedAt: instantSchema,
    appliedEventIds: z.array(v0Text(200)).max(10_000).default([]),
  }),
});

const bareSnapshotToEnvelope: RecordMigration = {
  from: 0,
  to: 1,
  description:
    'Wraps the bare XState snapshot in the versioned envelope: bookkeeping moves out of the context, shipment.tracking becomes trackingNumber, trackingUrl, marketplaceUpdatedAt and marketplaceStatus appear (null), history starts empty.',
  migrate(raw) {
    const v0 = parseRecord(recordV0Schema, raw, 'schemaVersion 0');
    const { revision, createdAt, updatedAt, appliedEventIds, shipment, ...kept } = v0.context;
    return {
      schemaVersion: 1,
      orderId: kept.orderId,
      marketplace: kept.marketplace,
      status: v0.value,
      fulfilledByMarketplace: kept.fulfilledByMarketplace,
      revision,
      createdAt,
      updatedAt,
      // Layout 0 kept every id; layout 1 remembers the newest ones only.
      appliedEventIds: appliedEventIds.slice(-REMEMBERED_EVENT_IDS),
      history: [],
      snapshot: {
        status: v0.status,
        value: v0.value,
        historyValue: {},
        context: {
          ...kept,
          shipment: shipment && {
            carrier: shipment.carrier,
            trackingNumber: shipment.tracking,
            trackingUrl: null,
            at: shipment.at,
          },
          marketplaceUpdatedAt: null,
          marketplaceStatus: null,
        },
        children: {},
      },
    };
  },
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What a layout 1 record with its XState snapshot must agree with, before the snapshot is dropped. */
function snapshotIssues(record: Record<string, unknown>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const snapshot = record.snapshot;
  if (!isObject(snapshot) || !isObject(snapshot.context)) return [{ path: ['snapshot'], message: 'must be an XState snapshot with a context' }];
  // A status the lifecycle lacks is named once, on `status`, by the validation after the last migration.
  if (snapshot.value !== record.status) {
    const message = isOrderStatus(snapshot.value)
      ? `is ${snapshot.value} but status is ${String(record.status)}: they must be equal`
      : `${describeValue(snapshot.value)} is not a state of the order machine`;
    issues.push({ path: ['snapshot', 'value'], message });
  } else if (isOrderStatus(record.status) && snapshot.status !== (isFinalStatus(record.status) ? 'done' : 'active')) {
    issues.push({ path: ['snapshot', 'status'], message: `must be '${isFinalStatus(record.status) ? 'done' : 'active'}' in ${record.status}` });
  }
  for (const key of ['orderId', 'marketplace', 'fulfilledByMarketplace'] as const) {
    if (snapshot.context[key] !== record[key]) {
      issues.push({
        path: ['snapshot', 'context', key],
        message: `is ${describeValue(snapshot.context[key])} but ${key} is ${describeValue(record[key])}: they must be equal`,
      });
    }
  }
  return issues;
}

/*
 * Layout 1, "envelope with snapshot" (0.1.0): a record as dispatch returned it carried XState's persisted
 * snapshot, its context repeating the identity; the stored form that serializeOrder wrote had no snapshot and a
 * context without the identity. Layout 2 is that stored form: the record held and the record stored are one.
 */
const snapshotToPlainRecord: RecordMigration = {
  from: 1,
  to: 2,
  description:
    "Drops the XState snapshot: its context, less the identity kept at the top level, becomes the record's context (the stored form of layout 1 already had that shape).",
  migrate(raw) {
    if (!isObject(raw)) throw invalidRecord([{ path: [], message: 'must be an object' }], 'schemaVersion 1');
    if (Object.hasOwn(raw, 'snapshot')) {
      const issues = snapshotIssues(raw);
      if (issues.length > 0) throw invalidRecord(issues, 'schemaVersion 1');
    }
    return upgradeLayout1(raw);
  },
};

/** The layout migrations this version of the library knows, oldest first. */
export const RECORD_MIGRATIONS: readonly RecordMigration[] = Object.freeze([bareSnapshotToEnvelope, snapshotToPlainRecord]);

/**
 * The layout version of a raw record: its `schemaVersion`, or 0 for the bare-snapshot layout (which had
 * none). Throws `INVALID_RECORD` when there is no telling.
 *
 * @example recordVersionOf({ schemaVersion: 1, ... }) // 1
 */
export function recordVersionOf(raw: unknown): number {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw invalidRecord([{ path: [], message: `must be an object, got ${Array.isArray(raw) ? 'an array' : raw === null ? 'null' : typeof raw}` }]);
  }
  const record = raw as Record<string, unknown>;
  if (!Object.hasOwn(record, 'schemaVersion')) {
    if (Object.hasOwn(record, 'value') && Object.hasOwn(record, 'context')) return 0;
    throw invalidRecord([{ path: ['schemaVersion'], message: 'is missing: not an order record' }]);
  }
  const version = record.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw invalidRecord([{ path: ['schemaVersion'], message: `must be a non-negative integer, got ${describeValue(version)}` }]);
  }
  return version;
}

/**
 * Brings a raw record to the current layout ({@link ORDER_SCHEMA_VERSION}) by applying the migrations in
 * order, from its own version. Refuses a record from the future (a newer library wrote it: reading it would
 * lose what we do not understand) and a version no migration starts from. Does not validate the result:
 * `restoreOrder` does.
 *
 * @example
 * const { record, from } = migrateRecord(JSON.parse(text)); // from: 0, record at layout 1
 */
export function migrateRecord(
  raw: unknown,
  migrations: readonly RecordMigration[] = RECORD_MIGRATIONS,
  target: number = ORDER_SCHEMA_VERSION,
): { readonly record: unknown; readonly from: number; readonly steps: readonly RecordMigration[] } {
  const from = recordVersionOf(raw);
  if (from > target) {
    throw invalidRecord([
      { path: ['schemaVersion'], message: `is ${from}, newer than ${target}, the newest this library reads: upgrade order-status-machine` },
    ]);
  }
  const byFrom = new Map<number, RecordMigration>();
  for (const migration of migrations) {
    if (!(migration.to > migration.from)) throw new Error(`order-status-machine: migration ${migration.from} -> ${migration.to} must go forward`);
    if (byFrom.has(migration.from)) throw new Error(`order-status-machine: two migrations start from version ${migration.from}`);
    byFrom.set(migration.from, migration);
  }
  let record = raw;
  let version = from;
  const steps: RecordMigration[] = [];
  while (version < target) {
    const step = byFrom.get(version);
    if (!step || step.to > target) {
      throw invalidRecord([{ path: ['schemaVersion'], message: `is ${version}, and no migration leads from it to ${target}` }]);
    }
    record = step.migrate(record);
    steps.push(step);
    version = step.to;
  }
  return { record, from, steps };
}
