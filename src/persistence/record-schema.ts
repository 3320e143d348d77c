import { z } from 'zod';
import { MAX_HISTORY_LIMIT, REMEMBERED_EVENT_IDS, type AuditEntry } from '../audit.js';
import { BLOCKER_CODES } from '../blockers.js';
import { describeValue } from '../errors.js';
import type { OrderContext } from '../context.js';
import { compileParser } from '../compiled-schema.js';
import { RECORD_TYPES } from './record-types.js';
import { instantSchema, readInstantFast } from '../instant.js';
import { orderMachine } from '../machine.js';
import { ORDER_SCHEMA_VERSION, type OrderRecord } from '../order.js';
import { ORDER_STATUSES, orderStatusSchema } from '../statuses.js';

/** Refunds a stored order may carry: far above any real order, low enough to refuse a runaway record. */
export const MAX_STORED_REFUNDS = 1000;

const statusNames = ORDER_STATUSES.join(', ');
/** Error text for a wrong type that says "is missing" when the field is absent. */
const expected = (what: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'is missing' : `must be ${what}`);
const text = (max: number) =>
  z.string({ error: expected('a string') }).min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const optionalText = (max: number) => z.string({ error: expected('a string or null') }).max(max, `must be at most ${max} characters`).nullable();
// Stored instants are read back as UTC ISO strings: `dispatch` compares them as strings.
const instant = instantSchema.pipe(z.string());
const status = z.enum(ORDER_STATUSES, {
  error: (issue) =>
    issue.input === undefined ? 'is missing' : `${describeValue(issue.input)} is not an order status (expected one of ${statusNames})`,
});

const shipmentSchema = z.strictObject({
  carrier: optionalText(100),
  trackingNumber: optionalText(100),
  trackingUrl: optionalText(2048),
  at: instant,
});

const refundSchema = z.strictObject({
  amount: z.number().positive('must be a positive amount').max(1e9, 'must be at most 1e9').nullable(),
  reason: optionalText(1000),
  at: instant,
});

/**
 * The machine's context as stored. Loose on purpose: a context field added by a newer minor version is kept
 * through a round trip instead of being silently dropped; the fields the rules read are checked.
 */
const contextFields = {
  orderId: text(200),
  marketplace: text(100),
  channel: optionalText(100),
  deliveryMode: optionalText(100),
  fulfilledByMarketplace: z.boolean({ error: expected('a boolean') }),
  shipment: shipmentSchema.nullable(),
  refunds: z.array(refundSchema).max(MAX_STORED_REFUNDS, `must hold at most ${MAX_STORED_REFUNDS} refunds`),
  marketplaceUpdatedAt: instant.nullable(),
  // Added within layout 1: records written before it read as "no report heard".
  marketplaceStatus: status.nullable().default(null),
};
const contextSchema = z.looseObject(contextFields);

const auditEntrySchema = z.strictObject({
  eventType: optionalText(100),
  eventId: optionalText(200),
  at: instant.nullable(),
  from: status,
  to: status,
  outcome: z.enum(['applied', 'duplicate', 'refused']),
  blockers: z.array(z.enum(BLOCKER_CODES)).max(BLOCKER_CODES.length * 4),
  anomaly: z.literal('UNREACHABLE_STATUS').optional(),
});

const emptyObject = z.strictObject({}, { error: 'must be an empty object' });

// `value` is checked against the machine itself (below), not only against the status list.
const snapshotSchema = z.strictObject({
  status: z.enum(['active', 'done'], { error: "must be 'active' or 'done'" }),
  value: z.string({ error: expected('a state name') }),
  historyValue: emptyObject,
  context: contextSchema,
  children: emptyObject,
  // Declared by OrderSnapshot for XState's sake, never written: JSON drops undefined.
  output: z.undefined({ error: 'must be absent' }).optional(),
  error: z.undefined({ error: 'must be absent' }).optional(),
});

function isMachineState(value: string): boolean {
  return Object.hasOwn(orderMachine.root.states, value);
}

function isFinalState(value: string): boolean {
  return orderMachine.root.states[value]?.type === 'final';
}

