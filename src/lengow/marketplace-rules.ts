import { blocker, type Blocker } from '../lifecycle/blockers.js';
import type { EventCatalogue } from '../lifecycle/definition.js';
import { cdiscountDefinition } from '../lifecycles/cdiscount.js';
import type { OrderContext } from '../lifecycle/context.js';
import type { OrderEvent, SellerActionType } from '../lifecycles/default.js';
import { LENGOW_STATUSES, type LengowStatus } from './lengow-status.js';
import type { OrderStatus } from '../lifecycles/default.js';
import {
  INPUT_NAMES,
  REQUEST_ONLY_MEANINGS,
  inputsOfEvent,
  meaningOfArgument,
  type ArgumentInputs,
  type LengowArgumentMeaning,
} from './marketplace-arguments.js';
import type { MarketplaceArgDependsOn, MarketplaceArgDescription, MarketplaceDefinition, MarketplaceRules } from './marketplace-schema.js';
import { lengowStatusesOf } from './status-mapping.js';

/**
 * The Lengow action a seller action is sent as, from the lifecycle definition's `lengowAction`. `null`: the
 * action has no Lengow counterpart (it is not sent through Lengow, so the marketplace's definition does not
 * govern it).
 */
export const LENGOW_ACTION_OF: Readonly<Record<SellerActionType, string | null>> = Object.fromEntries(
  Object.entries(cdiscountDefinition.events as EventCatalogue).flatMap(([type, event]) =>
    event.source === 'seller' ? [[type, event.lengowAction ?? null]] : [],
  ),
) as Record<SellerActionType, string | null>;

/** Argument types whose values are instants: left out of idempotency keys. */
const TIME_TYPES = new Set(['date', 'datetime', 'date_time', 'timestamp']);
/** Arguments known to hold instants whatever their description says. */
const TIME_ARGS = new Set(['shipping_date', 'delivery_date']);

interface Condition {
  readonly any: boolean;
  readonly tests: readonly { readonly key: string; readonly negate: boolean; readonly values: ReadonlySet<string> }[];
}

/** One argument of an action, compiled for quick checks. */
export interface CompiledArg {
  readonly name: string;
  /** What the argument carries, recognised from its name (see `meaningOfArgument`); `null`: only its default fills it. */
  readonly meaning: LengowArgumentMeaning | null;
  /** Listed in `args` (rather than `optional_args`). */
  readonly inArgs: boolean;
  /** Required only when this holds (`depends_on`), whichever list the argument is in. */
  readonly condition: Condition | null;
  /** Accepted codes: exact code, lower-cased code or label -> code, and code -> label. `null`: no list. */
  readonly codes: {
    readonly exact: ReadonlySet<string>;
    readonly loose: ReadonlyMap<string, string>;
    readonly labels: ReadonlyMap<string, string | null>;
  } | null;
  readonly acceptsFreeValues: boolean;
  readonly defaultValue: string | null;
  readonly timeValued: boolean;
}

/** One action of a marketplace, compiled. */
export interface CompiledAction {
  readonly type: string;
  readonly args: readonly CompiledArg[];
  /** Lengow statuses the action is allowed in; empty: no restriction stated. */
  readonly statuses: ReadonlySet<string>;
}

/** One marketplace's definition, compiled. */
export interface CompiledMarketplace {
  readonly code: string;
  readonly label: string;
  readonly actions: ReadonlyMap<string, CompiledAction>;
  lengowStatusOf(marketplaceStatus: string): LengowStatus | undefined;
}

function compileCondition(dependsOn: MarketplaceArgDependsOn | null | undefined): Condition | null {
  if (!dependsOn) return null;
  const asSet = (value: string | readonly string[]) => new Set(typeof value === 'string' ? [value] : value);
  // `{ conditions: [...] }` of condition objects; `{ conditions: ['a'] }` is an argument named `conditions`.
  const conditions = (dependsOn as { conditions?: unknown }).conditions;
  if (Array.isArray(conditions) && conditions.every((c) => typeof c === 'object' && c !== null && typeof c.function === 'string')) {
    const d = dependsOn as { operator: string; conditions: { key: string; function: string; value: string | string[] }[] };
    return {
      any: d.operator === 'anyOf' || d.operator === 'or',
      tests: d.conditions.map((c) => ({ key: c.key, negate: c.function.startsWith('not_'), values: asSet(c.value) })),
    };
  }
  const entries = Object.entries(dependsOn as Record<string, string | string[]>);
  if (entries.length === 0) return null;
  return { any: false, tests: entries.map(([key, value]) => ({ key, negate: false, values: asSet(value) })) };
}

