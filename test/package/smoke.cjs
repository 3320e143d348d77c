// Loads the built package through its exports map, as CommonJS, and walks one order.
const assert = require('node:assert/strict');
const { createOrder, dispatch, isOrderMachineError } = require('order-status-machine');

const order = createOrder({ orderId: 'CJS-1', marketplace: 'cdiscount', createdAt: '2024-01-01T00:00:00Z' });
const result = dispatch(order, { type: 'REFUSE', at: '2024-01-01T01:00:00Z' });
assert.equal(result.status, 'RefusedBySeller');
assert.throws(
  () => createOrder({}),
  (error) => isOrderMachineError(error) && error.code === 'INVALID_INPUT',
);
console.log('CJS require of the built package: ok');

// Every subpath loads through the exports map.
for (const [path, name] of [
  ['order-status-machine/lengow', 'importLengowOrder'],
  ['order-status-machine/postgres', 'createPostgresOrderStore'],
  ['order-status-machine/testing', 'buildOrder'],
]) {
  assert.equal(typeof require(path)[name], 'function', path);
}
assert.equal(typeof require('order-status-machine/vitest').orderMatchers.toBeInStatus, 'function');
console.log('CJS require of every subpath: ok');

// The diagram entry draws what the root draws.
{
  const diagram = require('order-status-machine/diagram');
  const { toMermaid, octopiaLifecycle } = require('order-status-machine');
  assert.equal(diagram.toMermaid(), toMermaid());
  assert.equal(diagram.toMermaid(diagram.octopiaChart, { marketplaceReports: true }), toMermaid(octopiaLifecycle, { marketplaceReports: true }));
  console.log('CJS require of the diagram entry: ok');
}

// The live view finds its page beside its CommonJS entry too.
require('order-status-machine/live')
  .startLiveView({ port: 0 })
  .then(async (view) => {
    const page = await fetch(`${view.url}page.js`);
    assert.equal(page.status, 200);
    await view.close();
    console.log('CJS live view with its built page: ok');
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
