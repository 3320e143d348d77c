import type { z } from 'zod';
import { OrderMachineError, describeIssues, type ValidationIssue } from '../lifecycle/errors.js';

/**
 * The `INVALID_RECORD` error for a stored record that cannot be used, naming each field at fault
 * (`status: "Foo" is not an order status`).
 *
 * @example throw invalidRecord([{ path: ['schemaVersion'], message: 'is missing' }]);
 */
export function invalidRecord(issues: readonly ValidationIssue[], layout?: string): OrderMachineError {
  const where = layout ? ` (${layout})` : '';
  return new OrderMachineError('INVALID_RECORD', `Invalid order record${where}: ${describeIssues(issues)}`, issues);
}

/**
 * Parses with a zod schema, or throws {@link invalidRecord} with one issue per field (the first problem of
 * each field: enough to find it, short enough to log).
 *
 * @example const v0 = parseRecord(recordV0Schema, raw, 'schemaVersion 0');
 */
export function parseRecord<S extends z.ZodType>(schema: S, value: unknown, layout?: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  for (const issue of parsed.error.issues) {
    const key = issue.path.map(String).join('\u0000');
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ path: issue.path, message: issue.message, code: issue.code });
  }
  throw invalidRecord(issues, layout);
}
