/*
 * Testing kit for consumer projects (subpath `order-status-machine/testing`, issue 6): builders with sensible
 * defaults, a fixed maintenance calendar, a driver that returns every dispatch result, and the lifecycle's
 * shortest paths to every status. It imports no test runner: use it with vitest, jest, node:test or mocha.
 */
import { createMaintenanceCalendar, type MaintenanceCalendar, type MaintenanceWindowInput } from '../maintenance/calendar.js';
import {
  createOrder,
  dispatch,
  type CreateOrderInput,
  type DispatchOptions,
  type DispatchResult,
  type OrderEventInput,
  type OrderEventInputOf,
  type OrderEventType,
  type OrderRecord,
  type OrderStatus,
} from '../lifecycles/default.js';
import { toLengowStatus, type LengowStatus } from '../lengow/lengow-status.js';
import type { LengowOrderInput } from '../lengow/payload.js';
import { cdiscountDefinition } from '../lifecycles/cdiscount.js';
import type { OctopiaStatus } from '../lifecycles/octopia.js';
import { cdiscountLifecycle } from '../lifecycles/default-machine.js';
import type { Lifecycle } from '../lifecycle/define-lifecycle.js';
import type { EventCatalogue, EventInputOf } from '../lifecycle/definition.js';
import type { CreateOrderInputOf } from '../engine/record.js';
import type { OrderLineInput } from '../lifecycle/line-input.js';

/**
 * When built orders are created by default: 21 Feb 2024, 18:00 UTC (19:00 in Paris), before the test window.
 * @example buildOrder().createdAt === TEST_CREATED_AT // true
 */
export const TEST_CREATED_AT = '2024-02-21T18:00:00.000Z';

/**
 * When built events happen by default: the next morning, after the test maintenance window.
 * @example buildEvent('ACCEPT').at === TEST_EVENT_AT // true
 */
export const TEST_EVENT_AT = '2024-02-22T09:00:00.000Z';

/**
 * A fixed maintenance window, Lengow's notice of 21 Feb 2024 (20:00-23:00 Paris time, 19:00-22:00 UTC), with
 * instants around it to test deferral: `before` and `after` are open, `inside` is refused with
 * `retryAt === reopensAt`.
 *
 * @example
 * const result = dispatch(order, buildEvent('ACCEPT', { at: TEST_MAINTENANCE.inside }), { calendar: testCalendar() });
 * result.blockers[0].retryAt === TEST_MAINTENANCE.reopensAt; // true
 */
export const TEST_MAINTENANCE = {
  window: {
    start: '2024-02-21T20:00',
    end: '2024-02-21T23:00',
    timeZone: 'Europe/Paris',
    label: 'Lengow maintenance',
  } satisfies MaintenanceWindowInput,
  /** 18:30 UTC: half an hour before the window. */
  before: '2024-02-21T18:30:00.000Z',
  /** 19:30 UTC (20:30 in Paris): inside the window. */
  inside: '2024-02-21T19:30:00.000Z',
  /** 22:00 UTC (23:00 in Paris): the window's end, when seller actions reopen. */
  reopensAt: '2024-02-21T22:00:00.000Z',
  /** 22:30 UTC: after the window. */
  after: '2024-02-21T22:30:00.000Z',
} as const;

/**
 * A maintenance calendar holding {@link TEST_MAINTENANCE}'s window alone.
 *
 * @example
 * const calendar = testCalendar();
 * calendar.nextOpening(TEST_MAINTENANCE.inside); // TEST_MAINTENANCE.reopensAt
 */
export function testCalendar(): MaintenanceCalendar {
  return createMaintenanceCalendar([TEST_MAINTENANCE.window]);
}

/**
 * Builds an order record with sensible defaults: `CD-TEST-0001` on `cdiscount` through `lengow`, delivery mode
 * `TRK` (so shipping needs a carrier and a tracking number), created at {@link TEST_CREATED_AT}, in
 * `WaitingForSellerAcceptation`. Any field of `createOrder`'s input can be overridden; a `status` builds the
 * record directly in that status (without the shipment or refunds a real journey would record: use
 * {@link orderAt} for those).
 *
 * @example
 * const order = buildOrder();                                   // new tracked order
 * const store = buildOrder({ deliveryMode: 'MAG', status: 'WaitingForShipmentAcceptation' });
 * const fulfilment = buildOrder({ fulfilledByMarketplace: true }); // in Shipped, closed to the seller
 */
export function buildOrder(overrides: Partial<CreateOrderInput> = {}): OrderRecord {
  return createOrder({ ...BUILD_DEFAULTS, ...overrides });
}

