import { z } from 'zod';
import { blocker, type Blocker } from '../lifecycle/blockers.js';
import { namedLinesOf } from '../lifecycle/lines.js';
import { OrderMachineError, formatPath, invalidArgument, type ValidationIssue } from '../lifecycle/errors.js';
import { SELLER_SHIPMENT_PAYLOAD, reasonField } from '../lifecycle/events.js';
import { instantSchema } from '../lifecycle/instant.js';
import { amountSchema } from '../lifecycle/money.js';
import type { SellerActionRules } from '../lifecycle/options.js';
import { NOT_STORABLE, STORABLE_TEXT } from '../lifecycle/text.js';
import { explain } from '../lifecycles/default.js';
import { isSellerAction, orderEventSchema, type OrderEvent, type OrderEventInput, type SellerActionType } from '../lifecycles/default.js';
import type { OrderRecord } from '../lifecycles/default.js';
import { contextOf } from '../engine/record.js';
import { amountText, filled, inputsOfEvent, type LengowArgumentMeaning } from './marketplace-arguments.js';
import type { MarketplaceRules } from './marketplace-schema.js';
import {
  LENGOW_ACTION_OF,
  checkSellerAction,
  marketplaceFinderOf,
  planRequests,
  type CompiledAction,
  type CompiledMarketplace,
  type RequestExtras,
} from './marketplace-rules.js';
import { MAX_LENGOW_CART_LINES } from './payload.js';

/**
 * The body of a Lengow action request (POST /v3.0/orders/actions/): the action, the order's identity, and the
 * marketplace's arguments as strings.
 */
export interface LengowActionRequest {
  readonly action_type: string;
  readonly marketplace: string;
  readonly marketplace_order_id: string;
  readonly [argument: string]: string;
}

/** One request to send, with the key a connector queues it under. */
export interface LengowKeyedRequest {
  readonly request: LengowActionRequest;
  readonly idempotencyKey: string;
}

/**
 * What {@link toLengowAction} and {@link buildLengowAction} return: the requests to send (one, or one per line
 * when lines are given), each with its idempotency key, or why none can be sent. `request` and
 * `idempotencyKey` are the first (or only) one's.
 */
export type LengowActionResult =
  | {
      readonly ok: true;
      readonly request: LengowActionRequest;
      readonly idempotencyKey: string;
      readonly requests: readonly [LengowKeyedRequest, ...LengowKeyedRequest[]];
    }
  | { readonly ok: false; readonly blockers: readonly [Blocker, ...Blocker[]] };

const storable = (max: number) =>
  z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'must not be blank')
    .max(max, `must be at most ${max} characters`)
    .regex(STORABLE_TEXT, NOT_STORABLE);

/** What a request takes beside an engine event: see {@link LengowActionOptions}. */
const optionsShape = {
  lines: z
    .array(storable(200), { error: 'must be a list of line ids (strings)' })
    .min(1, 'must list at least one line id')
    .max(MAX_LENGOW_CART_LINES, `must list at most ${MAX_LENGOW_CART_LINES} line ids`)
    .refine((lines) => new Set(lines).size === lines.length, 'must not list a line twice')
    .readonly()
    .optional(),
  shippingMethod: storable(200).optional(),
  carrierName: storable(100).optional(),
};

const lengowActionOptionsSchema = z.strictObject(optionsShape);

/**
 * What a Lengow request takes that an engine event does not carry:
 * - `lines`: the marketplace's line ids (`marketplace_order_line_id`); one request per line, for actions whose
 *   definition lists `line`. Refused (`INVALID_ARGUMENT`, `line`) on an action that takes no line: it would
 *   apply to the whole order.
 * - `shippingMethod`: sent as `shipping_method` where the action lists it. Never taken from the order's
 *   delivery mode ("Standard" is Cdiscount's tracking level, not a marketplace's shipping method).
 * - `carrierName`: the carrier's name, sent in `carrier_name`/`custom_carrier` where the action lists one.
 *   Without it, a carrier outside a closed list is sent there (the carrier itself then becomes the code those
 *   arguments depend on, e.g. `Other`).
 * Unknown keys are refused (`lines` misspelt `line` must not send a whole-order action).
 */
export type LengowActionOptions = z.input<typeof lengowActionOptionsSchema>;

const identity = storable(200);
const identityShape = { marketplace: identity, marketplaceOrderId: identity, action: identity };
const lengowActionInputSchema = z.strictObject({
  ...identityShape,
  at: instantSchema.optional(),
  carrier: SELLER_SHIPMENT_PAYLOAD.shape.carrier,
  trackingNumber: SELLER_SHIPMENT_PAYLOAD.shape.trackingNumber,
  trackingUrl: SELLER_SHIPMENT_PAYLOAD.shape.trackingUrl,
  reason: reasonField(),
  amount: amountSchema('positive').optional(),
  ...optionsShape,
});

