/*
 * The lines `createOrder` takes (issue 15, item 1): checked field by field, a repeated id named, each line's
 * status defaulting to the order's.
 */
import { z } from 'zod';
import { LINE_TEXT_LIMITS, MAX_LINE_QUANTITY, MAX_ORDER_LINES, type RecordLine } from './lines.js';
import { amountSchema } from './money.js';
import { NOT_STORABLE, STORABLE_TEXT } from './text.js';

/** One line as `createOrder` takes it: the quantity defaults to 1, the status to the order's. */
export interface OrderLineInput<S extends string = string> {
  readonly id: string;
  readonly quantity?: number | undefined;
  /** A number or a decimal string (`'14.70'`), at least 0, at most four decimals. */
  readonly amount?: number | string | null | undefined;
  readonly status?: S | undefined;
  readonly lengowStatus?: string | null | undefined;
}

const lineText = (max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? 'is missing' : 'must be a string') })
    .trim()
    .min(1, 'must not be blank')
    .max(max, `must be at most ${max} characters`)
    .regex(STORABLE_TEXT, NOT_STORABLE);

/** The zod schema of one line of `createOrder`'s input, the status checked against the lifecycle. */
export const lineInputSchemaOf = <S extends string>(status: z.ZodType<S>) =>
  z.strictObject({
    id: lineText(LINE_TEXT_LIMITS.id),
    quantity: z
      .number({ error: 'must be a whole number of units' })
      .int('must be a whole number of units')
      .min(1, 'must be at least 1')
      .max(MAX_LINE_QUANTITY, `must be at most ${MAX_LINE_QUANTITY}`)
      .optional(),
    amount: amountSchema('zero').nullish(),
    status: status.optional(),
    lengowStatus: lineText(LINE_TEXT_LIMITS.lengowStatus).nullish(),
  });

/**
 * The lines of `createOrder`'s input: at least one, at most {@link MAX_ORDER_LINES}, no id twice (the second
 * one is named).
 */
export const linesInputSchemaOf = <S extends string>(status: z.ZodType<S>) =>
  z
    .array(lineInputSchemaOf(status), { error: 'must be a list of lines' })
    .min(1, 'must hold at least one line (leave it out for an order of one implicit line)')
    .max(MAX_ORDER_LINES, `must hold at most ${MAX_ORDER_LINES} lines`)
    .superRefine((lines, ctx) => {
      const seen = new Set<string>();
      lines.forEach((line, index) => {
        if (seen.has(line.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `repeats line id ${JSON.stringify(line.id)}` });
        seen.add(line.id);
      });
    });

/** The lines a record keeps, from validated input: a line's status only when it is not the order's. */
export function linesFromInput<S extends string>(lines: readonly z.output<ReturnType<typeof lineInputSchemaOf<S>>>[], status: S): RecordLine<S>[] {
  return lines.map((line) => {
    const kept: { -readonly [K in keyof RecordLine<S>]: RecordLine<S>[K] } = {
      id: line.id,
      quantity: line.quantity ?? 1,
      amount: line.amount ?? null,
    };
    if (line.status !== undefined && line.status !== status) kept.status = line.status;
    // Kept only when known: a record pays for every key it holds.
    if (line.lengowStatus) kept.lengowStatus = line.lengowStatus;
    return kept;
  });
}
