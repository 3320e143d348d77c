/*
 * The lifecycles a store keeps records of. A store may hold orders of several lifecycles in one place (legacy
 * and Octopia Cdiscount orders in one table): each record says its lifecycle (`lifecycle`, absent for the
 * default one), and the store restores, writes and replays it through that lifecycle.
 */
import type { z } from 'zod';
import type { DispatchOptions, DispatchResult } from '../engine/dispatch.js';
import { DEFAULT_LIFECYCLE_ID, lifecycleIdOf, type OrderRecord } from '../engine/record.js';
import { OrderMachineError, describeValue } from '../lifecycle/errors.js';
import { deadlineOf, dispatch, orderEventSchema, type OrderStatus } from '../lifecycles/default.js';
import { invalidRecord } from './invalid-record.js';
import { restoreOrder, type RestoreOptions } from './restore.js';
import { serializeOrder } from './serialize.js';

/**
 * What a store needs of a lifecycle to keep its records: a `Lifecycle` (from `defineLifecycle`,
 * `cdiscountLifecycle`, `octopiaLifecycle`) is one.
 */
export interface StoredLifecycle<S extends string = string> {
  readonly id: string;
  /** Validates the events of deferred actions kept for this lifecycle's orders. */
  readonly eventSchema: z.ZodType;
  dispatch(order: OrderRecord<S>, event: never, options?: DispatchOptions): DispatchResult<S>;
  restoreOrder(input: string | unknown, options?: RestoreOptions): OrderRecord<S>;
  serializeOrder(order: OrderRecord<S>): string;
  /** The deadline a seller action is expected by on an order: a deferred action is not replayed past it. */
  deadlineOf?(order: OrderRecord<S>, type: never): { readonly at: string } | undefined;
}

/** The records of a list of lifecycles: `OrderRecord<S>` for each. */
export type RecordsOf<L extends readonly StoredLifecycle<string>[]> = L[number] extends infer One
  ? One extends StoredLifecycle<infer S>
    ? OrderRecord<S>
    : never
  : never;

/** The default lifecycle as a store reads it: the top-level functions (no XState needed to store orders). */
export const DEFAULT_STORED_LIFECYCLE: StoredLifecycle<OrderStatus> = {
  id: DEFAULT_LIFECYCLE_ID,
  eventSchema: orderEventSchema,
  dispatch: dispatch as StoredLifecycle<OrderStatus>['dispatch'],
  restoreOrder,
  serializeOrder,
  deadlineOf: deadlineOf as StoredLifecycle<OrderStatus>['deadlineOf'],
};

/** A store's lifecycles, found by a record's `lifecycle`. */
export interface StoredLifecycles {
  /** Every lifecycle, in the order given. */
  readonly all: readonly StoredLifecycle[];
  /** The lifecycle of a record (parsed JSON, or a record); `INVALID_RECORD` naming `lifecycle` when the store has none such. */
  of(record: unknown): StoredLifecycle;
  /** Restores a record from its JSON text or parsed JSON, through its own lifecycle. */
  restore(input: string | unknown): OrderRecord;
  /** Writes a record through its own lifecycle. */
  serialize(order: OrderRecord): string;
}

/**
 * The lifecycles a store serves; default: the default lifecycle alone. Refuses an empty list, a list naming
 * one lifecycle twice, or an entry that is not a lifecycle (`INVALID_INPUT` naming it).
 */
export function storedLifecycles(given: readonly StoredLifecycle<string>[] | undefined): StoredLifecycles {
  const all = (given ?? [DEFAULT_STORED_LIFECYCLE]) as readonly StoredLifecycle[];
  const byId = new Map<string, StoredLifecycle>();
  all.forEach((lifecycle, i) => {
    const usable = typeof lifecycle?.id === 'string' && typeof lifecycle.restoreOrder === 'function' && typeof lifecycle.dispatch === 'function';
    const problem = !usable
      ? 'is not a lifecycle (from defineLifecycle)'
      : byId.has(lifecycle.id)
        ? `repeats lifecycle "${lifecycle.id}"`
        : undefined;
    if (problem)
      throw new OrderMachineError('INVALID_INPUT', `Invalid store options: lifecycles[${i}] ${problem}`, [
        { path: ['lifecycles', i], message: problem },
      ]);
    byId.set(lifecycle.id, lifecycle);
  });
  if (all.length === 0) {
    throw new OrderMachineError('INVALID_INPUT', 'Invalid store options: lifecycles must name at least one lifecycle', [
      { path: ['lifecycles'], message: 'must name at least one lifecycle' },
    ]);
  }
  const of = (record: unknown): StoredLifecycle => {
    const id = typeof record === 'object' && record !== null ? lifecycleIdOf(record) : DEFAULT_LIFECYCLE_ID;
    const found = typeof id === 'string' ? byId.get(id) : undefined;
    if (found) return found;
    const held = [...byId.keys()].map((known) => JSON.stringify(known)).join(', ');
    throw invalidRecord([{ path: ['lifecycle'], message: `is ${describeValue(id)}: this store holds records of ${held}` }]);
  };
  return {
    all,
    of,
    restore(input) {
      let raw = input;
      if (typeof input === 'string') {
        try {
          raw = JSON.parse(input);
        } catch {
          // Not JSON: the first lifecycle's restoreOrder says so as every store does (INVALID_RECORD).
          return all[0]!.restoreOrder(input);
        }
      }
      return of(raw).restoreOrder(raw);
    },
    serialize: (order) => of(order).serializeOrder(order),
  };
}