/**
 * Lines for {@link buildOrder}'s `lines`: `count` lines with ids `L-1`, `L-2`, ..., one unit each at 10.00,
 * in the order's status; `fields` are given to every line (a `status`, a `quantity`).
 *
 * @example
 * const order = buildOrder({ lines: buildLines(3) });
 * const partly = buildOrder({ lines: [...buildLines(2), { id: 'L-3', status: 'RefusedBySeller' }] });
 */
export function buildLines(count: number, fields: Omit<OrderLineInput<OrderStatus>, 'id'> = {}): OrderLineInput<OrderStatus>[] {
  return Array.from({ length: count }, (_, index) => ({ id: `L-${index + 1}`, quantity: 1, amount: '10.00', ...fields }));
}

const BUILD_DEFAULTS = {
  orderId: 'CD-TEST-0001',
  marketplace: 'cdiscount',
  channel: 'lengow',
  deliveryMode: 'TRK',
  createdAt: TEST_CREATED_AT,
} as const;

// Payload defaults that make each event acceptable where the lifecycle allows it: the definition's examples.
const EVENT_DEFAULTS: Partial<Record<OrderEventType, object>> = {
  ...Object.fromEntries(Object.entries(cdiscountDefinition.events).map(([type, event]) => [type, 'example' in event ? event.example : {}])),
  MARKETPLACE_STATUS_CHANGED: { status: 'Shipped' },
};

/**
 * Builds an event of one type, at {@link TEST_EVENT_AT} unless told otherwise, with a payload that passes the
 * rules: `SHIP` carries a carrier and a tracking number, `MARKETPLACE_STATUS_CHANGED` reports `Shipped`,
 * `REFUND` is a full refund. Overrides win (pass `carrier: null` to test a refusal).
 *
 * @example
 * buildEvent('ACCEPT');                                          // { type: 'ACCEPT', at: TEST_EVENT_AT }
 * buildEvent('SHIP', { trackingNumber: null, id: 'ship-1' });    // refused on a tracked delivery
 * buildEvent('MARKETPLACE_STATUS_CHANGED', { status: 'CancelledByCustomer', at: '2024-02-23T10:00:00Z' });
 */
export function buildEvent<T extends OrderEventType>(type: T, overrides: Partial<OrderEventInputOf<T>> = {}): OrderEventInputOf<T> {
  return { type, at: TEST_EVENT_AT, ...EVENT_DEFAULTS[type], ...overrides } as OrderEventInputOf<T>;
}

/**
 * Options of {@link driveOrder}: dispatch's options, and whether to stop at the first refusal.
 * @example driveOrder(order, events, { calendar: testCalendar(), stopAtRefusal: true })
 */
export interface DriveOptions extends DispatchOptions {
  /** Stop at the first refused event (its result is the last one). Default `false`: a refusal changes nothing. */
  readonly stopAtRefusal?: boolean | undefined;
}

/**
 * What {@link driveOrder} returns: the order after the last event, and every result in order.
 * @example const { order, results }: DriveResult = driveOrder(buildOrder(), [buildEvent('ACCEPT')]);
 */
export interface DriveResult {
  readonly order: OrderRecord;
  readonly results: readonly DispatchResult[];
}

/**
 * Dispatches events one after the other, feeding each result's order to the next event, and returns every
 * result: the journey of an order, to assert on step by step.
 *
 * @example
 * const { order, results } = driveOrder(buildOrder(), [buildEvent('ACCEPT'), buildEvent('PAYMENT_CONFIRMED')]);
 * results.map((r) => r.status); // ['AcceptedBySeller', 'WaitingForShipmentAcceptation']
 */
export function driveOrder(order: OrderRecord, events: readonly OrderEventInput[], options: DriveOptions = {}): DriveResult {
  const results: DispatchResult[] = [];
  let current = order;
  for (const event of events) {
    const result = dispatch(current, event, options);
    results.push(result);
    current = result.order;
    if (!result.ok && options.stopAtRefusal) break;
  }
  return { order: current, results };
}

/**
 * The shortest journey from a new order to one status, through the lifecycle's own events.
 * @example const path: StatusPath | undefined = shortestPathsToEveryStatus().find((p) => p.status === 'Shipped');
 */
export interface StatusPath<S extends string = OrderStatus, Ev = OrderEventInput> {
  readonly status: S;
  /** The delivery mode of the order the journey starts from: `MAG` for in-store statuses, else `TRK`. */
  readonly deliveryMode: string;
  /** The events, at increasing instants from {@link TEST_EVENT_AT}, ten minutes apart. Empty for the start. */
  readonly events: readonly Ev[];
}

