import type { z } from 'zod';
import {
  availableActionsIn,
  dispatchIn,
  deadlineOfIn,
  explainIn,
  type AvailableAction,
  type ExplainOptions,
  type Explanation,
  type AvailableActionsOptions,
  type DispatchOptions,
  type DispatchResult,
} from '../engine/dispatch.js';
import { shortestRoutes, type StatusRoute } from '../engine/paths.js';
import type { ActionDeadline } from '../engine/deadlines.js';
import { createOrderIn, lifecycleIdOf, type CreateOrderInputOf, type CreateOrderOptions, type OrderRecord } from '../engine/record.js';
import { mermaidOf, type ToMermaidOptions } from '../diagram/mermaid.js';
import { restoreOrderIn, type RestoreOptions } from '../persistence/restore.js';
import { serializeOrderIn, type SerializeOptions } from '../persistence/serialize.js';
import { createOrderActorOf, type OrderActor, type OrderActorOptions } from '../xstate/actor.js';
import { buildMachine } from '../xstate/machine.js';
import { snapshotOf, type OrderSnapshot } from '../xstate/snapshot.js';
import type { Blocker } from './blockers.js';
import { compiledLifecycleOf } from './compile.js';
import type { EventCatalogue, EventInputOf, EventOf, EventSource, LifecycleDefinition, SellerEventOf } from './definition.js';
import type { LifecycleOptions } from './options.js';

/** The XState machine of a lifecycle whose statuses are `S` and events `E`. */
export type LifecycleMachine<S extends string, E extends EventCatalogue> = ReturnType<typeof buildMachine<S, E>>;

/**
 * A lifecycle: its definition, the facts derived from it (each computed once), and everything that reads it,
 * bound together: the pure engine (`createOrder`, `dispatch`, `explain`, `availableActions`), the XState
 * machine, the diagram and the routes the testing kit walks.
 */
export interface Lifecycle<S extends string = string, E extends EventCatalogue = EventCatalogue> {
  readonly id: string;
  readonly definition: LifecycleDefinition<S, E>;
  /** Every status, in definition order. */
  readonly statuses: readonly S[];
  readonly initial: S;
  /** Statuses the order never leaves through the lifecycle (`type: 'final'`). */
  readonly finalStatuses: readonly S[];
  /** Statuses tagged `sellerActionable`: the order waits for (or allows) a seller action there. */
  readonly sellerActionableStatuses: readonly S[];
  /** The statuses tagged with `tag`, in definition order. */
  statusesTagged(tag: string): S[];
  /** The statuses reachable from `status` through the lifecycle's own events (not counting itself). */
  reachableFrom(status: S): S[];
  /** Tells whether a value is one of the lifecycle's statuses. */
  isStatus(value: unknown): value is S;
  /**
   * Tells whether a record belongs to this lifecycle (its `lifecycle` field names it): narrows a record loaded
   * from a store of several lifecycles.
   */
  owns(order: OrderRecord<string>): order is OrderRecord<S>;
  /** Every event type, the marketplace's status report included. */
  readonly eventTypes: readonly ((keyof E & string) | 'MARKETPLACE_STATUS_CHANGED')[];
  /** The seller's event types. */
  readonly sellerActions: readonly SellerEventOf<E>[];
  /** Who causes each event type. */
  readonly eventSources: Readonly<Record<(keyof E & string) | 'MARKETPLACE_STATUS_CHANGED', EventSource>>;
  /** The zod schema of every event (discriminated by `type`); the output normalizes `at` to UTC. */
  readonly eventSchema: z.ZodType<EventOf<E, S>, EventInputOf<E, S>>;
  /** The zod schema of the statuses. */
  readonly statusSchema: z.ZodType<S>;
  /** Creates an order record in this lifecycle (see the top-level `createOrder`). */
  createOrder(input: CreateOrderInputOf<S>, options?: CreateOrderOptions): OrderRecord<S>;
  /** Applies one event (see the top-level `dispatch`). */
  dispatch(order: OrderRecord<S>, event: EventInputOf<E, S>, options?: DispatchOptions): DispatchResult<S>;
  /** Why an event would be refused, and with `details: true` what to know if it is not (see the top-level `explain`). */
  explain(order: OrderRecord<S>, event: EventInputOf<E, S>, options: ExplainOptions & { readonly details: true }): Explanation;
  /** Why an event would be refused (see the top-level `explain`). */
  explain(order: OrderRecord<S>, event: EventInputOf<E, S>, options?: LifecycleOptions): Blocker[];
  /** The deadline the seller action `type` is expected by, when the order knows it (see the top-level `deadlineOf`). */
  deadlineOf(order: OrderRecord<S>, type: SellerEventOf<E>): ActionDeadline | undefined;
  /** The seller actions the order accepts at `options.at`, each with its deadline (see the top-level `availableActions`). */
  availableActions(order: OrderRecord<S>, options: AvailableActionsOptions & { readonly details: true }): AvailableAction<SellerEventOf<E>>[];
  /** The seller actions the order accepts at `options.at` (see the top-level `availableActions`). */
  availableActions(order: OrderRecord<S>, options: AvailableActionsOptions): SellerEventOf<E>[];
  /** Restores one of this lifecycle's records from its JSON text or parsed JSON (see the top-level `restoreOrder`). */
  restoreOrder(input: string | unknown, options?: RestoreOptions): OrderRecord<S>;
  /** Writes one of this lifecycle's records as JSON text, checked first (see the top-level `serializeOrder`). */
  serializeOrder(order: OrderRecord<S>, options?: SerializeOptions): string;
  /** The XState machine, guards without a calendar (built on first use). */
  readonly machine: LifecycleMachine<S, E>;
  /** The XState machine with its guards bound to a calendar and policies. */
  createMachine(options?: LifecycleOptions): LifecycleMachine<S, E>;
  /** An actor of the machine that reports every refusal (`order.rejected`), typed. Call `.start()`. */
  createActor(settings?: OrderActorOptions<S>): OrderActor<LifecycleMachine<S, E>, S>;
  /** The record's XState persisted snapshot: `createActor(machine, { snapshot, input: snapshot.context })`. */
  toSnapshot(order: OrderRecord<S>): OrderSnapshot<S>;
  /** The lifecycle as a Mermaid `stateDiagram-v2` (see the top-level `toMermaid`). */
  toMermaid(options?: ToMermaidOptions): string;
  /** The shortest route (event types) from the initial status to every status it reaches. */
  shortestRoutes(): StatusRoute<S>[];
}

