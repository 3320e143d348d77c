/**
 * One order's story in the Stately inspector, from Node: a local inspector server (from
 * `@statelyai/inspect/server`) bridges the actor's events to https://stately.ai/inspect in your browser,
 * through `createWebSocketInspector`. The same events are always written as JSON lines to
 * `.inspection/<order>.jsonl` (buyer data redacted), so nothing is lost when the inspector cannot be reached.
 *
 *   npx tsx examples/inspector/node.ts              start the server, open the browser, keep serving (Ctrl+C)
 *   npx tsx examples/inspector/node.ts --no-open    same, without opening a browser
 *   npx tsx examples/inspector/node.ts --url ws://localhost:8080   use an inspector server already running
 *   npx tsx examples/inspector/node.ts --exit       stop once the story is told
 *   npx tsx examples/inspector/node.ts --dry        no server, no socket: the JSON lines only (CI)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createWebSocketInspector } from '@statelyai/inspect';
import { createInspectorServer } from '@statelyai/inspect/server';
import { WebSocket } from 'ws';
import type { InspectionEvent } from 'xstate';
import { createInspectionLog, createOrderActor, redactBuyerData, type OrderRejected } from 'order-status-machine';
import { OFFLINE_ADVICE, calendar, outcomeOf, statelyReachable, story } from './story.js';

const { values: args } = parseArgs({
  options: {
    dry: { type: 'boolean', default: false },
    url: { type: 'string' },
    port: { type: 'string', default: '8080' },
    'no-open': { type: 'boolean', default: false },
    exit: { type: 'boolean', default: false },
  },
});

/** Resolves true when a WebSocket server answers at `url` within `ms`. */
function reachable(url: string, ms = 3000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.terminate();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), ms);
    socket.once('open', () => done(true));
    socket.once('error', () => done(false));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- where the events go ----------------------------------------------------------------------------

const orderId = 'CD-240221-0042';
const logPath = fileURLToPath(new URL(`../../.inspection/${orderId}.jsonl`, import.meta.url));
mkdirSync(fileURLToPath(new URL('../../.inspection/', import.meta.url)), { recursive: true });
const lines: string[] = [];
const log = createInspectionLog({ write: (line) => lines.push(line) });

let server: { stop(): void } | undefined;
let live: ReturnType<typeof createWebSocketInspector> | undefined;
if (!args.dry && !(await statelyReachable())) {
  // The local relay would connect, but the page it serves embeds stately.ai: it would stay an error page.
  console.log(OFFLINE_ADVICE);
  console.log('Writing the inspection log only.');
} else if (!args.dry) {
  const port = Number(args.port);
  if (args.url === undefined) server = createInspectorServer({ port, autoOpen: !args['no-open'] });
  const url = args.url ?? `ws://localhost:${port}`;
  if (await reachable(url)) {
    live = createWebSocketInspector({ url, sanitizeContext: redactBuyerData, sanitizeEvent: redactBuyerData });
    console.log(`Inspector connected at ${url}${server ? ` (open http://localhost:${port} in a browser)` : ''}`);
  } else {
    console.log(`No inspector reachable at ${url}: writing the inspection log only.`);
    server?.stop();
    server = undefined;
  }
}

const inspect = (event: InspectionEvent) => {
  log(event);
  live?.inspect.next?.(event);
};

// ---- the story (the same as `npm run demo`, told by an actor) -----------------------------------------

const actor = createOrderActor({
  input: { orderId, marketplace: 'cdiscount', channel: 'lengow', deliveryMode: 'TRK' },
  options: { calendar },
  inspect,
});
// The actor reports each refusal with its blockers: that, not an unchanged status, says an event was refused.
const refusals: OrderRejected[] = [];
actor.on('order.rejected', (rejected) => refusals.push(rejected));
actor.start();

for (const event of story) {
  const refused = refusals.length;
  const before = actor.getSnapshot().value;
  actor.send(event);
  const after = actor.getSnapshot().value;
  const refusal = refusals[refused];
  const outcome = outcomeOf(String(before), String(after), refusal);
  console.log(`${event.at}  ${event.type.padEnd(18)} ${outcome}`);
  // Give the live inspector time to draw each step.
  if (live) await sleep(400);
}

writeFileSync(logPath, lines.map((line) => `${line}\n`).join(''));
console.log(`\n${lines.length} inspection events written to ${logPath}`);
console.log(`Replay them offline in the live view: npx order-status-machine-live ${logPath}`);

if (live && server && !args.exit) {
  console.log(`Serving the inspector at http://localhost:${args.port}; Ctrl+C to stop.`);
  process.once('SIGINT', () => {
    live?.stop();
    server?.stop();
    process.exit(0);
  });
} else {
  // The inspector sends on idle callbacks: let them run, then close everything so the process exits.
  await sleep(live ? 500 : 0);
  actor.stop();
  live?.stop();
  server?.stop();
}
