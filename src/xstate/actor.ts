import { createActor, type Actor, type AnyStateMachine, type InspectionEvent, type Observer, type Subscription } from 'xstate';
import { explainWith } from '../engine/dispatch.js';
import type { OrderRecord } from '../engine/record.js';
import type { Blocker } from '../lifecycle/blockers.js';
import type { CompiledLifecycle } from '../lifecycle/compile.js';
import type { OrderContext, OrderMachineInput } from '../lifecycle/context.js';
import type { LifecycleOptions } from '../lifecycle/options.js';
import { snapshotOf } from './snapshot.js';

/**
 * What an order actor reports when it refuses an event, instead of ignoring it silently:
 * `actor.on('order.rejected', ({ status, blockers }) => ...)`. The blockers are those `explain` gives.
 */
export interface OrderRejected<S extends string = string> {
  readonly type: 'order.rejected';
  readonly status: S;
  readonly event: unknown;
  readonly blockers: readonly [Blocker, ...Blocker[]];
}

/** Options of `createOrderActor`: where the order starts, the rules' options, and XState's own. */
export interface OrderActorOptions<S extends string = string> {
  /** Resume this record (its status and context); without it, a new order starts from `input`. */
  readonly order?: OrderRecord<S> | undefined;
  /** The new order's identity and known facts (when no `order` is given). */
  readonly input?: OrderMachineInput<S> | undefined;
  /** The calendar and policies the guards use, as for `dispatch`. */
  readonly options?: LifecycleOptions | undefined;
  /** The actor's id (XState's `id` option). */
  readonly id?: string | undefined;
  /** XState's inspection observer, e.g. `createInspectionLog(...).inspect` or `createBrowserInspector().inspect`. */
  readonly inspect?: Observer<InspectionEvent> | ((event: InspectionEvent) => void) | undefined;
}

/** An XState actor of an order machine that also reports every refused event, typed. */
export type OrderActor<M extends AnyStateMachine, S extends string = string> = Actor<M> & {
  /** Called with every event the actor refuses, with the blockers `explain` gives. */
  on(type: 'order.rejected', handler: (rejection: OrderRejected<S>) => void): Subscription;
};

/**
 * Starts nothing: creates the actor (call `.start()`), wrapping `send` so that a refused event is reported to
 * the `order.rejected` listeners before XState ignores it.
 */
export function createOrderActorOf<S extends string, M extends AnyStateMachine>(
  lifecycle: CompiledLifecycle<S>,
  machine: M,
  settings: OrderActorOptions<S>,
): OrderActor<M, S> {
  const start = settings.order ? { snapshot: snapshotOf(lifecycle, settings.order) } : { input: settings.input };
  const actor = createActor(machine, {
    ...start,
    ...(settings.id === undefined ? {} : { id: settings.id }),
    ...(settings.inspect === undefined ? {} : { inspect: settings.inspect }),
  } as never) as Actor<M>;
  const listeners = new Set<(rejection: OrderRejected<S>) => void>();
  const send = actor.send.bind(actor);
  const on = actor.on.bind(actor) as (type: string, handler: (event: never) => void) => Subscription;
  const options = settings.options ?? {};
  Object.assign(actor, {
    send(event: Parameters<Actor<M>['send']>[0]) {
      if (listeners.size > 0) {
        const snapshot = actor.getSnapshot() as { value: S; context: OrderContext<S> };
        const blockers = explainWith(lifecycle, snapshot.value, snapshot.context, [], event, options);
        if (blockers.length > 0) {
          const rejection: OrderRejected<S> = {
            type: 'order.rejected',
            status: snapshot.value,
            event,
            blockers: blockers as [Blocker, ...Blocker[]],
          };
          for (const listener of [...listeners]) listener(rejection);
        }
      }
      send(event);
    },
    on(type: string, handler: (event: never) => void): Subscription {
      if (type !== 'order.rejected') return on(type, handler);
      const listener = handler as (rejection: OrderRejected<S>) => void;
      listeners.add(listener);
      return { unsubscribe: () => void listeners.delete(listener) };
    },
  });
  return actor as OrderActor<M, S>;
}
