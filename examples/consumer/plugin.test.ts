/**
 * How a plugin project tests its own code against the lifecycle, with the testing kit and the matchers.
 * The "plugin" here is two small functions a PrestaShop-style back office would have: the actions menu of an
 * order page, and the handler of its "Ship" form. Run with the project's tests (vitest).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { availableActions, dispatch, isFinalStatus, type OrderRecord } from 'order-status-machine';
import {
  TEST_MAINTENANCE,
  buildEvent,
  buildOrder,
  driveOrder,
  orderAt,
  shortestPathsToEveryStatus,
  testCalendar,
} from 'order-status-machine/testing';
import { orderMatchers } from 'order-status-machine/vitest';

beforeAll(() => {
  // Usually done once in a vitest setup file.
  expect.extend(orderMatchers);
});

// ---- the plugin's code under test -------------------------------------------------------------------

const calendar = testCalendar();

/** The buttons of the order page: one per seller action the order accepts now. */
function actionsMenu(order: OrderRecord, now: string): string[] {
  return availableActions(order, { at: now, calendar }).map((type) => type.toLowerCase().replaceAll('_', ' '));
}

/** The "Ship" form: the merchant types a carrier and a tracking number. */
function onShipSubmitted(order: OrderRecord, form: { carrier: string; tracking: string }, now: string) {
  const result = dispatch(
    order,
    { type: 'SHIP', at: now, id: `ship-${order.orderId}`, carrier: form.carrier, trackingNumber: form.tracking },
    { calendar },
  );
  const notice = result.ok
    ? 'Shipment declared.'
    : result.blockers[0].retryAt
      ? `Lengow is under maintenance; retry after ${result.blockers[0].retryAt}.`
      : result.blockers.map((b) => b.message).join(' ');
  return { result, notice };
}

// ---- its tests ------------------------------------------------------------------------------------

describe('the Ship form', () => {
  it('declares the shipment when carrier and tracking are given', () => {
    const { result, notice } = onShipSubmitted(
      orderAt('WaitingForShipmentAcceptation'),
      { carrier: 'Colissimo', tracking: '6A1' },
      TEST_MAINTENANCE.after,
    );
    expect(result).toBeInStatus('ShippedBySeller');
    expect(notice).toBe('Shipment declared.');
  });

  it('tells the merchant what is missing on a tracked delivery', () => {
    const { result, notice } = onShipSubmitted(
      orderAt('WaitingForShipmentAcceptation'),
      { carrier: 'Colissimo', tracking: ' ' },
      TEST_MAINTENANCE.after,
    );
    expect(result).toBeRefusedWith('CARRIER_AND_TRACKING_REQUIRED');
    expect(result.order).toBeInStatus('WaitingForShipmentAcceptation');
    expect(notice).toMatch(/trackingNumber/);
  });

  it('asks to retry after the maintenance window, and the retry goes through', () => {
    const order = orderAt('WaitingForShipmentAcceptation');
    const during = onShipSubmitted(order, { carrier: 'Colissimo', tracking: '6A1' }, TEST_MAINTENANCE.inside);
    expect(during.result).toBeRefusedWith('MAINTENANCE_WINDOW');
    expect(during.notice).toContain(TEST_MAINTENANCE.reopensAt);
    const retry = onShipSubmitted(during.result.order, { carrier: 'Colissimo', tracking: '6A1' }, TEST_MAINTENANCE.reopensAt);
    expect(retry.result).toBeInStatus('ShippedBySeller');
  });

  it('does nothing the second time the same form is submitted', () => {
    const first = onShipSubmitted(orderAt('WaitingForShipmentAcceptation'), { carrier: 'Colissimo', tracking: '6A1' }, TEST_MAINTENANCE.after);
    const again = onShipSubmitted(first.result.order, { carrier: 'Colissimo', tracking: '6A1' }, TEST_MAINTENANCE.after);
    expect(again.result.ok && again.result.duplicate).toBe(true);
    expect(again.result.order.revision).toBe(first.result.order.revision);
  });
});

describe('the actions menu, in every status of the lifecycle', () => {
  const paths = shortestPathsToEveryStatus();

  it('covers every status', () => {
    expect(paths.map((p) => p.status)).toHaveLength(19);
  });

  it.each(paths.map((p) => [p.status, p] as const))('in %s, offers only actions the order accepts', (status, path) => {
    const { order } = driveOrder(buildOrder({ deliveryMode: path.deliveryMode }), path.events);
    expect(order).toBeInStatus(status);
    const menu = actionsMenu(order, TEST_MAINTENANCE.after);
    if (isFinalStatus(status)) expect(menu).toEqual([]);
    for (const type of availableActions(order, { at: TEST_MAINTENANCE.after, calendar })) {
      const result = dispatch(order, buildEvent(type, { at: TEST_MAINTENANCE.after }), { calendar });
      expect(result.ok, `${type} offered in ${status} is accepted`).toBe(true);
    }
  });

  it('is empty during maintenance, whatever the status', () => {
    for (const { status } of paths) expect(actionsMenu(orderAt(status), TEST_MAINTENANCE.inside), status).toEqual([]);
  });

  it('is empty for an order the marketplace ships itself', () => {
    const fulfilment = buildOrder({ fulfilledByMarketplace: true });
    expect(fulfilment).toBeInStatus('Shipped');
    expect(actionsMenu(fulfilment, TEST_MAINTENANCE.after)).toEqual([]);
    expect(dispatch(fulfilment, buildEvent('REFUND'))).toBeRefusedWith('FULFILLED_BY_MARKETPLACE');
  });
});