/** The record's shape, field by field; {@link orderRecordSchema} adds the cross-field checks. */
const recordShapeSchema = z.strictObject({
  schemaVersion: z.literal(ORDER_SCHEMA_VERSION, { error: `must be ${ORDER_SCHEMA_VERSION}` }),
  orderId: text(200),
  marketplace: text(100),
  status,
  fulfilledByMarketplace: z.boolean({ error: expected('a boolean') }),
  revision: z
    .number({ error: expected('a number') })
    .int('must be an integer')
    .min(0, 'must not be negative')
    .max(Number.MAX_SAFE_INTEGER, 'is too large'),
  createdAt: instant,
  updatedAt: instant,
  appliedEventIds: z
    .array(text(200))
    .max(REMEMBERED_EVENT_IDS, `must hold at most ${REMEMBERED_EVENT_IDS} ids`),
  history: z.array(auditEntrySchema).max(MAX_HISTORY_LIMIT, `must hold at most ${MAX_HISTORY_LIMIT} entries`),
  snapshot: snapshotSchema,
});

/** A cross-field problem: where and what. */
interface ConsistencyIssue {
  readonly path: PropertyKey[];
  readonly message: string;
}

/** The bookkeeping every stored form has: a status, instants, a revision, ids and history. */
interface Bookkeeping {
  readonly status: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly revision: number;
  readonly appliedEventIds: readonly string[];
  readonly history: readonly { readonly to: string }[];
}

/** Cross-field checks of the bookkeeping: what the record remembers agrees with its revision and status. */
function bookkeepingIssues(record: Bookkeeping, issues: ConsistencyIssue[]): ConsistencyIssue[] {
  const issue = (path: PropertyKey[], message: string) => issues.push({ path, message });
  if (record.updatedAt < record.createdAt) issue(['updatedAt'], 'must not be before createdAt');
  // Each remembered id and each history entry came from an applied event, and each applied event counted.
  if (record.appliedEventIds.length > record.revision) {
    issue(['appliedEventIds'], `holds ${record.appliedEventIds.length} ids but revision is ${record.revision}`);
  }
  if (record.history.length > record.revision) {
    issue(['history'], `holds ${record.history.length} entries but revision is ${record.revision}`);
  }
  const last = record.history.at(-1);
  if (last && last.to !== record.status) {
    issue(['history', record.history.length - 1, 'to'], `is ${last.to} but status is ${record.status}: the last step must end in the current status`);
  }
  if (new Set(record.appliedEventIds).size !== record.appliedEventIds.length) {
    issue(['appliedEventIds'], 'must not repeat an id');
  }
  return issues;
}

/** The cross-field checks that make a record of the right shape safe to dispatch on. */
function consistencyIssues(record: z.output<typeof recordShapeSchema>): ConsistencyIssue[] {
  const issues: ConsistencyIssue[] = [];
  const issue = (path: PropertyKey[], message: string) => issues.push({ path, message });
  const { snapshot } = record;
  const context = snapshot.context;
  if (!isMachineState(snapshot.value)) {
    issue(['snapshot', 'value'], `${describeValue(snapshot.value)} is not a state of the order machine`);
  } else if (snapshot.value !== record.status) {
    issue(['snapshot', 'value'], `is ${snapshot.value} but status is ${record.status}: they must be equal`);
  }
  if (isMachineState(snapshot.value)) {
    const expected = isFinalState(snapshot.value) ? 'done' : 'active';
    if (snapshot.status !== expected) {
      issue(['snapshot', 'status'], `must be '${expected}' in ${snapshot.value}`);
    }
  }
  for (const key of ['orderId', 'marketplace', 'fulfilledByMarketplace'] as const) {
    if (context[key] !== record[key]) {
      issue(['snapshot', 'context', key], `is ${describeValue(context[key])} but ${key} is ${describeValue(record[key])}: they must be equal`);
    }
  }
  return bookkeepingIssues(record, issues);
}