/**
 * What {@link buildLengowAction} builds a request from: the marketplace (its code in the definitions), the
 * marketplace's order id, the Lengow action type as the definition spells it (`ship`, `partially_refund`),
 * the fields an engine event would carry (`at` fills `shipping_date`; `amount` is a number or a decimal string),
 * and the {@link LengowActionOptions}.
 */
export type LengowActionInput = z.input<typeof lengowActionInputSchema>;

/** Which input fills which meaning, and the argument name a refusal gives when the action has none of it. */
const INPUT_MEANINGS: Readonly<Record<string, readonly [LengowArgumentMeaning, string]>> = {
  at: ['shippingDate', 'shipping_date'],
  carrier: ['carrier', 'carrier'],
  carrierName: ['carrierName', 'carrier_name'],
  trackingNumber: ['trackingNumber', 'tracking_number'],
  trackingUrl: ['trackingUrl', 'tracking_url'],
  shippingMethod: ['shippingMethod', 'shipping_method'],
  reason: ['reason', 'reason'],
  amount: ['amount', 'amount'],
  lines: ['line', 'line'],
};

/** The marketplace arguments an input fills (`reason` -> `refund_reason` on zalando's refund). */
function argumentsFilledBy(action: CompiledAction | undefined, input: string): string[] {
  const entry = INPUT_MEANINGS[input];
  if (!entry) return [input];
  const names = action?.args.filter((arg) => arg.meaning === entry[0]).map((arg) => arg.name) ?? [];
  return names.length > 0 ? names : [entry[1]];
}

/** Zod issues on a request's inputs as `INVALID_ARGUMENT` blockers naming the marketplace's arguments. */
function inputBlockers(
  issues: readonly z.core.$ZodIssue[],
  action: CompiledAction | undefined,
  where: string,
  accepted: readonly string[],
): Blocker[] {
  return issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((key) => `"${key}"`).join(', ');
      return blocker('INVALID_ARGUMENT', `${where}: ${keys} is not among ${accepted.join(', ')}.`, { fields: issue.keys });
    }
    const key = String(issue.path[0] ?? '');
    return blocker('INVALID_ARGUMENT', `${where}: ${formatPath(issue.path)} ${issue.message}.`, { fields: argumentsFilledBy(action, key) });
  });
}

/** 64-bit FNV-1a of the UTF-8 bytes, in hex: short, stable on every platform, no crypto API needed. */
function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

/**
 * The requests, each keyed by the action, the order's identity and every argument that is not time-valued
 * (so reason, amount, line, tracking, carrier and shipping method all count; `shipping_date` does not).
 */
function keyedRequests(
  action: CompiledAction,
  marketplace: string,
  orderId: string,
  argumentSets: readonly [ReadonlyMap<string, string>, ...ReadonlyMap<string, string>[]],
): LengowActionResult {
  const keyed = argumentSets.map((values): LengowKeyedRequest => {
    const args: Record<string, string> = {};
    const stable: [string, string][] = [];
    for (const arg of action.args) {
      const value = values.get(arg.name);
      if (value === undefined) continue;
      args[arg.name] = value;
      if (!arg.timeValued) stable.push([arg.name, value]);
    }
    // Identity last: an argument can never override which order the request is about.
    const request: LengowActionRequest = { ...args, action_type: action.type, marketplace, marketplace_order_id: orderId };
    stable.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const canonical = JSON.stringify([action.type, marketplace, orderId, stable]);
    return { request, idempotencyKey: `lengow:${action.type}:${fnv1a64(canonical)}` };
  }) as unknown as [LengowKeyedRequest, ...LengowKeyedRequest[]];
  const [first] = keyed;
  return { ok: true, request: first.request, idempotencyKey: first.idempotencyKey, requests: keyed };
}

const refusal = (blockers: readonly Blocker[]): LengowActionResult => ({ ok: false, blockers: blockers as [Blocker, ...Blocker[]] });
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The units of a line of the order, when the order keeps it. */
function unitsOf(order: unknown, lineId: string): number | null {
  const lines = isObject(order) && isObject(order.context) ? order.context.lines : undefined;
  if (!Array.isArray(lines)) return null;
  const line = lines.find((candidate: unknown) => isObject(candidate) && candidate.id === lineId) as { quantity?: unknown } | undefined;
  return typeof line?.quantity === 'number' ? line.quantity : null;
}

