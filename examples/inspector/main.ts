/**
 * Browser side of the inspector example: runs one order in an actor inspected by `createBrowserInspector`.
 * Build and serve it with esbuild (see README.md in this folder):
 *
 *   npx esbuild examples/inspector/main.ts --bundle --format=esm --outdir=examples/inspector/dist \
 *     --servedir=examples/inspector
 */
import { createBrowserInspector } from '@statelyai/inspect';
import { createActor } from 'xstate';
import { createMaintenanceCalendar, createOrder, createOrderMachine, type OrderEventInput } from 'order-status-machine';
// Not in the public barrel yet (issue 6).
import { toMermaid } from 'order-status-machine';
import { redactBuyerData } from 'order-status-machine';

const calendar = createMaintenanceCalendar([
  { start: '2024-02-21T20:00', end: '2024-02-21T23:00', timeZone: 'Europe/Paris', label: 'Lengow maintenance' },
]);

const story: OrderEventInput[] = [
  { type: 'ACCEPT', at: '2024-02-21T19:30:00Z' }, // inside the window: no transition
  { type: 'ACCEPT', at: '2024-02-21T22:00:00Z' },
  { type: 'PAYMENT_STARTED', at: '2024-02-21T22:10:00Z' },
  { type: 'PAYMENT_CONFIRMED', at: '2024-02-21T22:20:00Z' },
  { type: 'SHIP', at: '2024-02-22T08:00:00Z', carrier: 'Colissimo' }, // no tracking number: no transition
  { type: 'SHIP', at: '2024-02-22T08:05:00Z', carrier: 'Colissimo', trackingNumber: '6A12345678901' },
  { type: 'SHIPMENT_CONFIRMED', at: '2024-02-22T12:00:00Z' },
  { type: 'REFUND', at: '2024-02-26T09:00:00Z', amount: 4.9, reason: 'damaged box' },
];

const timeline = document.querySelector<HTMLOListElement>('#timeline')!;
const diagram = document.querySelector<HTMLPreElement>('#diagram')!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(): Promise<void> {
  // Opened on a click: browsers block pop-ups that a page opens by itself.
  const inspector = createBrowserInspector({ sanitizeContext: redactBuyerData, sanitizeEvent: redactBuyerData });
  const actor = createActor(createOrderMachine({ calendar }), {
    input: { orderId: 'CD-240221-0042', marketplace: 'cdiscount', channel: 'lengow', deliveryMode: 'TRK' },
    inspect: inspector.inspect,
  }).start();
  timeline.replaceChildren();
  for (const event of story) {
    await sleep(700);
    const before = actor.getSnapshot().value;
    actor.send(event);
    const after = actor.getSnapshot().value;
    const item = document.createElement('li');
    item.textContent = `${event.at}  ${event.type}: ${before === after ? `refused, stays ${after}` : `${before} -> ${after}`}`;
    if (before === after && event.type !== 'REFUND') item.className = 'refused';
    timeline.append(item);
    diagram.textContent = toMermaid(undefined, { highlight: String(after) });
  }
}

diagram.textContent = toMermaid(undefined, {
  highlight: createOrder({ orderId: 'CD-240221-0042', marketplace: 'cdiscount', createdAt: '2024-02-21T18:40:00Z' }),
});
document.querySelector('#run')!.addEventListener('click', () => void run());
