import { z } from 'zod';
import { recordRefund, recordShipment } from './context.js';
import {
  ACTION_VERDICTS,
  LINES_SETTLED,
  MARKETPLACE_REPORT,
  isActionVerdict,
  type ContextUpdater,
  type EventCatalogue,
  type EventSource,
  type LifecycleDefinition,
  type Rule,
  type TransitionDefinition,
} from './definition.js';
import { DEADLINE_KINDS, type DeadlineKind } from './deadlines.js';
import { OrderMachineError, describeIssues, describeValue, type ValidationIssue } from './errors.js';
import { eventSchemasOf, type EventSchemas } from './events.js';
import { BUILT_IN_RULES, type CompiledGuard } from './rules.js';

/** The actions any lifecycle may name. A definition adds its own in `actions`. */
export const BUILT_IN_ACTIONS = {
  recordShipment,
  recordRefund,
} as const satisfies Record<string, ContextUpdater>;

/**
 * The guards the machine builder adds: a fact without a guard still checks its event is well formed, and the
 * marketplace's reports have guards of their own. A definition may not name a guard so.
 */
export const MACHINE_GUARDS = [
  'isWellFormed',
  'isFreshReportOf',
  'isUnexpectedReportOf',
  'isTrackingReportOf',
  'isRejectingReportOf',
  'isKnownReport',
  'isVerdictOf',
  'isKnownVerdict',
  'isLineStepOf',
  'isSettledReportOf',
  'isSettledVerdictOf',
  'isSettledTo',
] as const;

/** The actions the machine builder adds (reports, acknowledgements). A definition may not name an action so. */
export const MACHINE_ACTIONS = ['recordMarketplaceUpdate', 'acknowledgeReport', 'acknowledgeEvent', 'applyDecision', 'settleLines'] as const;

/** One transition, ready for a fast walk. */
export interface CompiledTransition<S extends string = string> {
  readonly event: string;
  readonly guardName: string | null;
  readonly guard: CompiledGuard | null;
  /** `null` for a transition that stays (refunds). */
  readonly target: S | null;
  readonly actionNames: readonly string[];
  readonly actions: readonly ContextUpdater[];
  /** Every action is a built-in one: what the transition records is valid by construction (plain JSON, bounded). */
  readonly builtInActionsOnly: boolean;
  readonly description: string;
}

/**
 * A definition checked and turned into tables: everything the engine, the machine builder, the diagram and
 * the testing kit read, each fact computed once from the definition.
 */
export interface CompiledLifecycle<S extends string = string> {
  readonly definition: LifecycleDefinition<S, EventCatalogue>;
  readonly id: string;
  /** Every status, in definition order. */
  readonly statuses: readonly S[];
  readonly initial: S;
  readonly fulfilledInitial: S;
  /** Statuses the order never leaves through the lifecycle (`type: 'final'`). */
  readonly finals: ReadonlySet<S>;
  /** Statuses tagged `sellerActionable`. */
  readonly sellerActionable: ReadonlySet<S>;
  /** Statuses tagged `shipped`: the goods have left the seller. */
  readonly shipped: ReadonlySet<S>;
  /**
   * The deadline each status waits for (its seller actions are expected by it): the one whose `deadline`
   * event it listens to, else `shipping` where the seller ships from; `null` for none.
   */
  readonly waitsFor: Readonly<Record<S, DeadlineKind | null>>;
  /**
   * By status, the statuses a seller action leads from into it (itself for one that stays): where a rejected
   * action returns the order. Empty for final statuses: seller actions into them are not tracked as pending.
   */
  readonly rejectableFrom: Readonly<Record<S, readonly S[]>>;
  /** By status, the seller actions expected by a deadline, and which. */
  readonly expectedBy: Readonly<Record<S, Readonly<Record<string, DeadlineKind>>>>;
  /** Candidate transitions by status and event type, in definition order. */
  readonly transitions: Readonly<Record<S, Readonly<Record<string, readonly CompiledTransition<S>[]>>>>;
  /** The statuses each status leads to through the lifecycle's own events (not counting itself). */
  readonly reaches: Readonly<Record<S, ReadonlySet<S>>>;
  /** Who causes each event type (the marketplace report included). */
  readonly sources: Readonly<Record<string, EventSource>>;
  /** Every event type: the catalogue's, then the marketplace report and the verdicts on seller actions. */
  readonly eventTypes: readonly string[];
  /** The seller's event types, in catalogue order. */
  readonly sellerActions: readonly string[];
  readonly schemas: EventSchemas;
  readonly statusSchema: z.ZodEnum;
  readonly isStatus: (value: unknown) => value is S;
  /** The definition's `lines.precedence`; `null` when its lines move with the order (no `lines` rules). */
  readonly linePrecedence: readonly S[] | null;
  /** Each status's place in the definition's order: how far along the lifecycle a line is. */
  readonly rank: Readonly<Record<S, number>>;
}

