/*
 * The top-level XState API, bound to the Cdiscount lifecycle: the machine, the actor that reports refusals,
 * snapshots and the diagram.
 */
import type { AnyStateMachine } from 'xstate';
import { mermaidOf, mermaidOptionIssues, type Chart, type ToMermaidOptions } from '../diagram/mermaid.js';
import { defineLifecycle, type Lifecycle, type LifecycleMachine } from '../lifecycle/define-lifecycle.js';
import { buildMachine, lifecycleOfMachineIn } from '../xstate/machine.js';
import { createOrderActorOf } from '../xstate/actor.js';
import { snapshotOf } from '../xstate/snapshot.js';
import { OrderMachineError, describeIssues, type ValidationIssue } from '../lifecycle/errors.js';
import type { LifecycleOptions } from '../lifecycle/options.js';
import type { OrderActor, OrderActorOptions } from '../xstate/actor.js';
import type { OrderSnapshot as OrderSnapshotOf } from '../xstate/snapshot.js';
import { cdiscountDefinition } from './cdiscount.js';
import { cdiscount, type OrderRecord, type OrderStatus } from './default.js';

type Catalogue = (typeof cdiscountDefinition)['events'];

/**
 * The Cdiscount lifecycle (statuses as Lengow shows them), defined from {@link cdiscountDefinition}: the
 * default of the top-level API, whose functions are this lifecycle's, bound.
 */
export const cdiscountLifecycle: Lifecycle<OrderStatus, Catalogue> = /* @__PURE__ */ defineLifecycle(cdiscountDefinition);

/** The type of {@link orderMachine} and of the machines {@link createOrderMachine} builds. */
export type OrderMachine = LifecycleMachine<OrderStatus, Catalogue>;

/** The XState persisted snapshot of a Cdiscount order. */
export type OrderSnapshot = OrderSnapshotOf<OrderStatus>;

/**
 * The order lifecycle as an XState v5 machine: one state per status, final states for every cancellation and
 * refusal, named guards and actions, descriptions everywhere. Its guards use no maintenance calendar; build a
 * configured one with {@link createOrderMachine}. In every status but a final one, `snapshot.can(event)` is
 * true exactly when `explain` finds no blocker; in a final status the actor is done and takes no event, and
 * `dispatch` refuses there too (only a report the order already knows passes, changing nothing).
 *
 * @example
 * const actor = createActor(orderMachine, { input: { orderId: 'A1', marketplace: 'cdiscount' } }).start();
 * actor.send({ type: 'ACCEPT', at: '2024-02-21T19:30:00Z' });
 */
export const orderMachine: OrderMachine = /* @__PURE__ */ buildMachine<OrderStatus, Catalogue>(cdiscount);

/**
 * Builds the order machine with its guards bound to a maintenance calendar and policies. The definition
 * (states, events, names) is the same as {@link orderMachine}'s.
 *
 * @example
 * const machine = createOrderMachine({ calendar: createMaintenanceCalendar(windows) });
 * const actor = createActor(machine, { input: { orderId: 'A1', marketplace: 'cdiscount' } }).start();
 */
export function createOrderMachine(options: LifecycleOptions = {}): OrderMachine {
  return buildMachine<OrderStatus, Catalogue>(cdiscount, options);
}

/**
 * An XState actor of the order machine that reports every refused event with its blockers, typed: XState
 * itself ignores an event no transition takes. Resume a record with `order`, or start one from `input`.
 *
 * @example
 * const actor = createOrderActor({ order, options: { calendar } });
 * actor.on('order.rejected', ({ status, blockers }) => console.log(status, blockers[0].code));
 * actor.start();
 * actor.send({ type: 'ACCEPT', at: '2024-02-21T19:30:00Z' });
 */
export function createOrderActor(settings: OrderActorOptions<OrderStatus> = {}): OrderActor<OrderMachine, OrderStatus> {
  return createOrderActorOf(cdiscount, settings.options ? createOrderMachine(settings.options) : orderMachine, settings);
}

/**
 * The record's XState persisted snapshot, to resume the order in an actor of {@link orderMachine}. XState's
 * types ask for `input` too (it is ignored when a snapshot is given): pass the snapshot's context.
 * {@link createOrderActor} `({ order })` does all this, and reports refusals.
 * @example
 * const snapshot = toSnapshot(order);
 * const actor = createActor(orderMachine, { snapshot, input: snapshot.context }).start();
 */
export function toSnapshot(order: OrderRecord): OrderSnapshot {
  return snapshotOf(cdiscount, order);
}

/** What `toMermaid` draws, and how: `INVALID_INPUT` naming the argument or option at fault. */
function checkMermaidArguments(source: unknown, options: unknown): void {
  const issues: ValidationIssue[] = [];
  const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
  const drawable = isObject(source) && (typeof source.toMermaid === 'function' ? isObject(source.definition) : isObject(source.config));
  if (!drawable) issues.push({ path: ['source'], message: 'must be a lifecycle (defineLifecycle) or an XState machine' });
  issues.push(...mermaidOptionIssues(options));
  if (issues.length > 0) throw new OrderMachineError('INVALID_INPUT', `toMermaid: ${describeIssues(issues)}`, issues);
}

/**
 * Draws a lifecycle as a Mermaid `stateDiagram-v2` from its definition: one state per status, one edge per
 * transition labelled with its event and guard (`SHIP<br>[canShip]`: a line each), refunds as self-loops, final
 * statuses styled, long names on several lines so that the diagram fits a README's column. Takes a lifecycle,
 * a machine this library built, or any XState machine (drawn from its config). Deterministic, so a copy kept
 * in a README can be checked for drift. A pure function.
 *
 * @example
 * toMermaid(); // the Cdiscount lifecycle, without the marketplace-report edges
 * toMermaid(orderMachine, { highlight: order }); // ...with the order's status highlighted
 */
export function toMermaid(
  source: Pick<Lifecycle, 'definition' | 'toMermaid'> | AnyStateMachine = cdiscountLifecycle,
  options: ToMermaidOptions = {},
): string {
  checkMermaidArguments(source, options);
  if ('definition' in source && 'toMermaid' in source) return source.toMermaid(options);
  const compiled = lifecycleOfMachineIn(source);
  return compiled ? mermaidOf(compiled.definition, options, true) : mermaidOf(source.config as Chart, options);
}
