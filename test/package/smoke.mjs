// Loads the built package through its exports map, as ESM, and walks one order.
import assert from 'node:assert/strict';
import { createOrder, dispatch, orderMachine, ORDER_STATUSES } from 'order-status-machine';

assert.equal(ORDER_STATUSES.length, 19);
assert.equal(orderMachine.id, 'order');
const order = createOrder({ orderId: 'ESM-1', marketplace: 'cdiscount', createdAt: '2024-01-01T00:00:00Z' });
const result = dispatch(order, { type: 'ACCEPT', at: '2024-01-01T01:00:00Z' });
assert.equal(result.status, 'AcceptedBySeller');
console.log('ESM import of the built package: ok');

// Every subpath loads through the exports map.
const lengow = await import('order-status-machine/lengow');
const postgres = await import('order-status-machine/postgres');
const testing = await import('order-status-machine/testing');
const matchers = await import('order-status-machine/vitest');
assert.equal(typeof lengow.importLengowOrder, 'function');
assert.equal(typeof postgres.createPostgresOrderStore, 'function');
assert.equal(typeof testing.buildOrder, 'function');
assert.equal(typeof matchers.orderMatchers.toBeRefusedWith, 'function');
console.log('ESM import of every subpath: ok');

// The live view serves the page built beside its entry.
const { startLiveView } = await import('order-status-machine/live');
const view = await startLiveView({ port: 0 });
const page = await fetch(`${view.url}page.js`);
assert.equal(page.status, 200);
assert.ok((await page.text()).length > 10_000, 'the page script is the built bundle');
await view.close();
console.log('ESM live view with its built page: ok');
