import { z } from 'zod';
import { checkOptions } from '../lifecycle/check-options.js';
import type { CompiledLifecycle } from '../lifecycle/compile.js';
import { SETTLEMENTS, SUPPLY_MODES, contextFromInput, type OrderContext, type OrderMachineInput } from '../lifecycle/context.js';
import type { DeadlineDurations } from '../lifecycle/deadlines.js';
import { OrderMachineError, describeIssues, describeValue } from '../lifecycle/errors.js';
import { instantSchema } from '../lifecycle/instant.js';
import { linesFromInput, linesInputSchemaOf, type OrderLineInput } from '../lifecycle/line-input.js';
import { amountSchema } from '../lifecycle/money.js';
import { NOT_STORABLE, STORABLE_TEXT } from '../lifecycle/text.js';
import type { AuditEntry } from './audit.js';
import { withDeadlineOf } from './deadlines.js';
import { plainOrderInput } from './plain-order-input.js';
import { rememberValid } from './valid-records.js';
import { withFields } from '../lifecycle/with-fields.js';

/** Version of the {@link OrderRecord} layout; `restoreOrder` migrates older ones. */
export const ORDER_SCHEMA_VERSION = 2;

/**
 * The id of the lifecycle whose records carry no `lifecycle` field: the Cdiscount lifecycle (XState id
 * `order`), which wrote every record before there was a second one.
 */
export const DEFAULT_LIFECYCLE_ID = 'order';

/** The order's facts a record keeps beside its identity: what the rules read and the lifecycle records. */
export type RecordContext<S extends string = string> = Omit<OrderContext<S>, 'orderId' | 'marketplace' | 'fulfilledByMarketplace'>;

/**
 * One order, as plain JSON: the record a caller holds is the record a store keeps. Store it, send it,
 * `JSON.parse(JSON.stringify(order))` it; it goes on exactly the same. Each fact is kept once: the identity
 * and fulfilment flag at the top level, the rest in `context`. No XState snapshot inside: `toSnapshot(order)`
 * gives actor users what `createActor(machine, { snapshot })` takes.
 */
export interface OrderRecord<S extends string = string> {
  readonly schemaVersion: typeof ORDER_SCHEMA_VERSION;
  /**
   * The id of the lifecycle the order lives in (`octopia`, or your own); absent for the default Cdiscount
   * lifecycle, as in every record written before there was another. An order never changes lifecycle.
   */
  readonly lifecycle?: string;
  readonly orderId: string;
  readonly marketplace: string;
  readonly status: S;
  readonly fulfilledByMarketplace: boolean;
  /** Incremented by every dispatch that changes the order: the optimistic-concurrency token. */
  readonly revision: number;
  readonly createdAt: string;
  /** The latest instant of an applied event (or `createdAt`). */
  readonly updatedAt: string;
  /** Ids of applied events, newest last, bounded: a replayed id is a duplicate. */
  readonly appliedEventIds: readonly string[];
  /** Applied steps, newest last, bounded by `historyLimit`. */
  readonly history: readonly AuditEntry<S>[];
  readonly context: RecordContext<S>;
}

/** The id of the lifecycle a record belongs to. */
export const lifecycleIdOf = (order: { readonly lifecycle?: unknown }): unknown => order.lifecycle ?? DEFAULT_LIFECYCLE_ID;

/** The record with its lifecycle id, written second (after `schemaVersion`) so a stored text says it first. */
export function withLifecycle<S extends string>(order: OrderRecord<S>, lifecycle: string): OrderRecord<S> {
  if (lifecycle === DEFAULT_LIFECYCLE_ID) return order;
  const { schemaVersion, ...rest } = order;
  return { schemaVersion, lifecycle, ...rest };
}

/** `INVALID_RECORD`: a record handed to a lifecycle it does not belong to. */
export function otherLifecycle(order: { readonly lifecycle?: unknown }, expected: string): OrderMachineError {
  const message = `is ${describeValue(lifecycleIdOf(order))}, not ${JSON.stringify(expected)}: use that lifecycle's functions`;
  return new OrderMachineError('INVALID_RECORD', `This order belongs to another lifecycle: lifecycle ${message}`, [{ path: ['lifecycle'], message }]);
}

