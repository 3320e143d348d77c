import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebSocket, WebSocketServer } from 'ws';
import { OrderMachineError } from '../lifecycle/errors.js';
import { createLiveOrders, type LiveOrder, type LiveOrdersOptions, type LiveState } from './orders.js';
import { pageHtml } from './page/html.js';
import { VIEW_PATH, type ViewMessage } from './page/protocol.js';

/*
 * The live view's server (Node only): a WebSocket endpoint on 127.0.0.1 that takes what
 * `createWebSocketInspector` from `@statelyai/inspect` sends, unchanged, and a page that draws it.
 */

/** Options of {@link startLiveView}. */
export interface LiveViewOptions extends LiveOrdersOptions {
  /** The port on 127.0.0.1. Default 8080, where `createWebSocketInspector()` sends by default; 0 takes a free one. */
  readonly port?: number | undefined;
  /** Where refused messages and replay problems are told. Default `console.warn`. */
  readonly log?: ((line: string) => void) | undefined;
  /** The page's script, when working on the page itself. Default: the one built beside this module. */
  readonly pageScript?: string | undefined;
}

/** What a replayed inspection log gave. */
export interface LiveReplay {
  /** Lines taken. */
  readonly received: number;
  /** Lines refused (not JSON, or not an inspection event); each was logged with its line number. */
  readonly refused: number;
}