/**
 * The Lengow action requests a connector sends for a seller action the order accepts (checked with
 * {@link explain} and the marketplace's rules: pass the order the event is dispatched to, i.e. before it).
 * This is a pure function: it sends nothing and changes nothing.
 *
 * Arguments are filled by meaning, whatever the marketplace calls them (docs/lengow.md): the event's `reason`
 * fills `reason`, `refund_reason`, `cancel_reason` or `reason_code`, and must be one of the argument's
 * `valid_values` when the definition lists them without accepting free values (else `INVALID_ARGUMENT` naming
 * the argument and listing the values); a `default_value` fills only an optional argument the event leaves
 * empty. `REFUND`'s `amount` fills the price argument (`amount`, `price`, `refund_amount`, `refund_price`) as
 * exact decimal text. The lines the event names (or `options.lines`) give one request per line. What the event does not carry comes through
 * `options` (see {@link LengowActionOptions}); nothing is taken from the order's delivery mode.
 *
 * Each request's idempotency key is derived from the action, the order's identity and its arguments, leaving
 * out time-valued ones (`shipping_date`, `delivery_date`, and any argument described as a date): the same
 * shipment declared twice, a minute apart, gets the same key, so a connector can find the queued action
 * locally instead of trusting a network look-up (a failed look-up once caused double sends); two refunds with
 * different reasons or amounts get different keys.
 *
 * Throws `INVALID_INPUT` when `options` is not an object; refuses a bad option value with `INVALID_ARGUMENT`.
 *
 * @example
 * const sent = toLengowAction(order, { type: 'SHIP', at, carrier: 'Colissimo', trackingNumber: '6A1' }, rules);
 * if (sent.ok) for (const { idempotencyKey, request } of sent.requests) queue.putIfAbsent(idempotencyKey, request);
 * // sent.request: { action_type: 'ship', marketplace: 'cdiscount', marketplace_order_id: 'CD-1',
 * //   carrier: 'Colissimo', tracking_number: '6A1', shipping_date: '...' }
 * toLengowAction(menlookOrder, { type: 'ACCEPT', at }, rules, { lines: ['L1', 'L2'] }); // ok: 2 requests, one per line
 */
export function toLengowAction(
  order: OrderRecord,
  event: OrderEventInput,
  rules: MarketplaceRules,
  options: LengowActionOptions = {},
): LengowActionResult {
  if (!isObject(options)) throw invalidArgument('options', 'must be an object: { lines?, shippingMethod?, carrierName? }');
  const find = marketplaceFinderOf(rules);
  const given = lengowActionOptionsSchema.safeParse(options);
  if (!given.success) {
    // Everything that is wrong at once: the event's refusals, then the options'.
    const type = typeof event?.type === 'string' && isSellerAction(event.type) ? LENGOW_ACTION_OF[event.type] : null;
    const marketplace = typeof order?.marketplace === 'string' ? find?.(order.marketplace) : undefined;
    const action = type ? marketplace?.actions.get(type) : undefined;
    return refusal([
      ...explain(order, event, { marketplaceRules: rules }),
      ...inputBlockers(given.error.issues, action, "toLengowAction's options", Object.keys(optionsShape)),
    ]);
  }
  // The lines an event names are the requests' lines (one request per line where the action lists `line`);
  // `options.lines` says the same, for events that cannot name them, and must not say otherwise.
  const namedLines = isObject(event) ? namedLinesOf(event) : undefined;
  const named = namedLines?.map((line) => line.id);
  if (named !== undefined && given.data.lines !== undefined && given.data.lines.join('\u0000') !== named.join('\u0000')) {
    return refusal([
      ...explain(order, event, { marketplaceRules: rules }),
      blocker('INVALID_ARGUMENT', `options.lines (${given.data.lines.join(', ')}) differ from the lines the event names (${named.join(', ')}).`, {
        fields: ['line'],
      }),
    ]);
  }
  const lines = given.data.lines ?? named ?? null;
  const extras: RequestExtras = {
    lines,
    // Each line's units: as the event names them, else the whole line the order knows.
    quantities: lines?.map((id, i) => namedLines?.[i]?.quantity ?? unitsOf(order, id)) ?? null,
    shippingMethod: filled(given.data.shippingMethod),
    carrierName: filled(given.data.carrierName),
  };
  // The marketplace judges the event together with the options, in explain's order (the lifecycle first).
  const judge: SellerActionRules =
    find === undefined
      ? rules
      : {
          blockersFor: (subject, engineEvent, check) => {
            const marketplace = find(subject.context.marketplace);
            return marketplace
              ? checkSellerAction(
                  marketplace,
                  subject as Parameters<typeof checkSellerAction>[1],
                  engineEvent as OrderEvent,
                  check?.stateOnly === true,
                  extras,
                )
              : [];
          },
        };
  const refusals = explain(order, event, { marketplaceRules: judge });
  if (refusals.length > 0) return refusal(refusals);
  const parsed = orderEventSchema.parse(event);
  const context = contextOf(order);
  const type = isSellerAction(parsed.type) ? LENGOW_ACTION_OF[parsed.type as SellerActionType] : null;
  if (!type) return refusal([blocker('ACTION_NOT_SUPPORTED', `${parsed.type} is not a seller action sent through Lengow.`)]);
  const marketplace = find?.(context.marketplace);
  const action = marketplace?.actions.get(type);
  if (!marketplace || !action) {
    return refusal([
      blocker(
        'ACTION_NOT_SUPPORTED',
        marketplace
          ? `${marketplace.label} does not offer the "${type}" action that ${parsed.type} is sent as.`
          : `The marketplace rules have no definition for ${context.marketplace}.`,
      ),
    ]);
  }
  const planned = planRequests(marketplace, action, { ...inputsOfEvent(parsed), ...extras });
  if (!planned.ok) return refusal(planned.blockers);
  return keyedRequests(action, context.marketplace, order.orderId, planned.requests);
}

