/** Codes of the errors thrown for misuse or corrupt input (business refusals are never thrown). */
export type OrderMachineErrorCode = 'INVALID_INPUT' | 'INVALID_RECORD' | 'INVALID_CALENDAR' | 'CONFLICT';

/** One problem found while validating input: where (`path`) and what (`message`). */
export interface ValidationIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly code?: string;
}

const BRAND = Symbol.for('order-status-machine.error');

/**
 * The only error class this library throws. `code` is stable; `issues` lists each problem with its path.
 * Use {@link isOrderMachineError} rather than `instanceof` when the library may be loaded twice
 * (ESM and CJS copies).
 */
export class OrderMachineError extends Error {
  /** Stable code of the failure. */
  readonly code: OrderMachineErrorCode;
  /** The problems found, each naming its field. */
  readonly issues: readonly ValidationIssue[];
  readonly [BRAND] = true;

  constructor(code: OrderMachineErrorCode, message: string, issues: readonly ValidationIssue[] = []) {
    super(message);
    this.name = 'OrderMachineError';
    this.code = code;
    this.issues = issues;
  }
}

/**
 * Brand check for {@link OrderMachineError} that works across copies of the library.
 * @example
 * try { createOrder(input) } catch (e) { if (isOrderMachineError(e) && e.code === 'INVALID_INPUT') ... }
 */
export function isOrderMachineError(value: unknown): value is OrderMachineError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** Formats issues as `field: message; field: message` for error messages. */
export function describeIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join('; ');
}

/** `packages[0].delivery` style path, or `(root)` for the value itself. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}

/**
 * A short, safe rendering of any value for an error message: never throws (BigInt, cycles), never huge.
 * @example describeValue('Teleported') // '"Teleported"'
 */
export function describeValue(value: unknown, max = 80): string {
  let text: string;
  try {
    text = typeof value === 'bigint' ? `${value}n` : (JSON.stringify(value) ?? String(value));
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * `INVALID_INPUT` for one argument of a call: its name, then what it must be.
 * @example throw invalidArgument('now', 'must be an ISO 8601 instant or a valid Date');
 */
export function invalidArgument(argument: string, message: string): OrderMachineError {
  return new OrderMachineError('INVALID_INPUT', `${argument} ${message}`, [{ path: [argument], message }]);
}
