import { checkOptions } from '../lifecycle/check-options.js';
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
 * Creates the actor (call `.start()`). A refused event is found where XState processes it (a microstep that
 * takes no transition, seen through XState's inspection), so events sent before `start()` or from a listener
 * are judged in the state they meet; the `order.rejected` listeners get the blockers `explain` gives there.
 */
export function createOrderActorOf<S extends string, M extends AnyStateMachine>(
  lifecycle: CompiledLifecycle<S>,
  machine: M,
  settings: OrderActorOptions<S>,
): OrderActor<M, S> {
  const options = checkOptions(settings.options, 'createOrderActor');
  const listeners: { readonly handler: (rejection: OrderRejected<S>) => void }[] = [];
  let self: unknown;
  const tell = (snapshot: { value: S; context: OrderContext<S> }, event: unknown) => {
    const blockers = explainWith(lifecycle, snapshot.value, snapshot.context, [], event, options);
    if (blockers.length === 0) return;
    const rejection: OrderRejected<S> = { type: 'order.rejected', status: snapshot.value, event, blockers: blockers as [Blocker, ...Blocker[]] };
    for (const { handler } of [...listeners]) handler(rejection);
  };
  const report = (event: InspectionEvent) => {
    if (event.type !== '@xstate.microstep' || event.actorRef !== self || event._transitions.length > 0 || listeners.length === 0) return;
    if (event.event.type.startsWith('xstate.')) return;
    tell(event.snapshot as unknown as { value: S; context: OrderContext<S> }, event.event);
  };
  const given = settings.inspect;
  const inspect = (event: InspectionEvent) => {
    report(event);
    if (typeof given === 'function') given(event);
    else given?.next?.(event);
  };
  const start = settings.order ? { snapshot: snapshotOf(lifecycle, settings.order) } : { input: settings.input };
  const actor = createActor(machine, {
    ...start,
    ...(settings.id === undefined ? {} : { id: settings.id }),
    inspect,
  } as never) as Actor<M>;
  self = actor;
  const on = actor.on.bind(actor) as (type: string, handler: (event: never) => void) => Subscription;
  const send = actor.send.bind(actor);
  Object.assign(actor, {
    // An actor in a final status is done: XState takes no event any more, so the refusal is told here.
    send(event: Parameters<Actor<M>['send']>[0]) {
      const snapshot = actor.getSnapshot() as { status: string; value: S; context: OrderContext<S> };
      if (snapshot.status === 'done' && listeners.length > 0) tell(snapshot, event);
      send(event);
    },
    on(type: string, handler: (event: never) => void): Subscription {
      if (type !== 'order.rejected' && type !== '*') return on(type, handler);
      // One entry per subscription, as XState's own `on`: the same handler twice is called twice.
      const entry = { handler: handler as (rejection: OrderRejected<S>) => void };
      listeners.push(entry);
      const others = type === '*' ? on(type, handler) : undefined;
      return {
        unsubscribe: () => {
          const at = listeners.indexOf(entry);
          if (at >= 0) listeners.splice(at, 1);
          others?.unsubscribe();
        },
      };
    },
  });
  return actor as OrderActor<M, S>;
}
