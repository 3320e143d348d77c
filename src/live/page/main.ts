import type { ChartGraph } from '../../diagram/graph.js';
import type { LiveEntry, LiveOrder } from '../orders.js';
import { drawGraph, highlighted, type Drawing } from './diagram.js';
import { VIEW_PATH, type ViewMessage } from './protocol.js';

/*
 * The live view's page: one card per order (its diagram with the current status highlighted, its timeline
 * with every refusal and its blockers, its redacted context), side by side, updated as the server sends.
 */

const list = document.getElementById('orders') as HTMLElement;
const empty = document.getElementById('empty') as HTMLElement;
const connection = document.getElementById('connection') as HTMLElement;
const count = document.getElementById('count') as HTMLElement;

/** The performance mark set once the first orders are on the page. */
const FIRST_DRAW = 'live-view:first-draw';

const graphs = new Map<string, ChartGraph>();
const drawings = new Map<string, Drawing | null>();
const orders = new Map<string, LiveOrder>();
const cards = new Map<string, HTMLElement>();
let order: readonly string[] = [];

function html<K extends keyof HTMLElementTagNameMap>(
  name: K,
  attributes: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  node.append(...children);
  return node;
}

/** The machine's drawing, made once; `null` when its definition cannot be drawn (its orders are shown without). */
function drawingOf(machine: string): Drawing | null {
  const known = drawings.get(machine);
  if (known !== undefined) return known;
  const graph = graphs.get(machine);
  if (!graph) return null;
  let drawing: Drawing | null = null;
  try {
    drawing = drawGraph(graph);
  } catch (error) {
    console.warn(`live view: the diagram of ${machine} could not be drawn`, error);
  }
  drawings.set(machine, drawing);
  return drawing;
}

const OUTCOME_TEXT: Record<LiveEntry['outcome'], (entry: LiveEntry) => string> = {
  moved: (entry) => `${entry.from ?? '?'} → ${entry.to}`,
  applied: (entry) => `applied, stays ${entry.to}`,
  refused: (entry) => `refused, stays ${entry.to}`,
  unchanged: (entry) => `no transition, stays ${entry.to}`,
};

function entryItem(entry: LiveEntry): HTMLLIElement {
  const item = html(
    'li',
    { class: entry.outcome, 'data-type': entry.type, 'data-outcome': entry.outcome },
    html('span', { class: 'when' }, entry.at ?? ''),
    html('span', { class: 'type' }, entry.type),
    html('span', { class: 'outcome' }, OUTCOME_TEXT[entry.outcome](entry)),
  );
  if (entry.blockers.length > 0) {
    const reasons = html('ul', { class: 'blockers' });
    for (const blocker of entry.blockers) {
      const retry = blocker.retryAt ? html('span', { class: 'retry', 'data-retry-at': blocker.retryAt }, ` Retry at ${blocker.retryAt}.`) : '';
      reasons.append(html('li', { 'data-code': blocker.code }, html('code', {}, blocker.code), `: ${blocker.message}`, retry));
    }
    item.append(reasons);
  }
  return item;
}

function card(live: LiveOrder): HTMLElement {
  const title = html(
    'h2',
    {},
    html('span', { class: 'order-id' }, live.orderId ?? live.id),
    html('span', { class: 'status', 'data-status': live.status ?? '' }, live.status ?? '?'),
    html(
      'span',
      { class: 'machine' },
      `${live.machine}${live.state === 'active' ? '' : ` · ${live.state}`}${live.judged ? '' : ' · refusals not explained'}`,
    ),
  );
  const diagram = html('div', { class: 'diagram' });
  const drawing = drawingOf(live.machine);
  const last = live.timeline.at(-1);
  if (drawing) diagram.append(highlighted(drawing, live.status, last && { from: last.from, to: last.to, event: last.type }));
  const timeline = html('ol', { class: 'timeline' });
  if (live.dropped > 0) timeline.append(html('li', { class: 'dropped' }, `${live.dropped} earlier events not kept`));
  for (const entry of live.timeline) timeline.append(entryItem(entry));
  const context = html('details', {}, html('summary', {}, 'Context (buyer data redacted)'), html('pre', {}, JSON.stringify(live.context, null, 2)));
  const element = html(
    'article',
    { class: 'order', 'data-order': live.orderId ?? live.id, 'data-session': live.id },
    title,
    diagram,
    timeline,
    context,
  );
  // Keep what a reader opened open, and the timeline scrolled to its end.
  const before = cards.get(live.id);
  if (before?.querySelector('details')?.open) context.open = true;
  // Once on the page: scroll the diagram (only it, never the page) to the current status.
  queueMicrotask(() => {
    timeline.scrollTop = timeline.scrollHeight;
    const current = diagram.querySelector<SVGRectElement>('.current rect');
    if (!current) return;
    const { x, y, width, height } = current.getBBox();
    diagram.scrollLeft = x + width / 2 - diagram.clientWidth / 2;
    diagram.scrollTop = y + height / 2 - diagram.clientHeight / 2;
  });
  return element;
}

function apply(message: ViewMessage): void {
  for (const [machine, graph] of Object.entries(message.diagrams)) {
    graphs.set(machine, graph);
    drawings.delete(machine);
  }
  for (const live of message.orders) {
    orders.set(live.id, live);
    // One order the page cannot show must not hide the others.
    try {
      cards.set(live.id, card(live));
    } catch (error) {
      cards.set(
        live.id,
        html(
          'article',
          { class: 'order', 'data-session': live.id },
          html('h2', {}, `${live.orderId ?? live.id}: cannot be shown (${String(error)})`),
        ),
      );
    }
  }
  order = message.ids;
  for (const id of [...orders.keys()]) {
    if (!order.includes(id)) {
      orders.delete(id);
      cards.delete(id);
    }
  }
  list.replaceChildren(...order.flatMap((id) => cards.get(id) ?? []));
  empty.hidden = order.length > 0;
  count.textContent = `${order.length} order${order.length === 1 ? '' : 's'}`;
  // For the benchmark (docs/performance.md): when the first orders were drawn, counted from navigation.
  if (order.length > 0 && performance.getEntriesByName(FIRST_DRAW).length === 0) performance.mark(FIRST_DRAW);
}

function connect(): void {
  const socket = new WebSocket(`ws://${location.host}${VIEW_PATH}`);
  socket.onopen = () => {
    connection.dataset.state = 'open';
    connection.textContent = 'live';
  };
  socket.onmessage = (event) => apply(JSON.parse(String(event.data)) as ViewMessage);
  socket.onclose = () => {
    connection.dataset.state = 'closed';
    connection.textContent = 'disconnected, retrying…';
    setTimeout(connect, 1000);
  };
}

// An inspection log chosen here is replayed by the server, as `view.replay` would: every page sees it.
const replay = document.getElementById('replay') as HTMLInputElement;
const replayed = document.getElementById('replayed') as HTMLElement;
replay.addEventListener('change', async () => {
  const file = replay.files?.[0];
  if (!file) return;
  replay.value = '';
  try {
    const answer = await fetch('/replay', { method: 'POST', body: await file.text() });
    const result = answer.ok ? ((await answer.json()) as { received: number; refused: number }) : undefined;
    replayed.textContent = result
      ? `${file.name}: ${result.received} events replayed${result.refused > 0 ? `, ${result.refused} lines ignored` : ''}`
      : `${file.name}: not replayed (${(await answer.text()).trim() || answer.status})`;
  } catch (error) {
    replayed.textContent = `${file.name}: not replayed (${error instanceof Error ? error.message : String(error)})`;
  }
});

connect();