// The record `dispatch` built last and the full context it was built from: the next event on that record (the
// common case, a chain of events on one order) reads its context without copying it again.
let lastRecord: object | undefined;
let lastContext: OrderContext<string> | undefined;

/** The full context of a record, as the rules and the XState machine read it. */
export function contextOf<S extends string>(order: OrderRecord<S>): OrderContext<S> {
  if (order === lastRecord) return lastContext as OrderContext<S>;
  // A spread, not a key-by-key copy: V8 clones a small object of a known shape fastest (measured).
  return { orderId: order.orderId, marketplace: order.marketplace, fulfilledByMarketplace: order.fulfilledByMarketplace, ...order.context };
}

/** Remembers the full context a record was built from (its identity and `context` are that context's). */
export function rememberContext<S extends string>(order: OrderRecord<S>, context: OrderContext<S>): void {
  lastRecord = order;
  lastContext = context;
}

/** What a record keeps of a full context: all but the identity and fulfilment flag, kept at the top level. */
export function recordContextOf<S extends string>(context: OrderContext<S>): RecordContext<S> {
  const { orderId: _orderId, marketplace: _marketplace, fulfilledByMarketplace: _fulfilled, ...kept } = context;
  return kept;
}

const text = (max: number) =>
  z.string().trim().min(1, 'must not be blank').max(max, `must be at most ${max} characters`).regex(STORABLE_TEXT, NOT_STORABLE);
