/**
 * Browser side of the inspector example: runs one order in an actor inspected by `createBrowserInspector`.
 * Build and serve it with esbuild (see README.md in this folder):
 *
 *   npx esbuild examples/inspector/main.ts --bundle --format=esm --outdir=examples/inspector/dist \
 *     --servedir=examples/inspector
 */
import { createBrowserInspector } from '@statelyai/inspect';
import { createActor } from 'xstate';
import { createOrder, createOrderMachine, redactBuyerData, toMermaid } from 'order-status-machine';
import { calendar, story } from './story.js';

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
