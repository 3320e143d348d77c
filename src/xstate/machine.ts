import { checkOptions } from '../lifecycle/check-options.js';
import { assign, setup } from 'xstate';
import { decide, type Decision, type EngineEvent } from '../engine/decide.js';
import type { CompiledLifecycle } from '../lifecycle/compile.js';
import { contextFromInput, type OrderContext, type OrderMachineInput } from '../lifecycle/context.js';
import {
  ACTION_VERDICTS,
  MARKETPLACE_REPORT,
  isActionVerdict,
  type ActionVerdictType,
  type EventCatalogue,
  type EventInputOf,
} from '../lifecycle/definition.js';
import { parseEventWith } from '../lifecycle/events.js';
import { labelOf } from '../diagram/graph.js';
import type { LifecycleOptions } from '../lifecycle/options.js';
import { BUILT_IN_ACTIONS, MACHINE_GUARDS } from '../lifecycle/compile.js';

/** Parameters of the machine's guards: the status they sit in, and which transition of the definition they are. */
export interface GuardParams {
  readonly from: string;
  readonly event?: string;
  readonly index?: number;
  /** For marketplace reports: the status reported. */
  readonly to?: string;
}

/** The content of an event, as text (a `Date` as its instant); `undefined` when it has none JSON can write. */
function fingerprint(event: unknown): string | undefined {
  try {
    return JSON.stringify(event);
  } catch {
    return undefined;
  }
}

type AnyEvent = { readonly type: string };

const lifecycleOfMachine = new WeakMap<object, CompiledLifecycle<string>>();

/** The lifecycle an XState machine was built from, when this library built it (for the diagram). */
export function lifecycleOfMachineIn(machine: object): CompiledLifecycle<string> | undefined {
  return lifecycleOfMachine.get(machine);
}

/**
 * Builds the XState machine of a compiled lifecycle, with `setup(...).createMachine(...)` from the same data
 * the engine walks. Every guard asks the engine whether it would take this very transition, so an actor, its
 * `snapshot.can(event)` and `explain` always agree. Named guards and actions, descriptions and labels
 * everywhere: the inspector shows names, never anonymous functions.
 */
export function buildMachine<S extends string, E extends EventCatalogue>(lifecycle: CompiledLifecycle<S>, givenOptions?: LifecycleOptions) {
  const options = checkOptions(givenOptions, 'createOrderMachine');
  // One event is judged once, however many candidate transitions ask (reports have one per status). The
  // event is keyed by its content, not its identity: an event object changed and sent again is judged anew.
  let last: { key: string; context: unknown; from: string; decision: Decision<S> | undefined } | undefined;
  const judge = (from: S, context: OrderContext<S>, event: unknown): Decision<S> | undefined => {
    const key = fingerprint(event);
    if (key !== undefined && last && last.key === key && last.context === context && last.from === from) return last.decision;
    const parsed = parseEventWith<EngineEvent>(lifecycle.schemas, event);
    const decision = 'blocker' in parsed ? undefined : decide(lifecycle, { status: from, context, appliedEventIds: [] }, parsed.event, options);
    last = key === undefined ? undefined : { key, context, from, decision };
    return decision;
  };
  type Args = { context: OrderContext<S>; event: AnyEvent };
  const takes = ({ context, event }: Args, params: GuardParams) => {
    const decision = judge(params.from as S, context, event);
    if (decision?.kind !== 'apply') return false;
    // The events the library adds (reports, verdicts) take no transition of the definition: the status decides.
    if (params.event === MARKETPLACE_REPORT || isActionVerdict(params.event)) return decision.transition === null && decision.to === params.to;
    return decision.transition === lifecycle.transitions[params.from as S][params.event ?? '']?.[params.index ?? -1];
  };
  const guards: Record<string, (args: Args, params: GuardParams) => boolean> = {};
  for (const name of [...Object.keys(lifecycle.definition.guards ?? {}), ...MACHINE_GUARDS]) guards[name] = takes;
  guards.isKnownReport = ({ context, event }, params) => judge(params.from as S, context, event)?.kind === 'duplicate';
  guards.isKnownVerdict = guards.isKnownReport;

  // The definition's actions are named on their transitions, for the inspector to show; what they record,
  // with the deadlines and the pending seller action the engine keeps, is the engine's decision, applied whole
  // by `applyDecision` last: one context, whichever way the order is driven.
  const actions: Record<string, ReturnType<typeof assign>> = {};
  for (const name of [...Object.keys(BUILT_IN_ACTIONS), ...Object.keys(lifecycle.definition.actions ?? {}), 'recordMarketplaceUpdate']) {
    actions[name] = assign({}) as ReturnType<typeof assign>;
  }
  actions.applyDecision = assign(({ context, event }: { context: OrderContext<S>; event: AnyEvent }, params: { from: S }) => {
    const decision = judge(params.from, context, event);
    if (decision?.kind !== 'apply') return context;
    // XState merges what an assignment returns: a field the decision dropped is set to undefined (JSON omits it).
    const dropped = Object.fromEntries(
      Object.keys(context)
        .filter((key) => !(key in decision.context))
        .map((key) => [key, undefined]),
    );
    return { ...dropped, ...decision.context };
  }) as unknown as ReturnType<typeof assign>;
  // A report the order already knows is accepted and changes nothing (XState counts an action-less,
  // target-less transition as "cannot", and `can()` must agree with `explain`).
  actions.acknowledgeReport = assign({}) as ReturnType<typeof assign>;
  actions.acknowledgeEvent = assign({}) as ReturnType<typeof assign>;

  const machine = setup({
    types: {
      context: {} as OrderContext<S>,
      events: {} as EventInputOf<E, S>,
      input: {} as OrderMachineInput<S>,
      tags: {} as string,
    },
    guards: guards as Record<string, never>,
    actions: actions as Record<string, never>,
  }).createMachine({
    id: lifecycle.id,
    description: lifecycle.definition.description,
    context: ({ input }: { input: OrderMachineInput<S> }) => contextFromInput(input),
    initial: lifecycle.initial,
    states: statesOf(lifecycle) as Record<S, {}>,
  });
  lifecycleOfMachine.set(machine, lifecycle as CompiledLifecycle<string>);
  return machine;
}

