import { z } from 'zod';
import { blocker, type Blocker } from './blockers.js';
import { SETTLEMENTS } from './context.js';
import { ACTION_VERDICTS, MARKETPLACE_REPORT, type ActionVerdictType, type EventCatalogue } from './definition.js';
import { formatPath } from './errors.js';
import { instantSchema } from './instant.js';
import { LINE_TEXT_LIMITS, MAX_LINE_QUANTITY, MAX_ORDER_LINES } from './lines.js';
import { NOT_STORABLE, STORABLE_TEXT } from './text.js';

// One schema per length (zod schemas are immutable, so sharing is safe), its checks added in one step:
// building zod schemas is most of what importing the package costs.
const texts = new Map<number, z.ZodOptional<z.ZodNullable<z.ZodString>>>();
const text = (max: number) => {
  let schema = texts.get(max);
  if (!schema) {
    schema = z
      .string()
      .check(z.maxLength(max, `must be at most ${max} characters`), z.regex(STORABLE_TEXT, NOT_STORABLE))
      .nullish();
    texts.set(max, schema);
  }
  return schema;
};

/** The fields every event has beside its type: the instant it happened and an optional idempotency id. */
export const EVENT_BASE_FIELDS = {
  at: instantSchema,
  id: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters').regex(STORABLE_TEXT, NOT_STORABLE).optional(),
};

/** Carrier, tracking number and tracking URL, as the marketplace reports them: facts, taken as they come. */
export const SHIPMENT_PAYLOAD = z.object({
  carrier: text(100),
  trackingNumber: text(100),
  trackingUrl: text(2048),
});

// Cdiscount's formats (blank still reads as missing, for the tracking rule to name): a tracking number of at
// most 50 characters without space, `&`, `*` or `$`; a tracking URL in http(s) of at most 255 characters.
const TRACKING_NUMBER = /^\s*(?:[^\s&*$]{1,50}\s*)?$/;
const TRACKING_URL = /^\s*(?:https?:\/\/\S+\s*)?$/i;

/** Carrier, tracking number and tracking URL as the seller declares them, in the formats Cdiscount accepts. */
export const SELLER_SHIPMENT_PAYLOAD = z.object({
  carrier: text(100),
  trackingNumber: text(100).refine(
    (value) => value == null || TRACKING_NUMBER.test(value),
    'must be at most 50 characters, without spaces, &, * or $',
  ),
  trackingUrl: text(2048).refine(
    (value) => value == null || (TRACKING_URL.test(value) && value.trim().length <= 255),
    'must start with http:// or https:// and be at most 255 characters, without spaces',
  ),
});

/** A free-text reason, as refusals and refunds carry. */
export const reasonField = () => text(1000);

/** A line id as an event names it. */
const LINE_ID = z
  .string({ error: 'must be a line id' })
  .trim()
  .min(1, 'must not be blank')
  .max(LINE_TEXT_LIMITS.id, `must be at most ${LINE_TEXT_LIMITS.id} characters`)
  .regex(STORABLE_TEXT, NOT_STORABLE);

// Built once and shared by every event that names lines, in every lifecycle: zod schemas are immutable, and
// building them is most of what importing the package costs.
const LINES = z
  .array(
    z.union(
      [
        LINE_ID,
        z.strictObject({
          lineId: LINE_ID,
          quantity: z
            .number({ error: 'must be a whole number of units' })
            .int('must be a whole number of units')
            .min(1, 'must be at least 1')
            .max(MAX_LINE_QUANTITY, `must be at most ${MAX_LINE_QUANTITY}`),
        }),
      ],
      { error: 'must be a line id or { lineId, quantity }' },
    ),
    { error: 'must be a list of line ids' },
  )
  .min(1, 'must name at least one line (leave it out for every line)')
  .max(MAX_ORDER_LINES, `must name at most ${MAX_ORDER_LINES} lines`)
  .superRefine((named, ctx) => {
    const ids = named.map((line) => (typeof line === 'string' ? line : line.lineId));
    ids.forEach((id, index) => {
      if (ids.indexOf(id) < index) ctx.addIssue({ code: 'custom', path: [index], message: `names line ${JSON.stringify(id)} twice` });
    });
  })
  .optional();

/**
 * The lines an event names, by the marketplace's line id, or as `{ lineId, quantity }` where a number of
 * units matters (a refund of one unit of three): the event acts on them alone (a partial acceptance, a
 * shipment of some lines). Absent, it acts on every line it applies to, as on an order without lines.
 */
export const linesField = () => LINES;

/** The zod schema of one event type: `type`, the base fields, then the payload's own fields. */
export function eventSchemaOf<T extends string, P extends z.ZodRawShape = {}>(type: T, payload?: z.ZodObject<P>) {
  return z.object({ type: z.literal(type), ...EVENT_BASE_FIELDS, ...((payload?.shape ?? {}) as P) });
}

/**
 * The schema of the marketplace's status report for a lifecycle's statuses: the status, the tracking it
 * reports, and what it says of the order's money (`settlement`, one of {@link SETTLEMENTS}).
 */
