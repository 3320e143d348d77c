// Loads the built package through its exports map, as ESM, and walks one order.
import assert from 'node:assert/strict';
import { createOrder, dispatch, orderMachine, ORDER_STATUSES } from 'order-status-machine';

assert.equal(ORDER_STATUSES.length, 19);
assert.equal(orderMachine.id, 'order');
const order = createOrder({ orderId: 'ESM-1', marketplace: 'cdiscount', createdAt: '2024-01-01T00:00:00Z' });
const result = dispatch(order, { type: 'ACCEPT', at: '2024-01-01T01:00:00Z' });
assert.equal(result.status, 'AcceptedBySeller');
console.log('ESM import of the built package: ok');