const EVENT_SOURCES: readonly EventSource[] = ['seller', 'marketplace', 'customer', 'payment', 'deadline'];
// XState reads `.` and `#` in a target as a path or an id, and `*` as "any event"; a name an object inherits
// (`toString`, `__proto__`) would be found where nothing was defined.
const BAD_NAME = /^$|[.#*\s]|^xstate\./;
const isBadName = (name: string) => BAD_NAME.test(name) || name in Object.prototype;

const asList = <T>(value: T | readonly T[] | undefined): readonly T[] =>
  value === undefined ? [] : Array.isArray(value) ? (value as readonly T[]) : [value as T];

/** Reads a definition's own record, or an empty one; a wrong type is an issue. */
function recordAt(definition: Record<string, unknown>, key: string, issues: ValidationIssue[]): Record<string, unknown> {
  const value = definition[key];
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    issues.push({ path: [key], message: 'must be an object' });
    return {};
  }
  return value as Record<string, unknown>;
}

/**
 * Checks a definition and compiles it. Throws {@link OrderMachineError} `INVALID_INPUT` naming every field at
 * fault: an unknown target, guard, rule, action or event type, an event without a payload schema, a bad name.
 */
export function compileLifecycle<S extends string>(definition: LifecycleDefinition<S, EventCatalogue>): CompiledLifecycle<S> {
  const issues: ValidationIssue[] = [];
  const issue = (path: PropertyKey[], message: string) => issues.push({ path, message });
  if (typeof definition !== 'object' || definition === null) {
    throw new OrderMachineError('INVALID_INPUT', 'Invalid lifecycle definition: (root): must be an object', [
      { path: [], message: 'must be an object' },
    ]);
  }
  const raw = definition as unknown as Record<string, unknown>;
  if (typeof definition.id !== 'string' || definition.id.trim() === '') issue(['id'], 'must be a non-empty string');
  if (typeof definition.description !== 'string') issue(['description'], 'must be a string');

  const states = recordAt(raw, 'states', issues) as Record<S, LifecycleDefinition<S>['states'][S]>;
  const statuses = Object.keys(states) as S[];
  if (statuses.length === 0) issue(['states'], 'must hold at least one status');
  for (const status of statuses)
    if (isBadName(status)) issue(['states', status], 'is not a usable status name (no blank, ".", "#", "*", nor a name objects inherit)');
  const statusSet = new Set<string>(statuses);
  const isStatus = (value: unknown): value is S => typeof value === 'string' && statusSet.has(value);
  if (!isStatus(definition.initial)) issue(['initial'], `${describeValue(definition.initial)} is not a status of the lifecycle`);
  if (definition.fulfilledInitial !== undefined && !isStatus(definition.fulfilledInitial)) {
    issue(['fulfilledInitial'], `${describeValue(definition.fulfilledInitial)} is not a status of the lifecycle`);
  }

  const events = recordAt(raw, 'events', issues) as Record<string, EventCatalogue[string]>;
  const sources: Record<string, EventSource> = Object.create(null);
  for (const [type, event] of Object.entries(events)) {
    if (type === MARKETPLACE_REPORT || isActionVerdict(type) || type === LINES_SETTLED) {
      issue(['events', type], 'is added to every lifecycle by the library: leave it out');
      continue;
    }
    if (isBadName(type)) issue(['events', type], 'is not a usable event type (no blank, ".", "#", "*", "xstate.", nor a name objects inherit)');
    if (typeof event !== 'object' || event === null) {
      issue(['events', type], 'must be an object with a source and a payload schema');
      continue;
    }
    if (!EVENT_SOURCES.includes(event.source)) issue(['events', type, 'source'], `must be one of ${EVENT_SOURCES.join(', ')}`);
    if (!(event.payload instanceof z.ZodObject)) issue(['events', type, 'payload'], 'must be a zod object schema (z.object({}) for none)');
    if (event.deadline !== undefined && (event.source !== 'deadline' || !DEADLINE_KINDS.includes(event.deadline))) {
      issue(['events', type, 'deadline'], `must be one of ${DEADLINE_KINDS.join(', ')}, on an event of source deadline`);
    }
    sources[type] = event.source;
  }
  sources[MARKETPLACE_REPORT] = 'marketplace';
  for (const verdict of ACTION_VERDICTS) sources[verdict] = 'marketplace';

  const ownRules = recordAt(raw, 'rules', issues) as Record<string, Rule>;
  for (const [name, rule] of Object.entries(ownRules)) {
    if (typeof rule?.check !== 'function' || typeof rule.payload !== 'boolean') {
      issue(['rules', name], 'must be { payload: boolean, check(context, event, options) }');
    }
  }
  const ruleOf = (name: string): Rule | undefined =>
    Object.hasOwn(ownRules, name)
      ? ownRules[name]
      : Object.hasOwn(BUILT_IN_RULES, name)
        ? BUILT_IN_RULES[name as keyof typeof BUILT_IN_RULES]
        : undefined;
  const guards: Record<string, CompiledGuard> = {};
  for (const [name, ruleNames] of Object.entries(recordAt(raw, 'guards', issues))) {
    if ((MACHINE_GUARDS as readonly string[]).includes(name)) {
      issue(['guards', name], 'is a guard the machine builder adds: choose another name');
      continue;
    }
    if (!Array.isArray(ruleNames)) {
      issue(['guards', name], 'must be a list of rule names');
      continue;
    }
    guards[name] = ruleNames.flatMap((ruleName: unknown, i) => {
      const rule = typeof ruleName === 'string' ? ruleOf(ruleName) : undefined;
      if (!rule) issue(['guards', name, i], `${describeValue(ruleName)} is not a rule (built-in: ${Object.keys(BUILT_IN_RULES).join(', ')})`);
      return rule ? [rule] : [];
    });
  }
  const ownActions = recordAt(raw, 'actions', issues) as Record<string, ContextUpdater>;
  for (const [name, action] of Object.entries(ownActions)) {
    if (typeof action !== 'function') issue(['actions', name], 'must be a function');
    if ((MACHINE_ACTIONS as readonly string[]).includes(name)) issue(['actions', name], 'is an action the machine builder adds: choose another name');
  }
  const actionOf = (name: string): ContextUpdater | undefined =>
    Object.hasOwn(ownActions, name)
      ? ownActions[name]
      : Object.hasOwn(BUILT_IN_ACTIONS, name)
        ? (BUILT_IN_ACTIONS[name as keyof typeof BUILT_IN_ACTIONS] as ContextUpdater)
        : undefined;

  const transitions = {} as Record<S, Record<string, CompiledTransition<S>[]>>;
  const finals = new Set<S>();
  const sellerActionable = new Set<S>();
  const shipped = new Set<S>();
  for (const status of statuses) {
    const state = states[status];
    const path = ['states', status];
    const table: Record<string, CompiledTransition<S>[]> = Object.create(null);
    transitions[status] = table;
    if (typeof state !== 'object' || state === null) {
      issue(path, 'must be an object');
      continue;
    }
    if (typeof state.description !== 'string') issue([...path, 'description'], 'must be a string');
    if (state.type !== undefined && state.type !== 'final') issue([...path, 'type'], "must be 'final' or absent");
    if (state.type === 'final') finals.add(status);
    if (state.tags?.includes('sellerActionable')) sellerActionable.add(status);
    if (state.tags?.includes('shipped')) shipped.add(status);
    if (state.type === 'final' && state.on && Object.keys(state.on).length > 0)
      issue([...path, 'on'], 'must be empty: a final status has no transitions');
    for (const [type, given] of Object.entries(state.on ?? {})) {
      const at = [...path, 'on', type];
      if (!Object.hasOwn(events, type)) {
        issue(
          at,
          type === MARKETPLACE_REPORT || isActionVerdict(type)
            ? 'is handled by the library for every status: leave it out'
            : `${type} is not an event of the catalogue`,
        );
        continue;
      }
      table[type] = asList(given as TransitionDefinition<S> | readonly TransitionDefinition<S>[]).map((transition, i) =>
        compileTransition(transition, type, [...at, i], { isStatus, guards, actionOf, issue }),
      );
    }
  }
  const lineRules = raw.lines as LifecycleDefinition<S>['lines'];
  if (lineRules !== undefined && (typeof lineRules !== 'object' || lineRules === null || !Array.isArray(lineRules.precedence))) {
    issue(['lines'], 'must be { precedence: [statuses] }');
  } else {
    lineRules?.precedence.forEach((status, i) => {
      if (!isStatus(status)) issue(['lines', 'precedence', i], `${describeValue(status)} is not a status of the lifecycle`);
    });
  }
  if (issues.length > 0) {
    throw new OrderMachineError('INVALID_INPUT', `Invalid lifecycle definition: ${describeIssues(issues)}`, issues);
  }

  const reaches = {} as Record<S, ReadonlySet<S>>;
  for (const from of statuses) {
    const seen = new Set<S>();
    const queue = [from];
    while (queue.length > 0) {
      for (const candidates of Object.values(transitions[queue.shift() as S])) {
        for (const { target } of candidates) {
          if (target !== null && !seen.has(target)) {
            seen.add(target);
            queue.push(target);
          }
        }
      }
    }
    seen.delete(from);
    reaches[from] = new Set(statuses.filter((s) => seen.has(s)));
  }
  const waitsFor = {} as Record<S, DeadlineKind | null>;
  const expectedBy = {} as Record<S, Record<string, DeadlineKind>>;
  for (const status of statuses) {
    const table = transitions[status];
    const byAction: Record<string, DeadlineKind> = Object.create(null);
    // A status waits for the deadline whose passing it listens to: every seller action that leaves it
    // answers that deadline. Elsewhere, a seller action that ships is expected by the shipping deadline.
    const listened = Object.keys(table).find((type) => events[type]?.deadline !== undefined);
    const kind = listened === undefined ? null : (events[listened]?.deadline ?? null);
    for (const [type, candidates] of Object.entries(table)) {
      if (sources[type] !== 'seller') continue;
      if (kind !== null && candidates.some((t) => t.target !== null)) byAction[type] = kind;
      else if (!shipped.has(status) && candidates.some((t) => t.target !== null && shipped.has(t.target))) byAction[type] = 'shipping';
    }
    waitsFor[status] = kind ?? (Object.values(byAction).includes('shipping') ? 'shipping' : null);
    expectedBy[status] = byAction;
  }
  // Where a rejected seller action returns an order: the statuses a seller action leads from into each one
  // (itself, for an action that stays), never into a final status, which an order never leaves.
  const rejectableFrom = {} as Record<S, S[]>;
  for (const status of statuses) rejectableFrom[status] = [];
  for (const from of statuses) {
    for (const [type, candidates] of Object.entries(transitions[from])) {
      if (sources[type] !== 'seller') continue;
      for (const { target } of candidates) {
        const to = target ?? from;
        if (!finals.has(to) && !rejectableFrom[to].includes(from)) rejectableFrom[to].push(from);
      }
    }
  }
  const eventTypes = [...Object.keys(events), MARKETPLACE_REPORT, ...ACTION_VERDICTS];
  const list = statuses as [S, ...S[]];
  return {
    definition,
    id: definition.id,
    statuses,
    initial: definition.initial,
    fulfilledInitial: definition.fulfilledInitial ?? definition.initial,
    finals,
    sellerActionable,
    shipped,
    waitsFor,
    expectedBy,
    rejectableFrom,
    transitions,
    reaches,
    sources,
    eventTypes,
    sellerActions: eventTypes.filter((type) => sources[type] === 'seller'),
    schemas: eventSchemasOf(events, list),
    statusSchema: z.enum(list),
    isStatus,
    linePrecedence: lineRules?.precedence ?? null,
    rank: Object.fromEntries(statuses.map((status, i) => [status, i])) as Record<S, number>,
  };
}

