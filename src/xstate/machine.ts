import { checkOptions } from '../lifecycle/check-options.js';
import { assign, raise, setup } from 'xstate';
import { decide, type Decision, type EngineEvent } from '../engine/decide.js';
import type { CompiledLifecycle } from '../lifecycle/compile.js';
import { contextFromInput, type OrderContext, type OrderMachineInput } from '../lifecycle/context.js';
import {
  ACTION_VERDICTS,
  LINES_SETTLED,
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
    // The transition taken, and the status it names: an order's lines may lead it elsewhere (a line step).
    const candidate = lifecycle.transitions[params.from as S][params.event ?? '']?.[params.index ?? -1];
    return decision.transition === candidate && decision.to === (candidate.target ?? params.from);
  };
  // What the transitions above do not name, an order's lines decide: taken without a target, then settled
  // by LINES_SETTLED to the status the decision says (machines of lifecycles with line rules only).
  const decided = ({ context, event }: Args, params: GuardParams) => judge(params.from as S, context, event)?.kind === 'apply';
  const guards: Record<string, (args: Args, params: GuardParams) => boolean> = {};
  for (const name of [...Object.keys(lifecycle.definition.guards ?? {}), ...MACHINE_GUARDS]) guards[name] = takes;
  guards.isLineStepOf = decided;
  guards.isSettledVerdictOf = decided;
  guards.isSettledReportOf = ({ context, event }, params) => {
    const decision = judge(params.from as S, context, event);
    return decision?.kind === 'apply' && decision.to !== params.from;
  };
  guards.isSettledTo = ({ event }, params) => (event as { to?: unknown }).to === params.to;
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
  actions.settleLines = raise(({ context, event }: { context: OrderContext<S>; event: AnyEvent }, params: { from: S }) => {
    const decision = judge(params.from, context, event);
    return { type: LINES_SETTLED, to: decision?.kind === 'apply' ? decision.to : params.from };
  }) as unknown as ReturnType<typeof assign>;
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
    on: settledTransitions(lifecycle),
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
      if (lifecycle.linePrecedence !== null) addLineSteps(lifecycle, status, on);
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

/**
 * A lifecycle whose lines move on their own: an event may lead an order with lines to another status than
 * its transition names, or be taken by a line in another status than the order's. Such a step is taken
 * without a target (after the transitions the definition names for the event, or by `*` for an event it
 * names none for here), then settled by LINES_SETTLED, a transition of the machine's root, to the status the
 * lines lead to.
 */
function addLineSteps<S extends string>(lifecycle: CompiledLifecycle<S>, from: S, on: Record<string, object[]>): void {
  const step = (event: string) => ({
    guard: { type: 'isLineStepOf', params: { from, event } },
    actions: [
      { type: 'settleLines', params: { from } },
      { type: 'applyDecision', params: { from } },
    ],
    description: 'Lines: the lines it applies to take it; the order follows from its lines.',
  });
  for (const type of Object.keys(on)) if (Object.hasOwn(lifecycle.definition.events, type)) on[type] = [...(on[type] ?? []), step(type)];
  on['*'] = [step('*')];
}

/** LINES_SETTLED, at the machine's root: the order follows its lines to the status they lead to. */
function settledTransitions<S extends string>(lifecycle: CompiledLifecycle<S>): Record<string, object[]> {
  if (lifecycle.linePrecedence === null) return {};
  return {
    [LINES_SETTLED]: lifecycle.statuses.map((to) => ({
      target: `.${to}`,
      guard: { type: 'isSettledTo', params: { to } },
      description: `Lines: the order follows its lines to ${to}.`,
    })),
  };
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
    // An order with lines returned by a report to where its pending action started, whatever that status.
    ...(lifecycle.linePrecedence === null
      ? []
      : [
          {
            guard: { type: 'isSettledReportOf', params: { from } },
            actions: ['recordMarketplaceUpdate', { type: 'settleLines', params: { from } }, apply],
            description: 'Marketplace: still reports the status a pending seller action left; the action was rejected.',
          },
        ]),
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
  const lines = lifecycle.linePrecedence !== null;
  if (verdict === 'ACTION_REJECTED') {
    const named = lifecycle.rejectableFrom[from].map((to) => ({
      ...(to === from ? {} : { target: to }),
      guard: { type: 'isVerdictOf', params: { from, event: verdict, to } },
      actions: [apply],
      description: `Marketplace: rejects the pending seller action; the order returns to ${to}.`,
    }));
    // An order's lines may have led a seller action anywhere: its rejection returns the order wherever it was.
    const settled = {
      guard: { type: 'isSettledVerdictOf', params: { from, event: verdict } },
      actions: [{ type: 'settleLines', params: { from } }, apply],
      description: 'Marketplace: rejects the pending seller action; the order returns where it was.',
    };
    return lines ? [...named, settled] : named;
  }
  // Where no seller action leads, no action is ever pending (unless an order's lines led one there): a
  // verdict there can only be acknowledged.
  const onlyByLines = lifecycle.rejectableFrom[from].length === 0;
  const taken =
    onlyByLines && !lines
      ? []
      : [
          {
            guard: { type: onlyByLines ? 'isSettledVerdictOf' : 'isVerdictOf', params: { from, event: verdict, to: from } },
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