/**
 * The Lengow action requests for any action a marketplace's definition lists, `partially_refund` included,
 * from the fields an event would carry (see {@link LengowActionInput}): arguments filled by meaning, checked
 * against the definition, one request per line, keyed, exactly as {@link toLengowAction} builds them. This
 * reads the definition only: it does not check the order's status nor the lifecycle (use
 * {@link toLengowAction} for an order record). A pure function.
 *
 * Refuses with `ACTION_NOT_SUPPORTED` a marketplace the rules do not cover or an action its definition does not
 * list, and with `MISSING_ARGUMENT`/`INVALID_ARGUMENT` (naming the marketplace's arguments) what the
 * definition refuses or a malformed value. Throws `INVALID_INPUT` when `rules` were not made by
 * `createMarketplaceRules`, or `input` is not an object with a non-blank `marketplace`, `marketplaceOrderId`
 * and `action`.
 *
 * @example
 * buildLengowAction(rules, { marketplace: 'amazon_fr', marketplaceOrderId: 'A-1', action: 'partially_refund',
 *   lines: ['L1'], reason: 'CustomerReturn' });
 * // { ok: true, request: { line: 'L1', refund_reason: 'CustomerReturn', action_type: 'partially_refund', ... } }
 */
export function buildLengowAction(rules: MarketplaceRules, input: LengowActionInput): LengowActionResult {
  const find = marketplaceFinderOf(rules);
  if (find === undefined) throw invalidArgument('rules', 'must be marketplace rules made by createMarketplaceRules');
  if (!isObject(input)) throw invalidArgument('input', 'must be an object');
  const who = z.object(identityShape).safeParse(input);
  if (!who.success) {
    const issues: ValidationIssue[] = who.error.issues.map((issue) => ({ path: issue.path, message: issue.message, code: issue.code }));
    throw new OrderMachineError('INVALID_INPUT', `buildLengowAction: ${issues.map((i) => `${formatPath(i.path)} ${i.message}`).join('; ')}`, issues);
  }
  const marketplace: CompiledMarketplace | undefined = find(who.data.marketplace);
  if (!marketplace) return refusal([blocker('ACTION_NOT_SUPPORTED', `The marketplace rules have no definition for ${who.data.marketplace}.`)]);
  const action = marketplace.actions.get(who.data.action);
  if (!action) return refusal([blocker('ACTION_NOT_SUPPORTED', `${marketplace.label} does not offer the "${who.data.action}" action.`)]);
  const parsed = lengowActionInputSchema.safeParse(input);
  if (!parsed.success)
    return refusal(inputBlockers(parsed.error.issues, action, `${marketplace.label} "${action.type}"`, Object.keys(lengowActionInputSchema.shape)));
  const data = parsed.data;
  const planned = planRequests(marketplace, action, {
    carrier: filled(data.carrier),
    carrierName: filled(data.carrierName),
    trackingNumber: filled(data.trackingNumber),
    trackingUrl: filled(data.trackingUrl),
    shippingDate: data.at ?? null,
    shippingMethod: filled(data.shippingMethod),
    reason: filled(data.reason),
    amount: amountText(data.amount),
    lines: data.lines ?? null,
  });
  if (!planned.ok) return refusal(planned.blockers);
  return keyedRequests(action, who.data.marketplace, who.data.marketplaceOrderId, planned.requests);
}