interface TransitionContext<S extends string> {
  readonly isStatus: (value: unknown) => value is S;
  readonly guards: Readonly<Record<string, CompiledGuard>>;
  readonly actionOf: (name: string) => ContextUpdater | undefined;
  readonly issue: (path: PropertyKey[], message: string) => void;
}

function compileTransition<S extends string>(
  transition: TransitionDefinition<S>,
  event: string,
  path: PropertyKey[],
  { isStatus, guards, actionOf, issue }: TransitionContext<S>,
): CompiledTransition<S> {
  if (transition.target !== undefined && !isStatus(transition.target)) {
    issue([...path, 'target'], `${describeValue(transition.target)} is not a status of the lifecycle`);
  }
  const guardName = transition.guard ?? null;
  if (guardName !== null && !Object.hasOwn(guards, guardName))
    issue([...path, 'guard'], `${describeValue(guardName)} is not a guard of the definition`);
  if (typeof transition.description !== 'string') issue([...path, 'description'], 'must be a string');
  const actionNames = asList(transition.actions);
  const actions = actionNames.flatMap((name, i) => {
    const action = actionOf(name);
    if (!action) issue([...path, 'actions', i], `${describeValue(name)} is not an action (built-in: ${Object.keys(BUILT_IN_ACTIONS).join(', ')})`);
    return action ? [action] : [];
  });
  return {
    event,
    guardName,
    guard: guardName === null ? null : (guards[guardName] ?? null),
    target: transition.target ?? null,
    actionNames,
    actions,
    builtInActionsOnly: actions.every((action) => Object.values<ContextUpdater>(BUILT_IN_ACTIONS).includes(action)),
    description: transition.description,
  };
}

const compiledOf = new WeakMap<object, CompiledLifecycle<string>>();

/**
 * The compiled form of a definition, compiled once: `defineLifecycle` and the top-level API share it.
 * @example const compiled = compiledLifecycleOf(cdiscountDefinition);
 */
export function compiledLifecycleOf<S extends string>(definition: LifecycleDefinition<S, EventCatalogue>): CompiledLifecycle<S> {
  let compiled = compiledOf.get(definition);
  if (!compiled) {
    compiled = compileLifecycle(definition);
    compiledOf.set(definition, compiled as CompiledLifecycle<string>);
  }
  return compiled as CompiledLifecycle<S>;
}
