import { blocker, type Blocker } from '../lifecycle/blockers.js';
import type { EventCatalogue } from '../lifecycle/definition.js';
import { cdiscountDefinition } from '../lifecycles/cdiscount.js';
import type { OrderContext } from '../lifecycle/context.js';
import type { OrderEvent, SellerActionType } from '../lifecycles/default.js';
import { LENGOW_STATUSES, type LengowStatus } from './lengow-status.js';
import type { OrderStatus } from '../lifecycles/default.js';
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
/*
 * Where each Lengow argument's value comes from. The event's fields and the order's delivery mode are all a
 * seller action carries; other arguments are filled only by the definition's `default_value`.
 * `carrier_name`/`custom_carrier` carry the seller's carrier when it is not one of the marketplace's codes
 * (see resolveArguments).
 */
const SOURCES: Readonly<Record<string, { readonly field: string; read(event: OrderEvent, context: OrderContext): string | null }>> = {
  carrier: { field: 'carrier', read: (event) => ('carrier' in event ? filled(event.carrier) : null) },
  tracking_number: { field: 'trackingNumber', read: (event) => ('trackingNumber' in event ? filled(event.trackingNumber) : null) },
  tracking_url: { field: 'trackingUrl', read: (event) => ('trackingUrl' in event ? filled(event.trackingUrl) : null) },
  shipping_date: { field: 'at', read: (event) => event.at },
  shipping_method: { field: 'deliveryMode (of the order)', read: (_event, context) => filled(context.deliveryMode) },
  reason: { field: 'reason', read: (event) => ('reason' in event ? filled(event.reason) : null) },
  amount: { field: 'amount', read: (event) => ('amount' in event && event.amount !== undefined ? String(event.amount) : null) },
};

/** Arguments that name a carrier outside the marketplace's list (a "custom carrier"). */
const CARRIER_NAME_ARGS = ['carrier_name', 'custom_carrier'];

/** Argument types whose values are instants: left out of idempotency keys. */
const TIME_TYPES = new Set(['date', 'datetime', 'date_time', 'timestamp']);
/** Arguments known to hold instants whatever their description says. */
const TIME_ARGS = new Set(['shipping_date', 'delivery_date']);

