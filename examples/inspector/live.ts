/**
 * Orders watched live, with no internet: the live view of `order-status-machine/live` on 127.0.0.1, fed by
 * `createWebSocketInspector` from `@statelyai/inspect`, unchanged, as it would feed Stately's inspector.
 * Three orders run side by side: the demo's story (a refusal in Lengow's maintenance window, a shipment
 * refused without tracking number, a refund), a cancellation the seller declines then accepts, and an order
 * the seller refuses.
 *
 *   npm run live                 open the printed address; Ctrl+C to stop
 *   npm run live -- --port 9000  another port
 *   npm run live -- --exit       stop once the stories are told (CI runs this)
 */
import { parseArgs } from 'node:util';
import { createWebSocketInspector } from '@statelyai/inspect';
import { createOrderActor, type OrderEventInput } from 'order-status-machine';
import { startLiveView } from 'order-status-machine/live';
import { bundleLivePage } from './live-page.js';
import { calendar, story } from './story.js';

const { values: args } = parseArgs({
  options: { port: { type: 'string', default: '8080' }, exit: { type: 'boolean', default: false } },
});

const stories: { readonly orderId: string; readonly deliveryMode: string; readonly events: readonly OrderEventInput[] }[] = [
  { orderId: 'CD-240221-0042', deliveryMode: 'TRK', events: story },
  {
    orderId: 'CD-240222-0107',
    deliveryMode: 'TRK',
    events: [
      { type: 'ACCEPT', at: '2024-02-22T09:00:00Z' },
      { type: 'PAYMENT_CONFIRMED', at: '2024-02-22T09:20:00Z' },
      { type: 'CANCELLATION_REQUESTED', at: '2024-02-22T10:00:00Z' },
      { type: 'DECLINE_CANCELLATION', at: '2024-02-22T10:30:00Z' },
      { type: 'CANCELLATION_REQUESTED', at: '2024-02-22T11:00:00Z' },
      { type: 'ACCEPT_CANCELLATION', at: '2024-02-22T11:15:00Z' },
    ],
  },
  {
    orderId: 'CD-240223-0311',
    deliveryMode: 'STD',
    events: [
      { type: 'SHIP', at: '2024-02-23T08:00:00Z' }, // not accepted yet: refused
      { type: 'REFUSE', at: '2024-02-23T08:30:00Z' },
    ],
  },
];

const view = await startLiveView({ port: Number(args.port), pageScript: await bundleLivePage(), options: { calendar } });
console.log(`Live view: ${view.url}  (inspector URL: ${view.inspectorUrl})`);
const inspector = createWebSocketInspector({ url: view.inspectorUrl });
const pause = args.exit ? 0 : 600;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const actors = stories.map(({ orderId, deliveryMode }) =>
  createOrderActor({
    input: { orderId, marketplace: 'cdiscount', channel: 'lengow', deliveryMode },
    options: { calendar },
    inspect: inspector.inspect,
  }).start(),
);
const longest = Math.max(...stories.map((s) => s.events.length));
for (let step = 0; step < longest; step++) {
  await sleep(pause);
  stories.forEach((s, i) => {
    const event = s.events[step];
    if (event) actors[i]?.send(event);
  });
}

// The inspector sends on idle callbacks: wait until the view has every event.
const expected = stories.reduce((sum, s) => sum + s.events.length, 0);
const told = () => view.state().orders.reduce((sum, order) => sum + order.timeline.length, 0);
for (let tries = 0; told() < expected && tries < 100; tries++) await sleep(50);
for (const order of view.state().orders) {
  const refused = order.timeline
    .filter((entry) => entry.outcome === 'refused')
    .map((entry) => `${entry.type} (${entry.blockers.map((b) => b.code).join(', ')})`);
  console.log(`${order.orderId}: ${order.status}; refused: ${refused.join('; ') || 'none'}`);
}

if (args.exit) {
  inspector.stop();
  await view.close();
} else {
  console.log('Serving; Ctrl+C to stop.');
  process.once('SIGINT', () => {
    inspector.stop();
    void view.close().then(() => process.exit(0));
  });
}