/** What the kit needs of a lifecycle to walk it: its routes, its events' examples, and its pure API. */
type Walkable = Pick<Lifecycle, 'definition' | 'shortestRoutes' | 'createOrder' | 'dispatch'>;

const cachedPaths = new WeakMap<object, readonly StatusPath<string, unknown>[]>();

function computePaths(lifecycle: Walkable): readonly StatusPath<string, unknown>[] {
  const base = Date.parse(TEST_EVENT_AT);
  return lifecycle.shortestRoutes().flatMap(({ status, events: types }) => {
    const events = types.map((type, i) => ({
      type,
      at: new Date(base + i * 600_000).toISOString(),
      ...lifecycle.definition.events[type]?.example,
    })) as OrderEventInput[];
    // A tracked order reaches every status but the in-store ones; a store order reaches those.
    for (const deliveryMode of ['TRK', 'MAG']) {
      let order = lifecycle.createOrder({ ...BUILD_DEFAULTS, deliveryMode });
      for (const event of events) order = lifecycle.dispatch(order, event as never).order;
      if (order.status === status) return [{ status, deliveryMode, events }];
    }
    return [];
  });
}

/**
 * The lifecycle's shortest journey to every status, breadth first over its definition (marketplace status
 * reports left out), each checked by driving an order through it, one per status in definition order.
 * Events carry the payload examples of the definition's event catalogue. Default: the Cdiscount lifecycle.
 * Replay a path with {@link driveOrder} or {@link orderAt} to test your handlers against each status.
 * Fulfilment orders are not covered: they start in `Shipped`, closed to the seller.
 *
 * @example
 * for (const { status, deliveryMode, events } of shortestPathsToEveryStatus()) {
 *   const { order } = driveOrder(buildOrder({ deliveryMode }), events);
 *   myHandler(order); // once per status
 * }
 */
export function shortestPathsToEveryStatus(): StatusPath[];
export function shortestPathsToEveryStatus<S extends string, E extends EventCatalogue>(
  lifecycle: Lifecycle<S, E>,
): StatusPath<S, EventInputOf<E, S>>[];
export function shortestPathsToEveryStatus(lifecycle: Walkable = cdiscountLifecycle): StatusPath<string, unknown>[] {
  let paths = cachedPaths.get(lifecycle);
  if (!paths) {
    paths = computePaths(lifecycle);
    cachedPaths.set(lifecycle, paths);
  }
  // Copies: callers may mutate what they get.
  return JSON.parse(JSON.stringify(paths)) as StatusPath<string, unknown>[];
}

/**
 * An order brought to `status` the way the lifecycle gets there (shortest path), so it carries what that
 * journey records (the shipment for `Shipped`, ...). Throws when an event of the path is refused, e.g.
 * because the overrides or options contradict it (a maintenance calendar over {@link TEST_EVENT_AT}).
 *
 * @example
 * const order = orderAt('Shipped');
 * order.context.shipment?.trackingNumber; // '6A12345678901'
 * orderAt('AvailableOnStore').context.deliveryMode; // 'MAG'
 */
export function orderAt(status: OrderStatus, overrides: Partial<CreateOrderInput> = {}, options: DispatchOptions = {}): OrderRecord {
  return orderIn(cdiscountLifecycle, status, overrides, options);
}

/**
 * {@link orderAt} for any lifecycle: an order of `lifecycle` brought to `status` along its shortest path, with
 * {@link buildOrder}'s defaults (overrides win).
 *
 * @example
 * const delivered = orderIn(octopiaLifecycle, 'Delivered');
 * delivered.context.shipment?.carrier; // 'Colissimo'
 */
export function orderIn<S extends string, E extends EventCatalogue>(
  lifecycle: Lifecycle<S, E>,
  status: NoInfer<S>,
  overrides: Partial<CreateOrderInputOf<S>> = {},
  options: DispatchOptions = {},
): OrderRecord<S> {
  const path = shortestPathsToEveryStatus(lifecycle).find((p) => p.status === status);
  if (!path) throw new Error(`order-status-machine/testing: no path of the lifecycle leads to ${String(status)}`);
  let order = lifecycle.createOrder({ ...BUILD_DEFAULTS, deliveryMode: path.deliveryMode, ...overrides });
  for (const event of path.events) {
    const result = lifecycle.dispatch(order, event, options);
    if (!result.ok) {
      throw new Error(
        `order-status-machine/testing: orderAt(${status}) was refused at ${result.audit.eventType}: ${result.blockers.map((b) => b.code).join(', ')}`,
      );
    }
    order = result.order;
  }
  return order;
}

