/**
 * Browser side of the inspector example: runs one order in an actor inspected by `createBrowserInspector`.
 * Build and serve it with esbuild (see README.md in this folder):
 *
 *   npx esbuild examples/inspector/main.ts --bundle --format=esm --outdir=examples/inspector/dist \
 *     --servedir=examples/inspector
 */
import { createBrowserInspector } from '@statelyai/inspect';
import { createOrder, createOrderActor, redactBuyerData, toMermaid, type OrderRejected } from 'order-status-machine';
import { OFFLINE_ADVICE, calendar, outcomeOf, statelyReachable, story } from './story.js';

const timeline = document.querySelector<HTMLOListElement>('#timeline')!;
const diagram = document.querySelector<HTMLPreElement>('#diagram')!;
const offline = document.querySelector<HTMLParagraphElement>('#offline')!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(): Promise<void> {
  // Opened on a click: browsers block pop-ups that a page opens by itself. Offline, the pop-up would only
  // show the browser's error page: say so, and tell the story in this page alone.
  const online = await statelyReachable();
  offline.hidden = online;
  offline.textContent = online ? '' : OFFLINE_ADVICE;
  const inspector = online ? createBrowserInspector({ sanitizeContext: redactBuyerData, sanitizeEvent: redactBuyerData }) : undefined;
  const actor = createOrderActor({
    input: { orderId: 'CD-240221-0042', marketplace: 'cdiscount', channel: 'lengow', deliveryMode: 'TRK' },
    options: { calendar },
    inspect: inspector?.inspect,
  });
  // "Refused" comes from the actor's refusal report, not from an unchanged status (a refund keeps it).
  const refusals: OrderRejected[] = [];
  actor.on('order.rejected', (rejected) => refusals.push(rejected));
  actor.start();
  timeline.replaceChildren();
  for (const event of story) {
    await sleep(700);
    const refused = refusals.length;
    const before = actor.getSnapshot().value;
    actor.send(event);
    const after = actor.getSnapshot().value;
    const item = document.createElement('li');
    const refusal = refusals[refused];
    const outcome = outcomeOf(String(before), String(after), refusal);
    item.textContent = `${event.at}  ${event.type}: ${outcome}`;
    if (refusal) item.className = 'refused';
    timeline.append(item);
    diagram.textContent = toMermaid(undefined, { highlight: String(after) });
  }
}

diagram.textContent = toMermaid(undefined, {
  highlight: createOrder({ orderId: 'CD-240221-0042', marketplace: 'cdiscount', createdAt: '2024-02-21T18:40:00Z' }),
});
document.querySelector('#run')!.addEventListener('click', () => void run());
