import type { Blocker } from './blockers.js';
import type { MaintenanceCalendar } from '../maintenance/calendar.js';
import type { OrderContext } from './context.js';
import type { Duration } from 'date-fns';
import type { DeadlineDurations } from './deadlines.js';

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

/** How a marketplace treats tracking on `SHIP`: see {@link LifecycleOptions.trackingPolicy}. */
export type TrackingPolicy = (typeof TRACKING_POLICIES)[number];

/** The values of {@link LifecycleOptions.trackingPolicy}. */
export const TRACKING_POLICIES = ['byDeliveryMode', 'optional', 'always'] as const;

/**
 * What configures the rules: shared by {@link createOrderMachine}, `dispatch`, `explain` and
 * `availableActions`. Nothing here is stored in an order record.
 */
export interface LifecycleOptions {
  /** Maintenance windows during which seller actions are refused. Default: none. */
  readonly calendar?: MaintenanceCalendar | undefined;
  /**
   * Delivery modes whose shipment needs carrier + tracking. Default: {@link TRACKED_DELIVERY_MODES}. A mode on
   * this list needs them even if it is also on `untrackedDeliveryModes` (the safer answer).
   */
  readonly trackedDeliveryModes?: readonly string[] | undefined;
  /**
   * Delivery modes that ship without tracking. Default: {@link UNTRACKED_DELIVERY_MODES} (Standard). A mode on
   * neither list, or an unknown one, needs carrier + tracking, and the refusal says the mode was unknown.
   */
  readonly untrackedDeliveryModes?: readonly string[] | undefined;
  /**
   * Per marketplace (its name, compared without case), how `SHIP` treats tracking: `byDeliveryMode` (the
   * default: the two lists above), `optional` (a marketplace that never requires it) or `always`.
   */
  readonly trackingPolicy?: Readonly<Record<string, TrackingPolicy>> | undefined;
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
   * How long an order has for each deadline the order does not hold yet, counted from the instant it starts
   * waiting (created in, or moved into, the status that waits for it): `{ acceptance: { hours: 48 } }`.
   * The deadline is then kept in the record. Default: none (only deadlines given or imported).
   */
  readonly deadlineDurations?: DeadlineDurations | undefined;
  /**
   * How long a seller action may stay pending before a marketplace report still giving the status before it
   * rejects it (a date-fns `Duration` or milliseconds). Default 24 hours: the marketplace lags behind by minutes
   * or hours, and Lengow's connectors give up on an action after 3 days.
   */
  readonly pendingTimeout?: Duration | number | undefined;
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