/** A running live view. */
export interface LiveView {
  /** The page: open it in a browser. */
  readonly url: string;
  /** Give it to `createWebSocketInspector({ url })`. */
  readonly inspectorUrl: string;
  /** Feeds the lines of an inspection log (`createInspectionLog`'s JSON lines), as if they arrived live. */
  replay(jsonl: string): LiveReplay;
  /** What the page draws now. */
  state(): LiveState;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

/** Messages refused per connection before the rest are only counted: a broken client must not flood the log. */
const LOGGED_REFUSALS = 5;
/** The largest message or replay taken, in bytes: an inspection event is a few kilobytes. */
const MAX_MESSAGE_BYTES = 1024 * 1024;
/** What the socket itself takes, so that a larger message is refused by the view (said, and the connection kept). */
const MAX_SOCKET_BYTES = 16 * 1024 * 1024;
const MAX_REPLAY_BYTES = 64 * 1024 * 1024;
const HOST = '127.0.0.1';

/** The `ws` package, loaded when a view starts: it is an optional peer dependency of this subpath only. */
async function loadWs(): Promise<typeof import('ws')> {
  try {
    return await import('ws');
  } catch {
    throw new OrderMachineError('INVALID_INPUT', 'The live view needs the ws package: npm install --save-dev ws');
  }
}

/** Pages and sockets answer only to their own address: a web page elsewhere cannot reach them by DNS rebinding. */
const isLocalHost = (host: string | undefined, port: number) => host === `${HOST}:${port}` || host === `localhost:${port}`;

/**
 * A request from a page elsewhere (its `Origin` another site's) is refused: a browser lets any page open a
 * WebSocket to 127.0.0.1 or post to it. Node clients (the WebSocket inspector) send no origin.
 */
const isOwnOrigin = (origin: string | undefined, port: number) =>
  origin === undefined || origin === `http://${HOST}:${port}` || origin === `http://localhost:${port}`;

/** Both checks on a request: its host name and, when a browser sent one, its origin. */
const isLocalRequest = (request: IncomingMessage, port: number) =>
  isLocalHost(request.headers.host, port) && isOwnOrigin(request.headers.origin, port);

/** The request's path, whatever its URL looks like (a malformed one is no path of ours). */
function pathOf(request: IncomingMessage): string {
  const url = request.url ?? '/';
  const end = url.search(/[?#]/);
  return end < 0 ? url : url.slice(0, end);
}

function checkPort(port: unknown): number {
  if (port === undefined) return 8080;
  if (Number.isSafeInteger(port) && (port as number) >= 0 && (port as number) <= 65535) return port as number;
  throw new OrderMachineError('INVALID_INPUT', 'Invalid live view options: port: must be a whole number from 0 to 65535', [
    { path: ['port'], message: 'must be a whole number from 0 to 65535' },
  ]);
}

/**
 * Starts the live view on 127.0.0.1 with the page at `pageUrl` (see the public `startLiveView`).
 * @internal
 */
export async function startLiveViewServer(options: LiveViewOptions, pageUrl: URL): Promise<LiveView> {
  const port = checkPort(options.port);
  const orders = createLiveOrders(options);
  const log = options.log ?? ((line: string) => console.warn(line));
  const { WebSocketServer: Server, WebSocket: Socket } = await loadWs();
  const script = options.pageScript ?? (await readFile(pageUrl, 'utf8').catch(() => undefined));
  const html = pageHtml();

  // Each page, and the diagrams it has been sent: a page connecting meanwhile must not take another's due.
  const viewers = new Map<WebSocket, Set<string>>();
  const changed = new Set<string>();
  let flushing = false;
  const send = (socket: WebSocket, message: ViewMessage) => {
    if (socket.readyState === Socket.OPEN) socket.send(JSON.stringify(message));
  };
  /** What a page has not been sent yet: the orders changed (all of them for a new page) and the diagrams new to it. */
  const updateFor = (sent: Set<string>, state: LiveState, only?: ReadonlySet<string>): ViewMessage => {
    const diagrams = Object.fromEntries(Object.entries(state.diagrams).filter(([id]) => !sent.has(id)));
    for (const id of Object.keys(diagrams)) sent.add(id);
    const list: LiveOrder[] = only ? state.orders.filter((order) => only.has(order.id)) : [...state.orders];
    return { type: 'update', ids: state.orders.map((order) => order.id), orders: list, diagrams };
  };
  // Changes are sent once per turn of the event loop: a replayed log of thousands of lines is one message.
  const schedule = (id: string) => {
    changed.add(id);
    if (flushing) return;
    flushing = true;
    setImmediate(() => {
      flushing = false;
      const state = orders.state();
      for (const [viewer, sent] of viewers) send(viewer, updateFor(sent, state, changed));
      changed.clear();
    });
  };

  // Where messages come from: each connection and each replayed log is a source of its own.
  let sources = 0;
  /** Takes one message; what was wrong with it when it is refused. */
  const receiveText = (text: string, source: string): string | undefined => {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return 'not JSON';
    }
    const receipt = orders.receive(message, source);
    if (!receipt.ok) return receipt.reason;
    if (receipt.changed !== undefined) schedule(receipt.changed);
    return undefined;
  };

  const replay = (jsonl: string): LiveReplay => {
    // Each log is a source of its own: logs of two runs both number their sessions from x:0.
    const source = `replay ${++sources}`;
    let received = 0;
    let refused = 0;
    jsonl.split(/\r?\n/).forEach((line, index) => {
      if (line.trim() === '') return;
      const problem = receiveText(line, source);
      if (problem === undefined) return void received++;
      if (++refused <= LOGGED_REFUSALS) log(`live view: ignored line ${index + 1} of a replayed log: ${problem}`);
    });
    if (refused > LOGGED_REFUSALS) log(`live view: ${refused - LOGGED_REFUSALS} more lines of the replayed log were ignored`);
    return { received, refused };
  };

  const http = createServer((request, response) => {
    void answer(request, response).catch((error: unknown) => {
      log(`live view: ${request.method} ${request.url} failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) response.writeHead(500).end();
    });
  });

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!isLocalRequest(request, listening())) return void response.writeHead(403).end('Forbidden: the live view answers its own page only\n');
    const path = pathOf(request);
    const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
    if (request.method === 'GET' && path === '/') {
      return void response.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(html);
    }
    if (request.method === 'GET' && path === '/page.js') {
      if (script === undefined) return void response.writeHead(503, headers).end('The page is not built: run npm run build.\n');
      return void response.writeHead(200, { ...headers, 'content-type': 'text/javascript; charset=utf-8' }).end(script);
    }
    if (request.method === 'GET' && path === '/state.json') {
      return void response.writeHead(200, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(orders.state()));
    }
    if (request.method === 'POST' && path === '/replay') {
      const body = await readBody(request, MAX_REPLAY_BYTES);
      if (body === undefined)
        return void response.writeHead(413, { ...headers, connection: 'close' }).end(`Larger than ${MAX_REPLAY_BYTES / 1024 / 1024} MB\n`);
      return void response.writeHead(200, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(replay(body)));
    }
    response.writeHead(404, headers).end('Not found\n');
  }

  // The socket takes more than a message may hold, so that one too large is refused here, said and dropped,
  // instead of closing the connection: the WebSocket inspector would not reconnect, and lose all the rest.
  const sockets: WebSocketServer = new Server({ server: http, maxPayload: MAX_SOCKET_BYTES });
  sockets.on('connection', (socket, request) => {
    socket.on('error', (error) => log(`live view: a connection failed: ${error.message}`));
    if (!isLocalRequest(request, listening())) return socket.close(1008, 'Forbidden: the live view answers its own page only');
    if (pathOf(request) === VIEW_PATH) {
      const sent = new Set<string>();
      viewers.set(socket, sent);
      socket.on('close', () => viewers.delete(socket));
      return send(socket, updateFor(sent, orders.state()));
    }
    // Anything else is an inspector sending events, as to `@statelyai/inspect`'s own server.
    let refused = 0;
    const source = `connection ${++sources}`;
    socket.on('message', (data, isBinary) => {
      const size = Array.isArray(data) ? data.reduce((sum, part) => sum + part.length, 0) : (data as Buffer | ArrayBuffer).byteLength;
      const problem = isBinary
        ? 'a binary message'
        : size > MAX_MESSAGE_BYTES
          ? `larger than ${MAX_MESSAGE_BYTES / 1024 / 1024} MB (${size} bytes)`
          : receiveText(data.toString(), source);
      if (problem === undefined) return;
      refused++;
      if (refused <= LOGGED_REFUSALS) log(`live view: ignored a message: ${problem}`);
      if (refused === LOGGED_REFUSALS) log('live view: further refused messages from this connection are not logged');
    });
  });
  sockets.on('error', (error) => log(`live view: ${error.message}`));

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, HOST, () => {
      http.off('error', reject);
      resolve();
    });
  });
  function listening(): number {
    return (http.address() as AddressInfo).port;
  }
  const base = `${HOST}:${listening()}`;

  return {
    url: `http://${base}/`,
    inspectorUrl: `ws://${base}`,
    replay,
    state: () => orders.state(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

/** The request's body as text, or `undefined` beyond `limit` bytes. */
function readBody(request: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      // Too large: stop keeping it, let the rest drain, and answer (a destroyed request would get no answer).
      chunks.length = 0;
      request.removeAllListeners('data');
      request.resume();
      resolve(undefined);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
