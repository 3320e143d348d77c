import { defineLifecycle, type Lifecycle } from '../lifecycle/define-lifecycle.js';
import { octopiaDefinition, type OctopiaStatus } from './octopia.js';

/**
 * The Cdiscount lifecycle as Octopia's API speaks it, defined from {@link octopiaDefinition}: its pure API
 * (`createOrder`, `dispatch`, `explain`, `availableActions`), its XState machine and actor, its diagram,
 * and `restoreOrder` / `serializeOrder` for its records (which carry `lifecycle: 'octopia'`). The legacy
 * vocabulary stays the default of the top-level API.
 *
 * @example
 * const order = octopiaLifecycle.createOrder({ orderId: 'OC-1', marketplace: 'cdiscount', status: 'InPreparation',
 *   supplyMode: 'Seller', shippingDeadline: '2025-12-03T23:59:00+01:00', createdAt: '2025-12-01T10:00:00Z' });
 * octopiaLifecycle.dispatch(order, { type: 'SHIP', at: '2025-12-02T09:00:00Z', carrier: 'Colissimo', trackingNumber: '6A1' });
 */
export const octopiaLifecycle: Lifecycle<OctopiaStatus, (typeof octopiaDefinition)['events']> = /* @__PURE__ */ defineLifecycle(octopiaDefinition);
