import { z } from 'zod';
import { ANOMALIES, MAX_HISTORY_LIMIT, REMEMBERED_EVENT_IDS, type AuditEntry } from '../engine/audit.js';
import { DEFAULT_LIFECYCLE_ID, ORDER_SCHEMA_VERSION, type RecordContext } from '../engine/record.js';
import type { CompiledLifecycle } from '../lifecycle/compile.js';
import { BLOCKER_CODES } from '../lifecycle/blockers.js';
import { MAX_STORED_REFUNDS, SETTLEMENTS } from '../lifecycle/context.js';
import { describeValue } from '../lifecycle/errors.js';
import { instantSchema } from '../lifecycle/instant.js';
import { LINE_TEXT_LIMITS, MAX_LINE_QUANTITY, MAX_ORDER_LINES, MAX_PARCELS } from '../lifecycle/lines.js';
import { parseMoney } from '../lifecycle/money.js';
import { NOT_STORABLE, STORABLE_TEXT, isStorableText } from '../lifecycle/text.js';
import { MAX_UNSET_FIELDS, RECORD_TEXT_LIMITS } from './record-limits.js';
import { ORDER_STATUSES, cdiscount, type OrderRecord, type OrderStatus } from '../lifecycles/default.js';

export { MAX_STORED_REFUNDS };

/** Error text for a wrong type that says "is missing" when the field is absent. */
const expected = (what: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'is missing' : `must be ${what}`);
const text = (max: number) =>
  z
    .string({ error: expected('a string') })
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .regex(STORABLE_TEXT, NOT_STORABLE);
const optionalText = (max: number) =>
  z
    .string({ error: expected('a string or null') })
    .max(max, `must be at most ${max} characters`)
    .regex(STORABLE_TEXT, NOT_STORABLE)
    .nullable();

/** How deep a value kept beside the known context fields may nest. */
const MAX_EXTRA_DEPTH = 32;

/**
 * Why a value kept beside the known context fields (one a newer version added) could not be written as JSON
 * and read back the same: `undefined` when it can. Refused: `undefined`, functions, symbols, BigInt, NaN and
 * infinities, `-0`, dates and other class instances, cycles, text a store cannot hold, nesting past 32 levels.
 */
export function notJson(value: unknown, depth = 0, seen = new Set<object>()): string | undefined {
  if (value === null || typeof value === 'boolean') return undefined;
  if (typeof value === 'string') return isStorableText(value) ? undefined : NOT_STORABLE;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0) ? undefined : `${value} is not a JSON number`;
  if (typeof value !== 'object') return `a ${typeof value} is not JSON`;
  if (depth >= MAX_EXTRA_DEPTH) return `nests deeper than ${MAX_EXTRA_DEPTH} levels`;
  if (seen.has(value)) return 'refers to itself (a cycle)';
  const proto = Object.getPrototypeOf(value);
  if (Array.isArray(value) ? proto !== Array.prototype : proto !== Object.prototype && proto !== null) {
    return `a ${proto?.constructor?.name ?? 'class'} instance is not JSON`;
  }
  seen.add(value);
  for (const item of Array.isArray(value) ? value : Object.values(value)) {
    const problem = notJson(item, depth + 1, seen);
    if (problem) return problem;
  }
  seen.delete(value);
  return undefined;
}

/** A context value this version does not know: kept through a round trip, provided it is plain JSON. */
const extraContextValue = z.unknown().superRefine((value, ctx) => {
  const problem = notJson(value);
  if (problem) ctx.addIssue({ code: 'custom', message: `must be plain JSON: ${problem}` });
});
// Stored instants are read back as UTC ISO strings: `dispatch` compares them as strings.
const instant = instantSchema.pipe(z.string());
/** A lifecycle's statuses, refused with the list of what it expects. */
const statusSchemaOf = <S extends string>(statuses: readonly S[]) =>
  z.enum(statuses as [S, ...S[]], {
    error: (issue) =>
      issue.input === undefined ? 'is missing' : `${describeValue(issue.input)} is not an order status (expected one of ${statuses.join(', ')})`,
  });

const shipmentSchema = z.strictObject({
  carrier: optionalText(RECORD_TEXT_LIMITS.carrier),
  trackingNumber: optionalText(RECORD_TEXT_LIMITS.trackingNumber),
  trackingUrl: optionalText(RECORD_TEXT_LIMITS.trackingUrl),
  at: instant,
});

