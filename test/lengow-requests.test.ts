// Issue 12, item 3: "Requests built from the marketplace definition, by meaning, not by name". Each scenario
// names the problem it fixes, found against Lengow's own fixtures (read in place, never copied).
import { describe, expect, it } from 'vitest';
import { createOrder, dispatch, explain, type OrderEventInput, type OrderStatus } from 'order-status-machine';
import {
  buildLengowAction,
  createMarketplaceRules,
  meaningOfArgument,
  toLengowAction,
  type LengowActionInput,
  type LengowActionResult,
  type MarketplaceRules,
} from 'order-status-machine/lengow';
import definitions from './fixtures/lengow/marketplaces.json';
import { hasRealLengow, readRealLengow, realLengowTitle } from './support/lengow-real.js';
import { thrown } from './support/thrown.js';

const at = '2024-03-06T10:00:00Z';
const later = '2024-03-07T16:30:00Z';

interface ActionDefinition {
  readonly args?: readonly string[];
  readonly optional_args?: readonly string[];
  readonly args_description?: Record<string, { valid_values?: Record<string, unknown> | string[] | null }>;
}
interface Definition {
  readonly orders: { readonly actions?: Record<string, ActionDefinition>; readonly carriers?: Record<string, unknown> | null };
}
type Definitions = Record<string, Definition>;

/** Every file of the fixtures holding marketplace definitions. */
const DEFINITION_FILES = [
  'prestashop/Connector/marketplaces.json',
  'prestashop/Connector/marketplaces_line.json',
  'prestashop/Marketplace/require_carrier_args.json',
  'prestashop/Marketplace/optional_carrier_args.json',
  'prestashop/ImportOrder/get_carrier_id_optional_carrier.json',
  'prestashop/ImportOrder/get_carrier_id_require_carrier.json',
  'woocommerce/marketplace-sample.json',
  'oca/marketplaces_amazon_fr_admarkt.json',
];

const orderOn = (marketplace: string, status: OrderStatus, deliveryMode = 'Standard') =>
  createOrder({ orderId: `${marketplace}-1`, marketplace, status, deliveryMode, createdAt: '2024-03-05T09:00:00Z' });

/** An order on a marketplace made with lines (issue 15): `<marketplace>-2`. */
const orderWithLines = (marketplace: string, status: OrderStatus, lines: NonNullable<Parameters<typeof createOrder>[0]['lines']>) =>
  createOrder({ orderId: `${marketplace}-2`, marketplace, status, createdAt: '2024-03-05T09:00:00Z', lines });

/** The requests of a result that must be sendable. */
function sent(result: LengowActionResult) {
  if (!result.ok) throw new Error(`expected requests, got ${JSON.stringify(result.blockers)}`);
  return result;
}

/** The first accepted value of an argument, when the definition lists some. */
function firstValue(definition: Definition, action: ActionDefinition, name: string): string | undefined {
  const listed = action.args_description?.[name]?.valid_values ?? (name === 'carrier' ? definition.orders.carriers : null);
  const codes = Array.isArray(listed) ? listed : Object.keys(listed ?? {});
  return codes[0];
}

describe('meaningOfArgument', () => {
  it('reads the reason whatever the marketplace calls it', () => {
    for (const name of ['reason', 'refund_reason', 'cancel_reason', 'refuse_reason', 'reason_code', 'refund_reason_code']) {
      expect(meaningOfArgument(name)).toBe('reason');
    }
  });

  it('reads the amount in the price argument, never in shipping fees', () => {
    for (const name of ['amount', 'price', 'refund_amount', 'refund_price']) expect(meaningOfArgument(name)).toBe('amount');
    for (const name of ['shipping_price', 'refund_shipping_price']) expect(meaningOfArgument(name)).toBeNull();
  });

  it("reads a line's units in quantity, refund_quantity and cancel_quantity (zalando's)", () => {
    for (const name of ['quantity', 'refund_quantity', 'cancel_quantity']) expect(meaningOfArgument(name)).toBe('quantity');
  });

  it('reads line, carrier, carrier name, tracking, date and shipping method by their names', () => {
    expect(
      ['line', 'carrier', 'carrier_name', 'custom_carrier', 'tracking_number', 'tracking_url', 'shipping_date', 'shipping_method'].map(
        meaningOfArgument,
      ),
    ).toEqual(['line', 'carrier', 'carrierName', 'carrierName', 'trackingNumber', 'trackingUrl', 'shippingDate', 'shippingMethod']);
    expect(meaningOfArgument('return_tracking_number')).toBeNull();
  });
});