const optionalText = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`).regex(STORABLE_TEXT, NOT_STORABLE).nullish();

/** The fields of `createOrder`'s input, whatever the lifecycle; the status is checked against the lifecycle. */
export const createOrderFields = {
  orderId: text(200),
  marketplace: text(100),
  deliveryMode: optionalText(100),
  channel: optionalText(100),
  fulfilledByMarketplace: z.boolean().optional(),
  /**
   * Who ships the order, as Octopia says it: only `Seller` orders are shipped by the seller; `Fulfillment` and
   * `Xdock` ones are the marketplace's (`fulfilledByMarketplace`).
   */
  supplyMode: z.enum(SUPPLY_MODES, { error: `must be one of ${SUPPLY_MODES.join(', ')}` }).optional(),
  /** The latest instant the order may ship (Octopia's `shippedAtMax`). */
  shippingDeadline: instantSchema.nullish(),
  /** The latest instant the seller may accept or refuse the order. */
  acceptanceDeadline: instantSchema.nullish(),
  /** The latest instant the customer may collect the order in store. */
  pickupDeadline: instantSchema.nullish(),
  /**
   * The order's total (Lengow's `total_order`): a number or a decimal string (`'40.30'`), at least 0, at most
   * four decimals. Partial refunds may not add up past it; unknown, they are not capped.
   */
  total: amountSchema('zero').nullish(),
  /** What the marketplace reported about the order's money: `refunded`, `partially_refunded` or `closed`. */
  settlement: z.enum(SETTLEMENTS, { error: `must be one of ${SETTLEMENTS.join(', ')}` }).nullish(),
  /** The status as the marketplace spells it (`SHIPPED`), kept on the order. */
  marketplaceRawStatus: optionalText(100),
  createdAt: instantSchema,
  /** The instant of the marketplace report the order comes from: older reports are stale from the start. */
  marketplaceUpdatedAt: instantSchema.nullish(),
  /** Carrier and tracking already known (e.g. reported by the marketplace), as of `at`. */
  shipment: z
    .object({
      carrier: optionalText(100),
      trackingNumber: optionalText(100),
      trackingUrl: optionalText(2048),
      at: instantSchema,
    })
    .nullish(),
};

/** What `createOrder` takes, for a lifecycle whose statuses are `S`. */
export type CreateOrderInputOf<S extends string> = z.input<z.ZodObject<typeof createOrderFields>> & {
  readonly status?: S | undefined;
  /**
   * The order's product lines (Lengow's cart lines): at least one, ids unique, each line's status defaulting
   * to the order's. Leave it out for an order of one implicit line, as before lines existed.
   */
  readonly lines?: readonly OrderLineInput<S>[] | undefined;
};

const schemas = new WeakMap<CompiledLifecycle<string>, z.ZodType>();

/** The schema of `createOrder`'s input for a lifecycle, compiled by zod once. */
export function inputSchemaOf(lifecycle: CompiledLifecycle<string>): z.ZodType {
  let schema = schemas.get(lifecycle);
  if (!schema) {
    schema = z.compile(
      z
        .object({
          ...createOrderFields,
          status: lifecycle.statusSchema.optional(),
          lines: linesInputSchemaOf(lifecycle.statusSchema as z.ZodType<string>).optional(),
        })
        .superRefine((input, ctx) => {
          // Two ways to say who ships: they must agree.
          if (
            input.supplyMode !== undefined &&
            input.fulfilledByMarketplace !== undefined &&
            input.fulfilledByMarketplace !== (input.supplyMode !== 'Seller')
          ) {
            ctx.addIssue({
              code: 'custom',
              path: ['fulfilledByMarketplace'],
              message: `contradicts supplyMode ${input.supplyMode} (only Seller orders are shipped by the seller)`,
            });
          }
        }),
    );
    schemas.set(lifecycle, schema);
  }
  return schema;
}

/** `createOrder`'s input as its schema outputs it; `INVALID_INPUT` naming each bad field. */
function parsedOrderInput(lifecycle: CompiledLifecycle<string>, input: unknown): unknown {
  const parsed = inputSchemaOf(lifecycle).safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path, message: i.message, code: i.code }));
  throw new OrderMachineError('INVALID_INPUT', `Invalid order: ${describeIssues(issues)}`, issues);
}

/**
 * Creates an order record in a lifecycle. The status defaults to the lifecycle's initial status, or its
 * `fulfilledInitial` for an order fulfilled by the marketplace. Throws `INVALID_INPUT` naming each bad field.
 */
/** Options of `createOrder`. */
export interface CreateOrderOptions {
  /**
   * Durations the order's first deadline is counted from, from `createdAt`, when the input does not give it
   * (an order created waiting for acceptance gets its acceptance deadline): as `LifecycleOptions`.
   */
  readonly deadlineDurations?: DeadlineDurations | undefined;
}

export function createOrderIn<S extends string>(
  lifecycle: CompiledLifecycle<S>,
  input: CreateOrderInputOf<S>,
  givenOptions?: CreateOrderOptions,
): OrderRecord<S> {
  const options = checkOptions(givenOptions, 'createOrder');
  const data = (plainOrderInput(input, lifecycle) ?? parsedOrderInput(lifecycle, input)) as z.output<z.ZodObject<typeof createOrderFields>> & {
    status?: S;
    lines?: Parameters<typeof linesFromInput<S>>[0];
  };
  const fulfilledByMarketplace = data.fulfilledByMarketplace ?? (data.supplyMode !== undefined && data.supplyMode !== 'Seller');
  const status = data.status ?? (fulfilledByMarketplace ? lifecycle.fulfilledInitial : lifecycle.initial);
  const shipment = data.shipment
    ? {
        carrier: data.shipment.carrier || null,
        trackingNumber: data.shipment.trackingNumber || null,
        trackingUrl: data.shipment.trackingUrl || null,
        at: data.shipment.at,
      }
    : null;
  // An order made from a marketplace report (an import) starts with that report as the last one heard.
  const marketplaceStatus = data.marketplaceUpdatedAt ? status : null;
  const context = withDeadlineOf(
    lifecycle,
    status,
    contextFromInput<S>(
      withFields(data as OrderMachineInput<S>, {
        fulfilledByMarketplace,
        shipment,
        marketplaceStatus,
        lines: data.lines && linesFromInput(data.lines, status),
      }),
    ),
    data.createdAt,
    options,
  );
  // A record made from a marketplace report was last updated by that report, if later than its creation.
  const updatedAt = data.marketplaceUpdatedAt && data.marketplaceUpdatedAt > data.createdAt ? data.marketplaceUpdatedAt : data.createdAt;
  const order: OrderRecord<S> = {
    schemaVersion: ORDER_SCHEMA_VERSION,
    orderId: data.orderId,
    marketplace: data.marketplace,
    status,
    fulfilledByMarketplace,
    revision: 0,
    createdAt: data.createdAt,
    updatedAt,
    appliedEventIds: [],
    history: [],
    context: recordContextOf(context),
  };
  return rememberValid(withLifecycle(order, lifecycle.id), lifecycle);
}
