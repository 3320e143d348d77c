import type { CompiledLifecycle } from '../lifecycle/compile.js';
import type { OrderContext } from '../lifecycle/context.js';
import { contextOf, type OrderRecord } from '../engine/record.js';

/**
 * An order's XState persisted snapshot, in the shape `getPersistedSnapshot` gives (minus undefined keys):
 * what `createActor(machine, { snapshot })` resumes from.
 */
export interface OrderSnapshot<S extends string = string> {
  readonly status: 'active' | 'done';
  /** Always undefined (absent from the JSON); declared so XState accepts the snapshot as it is. */
  readonly output: undefined;
  /** Always undefined (absent from the JSON); declared so XState accepts the snapshot as it is. */
  readonly error: undefined;
  readonly value: S;
  readonly historyValue: Record<string, never>;
  readonly context: OrderContext<S>;
  readonly children: Record<string, never>;
}

/** The one place a record becomes XState's persisted snapshot: `done` exactly in the final statuses. */
export function snapshotOf<S extends string>(lifecycle: CompiledLifecycle<S>, order: OrderRecord<S>): OrderSnapshot<S> {
  return {
    status: lifecycle.finals.has(order.status) ? 'done' : 'active',
    value: order.status,
    historyValue: {},
    context: contextOf(order),
    children: {},
  } as OrderSnapshot<S>;
}
