import { describe, expectTypeOf, it } from 'vitest';
import type { SnapshotFrom } from 'xstate';
import {
  createOrder,
  dispatch,
  explain,
  availableActions,
  type orderMachine,
  type Blocker,
  type Explanation,
  type WarningCode,
  type BlockerCode,
  type DispatchResult,
  type OrderEvent,
  type OrderEventInput,
  type OrderRecord,
  type OrderStatus,
  type SellerActionType,
  type toSnapshot,
  type AvailableAction,
  type applyWithRetry,
  cdiscountLifecycle,
  createInMemoryOrderStore,
  octopiaLifecycle,
  type OctopiaOrderRecord,
  type OrderStep,
  type OrderStore,
} from 'order-status-machine';

// Type tests: checked by `tsc` (npm test runs it first); the runtime bodies only keep vitest content.
type IsAny<T> = 0 extends 1 & T ? true : false;

describe('public types', () => {
  it('infers the event union from the zod schemas, discriminated by type', () => {
    expectTypeOf<OrderEventInput['type']>().toEqualTypeOf<OrderEvent['type']>();
    expectTypeOf<Extract<OrderEventInput, { type: 'SHIP' }>>().toHaveProperty('trackingNumber');
    // An amount is a number or a decimal string (issue 13, item 2); validated, it is the number it denotes.
    expectTypeOf<Extract<OrderEventInput, { type: 'REFUND' }>['amount']>().toEqualTypeOf<number | string | undefined>();
    expectTypeOf<Extract<OrderEvent, { type: 'REFUND' }>['amount']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Extract<OrderEventInput, { type: 'ACCEPT' }>['at']>().toEqualTypeOf<string | Date>();
    expectTypeOf<Extract<OrderEvent, { type: 'ACCEPT' }>['at']>().toEqualTypeOf<string>();
    expectTypeOf<Extract<OrderEvent, { type: 'MARKETPLACE_STATUS_CHANGED' }>['status']>().toEqualTypeOf<OrderStatus>();
    expectTypeOf<SellerActionType>().toEqualTypeOf<
      | 'ACCEPT'
      | 'REFUSE'
      | 'SHIP'
      | 'REFUSE_SHIPMENT'
      | 'MAKE_AVAILABLE_IN_STORE'
      | 'CONFIRM_PICKUP'
      | 'ACCEPT_CANCELLATION'
      | 'DECLINE_CANCELLATION'
      | 'REFUND'
    >();
  });

  it('types dispatch results without any, narrowed by ok', () => {
    const order = createOrder({ orderId: 'T', marketplace: 'cdiscount', createdAt: '2024-01-01T00:00:00Z' });
    const result = dispatch(order, { type: 'ACCEPT', at: '2024-01-01T01:00:00Z' });
    expectTypeOf(result).toEqualTypeOf<DispatchResult>();
    expectTypeOf<IsAny<DispatchResult>>().toEqualTypeOf<false>();
    expectTypeOf(result.status).toEqualTypeOf<OrderStatus>();
    expectTypeOf(result.order).toEqualTypeOf<OrderRecord>();
    if (result.ok) {
      expectTypeOf(result.blockers).toEqualTypeOf<readonly []>();
    } else {
      expectTypeOf(result.blockers[0]).toEqualTypeOf<Blocker>();
      expectTypeOf(result.blockers[0].code).toEqualTypeOf<BlockerCode>();
      expectTypeOf(result.changed).toEqualTypeOf<false>();
    }
    expectTypeOf(explain(order, { type: 'ACCEPT', at: '2024-01-01T00:00:00Z' })).toEqualTypeOf<Blocker[]>();
    expectTypeOf(explain(order, { type: 'ACCEPT', at: '2024-01-01T00:00:00Z' }, { details: true })).toEqualTypeOf<Explanation>();
    expectTypeOf<Explanation['warnings'][number]['code']>().toEqualTypeOf<WarningCode>();
    expectTypeOf(availableActions(order, { at: '2024-01-01T00:00:00Z' })).toEqualTypeOf<SellerActionType[]>();
    expectTypeOf(availableActions(order, { at: '2024-01-01T00:00:00Z', details: true })).toEqualTypeOf<AvailableAction<SellerActionType>[]>();
  });

  it('types the machine from its definition: status values, context and events', () => {
    type Snapshot = SnapshotFrom<typeof orderMachine>;
    expectTypeOf<IsAny<Snapshot['context']>>().toEqualTypeOf<false>();
    expectTypeOf<Snapshot['context']['orderId']>().toEqualTypeOf<string>();
    expectTypeOf<Parameters<typeof orderMachine.transition>[1]>().toEqualTypeOf<OrderEventInput>();
    expectTypeOf<ReturnType<typeof toSnapshot>['value']>().toEqualTypeOf<OrderStatus>();
    expectTypeOf<OrderRecord['status']>().toEqualTypeOf<OrderStatus>();
  });

  it('refuses ill-typed events at compile time', () => {
    const order = createOrder({ orderId: 'T', marketplace: 'cdiscount', createdAt: '2024-01-01T00:00:00Z' });
    // @ts-expect-error: amount is a number or a decimal string
    dispatch(order, { type: 'REFUND', at: '2024-01-01T00:00:00Z', amount: true });
    // @ts-expect-error: no such event type
    explain(order, { type: 'TELEPORT', at: '2024-01-01T00:00:00Z' });
    // @ts-expect-error: at is required
    dispatch(order, { type: 'ACCEPT' });
    // @ts-expect-error: SHIP has no amount
    dispatch(order, { type: 'SHIP', at: '2024-01-01T00:00:00Z', amount: 3 });
  });

  it('types a store of both vocabularies: its records narrow with lifecycle.owns, a default store stays legacy', async () => {
    const both = createInMemoryOrderStore({ lifecycles: [cdiscountLifecycle, octopiaLifecycle] });
    const legacy = createInMemoryOrderStore();
    expectTypeOf(legacy).toEqualTypeOf<OrderStore>();
    const key = { marketplace: 'cdiscount', orderId: 'T' };
    const order = await both.load(key);
    expectTypeOf(order).toEqualTypeOf<OrderRecord | OctopiaOrderRecord | undefined>();
    if (order && octopiaLifecycle.owns(order)) expectTypeOf(order).toEqualTypeOf<OctopiaOrderRecord>();
    else if (order) expectTypeOf(order).toEqualTypeOf<OrderRecord>();
    // A default store's events stay typed; a store of other lifecycles takes any event, checked at run time.
    expectTypeOf<Parameters<typeof applyWithRetry<OrderRecord>>[2]>().toEqualTypeOf<OrderStep | OrderEventInput>();
  });
});