function holds(condition: Condition, values: ReadonlyMap<string, string>): boolean {
  const test = (t: Condition['tests'][number]) => {
    const value = values.get(t.key);
    const match = value !== undefined && t.values.has(value);
    return t.negate ? !match : match;
  };
  return condition.any ? condition.tests.some(test) : condition.tests.every(test);
}

function compileCodes(
  description: MarketplaceArgDescription | undefined,
  fallback: Record<string, unknown> | null | undefined,
): CompiledArg['codes'] {
  const source = description?.valid_values;
  const entries: [string, string | null][] = Array.isArray(source)
    ? source.map((code) => [code, null])
    : Object.entries(source ?? fallback ?? {}).map(([code, value]) => [
        code,
        typeof value === 'string' ? value : ((value as { label?: string | null } | null)?.label ?? null),
      ]);
  if (entries.length === 0) return null;
  const exact = new Set<string>();
  const loose = new Map<string, string>();
  const labels = new Map<string, string | null>(entries);
  for (const [code] of entries) {
    exact.add(code);
    if (!loose.has(code.toLowerCase())) loose.set(code.toLowerCase(), code);
  }
  // Labels come second: a code always wins over another code's label.
  for (const [code, label] of entries) {
    if (label && !loose.has(label.toLowerCase())) loose.set(label.toLowerCase(), code);
  }
  return { exact, loose, labels };
}

/** Compiles one marketplace's definition into lookup tables (done once, in `createMarketplaceRules`). */
export function compileMarketplace(code: string, definition: MarketplaceDefinition): CompiledMarketplace {
  const known = new Set<string>(LENGOW_STATUSES);
  const exact = new Map<string, LengowStatus>();
  const loose = new Map<string, LengowStatus>();
  for (const [lengowStatus, names] of Object.entries(definition.orders.status ?? {})) {
    // A Lengow status this library does not know cannot lead anywhere in the lifecycle: skipped.
    if (!known.has(lengowStatus)) continue;
    for (const status of names) {
      if (!exact.has(status)) exact.set(status, lengowStatus as LengowStatus);
      if (!loose.has(status.toLowerCase())) loose.set(status.toLowerCase(), lengowStatus as LengowStatus);
    }
  }
  const actions = new Map<string, CompiledAction>();
  for (const [type, action] of Object.entries(definition.orders.actions ?? {})) {
    const descriptions = action.args_description ?? {};
    const names = [...new Set([...(action.args ?? []), ...(action.optional_args ?? [])])];
    const required = new Set(action.args ?? []);
    const args = names.map((name): CompiledArg => {
      const description = Object.hasOwn(descriptions, name) ? descriptions[name] : undefined;
      const fallback = name === 'carrier' ? definition.orders.carriers : null;
      const defaultValue = description?.default_value;
      return {
        name,
        meaning: meaningOfArgument(name),
        inArgs: required.has(name),
        condition: compileCondition(description?.depends_on),
        codes: compileCodes(description, fallback),
        acceptsFreeValues: description?.accept_free_values !== false,
        defaultValue: defaultValue === null || defaultValue === undefined || defaultValue === '' ? null : String(defaultValue),
        timeValued: TIME_ARGS.has(name) || TIME_TYPES.has((description?.type ?? '').toLowerCase()),
      };
    });
    actions.set(type, { type, args, statuses: new Set(action.status ?? []) });
  }
  return {
    code,
    label: definition.name ?? code,
    actions,
    lengowStatusOf: (status) => exact.get(status) ?? loose.get(status.toLowerCase()),
  };
}

/**
 * How arguments are judged. `event`: what `dispatch` and `explain` can judge from an engine event alone; the
 * meanings only a request's options carry (lines, shipping method) are not reported missing, and a default
 * value fills any empty argument (the marketplace could be sent it). `request`: what `toLengowAction` sends;
 * a default fills only an optional argument, so a required reason is the seller's, never a silent default.
 */
