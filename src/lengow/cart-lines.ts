/*
 * The lines of a Lengow order, read from its cart (issue 15, item 1): one line per `marketplace_order_line_id`,
 * with its quantity, its amount, its own status read like the order's (`marketplace_status`, through the
 * marketplace's definition or the line's `lengow_status`) and its `lengow_status` as sent.
 */
import type { ValidationIssue } from '../lifecycle/errors.js';
import type { OrderLineInput } from '../lifecycle/line-input.js';
import { parseMoney } from '../lifecycle/money.js';
import { LENGOW_STATUSES, type LengowStatus } from './lengow-status.js';
import type { MarketplaceRules } from './marketplace-schema.js';
import type { LengowOrder } from './payload.js';
import { octopiaStatusFromLengow, orderStatusFromLengow, statusOfLengowOrder } from './status-mapping.js';
import type { LengowVocabulary } from './vocabulary.js';
import type { OrderStatus } from '../lifecycles/default.js';
import type { OctopiaStatus } from '../lifecycles/octopia.js';

/** The lines of a payload: `undefined` when its cart cannot give them, or the issue that refuses the payload. */
export type CartLines<S extends string> =
  | { readonly ok: true; readonly lines: OrderLineInput<S>[] | undefined }
  | { readonly ok: false; readonly issue: ValidationIssue };

const isLengowStatus = (value: unknown): value is LengowStatus => (LENGOW_STATUSES as readonly unknown[]).includes(value);

/**
 * The lines of a Lengow order in `orderStatus`. A cart line's status is read as the order's is; a line that
 * says nothing, or what the vocabulary cannot read, is in the order's status. No lines (the order is one
 * implicit line, as before lines existed) when the cart is empty or a line has no id or no unit (quantity 0):
 * nothing to key a line by, or nothing in it. A line listed twice (Lengow repeats a line in two packages;
 * its real fixtures do, the order's total counting it once) is one line; listed twice with another quantity
 * or amount it is refused, naming the second listing's field.
 */
export function cartLinesOf<S extends OrderStatus | OctopiaStatus>(
  payload: LengowOrder,
  orderStatus: S,
  vocabulary: LengowVocabulary,
  rules: MarketplaceRules | undefined,
): CartLines<S> {
  const lines: OrderLineInput<S>[] = [];
  const seen = new Map<string, OrderLineInput<S>>();
  const packages = payload.packages ?? [];
  for (let p = 0; p < packages.length; p++) {
    const cart = packages[p]?.cart ?? [];
    for (let l = 0; l < cart.length; l++) {
      const item = cart[l]!;
      const id = item.marketplace_order_line_id;
      if (id == null || item.quantity === 0) return { ok: true, lines: undefined };
      const amount = parseMoney(item.amount);
      const line: OrderLineInput<S> = {
        id: String(id),
        quantity: item.quantity ?? 1,
        // A negative amount is no price (one real fixture sends -1): unknown, as the order's total is then.
        amount: amount.ok && amount.value >= 0n ? item.amount : null,
        status: lineStatusOf(payload, item, orderStatus, vocabulary, rules),
        lengowStatus: item.lengow_status ?? null,
      };
      const earlier = seen.get(line.id);
      if (earlier === undefined) {
        seen.set(line.id, line);
        lines.push(line);
        continue;
      }
      const field = earlier.quantity !== line.quantity ? 'quantity' : earlier.amount !== line.amount ? 'amount' : null;
      if (field !== null) {
        const message = `lists line ${line.id} again with another ${field} (${String(line[field])}, not ${String(earlier[field])})`;
        return { ok: false, issue: { path: ['packages', p, 'cart', l, field], message, code: 'duplicate_line' } };
      }
    }
  }
  return { ok: true, lines: lines.length === 0 ? undefined : lines };
}

type CartLine = NonNullable<NonNullable<LengowOrder['packages']>[number]['cart']>[number];

function lineStatusOf<S extends OrderStatus | OctopiaStatus>(
  payload: LengowOrder,
  line: CartLine,
  orderStatus: S,
  vocabulary: LengowVocabulary,
  rules: MarketplaceRules | undefined,
): S {
  const lengowStatus = isLengowStatus(line.lengow_status) ? line.lengow_status : null;
  if (line.marketplace_status != null) {
    const asOrder = { ...payload, marketplace_status: line.marketplace_status, lengow_status: lengowStatus };
    const read =
      vocabulary === 'octopia'
        ? statusOfLengowOrder(asOrder, rules, orderStatus as OctopiaStatus, 'octopia')
        : statusOfLengowOrder(asOrder, rules, orderStatus as OrderStatus);
    if (read.ok) return read.status as S;
  }
  if (lengowStatus === null) return orderStatus;
  return (
    vocabulary === 'octopia'
      ? octopiaStatusFromLengow(lengowStatus, orderStatus as OctopiaStatus)
      : orderStatusFromLengow(lengowStatus, orderStatus as OrderStatus)
  ) as S;
}
