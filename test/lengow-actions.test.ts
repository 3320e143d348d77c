/*
 * Issue 12, item 2: Lengow's action records settle the pending seller action. Lengow's connectors read a
 * record as queued (still in Lengow), sent (queued false, processed false, no errors: waiting for the
 * marketplace), done (processed, no errors) or in error (errors set), and finish the action on the last two
 * (DOMAIN.md section 10, "Actions are asynchronous"). The records here are Lengow's own fixtures.
 */
import { describe, expect, it } from 'vitest';
import { createOrder, dispatch, type OrderRecord } from 'order-status-machine';
import { lengowActionRecordSchema, lengowActionState, syncLengowAction } from 'order-status-machine/lengow';
import { hasRealLengow, readRealLengow, realLengowTitle } from './support/lengow-real.js';

type Page = { results: Record<string, unknown>[] };

/** The galeries_lafayette order the fixtures' actions are about, paid and waiting for its shipment. */
const paid = () =>
  createOrder({
    orderId: '1300435653833-A',
    marketplace: 'galeries_lafayette',
    channel: 'lengow',
    deliveryMode: 'TRK',
    status: 'WaitingForShipmentAcceptation',
    createdAt: '2016-02-08T10:00:00Z',
  });
const ship = { type: 'SHIP', at: '2016-02-08T15:26:00Z', id: 'ship-1', carrier: 'LAPOSTE', trackingNumber: 'tototo' } as const;
const shipped = (): OrderRecord => dispatch(paid(), ship).order;

describe.skipIf(!hasRealLengow)(realLengowTitle("Lengow's action records, from its connectors' fixtures"), () => {
  const queued = () => readRealLengow<Page>('prestashop/Order/send_tracking_queued.json').results[0]!;
  const sent = () => readRealLengow<Record<string, unknown>>('prestashop/Order/send_tracking_post.json');
  const done = () => readRealLengow<Record<string, unknown>>('prestashop/Action/sync_queued_action.json');

  it('reads each record as its connectors do', () => {
    expect(lengowActionState(lengowActionRecordSchema.parse(queued()))).toBe('queued');
    expect(lengowActionState(lengowActionRecordSchema.parse(sent()))).toBe('sent');
    expect(lengowActionState(lengowActionRecordSchema.parse(done()))).toBe('done');
    expect(lengowActionState(lengowActionRecordSchema.parse({ ...sent(), errors: 'Invalid tracking number' }))).toBe('error');
    // Errors win whatever the flags say: Lengow's connectors record them on the order.
    expect(lengowActionState(lengowActionRecordSchema.parse({ ...done(), errors: ['Carrier unknown'] }))).toBe('error');
  });

  it('keeps the Lengow id of the action sent, then confirms it when the marketplace took it', () => {
    const known = syncLengowAction(shipped(), sent());
    expect(known).toMatchObject({ ok: true, changed: true, status: 'ShippedBySeller' });
    expect(known.order.context.pendingAction).toMatchObject({ type: 'SHIP', actionId: '1' });
    // The same record again changes nothing.
    expect(syncLengowAction(known.order, sent())).toMatchObject({ ok: true, duplicate: true });
    const confirmed = syncLengowAction(known.order, done());
    expect(confirmed).toMatchObject({ ok: true, changed: true, status: 'ShippedBySeller' });
    expect(confirmed.order.context.pendingAction).toBeUndefined();
  });

  it('takes a queued record as known to Lengow, not yet sent', () => {
    const result = syncLengowAction(shipped(), queued());
    expect(result).toMatchObject({ ok: true, status: 'ShippedBySeller' });
    expect(result.order.context.pendingAction?.actionId).toBe('1');
  });

  it('rejects the shipment the marketplace turned down, and the seller ships again', () => {
    const error = { ...sent(), processed: true, errors: 'The tracking number is not valid for this carrier', updated_at: '2016-02-08T16:00:00Z' };
    const rejected = syncLengowAction(shipped(), error);
    expect(rejected).toMatchObject({ ok: true, changed: true, status: 'WaitingForShipmentAcceptation', anomaly: 'ACTION_REJECTED' });
    expect(rejected.audit).toMatchObject({ detail: 'The tracking number is not valid for this carrier', eventId: 'lengow-action:1:error' });
    expect(rejected.order.context.shipment).toBeNull();
    const again = dispatch(rejected.order, { ...ship, id: 'ship-2', at: '2016-02-08T17:00:00Z', trackingNumber: '6A12345678901' });
    expect(again).toMatchObject({ ok: true, status: 'ShippedBySeller' });
    expect(again.order.context.pendingAction).toMatchObject({ type: 'SHIP', eventId: 'ship-2', actionId: null });
  });

  it('settles nothing from the record of another of Lengow actions', () => {
    const known = syncLengowAction(shipped(), sent()).order; // Lengow action 1
    const other = { ...sent(), id: 2, processed: true, errors: 'Refused', updated_at: '2016-02-08T16:00:00Z' };
    const result = syncLengowAction(known, other);
    expect(result).toMatchObject({ ok: false, order: known, blockers: [{ code: 'NOT_ALLOWED_IN_STATUS' }] });
    expect(known.context.pendingAction?.actionId).toBe('1');
  });

  it('refuses a record of another order, or of an action the lifecycle does not send, naming the field', () => {
    const order = shipped();
    expect(syncLengowAction(order, { ...sent(), marketplace_order_id: 'OTHER' })).toMatchObject({
      ok: false,
      order,
      blockers: [{ code: 'INVALID_EVENT', fields: ['marketplace', 'marketplace_order_id'] }],
    });
    expect(syncLengowAction(order, { ...sent(), action_type: 'teleport' })).toMatchObject({
      ok: false,
      blockers: [{ code: 'INVALID_EVENT', fields: ['action_type'] }],
    });
  });

  it('refuses a malformed record, naming each field, and leaves the pending action as it was', () => {
    const order = shipped();
    const result = syncLengowAction(order, { ...sent(), processed: 'yes', updated_at: 'yesterday' });
    expect(result).toMatchObject({ ok: false, order, blockers: [{ code: 'INVALID_EVENT' }] });
    expect(result.blockers[0]?.fields).toEqual(['processed', 'updated_at']);
    expect(result.order.context.pendingAction).toEqual(order.context.pendingAction);
  });
});