describe.skipIf(!hasRealLengow)(realLengowTitle('requests built from the real marketplace definitions'), () => {
  const files = hasRealLengow ? DEFINITION_FILES.map((file) => [file, readRealLengow<Definitions>(file)] as const) : [];
  const real = (file: string) => files.find(([name]) => name === file)![1];
  const rulesOf = (file: string) => createMarketplaceRules(real(file));
  const zalando = hasRealLengow ? rulesOf('woocommerce/marketplace-sample.json') : (undefined as unknown as MarketplaceRules);
  const oca = hasRealLengow ? rulesOf('oca/marketplaces_amazon_fr_admarkt.json') : (undefined as unknown as MarketplaceRules);
  const prestashop = hasRealLengow ? rulesOf('prestashop/Connector/marketplaces.json') : (undefined as unknown as MarketplaceRules);

  it('recognises a meaning for every required argument the real definitions list', () => {
    const required = new Set<string>();
    for (const [, defs] of files) {
      for (const definition of Object.values(defs)) {
        for (const action of Object.values(definition.orders.actions ?? {})) for (const name of action.args ?? []) required.add(name);
      }
    }
    expect([...required].sort()).toEqual(['cancel_reason', 'carrier', 'line', 'reason_code', 'refund_reason', 'tracking_number']);
    expect([...required].filter((name) => meaningOfArgument(name) === null)).toEqual([]);
  });

  describe('every action of every definition', () => {
    const cases = files.flatMap(([file, defs]) =>
      Object.entries(defs).flatMap(([marketplace, definition]) =>
        Object.entries(definition.orders.actions ?? {}).map(([action, spec]) => ({ file, marketplace, action, definition, spec })),
      ),
    );

    it('covers the 8 files and the 6 marketplaces with actions', () => {
      expect(new Set(cases.map((c) => c.marketplace))).toEqual(
        new Set(['galeries_lafayette', 'menlook', 'darty', 'cdiscount', 'zalando', 'amazon_fr']),
      );
      expect(cases.length).toBeGreaterThan(100);
    });

    it('builds, from a well-formed event, requests carrying every required argument (one per line where the action takes lines)', () => {
      for (const { file, marketplace, action, definition, spec } of cases) {
        const rules = rulesOf(file);
        const names = [...(spec.args ?? []), ...(spec.optional_args ?? [])];
        const takesLines = names.includes('line');
        const input: LengowActionInput = {
          marketplace,
          marketplaceOrderId: 'MK-1',
          action,
          at,
          carrier: firstValue(definition, spec, 'carrier') ?? 'Colissimo',
          trackingNumber: '6A12345678901',
          trackingUrl: 'https://t.example/6A12345678901',
          reason: firstValue(definition, spec, names.find((name) => meaningOfArgument(name) === 'reason') ?? 'reason') ?? 'Customer request',
          ...(names.some((name) => meaningOfArgument(name) === 'amount') ? { amount: '12.50' } : {}),
          ...(takesLines ? { lines: ['L1', 'L2'] } : {}),
        };
        const result = sent(buildLengowAction(rules, input));
        expect(result.requests, `${file} ${marketplace} ${action}`).toHaveLength(takesLines ? 2 : 1);
        for (const { request } of result.requests) {
          for (const name of spec.args ?? []) expect(request[name], `${file} ${marketplace} ${action}: ${name}`).toBeTruthy();
          // Nothing the definition does not list.
          const extra = Object.keys(request).filter((key) => !['action_type', 'marketplace', 'marketplace_order_id', ...names].includes(key));
          expect(extra, `${file} ${marketplace} ${action}`).toEqual([]);
        }
        expect(new Set(result.requests.map((r) => r.idempotencyKey)).size).toBe(result.requests.length);
      }
    });

    it('refuses, from an event carrying nothing, naming exactly the required arguments', () => {
      for (const { file, marketplace, action, spec } of cases) {
        const result = buildLengowAction(rulesOf(file), { marketplace, marketplaceOrderId: 'MK-1', action });
        const required = spec.args ?? [];
        if (required.length === 0) expect(result.ok, `${file} ${marketplace} ${action}`).toBe(true);
        else
          expect(result, `${file} ${marketplace} ${action}`).toMatchObject({ ok: false, blockers: [{ code: 'MISSING_ARGUMENT', fields: required }] });
      }
    });

    it('refuses an action a definition does not list, and admarkt, which lists none', () => {
      expect(buildLengowAction(oca, { marketplace: 'admarkt', marketplaceOrderId: 'AD-1', action: 'ship' })).toMatchObject({
        ok: false,
        blockers: [{ code: 'ACTION_NOT_SUPPORTED' }],
      });
      expect(buildLengowAction(zalando, { marketplace: 'zalando', marketplaceOrderId: 'Z-1', action: 'refuse' })).toMatchObject({
        ok: false,
        blockers: [{ code: 'ACTION_NOT_SUPPORTED' }],
      });
    });
  });

  describe('zalando: the reason is refund_reason, from its valid values', () => {
    const order = orderOn('zalando', 'Shipped');
    const refund = (reason?: string, when = at): OrderEventInput => ({ type: 'REFUND', at: when, ...(reason === undefined ? {} : { reason }) });

    it("sends the seller's reason '10', not the default '1' (it used to send refund_reason: '1')", () => {
      expect(sent(toLengowAction(order, refund('10'), zalando)).request).toEqual({
        action_type: 'refund',
        marketplace: 'zalando',
        marketplace_order_id: 'zalando-1',
        refund_reason: '10',
      });
    });

    it('reads a reason given by its label as its code', () => {
      expect(sent(toLengowAction(order, refund('Article defective'), zalando)).request.refund_reason).toBe('10');
    });

    it("refuses 'because' (it used to be accepted), naming refund_reason and listing the accepted values", () => {
      const result = toLengowAction(order, refund('because'), zalando);
      expect(result).toMatchObject({ ok: false, blockers: [{ code: 'INVALID_ARGUMENT', fields: ['refund_reason'] }] });
      const message = result.ok ? '' : result.blockers[0].message;
      expect(message).toContain('"because" is not one');
      expect(message).toContain('1 (Dislike)');
      expect(message).toContain('10 (Article defective)');
      // dispatch refuses it too: the order does not move on a refund the marketplace would refuse.
      expect(explain(order, refund('because'), { marketplaceRules: zalando })).toMatchObject([
        { code: 'INVALID_ARGUMENT', fields: ['refund_reason'] },
      ]);
    });

    it('never sends the default reason in place of a reason the seller did not give', () => {
      expect(toLengowAction(order, refund(), zalando)).toMatchObject({
        ok: false,
        blockers: [{ code: 'MISSING_ARGUMENT', fields: ['refund_reason'] }],
      });
    });

    it('gives different reasons different idempotency keys (they used to share one), and the same reason later the same key', () => {
      const key = (reason: string, when = at) => sent(toLengowAction(order, refund(reason, when), zalando)).idempotencyKey;
      expect(key('10')).not.toBe(key('1'));
      expect(key('10')).not.toBe(key('9'));
      expect(key('10', later)).toBe(key('10'));
      expect(key('Article defective')).toBe(key('10'));
    });

    it('refuses an amount its refund cannot carry, rather than refund everything', () => {
      const result = toLengowAction(order, { type: 'REFUND', at, reason: '10', amount: '12.50' }, zalando);
      expect(result).toMatchObject({ ok: false, blockers: [{ code: 'INVALID_ARGUMENT', fields: ['amount'] }] });
    });

    it('sends a refund per line where the action takes lines', () => {
      const result = sent(toLengowAction(order, refund('5'), zalando, { lines: ['1001', '1002'] }));
      expect(result.requests.map((r) => [r.request.line, r.request.refund_reason])).toEqual([
        ['1001', '5'],
        ['1002', '5'],
      ]);
      // The order keeps no lines: their units are unknown, and refund_quantity (optional) is left out.
      expect(result.requests.map((r) => r.request.refund_quantity)).toEqual([undefined, undefined]);
    });

    it('sends the units of a refund of part of a line in refund_quantity, and the whole line when it names no units', () => {
      const withLines = orderWithLines('zalando', 'Shipped', [
        { id: '1001', quantity: 3, amount: '30.00' },
        { id: '1002', quantity: 2, amount: '20.00' },
      ]);
      const part = sent(toLengowAction(withLines, { type: 'REFUND', at, reason: '5', lines: [{ lineId: '1001', quantity: 1 }] }, zalando));
      expect(part.request).toMatchObject({ line: '1001', refund_quantity: '1', refund_reason: '5' });
      const whole = sent(toLengowAction(withLines, { type: 'REFUND', at, reason: '5', lines: ['1002'] }, zalando));
      expect(whole.request).toMatchObject({ line: '1002', refund_quantity: '2' });
      // One unit or two of a line are two refunds: two keys.
      const two = sent(toLengowAction(withLines, { type: 'REFUND', at, reason: '5', lines: [{ lineId: '1001', quantity: 2 }] }, zalando));
      expect(two.idempotencyKey).not.toBe(part.idempotencyKey);
    });
  });

  describe('zalando with a price argument: the amount, as exact decimal text', () => {
    // Lengow's refund arguments include refund_price (DOMAIN.md section 10); the sample's refund lists none.
    const withPrice = structuredClone(hasRealLengow ? real('woocommerce/marketplace-sample.json') : {}) as Definitions;
    if (hasRealLengow) (withPrice.zalando!.orders.actions!.refund!.optional_args as string[]).push('refund_price');
    const rules = hasRealLengow ? createMarketplaceRules(withPrice) : zalando;
    const order = orderOn('zalando', 'Shipped');
    const refund = (amount: number | string) => toLengowAction(order, { type: 'REFUND', at, reason: '10', amount }, rules);

    it('sends a decimal string as the price argument (REFUND.amount used to take only a number)', () => {
      expect(sent(refund('12.50')).request).toMatchObject({ refund_reason: '10', refund_price: '12.5' });
      expect(sent(refund('1234567.8901')).request.refund_price).toBe('1234567.8901');
      expect(sent(refund(0.1)).request.refund_price).toBe('0.1');
    });

    it('keys the same amount alike however it is written, and different amounts apart', () => {
      expect(sent(refund('12.50')).idempotencyKey).toBe(sent(refund(12.5)).idempotencyKey);
      expect(sent(refund('12.50')).idempotencyKey).not.toBe(sent(refund('12.51')).idempotencyKey);
    });
  });

  describe('amazon_fr: the reason is cancel_reason', () => {
    const order = orderOn('amazon_fr', 'WaitingForShipmentAcceptation');

    it('fills cancel_reason (it used to refuse with MISSING_ARGUMENT although a reason was given)', () => {
      expect(sent(toLengowAction(order, { type: 'REFUSE_SHIPMENT', at, reason: 'NoInventory' }, oca)).request).toEqual({
        action_type: 'cancel',
        marketplace: 'amazon_fr',
        marketplace_order_id: 'amazon_fr-1',
        cancel_reason: 'NoInventory',
      });
    });

    it('still asks for a reason when none is given', () => {
      expect(toLengowAction(order, { type: 'REFUSE_SHIPMENT', at }, oca)).toMatchObject({
        ok: false,
        blockers: [{ code: 'MISSING_ARGUMENT', fields: ['cancel_reason'] }],
      });
    });

    it('refuses lines on its cancel, which takes none: it would cancel the whole order', () => {
      const result = toLengowAction(order, { type: 'REFUSE_SHIPMENT', at, reason: 'NoInventory' }, oca, { lines: ['L2'] });
      expect(result).toMatchObject({ ok: false, blockers: [{ code: 'INVALID_ARGUMENT', fields: ['line'] }] });
    });

    it('builds a partial refund, an action no event maps to, per line', () => {
      const result = sent(
        buildLengowAction(oca, {
          marketplace: 'amazon_fr',
          marketplaceOrderId: 'A-1',
          action: 'partially_refund',
          reason: 'CustomerReturn',
          lines: ['L1'],
        }),
      );
      expect(result.request).toEqual({
        action_type: 'partially_refund',
        marketplace: 'amazon_fr',
        marketplace_order_id: 'A-1',
        line: 'L1',
        refund_reason: 'CustomerReturn',
      });
    });
  });

  describe('amazon_fr shipment: the tracking method is not a shipping method', () => {
    const order = orderOn('amazon_fr', 'WaitingForShipmentAcceptation', 'Standard');
    const ship = { type: 'SHIP', at, carrier: 'Colissimo', trackingNumber: '6A1' } as const;

    it('never sends the order\'s "Standard" tracking method as shipping_method (a PrestaShop connector bug)', () => {
      const result = sent(toLengowAction(order, ship, oca));
      expect(result.request).not.toHaveProperty('shipping_method');
      expect(Object.values(result.request)).not.toContain('Standard');
      expect(sent(toLengowAction(order, { type: 'SHIP', at }, oca)).request).toEqual({
        action_type: 'ship',
        marketplace: 'amazon_fr',
        marketplace_order_id: 'amazon_fr-1',
        shipping_date: '2024-03-06T10:00:00.000Z',
      });
    });

    it('sends the shipping method the caller gives, and keys it', () => {
      const expedited = sent(toLengowAction(order, ship, oca, { shippingMethod: 'Expedited' }));
      expect(expedited.request).toMatchObject({ carrier: 'Colissimo', tracking_number: '6A1', shipping_method: 'Expedited' });
      expect(expedited.idempotencyKey).not.toBe(sent(toLengowAction(order, ship, oca)).idempotencyKey);
      expect(expedited.idempotencyKey).not.toBe(sent(toLengowAction(order, ship, oca, { shippingMethod: 'Standard' })).idempotencyKey);
    });

    it('keys carrier and tracking, not the shipping date', () => {
      const key = (event: OrderEventInput) => sent(toLengowAction(order, event, oca)).idempotencyKey;
      expect(key({ ...ship, at: later })).toBe(key(ship));
      expect(key({ ...ship, trackingNumber: '6A2' })).not.toBe(key(ship));
      expect(key({ ...ship, carrier: 'DPD' })).not.toBe(key(ship));
      // amazon_fr's ship takes no tracking_url: the request, and so its key, is the same without it.
      expect(key({ ...ship, trackingUrl: 'https://t.example/6A1' })).toBe(key(ship));
    });
  });

  describe('galeries_lafayette: the reason is reason_code', () => {
    it('fills reason_code (it used to be MISSING_ARGUMENT although a reason was given)', () => {
      const result = sent(
        buildLengowAction(prestashop, { marketplace: 'galeries_lafayette', marketplaceOrderId: 'GL-1', action: 'refund', reason: '17' }),
      );
      expect(result.request).toEqual({ action_type: 'refund', marketplace: 'galeries_lafayette', marketplace_order_id: 'GL-1', reason_code: '17' });
    });

    it('refuses a refund of a shipped order for its status only (refund is allowed in waiting_refund), not for its reason', () => {
      const result = toLengowAction(orderOn('galeries_lafayette', 'Shipped'), { type: 'REFUND', at, reason: '17' }, prestashop);
      expect(!result.ok && result.blockers.map((b) => b.code)).toEqual(['NOT_ALLOWED_IN_STATUS']);
    });
  });

  describe('menlook: every action takes line', () => {
    const waiting = orderOn('menlook', 'WaitingForSellerAcceptation');
    const toShip = orderOn('menlook', 'WaitingForShipmentAcceptation');

    it('lets its orders be accepted and shipped (dispatch used to refuse them for a line no event carries)', () => {
      expect(dispatch(waiting, { type: 'ACCEPT', at }, { marketplaceRules: prestashop }).ok).toBe(true);
      expect(dispatch(toShip, { type: 'SHIP', at, carrier: 'La Poste', trackingNumber: '6A1' }, { marketplaceRules: prestashop }).ok).toBe(true);
    });

    it('sends one request per line, each with its own key', () => {
      const result = sent(toLengowAction(waiting, { type: 'ACCEPT', at }, prestashop, { lines: ['L1', 'L2', 'L3'] }));
      expect(result.requests.map((r) => r.request)).toEqual(
        ['L1', 'L2', 'L3'].map((line) => ({ action_type: 'accept', marketplace: 'menlook', marketplace_order_id: 'menlook-1', line })),
      );
      expect(result.request).toEqual(result.requests[0].request);
      expect(result.idempotencyKey).toBe(result.requests[0].idempotencyKey);
      expect(new Set(result.requests.map((r) => r.idempotencyKey)).size).toBe(3);
    });

    it('ships each line with the carrier as its code', () => {
      const result = sent(
        toLengowAction(toShip, { type: 'SHIP', at, carrier: 'La Poste', trackingNumber: '6A1' }, prestashop, { lines: ['L1', 'L2'] }),
      );
      expect(result.requests.map((r) => r.request)).toEqual(
        ['L1', 'L2'].map((line) => ({
          action_type: 'ship',
          marketplace: 'menlook',
          marketplace_order_id: 'menlook-1',
          line,
          carrier: 'LAPOSTE',
          tracking_number: '6A1',
        })),
      );
    });

    it('takes the lines from the event, for an order with lines: a partial acceptance is sent line by line', () => {
      const withLines = orderWithLines('menlook', 'WaitingForSellerAcceptation', [{ id: 'L1' }, { id: 'L2' }, { id: 'L3' }]);
      const event: OrderEventInput = { type: 'ACCEPT', at, lines: ['L1', 'L3'] };
      const result = sent(toLengowAction(withLines, event, prestashop));
      expect(result.requests.map((r) => r.request.line)).toEqual(['L1', 'L3']);
      // The same lines as options change nothing; other lines are refused, naming the argument.
      expect(sent(toLengowAction(withLines, event, prestashop, { lines: ['L1', 'L3'] })).requests).toEqual(result.requests);
      expect(toLengowAction(withLines, event, prestashop, { lines: ['L2'] })).toMatchObject({
        ok: false,
        blockers: [{ code: 'INVALID_ARGUMENT', fields: ['line'] }],
      });
      // A line the order has not is the lifecycle's refusal, naming it, before any request is built.
      expect(toLengowAction(withLines, { ...event, lines: ['L9'] }, prestashop)).toMatchObject({
        ok: false,
        blockers: [{ code: 'INVALID_EVENT', line: 'L9' }],
      });
    });

    it('refuses an event naming lines an order made without lines has not', () => {
      expect(explain(waiting, { type: 'ACCEPT', at, lines: ['L1'] })).toEqual([
        {
          code: 'INVALID_EVENT',
          message: 'Order menlook-1 has no line L1: it was made without lines, and is one line, itself.',
          fields: ['lines'],
          line: 'L1',
        },
      ]);
      expect(dispatch(waiting, { type: 'ACCEPT', at, lines: ['menlook-1'] }).status).toBe('AcceptedBySeller');
    });

    it('asks for lines, naming line, when none are given', () => {
      const result = toLengowAction(waiting, { type: 'ACCEPT', at }, prestashop);
      expect(result).toMatchObject({ ok: false, blockers: [{ code: 'MISSING_ARGUMENT', fields: ['line'] }] });
      expect(!result.ok && result.blockers[0].message).toContain('line (from lines: one request per line)');
    });

    it.each([
      ['lines as a string', { lines: 'L1' }, ['line']],
      ['an empty list of lines', { lines: [] }, ['line']],
      ['a line twice', { lines: ['L1', 'L1'] }, ['line']],
      ['a line id that is a number', { lines: [1] }, ['line']],
      ['a blank line id', { lines: ['L1', ' '] }, ['line']],
      ['lines misspelt line', { line: ['L1'] }, ['line']],
      ['a blank shipping method', { shippingMethod: '' }, ['shipping_method']],
    ])('refuses %s, naming the argument, and builds nothing', (_, options, fields) => {
      const result = toLengowAction(waiting, { type: 'ACCEPT', at }, prestashop, options as never);
      expect(result).toMatchObject({ ok: false, blockers: [{ code: 'INVALID_ARGUMENT', fields }] });
      expect(result).not.toHaveProperty('requests');
    });

    it('says what is wrong with the event and with the options at once', () => {
      const shipped = orderOn('menlook', 'Shipped');
      const result = toLengowAction(shipped, { type: 'ACCEPT', at }, prestashop, { lines: [] });
      expect(!result.ok && result.blockers.map((b) => b.code)).toEqual(['NOT_ALLOWED_IN_STATUS', 'INVALID_ARGUMENT']);
    });
  });

  it("refuses lines on galeries_lafayette's ship, which takes none, and sends them on its accept, which does", () => {
    const toShip = orderOn('galeries_lafayette', 'WaitingForShipmentAcceptation');
    expect(toLengowAction(toShip, { type: 'SHIP', at, carrier: 'La Poste', trackingNumber: '6A1' }, prestashop, { lines: ['L1'] })).toMatchObject({
      ok: false,
      blockers: [{ code: 'INVALID_ARGUMENT', fields: ['line'] }],
    });
    const waiting = orderOn('galeries_lafayette', 'WaitingForSellerAcceptation');
    expect(sent(toLengowAction(waiting, { type: 'ACCEPT', at }, prestashop)).requests).toHaveLength(1);
    expect(sent(toLengowAction(waiting, { type: 'ACCEPT', at }, prestashop, { lines: ['L1', 'L2'] })).requests).toHaveLength(2);
  });
});