/**
 * Checks a lifecycle definition and returns the lifecycle, with everything that reads it bound to it. Throws
 * `OrderMachineError` `INVALID_INPUT` naming the field at fault when the definition names a status, guard,
 * rule, action or event type that does not exist, or gives an event no payload schema: at definition time,
 * never at dispatch time.
 *
 * @example
 * const lifecycle = defineLifecycle({
 *   id: 'parcel', description: 'A parcel', initial: 'Packed',
 *   events: { SEND: { source: 'seller', payload: z.object({ carrier: z.string() }) } },
 *   guards: { canSend: ['isOutsideMaintenance'] },
 *   states: { Packed: { description: 'Packed', on: { SEND: { target: 'Sent', guard: 'canSend', description: 'Sent' } } },
 *             Sent: { description: 'Sent', type: 'final' } },
 * });
 * lifecycle.dispatch(lifecycle.createOrder({ orderId: 'P1', marketplace: 'shop', createdAt: new Date() }),
 *   { type: 'SEND', at: new Date(), carrier: 'DHL' });
 */
export function defineLifecycle<const S extends string, const E extends EventCatalogue>(definition: LifecycleDefinition<S, E>): Lifecycle<S, E> {
  const compiled = compiledLifecycleOf(definition);
  let machine: LifecycleMachine<S, E> | undefined;
  const createMachine = (options: LifecycleOptions = {}) => buildMachine<S, E>(compiled, options);
  return {
    id: compiled.id,
    definition,
    statuses: compiled.statuses,
    initial: compiled.initial,
    finalStatuses: compiled.statuses.filter((s) => compiled.finals.has(s)),
    sellerActionableStatuses: compiled.statuses.filter((s) => compiled.sellerActionable.has(s)),
    statusesTagged: (tag) => compiled.statuses.filter((s) => definition.states[s].tags?.includes(tag) ?? false),
    reachableFrom: (status) => [...(compiled.reaches[status] ?? [])],
    isStatus: compiled.isStatus,
    owns: (order): order is OrderRecord<S> => lifecycleIdOf(order) === compiled.id,
    eventTypes: compiled.eventTypes as Lifecycle<S, E>['eventTypes'],
    sellerActions: compiled.sellerActions as SellerEventOf<E>[],
    eventSources: compiled.sources as Lifecycle<S, E>['eventSources'],
    eventSchema: compiled.schemas.union as Lifecycle<S, E>['eventSchema'],
    statusSchema: compiled.statusSchema as unknown as z.ZodType<S>,
    createOrder: (input, options) => createOrderIn(compiled, input, options),
    dispatch: (order, event, options) => dispatchIn(compiled, order, event, options),
    explain: ((order: OrderRecord<S>, event: unknown, options?: ExplainOptions) => explainIn(compiled, order, event, options)) as Lifecycle<
      S,
      E
    >['explain'],
    deadlineOf: (order, type) => deadlineOfIn(compiled, order, type),
    availableActions: ((order: OrderRecord<S>, options: AvailableActionsOptions) => availableActionsIn(compiled, order, options)) as Lifecycle<
      S,
      E
    >['availableActions'],
    restoreOrder: (input, options) => restoreOrderIn(compiled, input, options),
    serializeOrder: (order, options) => serializeOrderIn(compiled, order, options),
    get machine() {
      return (machine ??= createMachine());
    },
    createMachine,
    createActor(settings = {}) {
      return createOrderActorOf(compiled, settings.options ? createMachine(settings.options) : this.machine, settings);
    },
    toSnapshot: (order) => snapshotOf(compiled, order),
    toMermaid: (options) => mermaidOf(definition, options, true),
    shortestRoutes: () => shortestRoutes(compiled),
  };
}
