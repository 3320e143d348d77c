/**
 * The lifecycle on robot3, the fastest peer library, as a speed reference: the same states, transitions,
 * guards and context updates as the machine (read from the compiled definition, so both run the same rules; like
 * dispatch, it skips the event-shape check, which robot3 has no counterpart for),
 * but none of what `dispatch` adds: no event validation, no idempotency ids, no audit, no immutable record.
 */
import { createMachine, guard, interpret, reduce, state, transition, type Machine } from 'robot3';
import type { LifecycleOptions, OrderContext, OrderEventInput, OrderRecord, OrderStatus } from 'order-status-machine';
import { ORDER_STATUSES, toSnapshot } from 'order-status-machine';
import type { RuleEvent } from '../src/lifecycle/definition.js';
import { evaluateGuard } from '../src/lifecycle/rules.js';
import { cdiscount } from '../src/lifecycles/default.js';

type Updater = (context: OrderContext, event: unknown) => OrderContext;

/** One robot3 machine per starting status (robot3 machines start in a fixed state). */
export function robot3Machines(options: LifecycleOptions): Record<OrderStatus, Machine> {
  const table = cdiscount.transitions;
  const states: Record<string, ReturnType<typeof state>> = {};
  for (const status of ORDER_STATUSES) {
    const transitions = Object.entries(table[status]).flatMap(([type, candidates]) =>
      (candidates ?? []).map((t) => {
        const args = [];
        if (t.guard !== null) {
          const rules = t.guard;
          args.push(guard((context: OrderContext, event: RuleEvent) => evaluateGuard(rules, context, event, options).kind === 'pass'));
        }
        for (const update of t.actions) args.push(reduce((context: OrderContext, event: unknown) => (update as Updater)(context, event)));
        return transition(type, t.target ?? status, ...args);
      }),
    );
    states[status] = state(...transitions);
  }
  const machines = {} as Record<OrderStatus, Machine>;
  for (const status of ORDER_STATUSES) {
    machines[status] = createMachine(status, states as never, (initial: OrderContext) => initial) as unknown as Machine;
  }
  return machines;
}

/** Runs an order's events through robot3; returns the status it ends in. */
export function runOnRobot3(machines: Record<OrderStatus, Machine>, order: OrderRecord, events: readonly OrderEventInput[]): string {
  const service = interpret(machines[order.status] as never, () => {}, toSnapshot(order).context as never);
  for (const event of events) service.send(event as never);
  return (service as unknown as { machine: { current: string } }).machine.current;
}
