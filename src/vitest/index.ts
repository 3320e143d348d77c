/*
 * Vitest matchers for consumer projects (subpath `order-status-machine/vitest`, issue 6). Vitest is a peer
 * here only: this module imports its types, never its runtime, and registers nothing by itself
 * (`sideEffects: false`): call `expect.extend(orderMatchers)` in a setup file.
 */
import type { MatcherState } from 'vitest';
import type { BlockerCode } from '../lifecycle/blockers.js';
import { linesOf, type LinesSource } from '../lifecycle/lines.js';
import type { OrderStatus } from '../lifecycles/default.js';

interface MatcherResult {
  pass: boolean;
  message: () => string;
  actual?: unknown;
  expected?: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** A `DispatchResult`, or the blockers `explain` returns. */
function blockersOf(received: unknown): { codes: string[]; refused: boolean } | undefined {
  if (Array.isArray(received)) {
    const codes = received.map((b: unknown) => (isObject(b) && typeof b.code === 'string' ? b.code : '?'));
    return { codes, refused: codes.length > 0 };
  }
  if (isObject(received) && typeof received.ok === 'boolean' && Array.isArray(received.blockers)) {
    return { codes: received.blockers.map((b: unknown) => (isObject(b) ? String(b.code) : '?')), refused: received.ok === false };
  }
  return undefined;
}

function describeResult(received: unknown): string {
  if (isObject(received) && typeof received.ok === 'boolean') {
    return received.ok ? `accepted (status ${String(received.status)})` : `refused with ${JSON.stringify(blockersOf(received)?.codes)}`;
  }
  return JSON.stringify(blockersOf(received)?.codes ?? received);
}

/**
 * Passes when a `dispatch` result was refused with a blocker of this code (among others), or when the
 * blockers `explain` returned include it.
 *
 * @example
 * expect(dispatch(order, { type: 'SHIP', at })).toBeRefusedWith('CARRIER_AND_TRACKING_REQUIRED');
 * expect(explain(order, event, { calendar })).toBeRefusedWith('MAINTENANCE_WINDOW');
 */
function toBeRefusedWith(this: MatcherState, received: unknown, code: BlockerCode): MatcherResult {
  const found = blockersOf(received);
  if (!found) {
    return {
      pass: false,
      message: () => `expected a DispatchResult or an array of blockers, received ${this.utils.printReceived(received)}`,
    };
  }
  const pass = found.refused && found.codes.includes(code);
  return {
    pass,
    message: () =>
      pass
        ? `expected the event not to be refused with ${code}, but it was (${describeResult(received)})`
        : `expected the event to be refused with ${code}, but it was ${describeResult(received)}`,
    actual: found.codes,
    expected: code,
  };
}

/**
 * Passes when a `DispatchResult` or an `OrderRecord` is in this status.
 *
 * @example
 * expect(dispatch(order, { type: 'ACCEPT', at })).toBeInStatus('AcceptedBySeller');
 * expect(orderAt('Shipped')).toBeInStatus('Shipped');
 */
function toBeInStatus(this: MatcherState, received: unknown, status: OrderStatus): MatcherResult {
  if (!isObject(received) || typeof received.status !== 'string') {
    return {
      pass: false,
      message: () => `expected a DispatchResult or an OrderRecord, received ${this.utils.printReceived(received)}`,
    };
  }
  const pass = received.status === status;
  const refusal = typeof received.ok === 'boolean' && received.ok === false ? ` (the event was refused: ${describeResult(received)})` : '';
  return {
    pass,
    message: () =>
      pass
        ? `expected the order not to be in ${status}, but it is`
        : `expected the order to be in ${status}, but it is in ${String(received.status)}${refusal}`,
    actual: received.status,
    expected: status,
  };
}

/**
 * Passes when the line of this id, in a `DispatchResult`'s order or an `OrderRecord`, is in this status. An
 * order without lines is one implicit line whose id is the order's (see `linesOf`).
 *
 * @example
 * expect(dispatch(order, { type: 'ACCEPT', at })).toHaveLineInStatus('L-2', 'AcceptedBySeller');
 */
function toHaveLineInStatus(this: MatcherState, received: unknown, lineId: string, status: OrderStatus): MatcherResult {
  const order = isObject(received) && isObject(received.order) ? received.order : received;
  if (!isObject(order) || typeof order.status !== 'string' || !isObject(order.context)) {
    return {
      pass: false,
      message: () => `expected a DispatchResult or an OrderRecord, received ${this.utils.printReceived(received)}`,
    };
  }
  const lines = linesOf(order as unknown as LinesSource<string>);
  const line = lines.find((candidate) => candidate.id === lineId);
  const pass = line?.status === status;
  return {
    pass,
    message: () =>
      pass
        ? `expected line ${lineId} not to be in ${status}, but it is`
        : line === undefined
          ? `expected line ${lineId} to be in ${status}, but the order has no such line (its lines: ${lines.map((l) => l.id).join(', ')})`
          : `expected line ${lineId} to be in ${status}, but it is in ${line.status}`,
    actual: line?.status,
    expected: status,
  };
}

/**
 * The matchers, to register once, e.g. in a vitest setup file:
 *
 * @example
 * import { expect } from 'vitest';
 * import { orderMatchers } from 'order-status-machine/vitest';
 * expect.extend(orderMatchers);
 *
 * expect(result).toBeRefusedWith('MAINTENANCE_WINDOW');
 * expect(result.order).toBeInStatus('WaitingForSellerAcceptation');
 */
export const orderMatchers = { toBeRefusedWith, toBeInStatus, toHaveLineInStatus };

/**
 * The matchers' signatures, merged into vitest's `Assertion` and asymmetric matchers below.
 * @example expect(result).toBeRefusedWith('MAINTENANCE_WINDOW');
 */
export interface OrderMatchers<R = unknown> {
  /** Refused with a blocker of this code (a `DispatchResult`, or `explain`'s blockers). */
  toBeRefusedWith(code: BlockerCode): R;
  /** In this status (a `DispatchResult` or an `OrderRecord`). */
  toBeInStatus(status: OrderStatus): R;
  /** Its line of this id is in this status (a `DispatchResult` or an `OrderRecord`). */
  toHaveLineInStatus(lineId: string, status: OrderStatus): R;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  // `T = any` restates vitest's own declaration, which augmentations must repeat exactly.
  interface Assertion<T = any> extends OrderMatchers<void> {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AsymmetricMatchersContaining extends OrderMatchers<unknown> {}
}
