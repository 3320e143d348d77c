/*
 * What each argument of a Lengow action means (issue 12, item 3: "Requests built from the marketplace
 * definition, by meaning, not by name"). Marketplaces name the same thing differently: the reason is `reason`
 * on one, `refund_reason` (zalando), `cancel_reason` (amazon_fr) or `reason_code` (galeries_lafayette) on
 * others. Reading only the literal name `reason` sent zalando its default reason instead of the seller's. The
 * rules below are deliberately small; an argument they do not recognise is filled by its `default_value` only.
 */
import { formatMoney, parseMoney } from '../lifecycle/money.js';
import type { OrderEvent } from '../lifecycles/default.js';

/** What an argument of a Lengow action carries, whatever the marketplace calls it. */
export type LengowArgumentMeaning =
  | 'carrier'
  | 'carrierName'
  | 'trackingNumber'
  | 'trackingUrl'
  | 'shippingDate'
  | 'shippingMethod'
  | 'reason'
  | 'amount'
  | 'line'
  | 'quantity';

/**
 * The recognition rules, by argument name (compared in lower case), first match wins:
 * - `reason`: `reason`, `reason_code`, and one word before either (`refund_reason`, `cancel_reason`,
 *   `refuse_reason_code`);
 * - `amount`: `amount`, `price`, `refund_amount`, `refund_price` (only these: `shipping_price` is fees, not
 *   the amount refunded);
 * - `carrierName`: `carrier_name`, `custom_carrier` (a carrier outside the marketplace's list);
 * - `line`: `line` (one request per line id);
 * - `quantity`: `quantity`, and one word before it (`refund_quantity`, `cancel_quantity`): the units of the
 *   request's line, when the event names them (`{ lineId, quantity }`) or the order knows the line;
 * - the rest by their one name: `carrier`, `tracking_number`, `tracking_url`, `shipping_date`,
 *   `shipping_method`.
 */
const RULES: readonly (readonly [RegExp, LengowArgumentMeaning])[] = [
  [/^(?:[a-z0-9]+_)?reason(?:_code)?$/, 'reason'],
  [/^(?:refund_)?(?:amount|price)$/, 'amount'],
  [/^(?:carrier_name|custom_carrier)$/, 'carrierName'],
  [/^line$/, 'line'],
  [/^(?:[a-z0-9]+_)?quantity$/, 'quantity'],
  [/^carrier$/, 'carrier'],
  [/^tracking_number$/, 'trackingNumber'],
  [/^tracking_url$/, 'trackingUrl'],
  [/^shipping_date$/, 'shippingDate'],
  [/^shipping_method$/, 'shippingMethod'],
];

/**
 * What an argument of a marketplace's definition carries, recognised from its name alone (the rules are in
 * docs/lengow.md), or `null` when none is recognised: such an argument is filled only by its `default_value`.
 *
 * @example
 * meaningOfArgument('refund_reason') // 'reason'
 * meaningOfArgument('reason_code') // 'reason'
 * meaningOfArgument('refund_price') // 'amount'
 * meaningOfArgument('refund_quantity') // 'quantity'
 * meaningOfArgument('shipping_price') // null
 */
export function meaningOfArgument(argument: string): LengowArgumentMeaning | null {
  const name = argument.toLowerCase();
  for (const [pattern, meaning] of RULES) if (pattern.test(name)) return meaning;
  return null;
}

/**
 * Meanings only a request's options carry (`toLengowAction`'s `lines` and `shippingMethod`), never an engine
 * event: `dispatch` and `explain` cannot judge them, so they do not report them missing.
 */
export const REQUEST_ONLY_MEANINGS: ReadonlySet<LengowArgumentMeaning> = new Set(['line', 'quantity', 'shippingMethod']);

/** Where each meaning comes from, as messages name it. */
export const INPUT_NAMES: Readonly<Record<LengowArgumentMeaning, string>> = {
  carrier: 'carrier',
  carrierName: 'carrierName, or a carrier outside the list',
  trackingNumber: 'trackingNumber',
  trackingUrl: 'trackingUrl',
  shippingDate: 'at',
  shippingMethod: 'shippingMethod',
  reason: 'reason',
  amount: 'amount',
  line: 'lines: one request per line',
  quantity: 'lines: { lineId, quantity }, the units of each line',
};

/** What the arguments of one request are filled from, by meaning; `null`: not given. */
export interface ArgumentInputs {
  readonly carrier: string | null;
  readonly carrierName: string | null;
  readonly trackingNumber: string | null;
  readonly trackingUrl: string | null;
  readonly shippingDate: string | null;
  readonly shippingMethod: string | null;
  readonly reason: string | null;
  /** The exact decimal text of the amount (`'12.5'`), never a float's. */
  readonly amount: string | null;
  readonly line: string | null;
  /** The units of that line, as text (`'2'`). */
  readonly quantity: string | null;
}

/** Trimmed text, or `null` when blank or absent. */
export function filled(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/**
 * An amount as the shortest exact decimal text (`12.5`, `'12.50'` -> `'12.5'`), so the same amount given as a
 * number or as text sends the same argument and gets the same idempotency key; `null` when it is not one.
 */
export function amountText(amount: unknown): string | null {
  if (amount === undefined || amount === null) return null;
  const parsed = parseMoney(amount);
  return parsed.ok ? formatMoney(parsed.value) : null;
}

const field = (event: OrderEvent, name: string): unknown => (Object.hasOwn(event, name) ? (event as Record<string, unknown>)[name] : undefined);
const textField = (event: OrderEvent, name: string) => {
  const value = field(event, name);
  return typeof value === 'string' ? filled(value) : null;
};

/** The inputs an engine event carries (validated): no lines, no shipping method, no separate carrier name. */
export function inputsOfEvent(event: OrderEvent): ArgumentInputs {
  return {
    carrier: textField(event, 'carrier'),
    carrierName: null,
    trackingNumber: textField(event, 'trackingNumber'),
    trackingUrl: textField(event, 'trackingUrl'),
    shippingDate: event.at,
    shippingMethod: null,
    reason: textField(event, 'reason'),
    amount: amountText(field(event, 'amount')),
    line: null,
    quantity: null,
  };
}
