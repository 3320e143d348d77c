/*
 * Refunds of one line (issue 15, items 3 and 4): `REFUND` naming a line, with a number of units or the whole
 * line, never past the units it holds nor past what it was paid. Lengow refunds line by line (`line`,
 * `quantity`, `refund_price`), so a refund names one line at most. Sums are exact (see money.ts): the share
 * of a line's price for some of its units is `amount × units / quantity`, compared by cross-multiplying.
 */
import { blocker, type Blocker } from './blockers.js';
import { namedLinesOf, type RecordLine } from './lines.js';
import { MONEY_DECIMALS, formatMoney, moneyToNumber, parseMoney, storedMoney, type Money } from './money.js';

/** What these rules read of an order: its lines and refunds (a record's context, or an actor's). */
interface LineRefundFacts {
  readonly lines?: readonly RecordLine[] | undefined;
  readonly refunds: readonly { readonly amount: number | null; readonly line?: string; readonly quantity?: number }[];
}

/** The line a refund event names, with the units it refunds (the whole line when it says none). */
interface LineRefund {
  readonly line: RecordLine;
  readonly units: number;
}

/** The line a refund names on an order with lines; `undefined` for a refund of the order, or a line the order has not (the engine names it). */
function lineRefundOf(context: LineRefundFacts, event: object): LineRefund | undefined {
  const named = namedLinesOf(event);
  if (named === undefined || named.length !== 1 || context.lines === undefined) return undefined;
  const { id, quantity } = named[0] as { id: string; quantity?: number };
  const line = context.lines.find((candidate) => candidate.id === id);
  return line === undefined ? undefined : { line, units: quantity ?? line.quantity };
}

/** The exact price of `units` of a line, when it has one in four decimals; `undefined` otherwise. */
function shareOf(line: RecordLine, units: number): Money | undefined {
  if (line.amount === null) return undefined;
  const total = storedMoney(line.amount) * BigInt(units);
  const quantity = BigInt(line.quantity);
  return total % quantity === 0n ? total / quantity : undefined;
}

/** The refund `recordRefund` keeps for an event naming a line: its id, units, and its amount (its share when the event gives none). */
export function lineRefundFields(
  context: LineRefundFacts,
  event: object,
): { readonly line?: string; readonly quantity?: number; readonly amount?: number } {
  const refund = lineRefundOf(context, event);
  if (refund === undefined) return {};
  const share = (event as { amount?: unknown }).amount === undefined ? shareOf(refund.line, refund.units) : undefined;
  return share === undefined
    ? { line: refund.line.id, quantity: refund.units }
    : { line: refund.line.id, quantity: refund.units, amount: moneyToNumber(share) };
}

/**
 * Rule `refundFitsLine`: a refund naming a line names one, refunds no more units than the line has left, and
 * no more than the line was paid (`REFUND_EXCEEDS_LINE` naming `amount`, saying what remains). A refund of a
 * line whose price cannot be split into four decimals for the units named must give its amount.
 */
export function refundPastLine(context: LineRefundFacts, type: string, event: object): Blocker | undefined {
  const named = namedLinesOf(event);
  if (named === undefined || context.lines === undefined) return undefined;
  if (named.length > 1) {
    return blocker('INVALID_EVENT', `${type} names one line at most, as Lengow refunds line by line: send one ${type} per line.`, {
      fields: ['lines'],
    });
  }
  const refund = lineRefundOf(context, event);
  if (refund === undefined) return undefined;
  const { line, units } = refund;
  const earlier = context.refunds.filter((candidate) => candidate.line === line.id);
  const refundedUnits = earlier.reduce((sum, candidate) => sum + (candidate.quantity ?? 0), 0);
  if (refundedUnits + units > line.quantity) {
    const left = line.quantity - refundedUnits;
    return blocker('INVALID_EVENT', `${type} of ${units} units of line ${line.id}: ${left} of its ${line.quantity} are left to refund.`, {
      fields: ['lines'],
      line: line.id,
    });
  }
  if (line.amount === null) return undefined;
  const given = (event as { amount?: unknown }).amount;
  const asked = given === undefined ? shareOf(line, units) : parsedOrUndefined(given);
  if (asked === undefined) {
    return blocker(
      'INVALID_EVENT',
      `${type} of ${units} of the ${line.quantity} units of line ${line.id} (${formatMoney(storedMoney(line.amount))} in all) needs its amount: their share has more than ${MONEY_DECIMALS} decimals.`,
      { fields: ['amount'], line: line.id },
    );
  }
  const paid = storedMoney(line.amount);
  if (asked === 0n) {
    return blocker('REFUND_EXCEEDS_LINE', `${type} of line ${line.id} refunds nothing: its ${line.quantity} units were paid 0.`, {
      fields: ['amount'],
      line: line.id,
    });
  }
  const refunded = earlier.reduce((sum, candidate) => sum + (candidate.amount === null ? 0n : storedMoney(candidate.amount)), 0n);
  if (refunded + asked <= paid) return undefined;
  const remains = paid > refunded ? paid - refunded : 0n;
  return blocker(
    'REFUND_EXCEEDS_LINE',
    `${type} of ${formatMoney(asked)} would take the refunds of line ${line.id} to ${formatMoney(refunded + asked)}, above the ` +
      `${formatMoney(paid)} it was paid: ${formatMoney(remains)} remains to refund on it.`,
    { fields: ['amount'], line: line.id },
  );
}

const parsedOrUndefined = (amount: unknown): Money | undefined => {
  const parsed = parseMoney(amount);
  return parsed.ok ? parsed.value : undefined;
};