export type ResolveMode = 'event' | 'request';

/** The arguments of one request, and what is wrong with them. */
export interface ResolvedArguments {
  /** Argument name -> value, in the definition's order; only arguments with a value. */
  readonly values: ReadonlyMap<string, string>;
  readonly missing: readonly CompiledArg[];
  /** Arguments whose value is not one of the marketplace's codes, while free values are refused. */
  readonly invalid: readonly { readonly arg: CompiledArg; readonly value: string }[];
}

function listedCode(arg: CompiledArg, value: string): string | undefined {
  if (!arg.codes) return undefined;
  return arg.codes.exact.has(value) ? value : arg.codes.loose.get(value.toLowerCase());
}

/** Listed in `optional_args` and required under no condition. */
const isOptional = (arg: CompiledArg) => !arg.inArgs && arg.condition === null;

/**
 * Fills an action's arguments by meaning (see `meaningOfArgument`: the reason goes to `refund_reason` as well as to
 * `reason`), normalizes listed values to the marketplace's codes (matching codes, then labels,
 * case-insensitively), and falls back to a "custom carrier": when the seller's carrier is not a listed code
 * and free values are refused, the carrier becomes the listed code on which `carrier_name`/`custom_carrier`
 * depend (e.g. `Other`) and that argument carries the seller's carrier, unless a carrier name is given.
 * Defaults fill what is still empty, as `mode` says.
 */
export function resolveArguments(action: CompiledAction, inputs: ArgumentInputs, mode: ResolveMode): ResolvedArguments {
  const values = new Map<string, string>();
  const invalid: { arg: CompiledArg; value: string }[] = [];
  for (const arg of action.args) {
    const value = arg.meaning === null || arg.meaning === 'carrierName' ? null : inputs[arg.meaning];
    if (value !== null) values.set(arg.name, value);
  }
  const carrier = action.args.find((arg) => arg.meaning === 'carrier');
  const nameArgs = action.args.filter((arg) => arg.meaning === 'carrierName');
  const named = inputs.carrierName;
  if (named !== null) for (const arg of nameArgs) values.set(arg.name, named);
  const given = inputs.carrier;
  if (given !== null) {
    const code = carrier ? listedCode(carrier, given) : undefined;
    if (carrier !== undefined && code === undefined && carrier.codes !== null && !carrier.acceptsFreeValues) {
      const custom = customCarrier(carrier, nameArgs);
      if (custom) {
        values.set(carrier.name, custom.code);
        if (named === null) for (const arg of custom.args) values.set(arg.name, given);
      }
    } else if (code === undefined && named === null) {
      for (const arg of nameArgs) values.set(arg.name, given);
    }
  }
  for (const arg of action.args) {
    const value = values.get(arg.name);
    if (value === undefined) {
      if (arg.defaultValue !== null && (mode === 'event' || isOptional(arg))) values.set(arg.name, arg.defaultValue);
      continue;
    }
    if (!arg.codes) continue;
    const code = listedCode(arg, value);
    if (code !== undefined) values.set(arg.name, code);
    else if (!arg.acceptsFreeValues) invalid.push({ arg, value });
  }
  const judged = (arg: CompiledArg) => !(mode === 'event' && arg.meaning !== null && REQUEST_ONLY_MEANINGS.has(arg.meaning));
  const missing = action.args.filter((arg) => !values.has(arg.name) && (arg.condition ? holds(arg.condition, values) : arg.inArgs) && judged(arg));
  // Keep the definition's order for a stable request.
  const ordered = new Map<string, string>();
  for (const arg of action.args) {
    const value = values.get(arg.name);
    if (value !== undefined) ordered.set(arg.name, value);
  }
  return { values: ordered, missing, invalid };
}

/** The listed carrier code that makes a carrier-name argument required (e.g. `Other`), if any. */
function customCarrier(carrier: CompiledArg, nameArgs: readonly CompiledArg[]): { code: string; args: CompiledArg[] } | undefined {
  for (const code of carrier.codes?.exact ?? []) {
    const probe = new Map([[carrier.name, code]]);
    const args = nameArgs.filter((arg) => arg.condition !== null && holds(arg.condition, probe));
    if (args.length > 0) return { code, args };
  }
  return undefined;
}