/**
 * Zod schema of an {@link OrderRecord} at the current `schemaVersion`, with the cross-field checks that make
 * a restored record safe to dispatch on:
 * - `status` equals `snapshot.value`, a state of the order machine;
 * - `snapshot.status` is `'done'` exactly in the machine's final states;
 * - the top-level `orderId`, `marketplace` and `fulfilledByMarketplace` equal the context's;
 * - `revision` is a non-negative integer, at least the number of applied events the record remembers;
 * - `history` ends in the current status, `updatedAt` is not before `createdAt`;
 * - every list is bounded (event ids by {@link REMEMBERED_EVENT_IDS}, history by {@link MAX_HISTORY_LIMIT}).
 *
 * Top level and snapshot are strict (an unknown key is refused: our contract is versioned); the context
 * keeps unknown keys.
 *
 * @example
 * const parsed = orderRecordSchema.safeParse(JSON.parse(text));
 * if (!parsed.success) console.log(z.prettifyError(parsed.error));
 */
export const orderRecordSchema = recordShapeSchema.superRefine((record, ctx) => {
  for (const { path, message } of consistencyIssues(record)) ctx.addIssue({ code: 'custom', path, message, input: record });
});

// Restoring is on every backend's hot path: plainly valid records skip zod (which then only explains).
const fastShape = compileParser(recordShapeSchema, { special: new Map([[instant, readInstantFast]]), types: RECORD_TYPES });

/**
 * Validates a record: the same verdict and output as `orderRecordSchema`, faster for a valid one.
 * Returns `undefined` when zod must decide (and name what is wrong).
 */
export function parseRecordFast(value: unknown): Parsed | undefined {
  const shaped = fastShape?.(value);
  return shaped !== undefined && consistencyIssues(shaped).length === 0 ? shaped : undefined;
}

const { orderId: _orderId, marketplace: _marketplace, fulfilledByMarketplace: _fulfilled, ...storedContextFields } = contextFields;

// The context fields the top level already holds are stored there only.
const storedShapeSchema = recordShapeSchema.omit({ snapshot: true }).extend({ context: z.looseObject(storedContextFields) });

/**
 * Zod schema of an order as `serializeOrder` stores it: the record without what it would repeat. The
 * snapshot is left out (restore rebuilds it from the status and context, so XState's persisted format is
 * never part of what is stored) and the context leaves out the order's identity and fulfilment flag, kept
 * once at the top level. Nothing stored twice, nothing that can disagree with itself.
 *
 * @example
 * storedOrderSchema.safeParse(JSON.parse(serializeOrder(order))).success; // true
 */
export const storedOrderSchema = storedShapeSchema.superRefine((stored, ctx) => {
  for (const { path, message } of bookkeepingIssues(stored, [])) ctx.addIssue({ code: 'custom', path, message, input: stored });
});

/** An order as `serializeOrder` stores it. */
export type StoredOrder = z.output<typeof storedOrderSchema>;

const fastStored = compileParser(storedShapeSchema, { special: new Map([[instant, readInstantFast]]), types: RECORD_TYPES });

/** Validates a stored order: the verdict and output of `storedOrderSchema`, faster for a valid one. */
export function parseStoredFast(value: unknown): StoredOrder | undefined {
  const shaped = fastStored?.(value);
  return shaped !== undefined && bookkeepingIssues(shaped, []).length === 0 ? shaped : undefined;
}

// The schema's output must be an OrderRecord: a drift between the two fails the type check here.
type Parsed = z.output<typeof orderRecordSchema>;
const _parsedIsRecord = (parsed: Parsed): OrderRecord => ({
  ...parsed,
  snapshot: { ...parsed.snapshot, value: orderStatusSchema.parse(parsed.snapshot.value), output: undefined, error: undefined },
});
// Checked without the loose index signature, which would hide a field missing from the schema.
const _contextIsContext = (context: z.output<z.ZodObject<typeof contextFields>>): OrderContext => context;
const _auditIsEntry = (entry: z.output<typeof auditEntrySchema>): AuditEntry => entry;
void _parsedIsRecord;
void _auditIsEntry;
void _contextIsContext;