describe('a carrier name of the seller', () => {
  const rules = createMarketplaceRules(definitions);
  const order = orderOn('mirakl_shop', 'WaitingForShipmentAcceptation');

  it('goes to carrier_name, beside the listed code it depends on', () => {
    const result = sent(toLengowAction(order, { type: 'SHIP', at, carrier: 'Other', trackingNumber: 'T1' }, rules, { carrierName: 'Coursier Vélo' }));
    expect(result.request).toMatchObject({ carrier: 'Other', carrier_name: 'Coursier Vélo', tracking_number: 'T1' });
  });

  it('names a carrier outside the list when given as the carrier itself', () => {
    const result = sent(toLengowAction(order, { type: 'SHIP', at, carrier: 'Kuehne+Nagel', trackingNumber: 'T1' }, rules));
    expect(result.request).toMatchObject({ carrier: 'Other', carrier_name: 'Kuehne+Nagel' });
  });

  it('counts in the idempotency key', () => {
    const key = (carrierName: string) =>
      sent(toLengowAction(order, { type: 'SHIP', at, carrier: 'Other', trackingNumber: 'T1' }, rules, { carrierName })).idempotencyKey;
    expect(key('A')).not.toBe(key('B'));
  });
});

describe('buildLengowAction misuse', () => {
  const rules = createMarketplaceRules(definitions);

  it('throws INVALID_INPUT for rules not made by createMarketplaceRules, or an input without its identity', () => {
    expect(thrown(() => buildLengowAction({} as never, { marketplace: 'cdiscount', marketplaceOrderId: 'C-1', action: 'accept' })).code).toBe(
      'INVALID_INPUT',
    );
    const error = thrown(() => buildLengowAction(rules, { marketplace: 'cdiscount', marketplaceOrderId: ' ', action: 'accept' }));
    expect(error.issues[0]?.path).toEqual(['marketplaceOrderId']);
    expect(thrown(() => toLengowAction(orderOn('cdiscount', 'WaitingForSellerAcceptation'), { type: 'ACCEPT', at }, rules, 'L1' as never)).code).toBe(
      'INVALID_INPUT',
    );
  });

  it('refuses a malformed value naming the marketplace argument it fills', () => {
    const result = buildLengowAction(rules, { marketplace: 'cdiscount', marketplaceOrderId: 'C-1', action: 'refund', amount: 'twelve' });
    expect(result).toMatchObject({ ok: false, blockers: [{ code: 'INVALID_ARGUMENT', fields: ['amount'] }] });
    const reason = buildLengowAction(rules, { marketplace: 'cdiscount', marketplaceOrderId: 'C-1', action: 'cancel', reason: 7 as never });
    expect(reason).toMatchObject({ ok: false, blockers: [{ code: 'INVALID_ARGUMENT', fields: ['reason'] }] });
  });
});