export function reportSchemaOf<S extends string>(statuses: readonly [S, ...S[]]) {
  return eventSchemaOf(
    MARKETPLACE_REPORT,
    SHIPMENT_PAYLOAD.extend({
      status: z.enum(statuses),
      settlement: z.enum(SETTLEMENTS, { error: `must be one of ${SETTLEMENTS.join(', ')}` }).optional(),
      rawStatus: z
        .string()
        .trim()
        .min(1, 'must not be blank')
        .max(100, 'must be at most 100 characters')
        .regex(STORABLE_TEXT, NOT_STORABLE)
        .optional(),
      fulfilledByMarketplace: z.boolean().optional(),
      // What the marketplace says of some lines (Lengow's cart): their statuses, the order's summed up above.
      lines: z
        .array(
          z.strictObject({
            lineId: LINE_ID,
            status: z.enum(statuses),
            lengowStatus: z
              .string()
              .trim()
              .min(1, 'must not be blank')
              .max(LINE_TEXT_LIMITS.lengowStatus, `must be at most ${LINE_TEXT_LIMITS.lengowStatus} characters`)
              .regex(STORABLE_TEXT, NOT_STORABLE)
              .optional(),
          }),
          {
            error: 'must be a list of { lineId, status }',
          },
        )
        .max(MAX_ORDER_LINES, `must hold at most ${MAX_ORDER_LINES} lines`)
        .superRefine((reported, ctx) => {
          reported.forEach((line, index) => {
            if (reported.findIndex((other) => other.lineId === line.lineId) < index) {
              ctx.addIssue({ code: 'custom', path: [index, 'lineId'], message: `reports line ${JSON.stringify(line.lineId)} twice` });
            }
          });
        })
        .optional(),
    }),
  );
}

/** Every event schema of a lifecycle, and their union (which explains an unknown type). */
export interface EventSchemas {
  readonly byType: ReadonlyMap<string, z.ZodObject>;
  readonly union: z.ZodType;
  /** The schemas compiled by zod so far: each is compiled on its first use, not at start-up. */
  readonly compiled: Map<string, z.ZodObject>;
}

// The fields every verdict has, whatever its type and lifecycle: built once.
const VERDICT_ID = z
  .string()
  .trim()
  .min(1, 'must not be blank')
  .max(200, 'must be at most 200 characters')
  .regex(STORABLE_TEXT, NOT_STORABLE)
  .optional();
const VERDICT_MESSAGE = z.string().max(1000, 'must be at most 1000 characters').regex(STORABLE_TEXT, NOT_STORABLE).optional();

/** The schema of a verdict on a seller action (`ACTION_CONFIRMED`, ...), naming one of the lifecycle's seller actions. */
export function verdictSchemaOf<T extends ActionVerdictType>(type: T, sellerActions: readonly string[]) {
  return eventSchemaOf(
    type,
    z.object({
      action: z.string().refine((action) => sellerActions.includes(action), `must be one of the seller actions (${sellerActions.join(', ')})`),
      eventId: VERDICT_ID,
      actionId: VERDICT_ID,
      message: VERDICT_MESSAGE,
    }),
  );
}

/** Builds the schemas of a catalogue plus the events the library adds (the marketplace report, the verdicts). */
export function eventSchemasOf(catalogue: EventCatalogue, statuses: readonly [string, ...string[]]): EventSchemas {
  const byType = new Map<string, z.ZodObject>();
  for (const [type, definition] of Object.entries(catalogue)) byType.set(type, eventSchemaOf(type, definition.payload));
  byType.set(MARKETPLACE_REPORT, reportSchemaOf(statuses));
  const sellerActions = Object.keys(catalogue).filter((type) => catalogue[type]?.source === 'seller');
  for (const verdict of ACTION_VERDICTS) byType.set(verdict, verdictSchemaOf(verdict, sellerActions));
  const all = [...byType.values()] as [z.ZodObject, ...z.ZodObject[]];
  return { byType, union: z.discriminatedUnion('type', all as never), compiled: new Map() };
}

/** The schema of one event type, compiled by zod's own compiler on first use (a generated fast path). */
function compiledSchemaOf(schemas: EventSchemas, type: string): z.ZodObject | undefined {
  let schema = schemas.compiled.get(type);
  if (schema === undefined) {
    const source = schemas.byType.get(type);
    if (source === undefined) return undefined;
    schema = z.compile(source);
    schemas.compiled.set(type, schema);
  }
  return schema;
}

/** Validates an event: the verdict and output of the lifecycle's event union, through the compiled schema of its type. */
export function safeParseEvent(schemas: EventSchemas, input: unknown): z.ZodSafeParseResult<unknown> {
  const type = typeof input === 'object' && input !== null ? (input as { type?: unknown }).type : undefined;
  const schema = typeof type === 'string' ? compiledSchemaOf(schemas, type) : undefined;
  return (schema ?? schemas.union).safeParse(input);
}

/** Validates an event; a malformed one becomes an `INVALID_EVENT` blocker naming the fields at fault. */
export function parseEventWith<E>(schemas: EventSchemas, input: unknown): { event: E } | { blocker: Blocker } {
  const parsed = safeParseEvent(schemas, input);
  if (parsed.success) return { event: parsed.data as E };
  // One message per field: the first issue says what is wrong with it.
  const byField = new Map<string, string>();
  for (const issue of parsed.error.issues) {
    const field = issue.path.length ? formatPath(issue.path) : '(event)';
    if (!byField.has(field)) byField.set(field, issue.message);
  }
  const fields = [...byField.keys()];
  const detail = [...byField].map(([field, message]) => `${field === '(event)' ? 'event' : field} ${message}`).join('; ');
  return { blocker: blocker('INVALID_EVENT', `Malformed event: ${detail}.`, { fields }) };
}
