import { OrderMachineError, describeIssues } from '../lifecycle/errors.js';
import type { OrderEvent } from '../lifecycles/default.js';
import { checkSellerAction, compileMarketplace, registerRules, type CompiledMarketplace } from './marketplace-rules.js';
import { marketplaceDefinitionsSchema, type MarketplaceRules } from './marketplace-schema.js';
import { toValidationIssues } from './payload.js';

/**
 * Builds {@link MarketplaceRules} from Lengow's marketplace definitions (the `marketplaces.json` object,
 * marketplace code -> definition, as parsed JSON; see {@link MarketplaceDefinitionsInput}). Throws {@link OrderMachineError} `INVALID_INPUT` naming each bad field:
 * definitions are configuration, and a wrong one must fail at start-up, not order by order.
 *
 * @example
 * const rules = createMarketplaceRules(await (await fetch(marketplacesUrl)).json());
 * explain(order, { type: 'SHIP', at, carrier: 'Other', trackingNumber: 'X1' }, { marketplaceRules: rules });
 * // [{ code: 'MISSING_ARGUMENT', fields: ['carrier_name'], message: '...' }]
 */
export function createMarketplaceRules(definitions: unknown): MarketplaceRules {
  const parsed = marketplaceDefinitionsSchema.safeParse(definitions);
  if (!parsed.success) {
    const issues = toValidationIssues(parsed.error);
    throw new OrderMachineError('INVALID_INPUT', `Invalid marketplace definitions: ${describeIssues(issues)}`, issues);
  }
  const byCode = new Map<string, CompiledMarketplace>();
  for (const [code, definition] of Object.entries(parsed.data)) {
    byCode.set(code.toLowerCase(), compileMarketplace(code, definition));
  }
  const find = (marketplace: string) => byCode.get(marketplace.toLowerCase());
  const rules: MarketplaceRules = {
    marketplaces: Object.freeze(Object.keys(parsed.data)),
    covers: (marketplace) => find(marketplace) !== undefined,
    lengowStatusOf: (marketplace, marketplaceStatus) => find(marketplace)?.lengowStatusOf(marketplaceStatus),
    blockersFor: (order, event, check) => {
      const marketplace = find(order.context.marketplace);
      // Lengow's definitions speak the Cdiscount lifecycle's statuses.
      return marketplace
        ? checkSellerAction(marketplace, order as Parameters<typeof checkSellerAction>[1], event as OrderEvent, check?.stateOnly === true)
        : [];
    },
  };
  registerRules(rules, find);
  return Object.freeze(rules);
}
