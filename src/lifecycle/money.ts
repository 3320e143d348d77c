/*
 * Exact decimal amounts (issue 13, item 2: "Refunds that add up and show"). Refunds are summed and compared
 * with the order's total; in floating point 0.1 + 0.2 is 0.30000000000000004, so a total refunded in three
 * parts would never add up. Amounts are read into a count of ten-thousandths held in a bigint, summed and
 * compared exactly, and written back as the number or text they denote.
 */
import { z } from 'zod';
import { OrderMachineError } from './errors.js';

/** The decimals an amount may carry: ten-thousandths of the currency unit, enough for every currency. */
export const MONEY_DECIMALS = 4;

/** The largest amount read, in the order's currency: far above any real order. */
export const MAX_AMOUNT = 1e9;

const SCALE = 10n ** BigInt(MONEY_DECIMALS);
const MAX_UNITS = BigInt(MAX_AMOUNT) * SCALE;
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;
const WHOLE_DIGITS = String(MAX_AMOUNT).length;

const TOO_PRECISE = `must have at most ${MONEY_DECIMALS} decimals`;
const TOO_LARGE = 'must be at most 1e9';
const NOT_AN_AMOUNT = 'must be a number or a decimal string such as "40.30"';

/** An amount as callers write it: a finite number (`40.3`) or a decimal string (`'40.30'`, `'12'`). */
export type MoneyInput = number | string;

/**
 * An exact amount: a count of ten-thousandths of the currency unit (`'40.30'` is `403000n`). Add and compare
 * these with `+`, `-`, `<` and `===`, never as floats.
 */
export type Money = bigint;

/** What {@link parseMoney} concludes: the exact amount, or what is wrong with the value. */
export type MoneyParse = { readonly ok: true; readonly value: Money } | { readonly ok: false; readonly message: string };

const refused = (message: string): MoneyParse => ({ ok: false, message });

/**
 * Reads an amount exactly: a finite number, read as the shortest decimal that denotes it (`40.3` is
 * `'40.3'`, never 40.29999...), or a decimal string (`'40.30'`, `'12'`, `'-1'`: digits, an optional leading
 * minus, an optional point followed by digits; no exponent, no spaces). At most {@link MONEY_DECIMALS}
 * decimals, at most 1e9 either side of zero. Never throws: the sign is the caller's to judge.
 *
 * @example
 * parseMoney('40.30') // { ok: true, value: 403000n }
 * parseMoney(0.1)     // { ok: true, value: 1000n }
 * parseMoney('1.23456') // { ok: false, message: 'must have at most 4 decimals' }
 */
export function parseMoney(input: unknown): MoneyParse {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return refused('must be a finite amount');
    text = String(input);
    // `String` writes an exponent below 1e-6 and from 1e21 on: too precise or too large either way.
    if (text.includes('e')) return refused(Math.abs(input) >= 1 ? TOO_LARGE : TOO_PRECISE);
  } else if (typeof input === 'string') {
    text = input;
  } else {
    return refused(NOT_AN_AMOUNT);
  }
  const match = DECIMAL.exec(text);
  if (match === null) return refused(NOT_AN_AMOUNT);
  const [, sign, whole = '', fraction = ''] = match;
  if (fraction.length > MONEY_DECIMALS) return refused(TOO_PRECISE);
  // Length first: a hostile string of a million digits is refused before BigInt reads it.
  const digits = whole.replace(/^0+(?=\d)/, '');
  if (digits.length > WHOLE_DIGITS) return refused(TOO_LARGE);
  const units = BigInt(digits + fraction.padEnd(MONEY_DECIMALS, '0'));
  if (units > MAX_UNITS) return refused(TOO_LARGE);
  return { ok: true, value: sign === '-' ? -units : units };
}

/**
 * The exact sum of amounts. Throws `INVALID_INPUT` naming the position of an amount {@link parseMoney}
 * refuses.
 *
 * @example
 * sumMoney([0.1, 0.2]) === sumMoney(['0.3']) // true: both are 3000n
 * formatMoney(sumMoney(['40.30', -0.3])) // '40'
 */
export function sumMoney(amounts: Iterable<MoneyInput>): Money {
  let sum = 0n;
  let index = 0;
  for (const amount of amounts) {
    const parsed = parseMoney(amount);
    if (!parsed.ok) throw new OrderMachineError('INVALID_INPUT', `amounts[${index}] ${parsed.message}`, [{ path: [index], message: parsed.message }]);
    sum += parsed.value;
    index++;
  }
  return sum;
}

/**
 * An exact amount as the shortest decimal text that denotes it: `'40.3'`, `'12'`, `'-0.0001'`.
 *
 * @example formatMoney(403000n) // '40.3'
 */
export function formatMoney(value: Money): string {
  const negative = value < 0n;
  const units = negative ? -value : value;
  const whole = units / SCALE;
  const fraction = (units % SCALE).toString().padStart(MONEY_DECIMALS, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/**
 * The number an exact amount denotes, for records that keep amounts as numbers: within 1e9 and four decimals,
 * `parseMoney` of it gives the same amount back.
 * @internal
 */
export const moneyToNumber = (value: Money): number => Number(formatMoney(value));

/**
 * A stored amount, exactly when it has at most four decimals (every amount this version records); one a
 * record of an earlier version kept with more is rounded to the nearest ten-thousandth.
 * @internal
 */
export function storedMoney(amount: number): Money {
  const parsed = parseMoney(amount);
  if (parsed.ok) return parsed.value;
  const rounded = parseMoney(amount.toFixed(MONEY_DECIMALS));
  if (rounded.ok) return rounded.value;
  throw new OrderMachineError('INVALID_RECORD', `Corrupt order record: a refund amount ${parsed.message}`, [
    { path: ['context', 'refunds'], message: `holds an amount that ${parsed.message}` },
  ]);
}

/**
 * A zod schema of an amount: a number or a decimal string, read by {@link parseMoney} and given back as the
 * number it denotes; `positive` refuses zero, and a negative amount is always refused.
 * @internal
 */
export function amountSchema(least: 'positive' | 'zero') {
  return z.union([z.number(), z.string()], { error: NOT_AN_AMOUNT }).transform((input, ctx) => {
    const fail = (message: string) => {
      ctx.addIssue({ code: 'custom', message, input });
      return z.NEVER;
    };
    const parsed = parseMoney(input);
    if (!parsed.ok) return fail(parsed.message);
    if (parsed.value < 0n) return fail(least === 'positive' ? 'must be a positive amount' : 'must not be negative');
    if (least === 'positive' && parsed.value === 0n) return fail('must be a positive amount');
    return moneyToNumber(parsed.value);
  });
}
