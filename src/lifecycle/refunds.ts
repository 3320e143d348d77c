/*
 * What an order's refunds add up to (DOMAIN.md section 10 "Refund statuses"; issue 13, item 2 "Refunds that
 * add up and show"): a full refund, partial ones summing to the order's total, or the marketplace reporting
 * the order `refunded` leave nothing to refund; partial refunds never add up past the total. Sums are exact
 * (see money.ts).
 */
import { blocker, type Blocker } from './blockers.js';
import { SETTLEMENTS, type Refund, type Settlement } from './context.js';
import { OrderMachineError } from './errors.js';
import { MONEY_DECIMALS, formatMoney, parseMoney, storedMoney, type Money } from './money.js';

/** How much of an order was paid back: nothing, part of it, or all of it. */
export type RefundState = 'none' | 'partial' | 'full';

/** The facts of an order the refund state is read from: a record's `context`, or an actor snapshot's. */
export interface RefundFacts {
  readonly refunds: readonly Refund[];
  readonly total?: number | undefined;
  readonly settlement?: Settlement | undefined;
}

/** What the refunds of an order add up to. */
interface RefundTally {
  /** The sum of the partial refunds recorded. */
  readonly refunded: Money;
  /** The order's total, when known. */
  readonly total: Money | null;
  /** Why nothing is left to refund, in words; `null` while something is. */
  readonly fullyRefundedBecause: string | null;
  /** Some refund was recorded, or the marketplace reported one. */
  readonly any: boolean;
}

/**
 * Adds up an order's refunds. The engine hands it records `checkRecord` passed (and turns a crash on a corrupt
 * one into `INVALID_RECORD`); {@link refundStateOf} checks what it is given first.
 */
function tally(context: RefundFacts): RefundTally {
  const { refunds, total, settlement } = context;
  let refunded = 0n;
  let full: Refund | undefined;
  for (const refund of refunds) {
    // A full refund of one line (whose price is unknown) is not one of the order.
    if (refund.amount === null) {
      if (refund.line === undefined) full ??= refund;
    } else refunded += storedMoney(refund.amount);
  }
  const cap = total === undefined ? null : storedMoney(total);
  const fullyRefundedBecause =
    full !== undefined
      ? `a full refund was recorded at ${full.at}`
      : cap !== null && refunds.length > 0 && refunded >= cap
        ? `its refunds add up to its total of ${formatMoney(cap)}`
        : settlement === 'refunded'
          ? 'the marketplace reported it refunded'
          : null;
  return { refunded, total: cap, fullyRefundedBecause, any: refunds.length > 0 || settlement === 'partially_refunded' };
}

const corrupt = (path: readonly PropertyKey[], message: string) =>
  new OrderMachineError('INVALID_RECORD', `Corrupt order record: ${path.join('.')} ${message}`, [{ path, message }]);

/** The refund facts of a value handed in as an order, checked: `INVALID_RECORD` naming the field at fault. */
function refundFactsOf(order: unknown): RefundFacts {
  const context = typeof order === 'object' && order !== null ? (order as { context?: unknown }).context : undefined;
  if (typeof context !== 'object' || context === null) throw corrupt(['context'], 'must be the order context');
  const { refunds, total, settlement } = context as Record<string, unknown>;
  if (!Array.isArray(refunds)) throw corrupt(['context', 'refunds'], 'must be a list of refunds');
  // By index, not forEach: a hole in a sparse list (no JSON makes one) is a missing refund, not skipped.
  for (let i = 0; i < refunds.length; i++) {
    const refund: unknown = refunds[i];
    const amount = typeof refund === 'object' && refund !== null ? (refund as { amount?: unknown }).amount : undefined;
    if (amount !== null && !(typeof amount === 'number' && amount > 0 && parseMoney(amount.toFixed(MONEY_DECIMALS)).ok)) {
      throw corrupt(['context', 'refunds', i, 'amount'], 'must be a positive amount or null');
    }
  }
  const cap = typeof total === 'number' ? parseMoney(total) : undefined;
  if (total !== undefined && !(cap?.ok && cap.value >= 0n)) throw corrupt(['context', 'total'], 'must be an amount of at least 0');
  if (settlement !== undefined && !SETTLEMENTS.includes(settlement as Settlement)) {
    throw corrupt(['context', 'settlement'], `must be one of ${SETTLEMENTS.join(', ')}`);
  }
  return context as RefundFacts;
}

/**
 * How much of an order was paid back: `full` after a full refund, partial refunds adding up to its known
 * total, or the marketplace reporting it `refunded`; `partial` after any other refund, or the marketplace
 * reporting it `partially_refunded`; else `none`. Reads a record (or an actor snapshot: anything with the
 * order's `context`); throws `INVALID_RECORD` naming the field when the refunds it holds are not a record's.
 * This is a pure function.
 *
 * @example
 * const refunded = dispatch(order, { type: 'REFUND', at: '2024-03-01T10:00:00Z', amount: '12.50' }).order;
 * refundStateOf(refunded) // 'partial' (or 'full' when the order's total is 12.50)
 */
export function refundStateOf(order: { readonly context: RefundFacts }): RefundState {
  const { fullyRefundedBecause, any } = tally(refundFactsOf(order));
  return fullyRefundedBecause !== null ? 'full' : any ? 'partial' : 'none';
}

/** Rule `isNotFullyRefunded`: `ALREADY_REFUNDED` when nothing is left to refund. */
export function alreadyRefunded(context: RefundFacts & { readonly orderId: string }, type: string): Blocker | undefined {
  const why = tally(context).fullyRefundedBecause;
  return why === null
    ? undefined
    : blocker('ALREADY_REFUNDED', `Order ${context.orderId} is already fully refunded (${why}): ${type} has nothing left to pay back.`);
}

/**
 * Rule `refundFits`: `REFUND_EXCEEDS_TOTAL` naming `amount` when a partial refund would take the refunds past
 * the order's known total, saying what remains. A full refund (no amount) pays back what remains, and an order
 * with nothing left is `isNotFullyRefunded`'s to refuse.
 */
export function refundPastTotal(context: RefundFacts & { readonly orderId: string }, type: string, amount: unknown): Blocker | undefined {
  if (amount === undefined || amount === null) return undefined;
  const { refunded, total, fullyRefundedBecause } = tally(context);
  if (total === null || fullyRefundedBecause !== null) return undefined;
  const parsed = parseMoney(amount);
  if (!parsed.ok) return blocker('INVALID_EVENT', `${type} amount ${parsed.message}.`, { fields: ['amount'] });
  const after = refunded + parsed.value;
  if (after <= total) return undefined;
  const remains = total > refunded ? total - refunded : 0n;
  return blocker(
    'REFUND_EXCEEDS_TOTAL',
    `${type} of ${formatMoney(parsed.value)} would take the refunds of order ${context.orderId} to ${formatMoney(after)}, above its total of ` +
      `${formatMoney(total)}: ${formatMoney(remains)} remains to refund.`,
    { fields: ['amount'] },
  );
}
