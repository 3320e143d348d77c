import { z } from 'zod';
import type { SellerActionRules } from '../lifecycle/options.js';
import type { LengowStatus } from './lengow-status.js';

/*
 * Lengow's marketplace definitions (`marketplaces.json`, GET /v3.0/marketplaces): per marketplace code,
 * `orders.status` maps each Lengow status to the marketplace's own status names, and `orders.actions` lists the
 * actions the marketplace accepts, with their required `args`, `optional_args`, the Lengow `status`es they are
 * allowed in, and `args_description` (type, valid_values, default_value, accept_free_values, depends_on).
 * Unknown keys pass through; sizes are bounded.
 */

const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const name = text(100).min(1, 'must not be empty');
const list = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max, `must hold at most ${max} entries`);
const bounded = <T extends z.ZodType>(record: T, max: number) =>
  record.refine((value) => Object.keys(value as object).length <= max, `must hold at most ${max} entries`);

const conditionValue = z.union([text(200), list(text(200), 200)]);

/**
 * One condition of a `depends_on`: the argument `key` compared with `value` (`equals`/`in` and their negations).
 * The definition format's exact spelling of conditions is not published; this shape, and the compact
 * `{ "carrier": ["Other"] }` form, are both accepted.
 */
export const marketplaceArgConditionSchema = z.looseObject({
  key: name,
  function: z.enum(['equals', 'not_equals', 'in', 'not_in']).default('equals'),
  value: conditionValue,
});

/** When an argument is required only under conditions (e.g. `carrier_name` when `carrier` is `Other`). */
export const marketplaceArgDependsOnSchema = z.union([
  z.looseObject({
    operator: z.enum(['allOf', 'anyOf', 'and', 'or']).default('allOf'),
    conditions: list(marketplaceArgConditionSchema, 20).min(1, 'must hold at least one condition'),
  }),
  bounded(z.record(name, conditionValue), 20),
]);

/** How an action's argument is described: its type, accepted values, default, and conditions. */
export const marketplaceArgDescriptionSchema = z.looseObject({
  type: text(50).nullish(),
  depends_on: marketplaceArgDependsOnSchema.nullish(),
  valid_values: z
    .union([bounded(z.record(text(200), z.union([z.looseObject({ label: text(200).nullish() }), text(200), z.null()])), 5000), list(text(200), 5000)])
    .nullish(),
  default_value: z.union([text(1000), z.number(), z.boolean()]).nullish(),
  /** Absent means free values are accepted, as the connectors read it. */
  accept_free_values: z.boolean().nullish(),
});

/** One action a marketplace accepts (`accept`, `refuse`, `ship`, `cancel`, `refund`, ...). */
export const marketplaceActionSchema = z.looseObject({
  args: list(name, 100).nullish(),
  optional_args: list(name, 100).nullish(),
  /** Lengow statuses in which the action is allowed; empty means no restriction is stated. */
  status: list(text(50), 20).nullish(),
  args_description: bounded(z.record(name, marketplaceArgDescriptionSchema), 200).nullish(),
});

/** One marketplace's definition. */
export const marketplaceDefinitionSchema = z.looseObject({
  name: text(200).nullish(),
  orders: z.looseObject({
    status: bounded(z.record(text(50), list(text(100), 200)), 50).nullish(),
    actions: bounded(z.record(text(50), marketplaceActionSchema), 50).nullish(),
    carriers: bounded(z.record(text(200), z.union([z.looseObject({ label: text(200).nullish() }), text(200)])), 5000).nullish(),
  }),
});

/** Lengow's `marketplaces.json`: marketplace code -> definition. */
export const marketplaceDefinitionsSchema = bounded(z.record(name, marketplaceDefinitionSchema), 2000);

/** One marketplace's definition, validated. */
export type MarketplaceDefinition = z.output<typeof marketplaceDefinitionSchema>;
/** `marketplaces.json` as Lengow serves it. */
export type MarketplaceDefinitionsInput = z.input<typeof marketplaceDefinitionsSchema>;
/** An argument description, validated. */
export type MarketplaceArgDescription = z.output<typeof marketplaceArgDescriptionSchema>;
/** A `depends_on`, validated. */
export type MarketplaceArgDependsOn = z.output<typeof marketplaceArgDependsOnSchema>;

/**
 * The rules of the marketplaces a definition file lists. Pass them as `marketplaceRules` to `dispatch`,
 * `explain` and `availableActions` (seller actions are then also checked against the marketplace), and to the
 * Lengow import and sync (marketplace statuses are read through the definition).
 */
export interface MarketplaceRules extends SellerActionRules {
  /** The marketplace codes covered, as the definition spells them. Orders of other marketplaces are not checked. */
  readonly marketplaces: readonly string[];
  /** Tells whether a marketplace (matched case-insensitively) is covered. */
  covers(marketplace: string): boolean;
  /** The Lengow status a marketplace status maps to through `orders.status` (`undefined` when not listed). */
  lengowStatusOf(marketplace: string, marketplaceStatus: string): LengowStatus | undefined;
}