const list = (values: Iterable<string>, max = 8) => {
  const all = [...values];
  return all.length > max ? `${all.slice(0, max).join(', ')}, ... (${all.length} in all)` : all.join(', ');
};

/** The accepted values of a listed argument, with their labels: `1 (Dislike), 2 (Article size to big)`. */
const accepted = (arg: CompiledArg) =>
  list(
    [...(arg.codes?.labels ?? [])].map(([code, label]) => (label && label !== code ? `${code} (${label})` : code)),
    20,
  );

/** What a request is built from: the inputs of an event or of `buildLengowAction`, and the line ids. */
export interface RequestInputs extends Omit<ArgumentInputs, 'line' | 'quantity'> {
  /** Line ids: one request per line. `null`: the action is about the whole order. */
  readonly lines: readonly string[] | null;
  /** The units of each line, in the order of `lines` (`null` where unknown); absent: none known. */
  readonly quantities?: readonly (number | null)[] | null | undefined;
}

/** The argument values of each request an action becomes (one per line), or why it cannot be sent. */
export type PlannedRequests =
  | { readonly ok: true; readonly requests: readonly [ReadonlyMap<string, string>, ...ReadonlyMap<string, string>[]] }
  | { readonly ok: false; readonly blockers: readonly [Blocker, ...Blocker[]] };

/**
 * The arguments of every request an action becomes: one per line id when the action lists `line` and lines
 * are given, else one. Refused when a required argument has no value (`MISSING_ARGUMENT`), a value is outside
 * the marketplace's codes (`INVALID_ARGUMENT`), lines are given to an action that takes none (it would apply
 * to the whole order), or an amount to an action that takes none (a partial refund would become a full one).
 */
export function planRequests(marketplace: CompiledMarketplace, action: CompiledAction, inputs: RequestInputs): PlannedRequests {
  const takesLines = action.args.some((arg) => arg.meaning === 'line');
  const lines: readonly (string | null)[] = inputs.lines !== null && takesLines ? inputs.lines : [null];
  const resolved = lines.map((line, i) => {
    const units = line === null ? null : (inputs.quantities?.[i] ?? null);
    return resolveArguments(action, { ...inputs, line, quantity: units === null ? null : String(units) }, 'request');
  });
  const blockers = argumentBlockers(marketplace, action, resolved);
  if (inputs.lines !== null && !takesLines) {
    blockers.push(
      blocker(
        'INVALID_ARGUMENT',
        `${marketplace.label} takes no line on "${action.type}": the request would apply to the whole order, not to line ${list(inputs.lines)}.`,
        { fields: ['line'] },
      ),
    );
  }
  if (inputs.amount !== null && !action.args.some((arg) => arg.meaning === 'amount')) {
    blockers.push(
      blocker(
        'INVALID_ARGUMENT',
        `${marketplace.label} takes no amount on "${action.type}": the amount ${inputs.amount} cannot be sent, and the request without it would apply to the whole order.`,
        { fields: ['amount'] },
      ),
    );
  }
  if (blockers.length > 0) return { ok: false, blockers: blockers as [Blocker, ...Blocker[]] };
  return { ok: true, requests: resolved.map((r) => r.values) as [ReadonlyMap<string, string>, ...ReadonlyMap<string, string>[]] };
}

