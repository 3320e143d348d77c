import { blocker, type Blocker } from '../lifecycle/blockers.js';
import { explain } from '../lifecycles/default.js';
import { isSellerAction, orderEventSchema, type OrderEventInput, type SellerActionType } from '../lifecycles/default.js';
import type { OrderRecord } from '../lifecycles/default.js';
import { contextOf } from '../engine/record.js';
import type { MarketplaceRules } from './marketplace-schema.js';
import { LENGOW_ACTION_OF, compiledMarketplaceOf, resolveArguments } from './marketplace-rules.js';

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

/** What {@link toLengowAction} returns: the request and its idempotency key, or why none can be sent. */
export type LengowActionResult =
  | { readonly ok: true; readonly request: LengowActionRequest; readonly idempotencyKey: string }
  | { readonly ok: false; readonly blockers: readonly [Blocker, ...Blocker[]] };

/** 64-bit FNV-1a of the UTF-8 bytes, in hex: short, stable on every platform, no crypto API needed. */
function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

/**
 * The Lengow action request a connector sends for a seller action the order accepts (checked with
 * {@link explain} and the marketplace's rules: pass the order the event is dispatched to, i.e. before it).
 *
 * The idempotency key is derived from the action, the order's identity and the arguments, leaving out
 * time-valued ones (`shipping_date`, `delivery_date`, and any argument described as a date): the same shipment
 * declared twice, a minute apart, gets the same key, so a connector can find the queued action locally instead
 * of trusting a network look-up (a failed look-up once caused double sends).
 *
 * @example
 * const sent = toLengowAction(order, { type: 'SHIP', at, carrier: 'Colissimo', trackingNumber: '6A1' }, rules);
 * if (sent.ok) queue.putIfAbsent(sent.idempotencyKey, sent.request);
 * // sent.request: { action_type: 'ship', marketplace: 'cdiscount', marketplace_order_id: 'CD-1',
 * //   carrier: 'Colissimo', tracking_number: '6A1', shipping_date: '...' }
 */
export function toLengowAction(order: OrderRecord, event: OrderEventInput, rules: MarketplaceRules): LengowActionResult {
  const refusals = explain(order, event, { marketplaceRules: rules });
  if (refusals.length > 0) return { ok: false, blockers: refusals as [Blocker, ...Blocker[]] };
  const parsed = orderEventSchema.parse(event);
  const context = contextOf(order);
  const type = isSellerAction(parsed.type) ? LENGOW_ACTION_OF[parsed.type as SellerActionType] : null;
  if (!type) {
    return {
      ok: false,
      blockers: [blocker('ACTION_NOT_SUPPORTED', `${parsed.type} is not a seller action sent through Lengow.`)],
    };
  }
  const marketplace = compiledMarketplaceOf(rules, context.marketplace);
  const action = marketplace?.actions.get(type);
  if (!action) {
    return {
      ok: false,
      blockers: [
        blocker(
          'ACTION_NOT_SUPPORTED',
          marketplace
            ? `${marketplace.label} does not offer the "${type}" action that ${parsed.type} is sent as.`
            : `The marketplace rules have no definition for ${context.marketplace}.`,
        ),
      ],
    };
  }
  const { values } = resolveArguments(action, context, parsed);
  const args: Record<string, string> = {};
  const stable: [string, string][] = [];
  for (const arg of action.args) {
    const value = values.get(arg.name);
    if (value === undefined) continue;
    args[arg.name] = value;
    if (!arg.timeValued) stable.push([arg.name, value]);
  }
  // Identity last: an argument can never override which order the request is about.
  const request: LengowActionRequest = {
    ...args,
    action_type: type,
    marketplace: context.marketplace,
    marketplace_order_id: order.orderId,
  };
  stable.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonical = JSON.stringify([type, context.marketplace, order.orderId, stable]);
  return { ok: true, request, idempotencyKey: `lengow:${type}:${fnv1a64(canonical)}` };
}
