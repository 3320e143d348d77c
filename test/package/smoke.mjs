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

// The diagram entry draws what the root draws, and its built files import neither zod nor xstate.
{
  const diagram = await import('order-status-machine/diagram');
  const { toMermaid, octopiaLifecycle } = await import('order-status-machine');
  assert.equal(diagram.toMermaid(), toMermaid());
  assert.equal(
    diagram.toMermaid(diagram.octopiaChart, { labels: true, highlight: 'Shipped' }),
    toMermaid(octopiaLifecycle, { labels: true, highlight: 'Shipped' }),
  );
  assert.equal(diagram.cdiscountChart.initial, 'WaitingForSellerAcceptation');
  const { createRequire } = await import('node:module');
  const { readFileSync } = await import('node:fs');
  const { dirname, join } = await import('node:path');
  const entry = createRequire(import.meta.url)
    .resolve('order-status-machine/diagram')
    .replace(/\.cjs$/, '.js');
  const seen = new Set();
  const walk = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*["']([^"']+)["']/g)) {
      assert.ok(specifier.startsWith('.'), `the diagram entry imports ${specifier}`);
      walk(join(dirname(file), specifier));
    }
  };
  walk(entry);
  assert.ok(seen.size > 1, 'the walk follows the entry into its chunks');
  console.log('ESM import of the diagram entry, without zod or xstate: ok');
}

// The live view serves the page built beside its entry.
const { startLiveView } = await import('order-status-machine/live');
const view = await startLiveView({ port: 0 });
const page = await fetch(`${view.url}page.js`);
assert.equal(page.status, 200);
assert.ok((await page.text()).length > 10_000, 'the page script is the built bundle');
await view.close();
console.log('ESM live view with its built page: ok');

// The bin replays an inspection log written by the built package, and serves it.
{
  const { spawn } = await import('node:child_process');
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { createActor } = await import('xstate');
  const { createInspectionLog } = await import('order-status-machine');
  const lines = [];
  const actor = createActor(orderMachine, {
    input: { orderId: 'BIN-1', marketplace: 'cdiscount' },
    inspect: createInspectionLog({ write: (line) => lines.push(line) }),
  }).start();
  actor.send({ type: 'ACCEPT', at: '2024-01-01T01:00:00Z' });
  const log = join(mkdtempSync(join(tmpdir(), 'osm-live-')), 'order.jsonl');
  writeFileSync(log, `${lines.join('\n')}\n`);
  // The bin as package.json declares it.
  const { createRequire } = await import('node:module');
  const { dirname } = await import('node:path');
  const manifest = createRequire(import.meta.url).resolve('order-status-machine/package.json');
  const binPath = join(dirname(manifest), (await import(manifest, { with: { type: 'json' } })).default.bin['order-status-machine-live']);
  const bin = spawn(process.execPath, [binPath, '--port', '0', log], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    bin.stdout.on('data', (chunk) => {
      out += chunk;
      const found = out.match(/Live view: (\S+)/);
      if (found) resolve(found[1]);
    });
    bin.once('exit', (code) => reject(new Error(`the bin exited (${code}): ${out}`)));
  });
  const state = await (await fetch(`${url}state.json`)).json();
  bin.kill();
  assert.deepEqual(
    state.orders.map((o) => [o.orderId, o.status]),
    [['BIN-1', 'AcceptedBySeller']],
  );
  console.log('the order-status-machine-live bin: ok');
}