/** The XState config of each status, from the definition plus the generated marketplace reports. */
function statesOf<S extends string>(lifecycle: CompiledLifecycle<S>): Record<string, object> {
  const states: Record<string, object> = {};
  for (const status of lifecycle.statuses) {
    const definition = lifecycle.definition.states[status];
    const final = lifecycle.finals.has(status);
    const on: Record<string, object[]> = {};
    for (const [event, candidates] of Object.entries(lifecycle.transitions[status])) {
      on[event] = candidates.map((transition, index) => ({
        ...(transition.target === null ? {} : { target: transition.target }),
        guard: { type: transition.guardName ?? 'isWellFormed', params: { from: status, event, index } },
        actions: [...transition.actionNames, { type: 'applyDecision', params: { from: status } }],
        description: transition.description,
      }));
    }
    if (!final) {
      on[MARKETPLACE_REPORT] = reportTransitions(lifecycle, status);
      for (const verdict of ACTION_VERDICTS) on[verdict] = verdictTransitions(lifecycle, status, verdict);
    }
    states[status] = {
      description: definition.description,
      ...(final ? { type: 'final' } : {}),
      tags: [...(definition.tags ?? []), ...(final ? ['final'] : [])],
      meta: { ...definition.meta, label: definition.meta?.label ?? labelOf(status) },
      on,
    };
  }
  return states;
}

function reportTransitions<S extends string>(lifecycle: CompiledLifecycle<S>, from: S): object[] {
  const params = (to: S) => ({ from, event: MARKETPLACE_REPORT, to });
  const apply = { type: 'applyDecision', params: { from } };
  return [
    // A status that leads here is the marketplace lagging behind the seller: known, never a move back.
    ...lifecycle.statuses
      .filter((to) => to !== from && (lifecycle.reaches[from].has(to) || !lifecycle.reaches[to].has(from)))
      .map((to) => {
        const reached = lifecycle.reaches[from].has(to);
        return {
          target: to,
          guard: { type: reached ? 'isFreshReportOf' : 'isUnexpectedReportOf', params: params(to) },
          actions: ['recordMarketplaceUpdate', apply],
          description: reached
            ? `Marketplace: reports ${to}, steps between skipped.`
            : `Marketplace: reports ${to}, which the lifecycle does not reach from here (an anomaly).`,
        };
      }),
    // A report still giving the status a pending seller action left, past the timeout: the action was rejected.
    ...lifecycle.rejectableFrom[from]
      .filter((to) => to !== from && !lifecycle.reaches[from].has(to))
      .map((to) => ({
        target: to,
        guard: { type: 'isRejectingReportOf', params: params(to) },
        actions: ['recordMarketplaceUpdate', apply],
        description: `Marketplace: still reports ${to} after the pending seller action's timeout; the action was rejected.`,
      })),
    {
      guard: { type: 'isTrackingReportOf', params: params(from) },
      actions: ['recordMarketplaceUpdate', apply],
      description: 'Marketplace: new carrier, tracking or settlement, same status.',
    },
    {
      guard: { type: 'isKnownReport', params: { from } },
      actions: ['acknowledgeReport'],
      description: 'Marketplace: repeats what the order knows; nothing changes.',
    },
  ];
}

/**
 * The transitions of a verdict on a pending seller action in a status: taken as the engine decides. A
 * rejection returns the order to the status the action left (one edge per such status; none when it stayed);
 * a verdict on an action that is not pending is acknowledged (a confirmation) or refused (a rejection).
 */
function verdictTransitions<S extends string>(lifecycle: CompiledLifecycle<S>, from: S, verdict: ActionVerdictType): object[] {
  const apply = { type: 'applyDecision', params: { from } };
  if (verdict === 'ACTION_REJECTED') {
    return lifecycle.rejectableFrom[from].map((to) => ({
      ...(to === from ? {} : { target: to }),
      guard: { type: 'isVerdictOf', params: { from, event: verdict, to } },
      actions: [apply],
      description: `Marketplace: rejects the pending seller action; the order returns to ${to}.`,
    }));
  }
  // Where no seller action leads, no action is ever pending: a verdict there can only be acknowledged.
  const taken =
    lifecycle.rejectableFrom[from].length === 0
      ? []
      : [
          {
            guard: { type: 'isVerdictOf', params: { from, event: verdict, to: from } },
            actions: [apply],
            description:
              verdict === 'ACTION_SENT'
                ? 'Marketplace: received the pending seller action (its id kept).'
                : 'Marketplace: took the pending seller action.',
          },
        ];
  return [
    ...taken,
    {
      guard: { type: 'isKnownVerdict', params: { from } },
      actions: ['acknowledgeEvent'],
      description: 'Marketplace: settles an action already settled; nothing changes.',
    },
  ];
}