/**
 * Shortcuts of {@link buildLengowOrder}; `overrides` replaces top-level payload fields last.
 * @example buildLengowOrder({ status: 'Shipped', overrides: { total_order: '12.00' } })
 */
export interface LengowOrderOptions {
  readonly orderId?: string | undefined;
  readonly marketplace?: string | undefined;
  /**
   * The marketplace status (`marketplace_status`), of either vocabulary (`InPreparation` makes an Octopia
   * payload). Default `WaitingForShipmentAcceptation`.
   */
  readonly status?: OrderStatus | OctopiaStatus | undefined;
  /** Lengow's normalized status. Default: the one Lengow shows for `status`. */
  readonly lengowStatus?: LengowStatus | undefined;
  /** `updated_at`. Default {@link TEST_CREATED_AT} plus 30 minutes. */
  readonly updatedAt?: string | undefined;
  /** The tracking `method`, which is the delivery mode. Default `Suivi` (tracked). */
  readonly deliveryMode?: string | null | undefined;
  /** Carrier, number and URL of the package's tracking. Default: none given yet. */
  readonly tracking?: { readonly carrier?: string | null; readonly number?: string | null; readonly url?: string | null } | undefined;
  /**
   * Shipped by the marketplace: `true` adds the `order_types` entry, `'legacy'` the pre-2020 tracking flag.
   * Default `false`.
   */
  readonly deliveredByMarketplace?: boolean | 'legacy' | undefined;
  readonly overrides?: Partial<LengowOrderInput> | undefined;
}

// Obviously fake buyer data, present so redaction and "we never store addresses" can be tested.
const TEST_BUYER = {
  first_name: 'Test',
  last_name: 'Buyer',
  full_name: 'Test Buyer',
  email: 'buyer@example.org',
  phone_mobile: '+33600000000',
  first_line: '1 rue de l’Exemple',
  zipcode: '75001',
  city: 'Paris',
  common_country_iso_a2: 'FR',
} as const;

/**
 * Builds a Lengow API v3 order payload (the shape `lengowOrderSchema` validates) with sensible defaults: a
 * Cdiscount order waiting for shipment, one package with a tracked delivery and one cart line, amounts as
 * decimal strings, and fake buyer data (billing and delivery addresses).
 *
 * @example
 * buildLengowOrder();                                                         // waiting for shipment
 * buildLengowOrder({ status: 'Shipped', tracking: { carrier: 'Colissimo', number: '6A1' } });
 * buildLengowOrder({ deliveredByMarketplace: true, status: 'Shipped' });       // fulfilment order
 */
export function buildLengowOrder(options: LengowOrderOptions = {}): LengowOrderInput {
  const status = options.status ?? 'WaitingForShipmentAcceptation';
  const lengowStatus = options.lengowStatus ?? toLengowStatus(status);
  const tracking = options.tracking ?? {};
  return {
    marketplace: options.marketplace ?? 'cdiscount',
    marketplace_order_id: options.orderId ?? 'CD-TEST-0001',
    marketplace_status: status,
    lengow_status: lengowStatus,
    order_types: options.deliveredByMarketplace === true ? [{ type: 'is_delivered_by_marketplace', label: 'Fulfilment' }] : [],
    marketplace_order_date: TEST_CREATED_AT,
    imported_at: '2024-02-21T18:15:00.000Z',
    updated_at: options.updatedAt ?? '2024-02-21T18:30:00.000Z',
    currency: { iso_a3: 'EUR' },
    total_order: '45.90',
    shipping: '4.90',
    commission: '5.50',
    billing_address: { ...TEST_BUYER },
    packages: [
      {
        delivery: {
          id: 1,
          ...TEST_BUYER,
          trackings: [
            {
              carrier: tracking.carrier ?? null,
              method: options.deliveryMode === undefined ? 'Suivi' : options.deliveryMode,
              number: tracking.number ?? null,
              url: tracking.url ?? null,
              is_delivered_by_marketplace: options.deliveredByMarketplace === 'legacy',
            },
          ],
        },
        cart: [
          {
            marketplace_order_line_id: '1',
            marketplace_status: status,
            lengow_status: lengowStatus,
            quantity: 1,
            amount: '41.00',
            shipping: '4.90',
          },
        ],
      },
    ],
    ...options.overrides,
  };
}

/**
 * Wraps payloads in Lengow's paginated envelope (`count`, `next`, `previous`, `results`).
 * @example buildLengowPage([buildLengowOrder(), buildLengowOrder({ orderId: 'CD-TEST-0002' })])
 */
export function buildLengowPage(orders: readonly unknown[]): { count: number; next: null; previous: null; results: unknown[] } {
  return { count: orders.length, next: null, previous: null, results: [...orders] };
}
