import type { Blocker } from './blockers.js';
import type { MaintenanceCalendar } from '../maintenance/calendar.js';
import type { OrderContext } from './context.js';

/**
 * Extra checks on seller actions, owned by the marketplace rather than the lifecycle: which actions it
 * offers, in which statuses, with which arguments. `createMarketplaceRules` builds one from Lengow's
 * marketplace definitions; any object with this shape works.
 */
export interface SellerActionRules {
  /**
   * Why the marketplace would refuse this seller action on this order (empty when it would not).
   * `stateOnly` asks only about the action and the order's status, not the event's arguments.
   */
  blockersFor(
    order: { readonly status: string; readonly context: OrderContext<string> },
    event: { readonly type: string; readonly at: string; readonly [field: string]: unknown },
    check?: { readonly stateOnly?: boolean | undefined },
  ): readonly Blocker[];
}

/**
 * What configures the rules: shared by {@link createOrderMachine}, `dispatch`, `explain` and
 * `availableActions`. Nothing here is stored in an order record.
 */
export interface LifecycleOptions {
  /** Maintenance windows during which seller actions are refused. Default: none. */
  readonly calendar?: MaintenanceCalendar | undefined;
  /** Delivery modes whose shipment needs carrier + tracking. Default: {@link TRACKED_DELIVERY_MODES}. */
  readonly trackedDeliveryModes?: readonly string[] | undefined;
  /** Delivery modes collected in store. Default: {@link STORE_DELIVERY_MODES}. */
  readonly storeDeliveryModes?: readonly string[] | undefined;
  /**
   * The carriers the marketplace supports (Octopia's list): a shipment naming another is refused with
   * `INVALID_ARGUMENT` (compared without case). Default: any carrier.
   */
  readonly carriers?: readonly string[] | undefined;
  /** The refund reasons the channel accepts (Octopia's valid values). Default: any non-blank reason. */
  readonly refundReasons?: readonly string[] | undefined;
  /**
   * What to do when the marketplace reports a status the lifecycle cannot reach from the current one
   * (`Shipped` -> `CancelledByCustomer`): `apply` it as connectors do, flagged as an anomaly (default), or
   * `refuse` it with `NOT_ALLOWED_IN_STATUS`.
   */
  readonly unreachableStatus?: 'apply' | 'refuse' | undefined;
  /**
   * The marketplace's own rules for seller actions (`ACTION_NOT_SUPPORTED`, `NOT_ALLOWED_IN_STATUS`,
   * `MISSING_ARGUMENT`), checked by `dispatch`, `explain`, `availableActions` and the guards of a machine built
   * with these options (`createOrderMachine`).
   * Default: none.
   */
  readonly marketplaceRules?: SellerActionRules | undefined;
}