function filled(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

interface Condition {
  readonly any: boolean;
  readonly tests: readonly { readonly key: string; readonly negate: boolean; readonly values: ReadonlySet<string> }[];
}

/** One argument of an action, compiled for quick checks. */
export interface CompiledArg {
  readonly name: string;
  /** Listed in `args` (rather than `optional_args`). */
  readonly inArgs: boolean;
  /** Required only when this holds (`depends_on`), whichever list the argument is in. */
  readonly condition: Condition | null;
  /** Accepted codes: exact code, and lower-cased code or label -> code. `null`: no list. */
  readonly codes: { readonly exact: ReadonlySet<string>; readonly loose: ReadonlyMap<string, string> } | null;
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
  for (const [code] of entries) {
    exact.add(code);
    if (!loose.has(code.toLowerCase())) loose.set(code.toLowerCase(), code);
  }
  // Labels come second: a code always wins over another code's label.
  for (const [code, label] of entries) {
    if (label && !loose.has(label.toLowerCase())) loose.set(label.toLowerCase(), code);
  }
  return { exact, loose };
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

/** The arguments a seller action resolves to, and what is wrong with them. */
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

/**
 * Fills an action's arguments from the event (and the order's delivery mode), normalizes listed values to the
 * marketplace's codes (matching codes, then labels, case-insensitively), and falls back to a "custom carrier":
 * when the seller's carrier is not a listed code and free values are refused, the carrier becomes the listed
 * code on which `carrier_name`/`custom_carrier` depend (e.g. `Other`) and that argument carries the seller's
 * carrier. Defaults fill what is still empty.
 */
export function resolveArguments(action: CompiledAction, context: OrderContext, event: OrderEvent): ResolvedArguments {
  const values = new Map<string, string>();
  const invalid: { arg: CompiledArg; value: string }[] = [];
  const byName = new Map(action.args.map((arg) => [arg.name, arg]));
  const given = SOURCES.carrier!.read(event, context);

  for (const arg of action.args) {
    const source = Object.hasOwn(SOURCES, arg.name) ? SOURCES[arg.name] : undefined;
    const value = source?.read(event, context) ?? null;
    if (value !== null) values.set(arg.name, value);
  }
  // Carrier-name arguments take the seller's carrier only when it is not a listed code (below).
  const carrier = byName.get('carrier');
  const nameArgs = CARRIER_NAME_ARGS.map((name) => byName.get(name)).filter((arg): arg is CompiledArg => arg !== undefined);
  if (given !== null) {
    const code = carrier ? listedCode(carrier, given) : undefined;
    if (carrier === undefined) {
      for (const arg of nameArgs) values.set(arg.name, given);
    } else if (code === undefined && carrier.codes !== null && !carrier.acceptsFreeValues) {
      const custom = customCarrier(carrier, nameArgs);
      if (custom) {
        values.set('carrier', custom.code);
        for (const arg of custom.args) values.set(arg.name, given);
      }
    } else if (code === undefined) {
      for (const arg of nameArgs) values.set(arg.name, given);
    }
  }
  for (const arg of action.args) {
    const value = values.get(arg.name);
    if (value === undefined) {
      if (arg.defaultValue !== null) values.set(arg.name, arg.defaultValue);
      continue;
    }
    if (!arg.codes || CARRIER_NAME_ARGS.includes(arg.name)) continue;
    const code = listedCode(arg, value);
    if (code !== undefined) values.set(arg.name, code);
    else if (!arg.acceptsFreeValues) invalid.push({ arg, value });
  }
  const missing = action.args.filter((arg) => !values.has(arg.name) && (arg.condition ? holds(arg.condition, values) : arg.inArgs));
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
    const probe = new Map([['carrier', code]]);
    const args = nameArgs.filter((arg) => arg.condition !== null && holds(arg.condition, probe));
    if (args.length > 0) return { code, args };
  }
  return undefined;
}

const list = (values: Iterable<string>, max = 8) => {
  const all = [...values];
  return all.length > max ? `${all.slice(0, max).join(', ')}, ... (${all.length} in all)` : all.join(', ');
};

/**
 * The marketplace's verdict on a seller action: `ACTION_NOT_SUPPORTED` when it does not offer the action,
 * `NOT_ALLOWED_IN_STATUS` when the order's Lengow status is not one the action is allowed in, and
 * `MISSING_ARGUMENT` (naming the arguments) when a required argument has no value, and `INVALID_ARGUMENT`
 * when a value is outside the marketplace's codes and free values are not accepted. `stateOnly` skips the
 * arguments.
 */
export function checkSellerAction(
  marketplace: CompiledMarketplace,
  order: { readonly status: OrderStatus; readonly context: OrderContext },
  event: OrderEvent,
  stateOnly: boolean,
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
  const { values, missing, invalid } = resolveArguments(action, order.context, event);
  if (missing.length > 0) {
    const described = missing.map((arg) => {
      const source = Object.hasOwn(SOURCES, arg.name) ? SOURCES[arg.name] : undefined;
      const why = arg.condition ? ' (required by its conditions on the other arguments)' : '';
      return `${arg.name}${source ? ` (from ${source.field})` : ''}${why}`;
    });
    const carrier = values.get('carrier');
    blockers.push(
      blocker('MISSING_ARGUMENT', `${marketplace.label} needs ${described.join(', ')} to "${type}"${carrier ? ` with carrier ${carrier}` : ''}.`, {
        fields: missing.map((arg) => arg.name),
      }),
    );
  }
  for (const { arg, value } of invalid) {
    blockers.push(
      blocker(
        'INVALID_ARGUMENT',
        `${marketplace.label} needs ${arg.name} to be one of its codes (${list(arg.codes?.exact ?? [])}); "${value}" is not one, and free values are not accepted.`,
        { fields: [arg.name] },
      ),
    );
  }
  return blockers;
}

const registry = new WeakMap<MarketplaceRules, (marketplace: string) => CompiledMarketplace | undefined>();

/** Remembers how to find the compiled definitions behind a rules object (for `toLengowAction`). */
export function registerRules(rules: MarketplaceRules, find: (marketplace: string) => CompiledMarketplace | undefined): void {
  registry.set(rules, find);
}

/** The compiled definition of a marketplace in rules made by `createMarketplaceRules`. */
export function compiledMarketplaceOf(rules: MarketplaceRules, marketplace: string): CompiledMarketplace | undefined {
  return registry.get(rules)?.(marketplace);
}