/** An amount as a record keeps it (the total, a line's): a number, at least 0, within 1e9 and four decimals. */
const storedAmount = z
  .number({ error: expected('a number') })
  .superRefine((total, ctx) => {
    const parsed = parseMoney(total);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message, input: total });
    else if (parsed.value < 0n) ctx.addIssue({ code: 'custom', message: 'must not be negative', input: total });
  })
  // -0 would be written as 0: read it as 0, so what restores is what serializes.
  .transform((total) => total + 0);

/** A whole number of units of a line. */
const units = z
  .number({ error: expected('a number') })
  .int('must be a whole number of units')
  .min(1, 'must be at least 1')
  .max(MAX_LINE_QUANTITY, `must be at most ${MAX_LINE_QUANTITY}`);

const refundSchema = z.strictObject({
  amount: z.number().positive('must be a positive amount').max(1e9, 'must be at most 1e9').nullable(),
  reason: optionalText(RECORD_TEXT_LIMITS.reason),
  at: instant,
  shippingFees: z.boolean({ error: expected('a boolean') }).optional(),
  // Added within layout 2 (order lines): the line a refund names, and its units.
  line: text(LINE_TEXT_LIMITS.id).optional(),
  quantity: units.optional(),
});

/**
 * The machine's context as stored. Loose on purpose: a context field added by a newer minor version is kept
 * through a round trip instead of being silently dropped; the fields the rules read are checked.
 */
const contextFieldsOf = <S extends string>(status: z.ZodEnum<{ [K in S]: K }>) => ({
  channel: optionalText(RECORD_TEXT_LIMITS.channel),
  deliveryMode: optionalText(RECORD_TEXT_LIMITS.deliveryMode),
  shipment: shipmentSchema.nullable(),
  refunds: z.array(refundSchema).max(MAX_STORED_REFUNDS, `must hold at most ${MAX_STORED_REFUNDS} refunds`),
  marketplaceUpdatedAt: instant.nullable(),
  // Added within layout 1: records written before it read as "no report heard".
  marketplaceStatus: status.nullable().default(null),
  // Added within layout 2 (deadlines), kept only when known: in the order an order meets them.
  acceptanceDeadline: instant.optional(),
  shippingDeadline: instant.optional(),
  pickupDeadline: instant.optional(),
  // Added within layout 2 (refunds that add up), kept only when known: records without them stay valid.
  total: storedAmount.optional(),
  settlement: z.enum(SETTLEMENTS, { error: `must be one of ${SETTLEMENTS.join(', ')}` }).optional(),
  // Added within layout 2 (payloads as Lengow sends them), kept only when reported.
  marketplaceRawStatus: text(RECORD_TEXT_LIMITS.marketplaceRawStatus).optional(),
  // Added within layout 2 (order lines), kept only for an order made with lines: without, one implicit line.
  lines: z
    .array(lineSchemaOf(status))
    .min(1, 'must hold at least one line (an order without lines leaves the field out)')
    .max(MAX_ORDER_LINES, `must hold at most ${MAX_ORDER_LINES} lines`)
    .optional(),
  // Added within layout 2 (order lines), kept once a shipment named lines: its parcels.
  parcels: z
    .array(
      shipmentSchema.extend({
        lines: z
          .array(z.strictObject({ lineId: text(LINE_TEXT_LIMITS.id), quantity: units }))
          .min(1, 'must hold at least one line')
          .max(MAX_ORDER_LINES, `must hold at most ${MAX_ORDER_LINES} lines`),
      }),
    )
    .max(MAX_PARCELS, `must hold at most ${MAX_PARCELS} parcels`)
    .optional(),
  // Added within layout 2 (pending seller actions), kept only while the marketplace has not settled one.
  pendingAction: z
    .strictObject({
      type: text(RECORD_TEXT_LIMITS.eventType),
      eventId: optionalText(RECORD_TEXT_LIMITS.eventId),
      at: instant,
      from: status,
      actionId: optionalText(RECORD_TEXT_LIMITS.eventId),
      undo: z.record(z.string(), extraContextValue),
      unset: z.array(text(RECORD_TEXT_LIMITS.eventType)).max(MAX_UNSET_FIELDS),
    })
    .optional(),
});