/** `MISSING_ARGUMENT` naming every argument some request lacks, then one `INVALID_ARGUMENT` per bad value. */
function argumentBlockers(marketplace: CompiledMarketplace, action: CompiledAction, resolved: readonly ResolvedArguments[]): Blocker[] {
  const blockers: Blocker[] = [];
  const missing = action.args.filter((arg) => resolved.some((r) => r.missing.includes(arg)));
  if (missing.length > 0) {
    const described = missing.map((arg) => {
      const from = arg.meaning === null ? '' : ` (from ${INPUT_NAMES[arg.meaning]})`;
      const why = arg.condition ? ' (required by its conditions on the other arguments)' : '';
      return `${arg.name}${from}${why}`;
    });
    const carrier = action.args.find((arg) => arg.meaning === 'carrier');
    const chosen = carrier ? resolved[0]?.values.get(carrier.name) : undefined;
    blockers.push(
      blocker(
        'MISSING_ARGUMENT',
        `${marketplace.label} needs ${described.join(', ')} to "${action.type}"${chosen ? ` with carrier ${chosen}` : ''}.`,
        {
          fields: missing.map((arg) => arg.name),
        },
      ),
    );
  }
  const seen = new Set<string>();
  for (const { arg, value } of resolved.flatMap((r) => r.invalid)) {
    const key = JSON.stringify([arg.name, value]);
    if (seen.has(key)) continue;
    seen.add(key);
    blockers.push(
      blocker(
        'INVALID_ARGUMENT',
        `${marketplace.label} needs ${arg.name} to be one of its codes (${accepted(arg)}); "${value}" is not one, and free values are not accepted.`,
        { fields: [arg.name] },
      ),
    );
  }
  return blockers;
}

/** What a request adds to an engine event: see `LengowActionOptions` (validated). */
export interface RequestExtras {
  readonly lines: readonly string[] | null;
  /** The units of each line, in the order of `lines`. */
  readonly quantities: readonly (number | null)[] | null;
  readonly shippingMethod: string | null;
  readonly carrierName: string | null;
}

/**
 * The marketplace's verdict on a seller action: `ACTION_NOT_SUPPORTED` when it does not offer the action,
 * `NOT_ALLOWED_IN_STATUS` when the order's Lengow status is not one the action is allowed in, and
 * `MISSING_ARGUMENT` (naming the arguments) when a required argument has no value, and `INVALID_ARGUMENT`
 * when a value is outside the marketplace's codes and free values are not accepted. `stateOnly` skips the
 * arguments. Without `extras`, the arguments are judged as `dispatch` can (mode `event`); with them, as the
 * request `toLengowAction` sends (mode `request`, see {@link planRequests}).
 */
export function checkSellerAction(
  marketplace: CompiledMarketplace,
  order: { readonly status: OrderStatus; readonly context: OrderContext },
  event: OrderEvent,
  stateOnly: boolean,
  extras?: RequestExtras,
): Blocker[] {
  const type = LENGOW_ACTION_OF[event.type as SellerActionType];
  if (!type) return [];
  const action = marketplace.actions.get(type);
  if (!action) {
    return [blocker('ACTION_NOT_SUPPORTED', `${marketplace.label} does not offer the "${type}" action that ${event.type} is sent as.`)];
  }
  const blockers: Blocker[] = [];
  const seenAs = lengowStatusesOf(order.status);
  if (action.statuses.size > 0 && !seenAs.some((status) => action.statuses.has(status))) {
    blockers.push(
      blocker(
        'NOT_ALLOWED_IN_STATUS',
        `${marketplace.label} allows "${type}" only when the order is ${list(action.statuses)}; the order is ${order.status} (Lengow: ${seenAs.join(' or ')}).`,
      ),
    );
  }
  if (stateOnly) return blockers;
  const inputs = inputsOfEvent(event);
  if (extras) {
    const planned = planRequests(marketplace, action, { ...inputs, ...extras });
    if (!planned.ok) blockers.push(...planned.blockers);
    return blockers;
  }
  blockers.push(...argumentBlockers(marketplace, action, [resolveArguments(action, inputs, 'event')]));
  return blockers;
}

const registry = new WeakMap<MarketplaceRules, (marketplace: string) => CompiledMarketplace | undefined>();

/** Remembers how to find the compiled definitions behind a rules object (for `toLengowAction`, `buildLengowAction`). */
export function registerRules(rules: MarketplaceRules, find: (marketplace: string) => CompiledMarketplace | undefined): void {
  registry.set(rules, find);
}

/** How to find the compiled definitions behind rules made by `createMarketplaceRules`; `undefined` for other rules. */
export function marketplaceFinderOf(rules: unknown): ((marketplace: string) => CompiledMarketplace | undefined) | undefined {
  return typeof rules === 'object' && rules !== null ? registry.get(rules as MarketplaceRules) : undefined;
}
