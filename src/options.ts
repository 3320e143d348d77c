import type { MaintenanceCalendar } from './calendar.js';

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
   * What to do when the marketplace reports a status the lifecycle cannot reach from the current one
   * (`Shipped` -> `CancelledByCustomer`): `apply` it as connectors do, flagged as an anomaly (default), or
   * `refuse` it with `NOT_ALLOWED_IN_STATUS`.
   */
  readonly unreachableStatus?: 'apply' | 'refuse' | undefined;
}