/** One product line as a record keeps it. */
function lineSchemaOf<S extends string>(status: z.ZodEnum<{ [K in S]: K }>) {
  return z.strictObject({
    id: text(LINE_TEXT_LIMITS.id),
    quantity: units,
    amount: storedAmount.nullable(),
    // Only when it is not the order's: a line without one moves with the order.
    status: status.optional(),
    lengowStatus: text(LINE_TEXT_LIMITS.lengowStatus).optional(),
  });
}
// The identity and fulfilment flag are kept at the top level only: a copy in the context could disagree.
const notInContext = z.undefined({ error: 'must not be in the context: it is kept at the top level' }).optional();

const auditEntrySchemaOf = <S extends string>(status: z.ZodEnum<{ [K in S]: K }>) =>
  z.strictObject({
    eventType: optionalText(RECORD_TEXT_LIMITS.eventType),
    eventId: optionalText(RECORD_TEXT_LIMITS.eventId),
    at: instant.nullable(),
    from: status,
    to: status,
    outcome: z.enum(['applied', 'duplicate', 'refused']),
    blockers: z.array(z.enum(BLOCKER_CODES)).max(BLOCKER_CODES.length * 4),
    anomaly: z.enum(ANOMALIES).optional(),
    // Added within layout 2 (pending seller actions): why the marketplace rejected one.
    detail: z
      .string()
      .max(RECORD_TEXT_LIMITS.detail, `must be at most ${RECORD_TEXT_LIMITS.detail} characters`)
      .regex(STORABLE_TEXT, NOT_STORABLE)
      .optional(),
  });

/**
 * The `lifecycle` field: absent for the default lifecycle (every record written before there was another),
 * the lifecycle's id for any other. A record of another lifecycle is refused, saying whose it is.
 */
function lifecycleFieldOf(id: string) {
  const belongs = (found: unknown) => `belongs to lifecycle ${describeValue(found)}: restore it with that lifecycle (\`lifecycle.restoreOrder\`)`;
  return id === DEFAULT_LIFECYCLE_ID
    ? z.undefined({ error: (issue) => belongs(issue.input) }).optional()
    : z.literal(id, {
        error: (issue) => (issue.input === undefined ? `is missing: this record belongs to the default lifecycle, not ${id}` : belongs(issue.input)),
      });
}

/** The record's shape for a lifecycle, field by field; {@link recordSchemaOf} adds the cross-field checks. */
const recordShapeSchemaOf = <S extends string>(id: string, statuses: readonly S[]) => {
  const status = statusSchemaOf(statuses);
  return z.strictObject({
    schemaVersion: z.literal(ORDER_SCHEMA_VERSION, { error: `must be ${ORDER_SCHEMA_VERSION}` }),
    lifecycle: lifecycleFieldOf(id),
    orderId: text(RECORD_TEXT_LIMITS.orderId),
    marketplace: text(RECORD_TEXT_LIMITS.marketplace),
    status,
    fulfilledByMarketplace: z.boolean({ error: expected('a boolean') }),
    revision: z
      .number({ error: expected('a number') })
      .int('must be an integer')
      .min(0, 'must not be negative')
      .max(Number.MAX_SAFE_INTEGER, 'is too large')
      // -0 would be written as 0: read it as 0, so what restores is what serializes.
      .transform((revision) => revision + 0),
    createdAt: instant,
    updatedAt: instant,
    appliedEventIds: z.array(text(RECORD_TEXT_LIMITS.eventId)).max(REMEMBERED_EVENT_IDS, `must hold at most ${REMEMBERED_EVENT_IDS} ids`),
    history: z.array(auditEntrySchemaOf(status)).max(MAX_HISTORY_LIMIT, `must hold at most ${MAX_HISTORY_LIMIT} entries`),
    context: z
      .object({ ...contextFieldsOf(status), orderId: notInContext, marketplace: notInContext, fulfilledByMarketplace: notInContext })
      .catchall(extraContextValue),
  });
};

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

/** A lifecycle's record schema with the cross-field checks. */
const recordSchemaFor = <S extends string>(id: string, statuses: readonly S[]) =>
  recordShapeSchemaOf(id, statuses).superRefine((record, ctx) => {
    for (const { path, message } of lineIssues(record.context.lines, bookkeepingIssues(record, []))) {
      ctx.addIssue({ code: 'custom', path, message, input: record });
    }
  });

