import type { OrderContext } from './context.js';
import type { OrderEventType } from './events.js';
import { CONTEXT_UPDATERS, orderMachine, type ActionName, type OrderMachine } from './machine.js';
import { GUARD_RULES, type GuardName, type GuardParams } from './rules.js';
import { ORDER_STATUSES, isOrderStatus, type OrderStatus } from './statuses.js';

/** One transition of the machine, flattened for a fast walk. */
export interface CompiledTransition {
  readonly guard: GuardName | null;
  readonly params: GuardParams;
  /** `null` for a transition that stays (refunds). */
  readonly target: OrderStatus | null;
  readonly actions: readonly ((context: OrderContext, event: never) => OrderContext)[];
}

/** The machine as a lookup table: status -> event type -> candidate transitions, in document order. */
export interface CompiledLifecycle {
  readonly transitions: Readonly<Record<OrderStatus, Readonly<Partial<Record<OrderEventType, readonly CompiledTransition[]>>>>>;
  readonly finals: ReadonlySet<OrderStatus>;
  /** The statuses each status leads to, read from the machine's marketplace-report transitions. */
  readonly reaches: Readonly<Record<OrderStatus, ReadonlySet<OrderStatus>>>;
}

const EMPTY_PARAMS: GuardParams = Object.freeze({});

function named<T extends string>(value: unknown, known: Record<string, unknown>, what: string): { type: T; params?: unknown } {
  const ref = typeof value === 'string' ? { type: value } : (value as { type?: unknown; params?: unknown });
  if (typeof ref?.type !== 'string' || !Object.hasOwn(known, ref.type)) {
    // The machine must name every guard and action: an anonymous one could not be explained.
    throw new Error(`order-status-machine: ${what} ${JSON.stringify(ref?.type ?? String(value))} is not a named ${what}`);
  }
  return ref as { type: T; params?: unknown };
}

/**
 * Compiles an order machine's own definition (its state nodes and their transitions) into a table, so
 * `dispatch` walks the very transitions XState would, without XState's per-event overhead. The differential
 * tests prove both reach the same snapshot.
 */
export function compileLifecycle(machine: OrderMachine): CompiledLifecycle {
  const transitions = {} as Record<OrderStatus, Partial<Record<OrderEventType, CompiledTransition[]>>>;
  const finals = new Set<OrderStatus>();
  for (const status of ORDER_STATUSES) {
    const node = machine.root.states[status];
    if (!node) throw new Error(`order-status-machine: the machine has no state ${status}`);
    if (node.type === 'final') finals.add(status);
    const table: Partial<Record<OrderEventType, CompiledTransition[]>> = {};
    for (const [eventType, definitions] of node.transitions) {
      // `*` only reports refusals to actors; dispatch reports them in its result.
      if (eventType === '*') continue;
      table[eventType as OrderEventType] = definitions.map((definition) => {
        const guard = definition.guard === undefined ? null : named<GuardName>(definition.guard, GUARD_RULES, 'guard');
        const targetKey = definition.target?.[0]?.key;
        if (targetKey !== undefined && !isOrderStatus(targetKey)) {
          throw new Error(`order-status-machine: transition to unknown state ${targetKey}`);
        }
        return {
          guard: guard?.type ?? null,
          params: (guard?.params as GuardParams | undefined) ?? EMPTY_PARAMS,
          target: targetKey ?? null,
          actions: definition.actions.map(
            (action) => CONTEXT_UPDATERS[named<ActionName>(action, CONTEXT_UPDATERS, 'action').type],
          ),
        };
      });
    }
    transitions[status] = table;
  }
  const reaches = {} as Record<OrderStatus, ReadonlySet<OrderStatus>>;
  for (const status of ORDER_STATUSES) {
    const reports = transitions[status].MARKETPLACE_STATUS_CHANGED ?? [];
    reaches[status] = new Set(reports.flatMap((t) => (t.target ? [t.target] : [])));
  }
  return { transitions, finals, reaches };
}

let compiled: CompiledLifecycle | undefined;

/** The compiled {@link orderMachine}, built on first use. */
export function lifecycle(): CompiledLifecycle {
  return (compiled ??= compileLifecycle(orderMachine));
}