/** Cross-field checks of the lines: one line per id. */
function lineIssues(lines: readonly { readonly id: string }[] | undefined, issues: ConsistencyIssue[]): ConsistencyIssue[] {
  if (lines === undefined) return issues;
  const seen = new Set<string>();
  lines.forEach((line, index) => {
    if (seen.has(line.id)) issues.push({ path: ['context', 'lines', index, 'id'], message: `repeats line id ${JSON.stringify(line.id)}` });
    seen.add(line.id);
  });
  return issues;
}

/** A lifecycle's record schema, and the same compiled by zod (compiled on first use, not at start-up). */
export interface RecordSchemas<S extends string = string> {
  readonly schema: z.ZodType<OrderRecord<S>>;
  /** Validates with the compiled schema: its verdict, issues and output. */
  safeParse(value: unknown): z.ZodSafeParseResult<OrderRecord<S>>;
}

const schemasOf = new WeakMap<CompiledLifecycle<string>, RecordSchemas>();

/**
 * The record schema of a lifecycle: its statuses, its `lifecycle` field, the cross-field checks. Built once
 * per lifecycle; restoring is on every backend's hot path, so zod's compiler gives plainly valid records a
 * generated fast path.
 */
export function recordSchemasOf<S extends string>(lifecycle: CompiledLifecycle<S>): RecordSchemas<S> {
  let schemas = schemasOf.get(lifecycle);
  if (!schemas) {
    // The default lifecycle's schema is the exported one: one schema per fact.
    const schema = (lifecycle.statuses === ORDER_STATUSES
      ? orderRecordSchema
      : recordSchemaFor(lifecycle.id, lifecycle.statuses)) as unknown as z.ZodType<OrderRecord<string>>;
    let compiled: z.ZodType<OrderRecord<string>> | undefined;
    schemas = { schema, safeParse: (value) => (compiled ??= z.compile(schema)).safeParse(value) };
    schemasOf.set(lifecycle, schemas);
  }
  return schemas as unknown as RecordSchemas<S>;
}

/**
 * Zod schema of an {@link OrderRecord} of the default Cdiscount lifecycle at the current `schemaVersion`:
 * the record a caller holds and a store keeps are one shape. With the cross-field checks that make a
 * restored record safe to dispatch on:
 * - `revision` is a non-negative integer, at least the number of applied events the record remembers;
 * - `history` ends in the current status, `updatedAt` is not before `createdAt`;
 * - every list is bounded (event ids by {@link REMEMBERED_EVENT_IDS}, history by {@link MAX_HISTORY_LIMIT}).
 *
 * The top level is strict (an unknown key is refused: our contract is versioned); the context keeps unknown
 * keys, so a field added by a newer minor version survives a round trip. A record of another lifecycle
 * (`lifecycle: 'octopia'`) is refused here: use that lifecycle's `restoreOrder`.
 *
 * @example
 * const parsed = orderRecordSchema.safeParse(JSON.parse(text));
 * if (!parsed.success) console.log(z.prettifyError(parsed.error));
 */
export const orderRecordSchema = recordSchemaFor(DEFAULT_LIFECYCLE_ID, ORDER_STATUSES);

/**
 * Validates a record of the default lifecycle with the compiled {@link orderRecordSchema}.
 * @example const parsed = safeParseRecord(JSON.parse(text));
 */
export const safeParseRecord = (value: unknown): z.ZodSafeParseResult<OrderRecord> => recordSchemasOf(cdiscount).safeParse(value);

/** @deprecated The stored form and the record are one shape now: use {@link orderRecordSchema}. */
export const storedOrderSchema = orderRecordSchema;

/** @deprecated The stored form and the record are one shape now: use `OrderRecord`. */
export type StoredOrder = z.output<typeof orderRecordSchema>;

// The schema's output must be an OrderRecord: a drift between the two fails the type check here.
type Parsed = z.output<typeof orderRecordSchema>;
const _parsedIsRecord = (parsed: Parsed): OrderRecord => parsed;
// Checked without the loose index signature, which would hide a field missing from the schema.
const _contextIsContext = (context: z.output<z.ZodObject<ReturnType<typeof contextFieldsOf<OrderStatus>>>>): RecordContext<OrderStatus> => context;
const _auditIsEntry = (entry: z.output<ReturnType<typeof auditEntrySchemaOf<OrderStatus>>>): AuditEntry<OrderStatus> => entry;
void _parsedIsRecord;
void _auditIsEntry;
void _contextIsContext;
