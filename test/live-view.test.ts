import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWebSocketInspector } from '@statelyai/inspect';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createActor, createMachine } from 'xstate';
import { createInspectionLog, createMaintenanceCalendar, createOrderActor, octopiaLifecycle, type OrderEventInput } from 'order-status-machine';
import { createLiveOrders, startLiveView, type LiveOrder, type LiveView } from 'order-status-machine/live';
import { calendar, story, storyLog } from '../examples/inspector/story.js';
import { thrown } from './support/thrown.js';

/*
 * The live view without a browser: the order book it keeps from inspection events (both the WebSocket
 * inspector's and the inspection log's), and its server on 127.0.0.1. The page itself: live-view.browser.test.ts.
 */

const input = { orderId: 'CD-240221-0042', marketplace: 'cdiscount', channel: 'lengow', deliveryMode: 'TRK' } as const;

/** The story told by an actor, written as inspection log lines. */
const logOf = (events: readonly OrderEventInput[], orderId: string = input.orderId) => storyLog(orderId, events);

const refusedIn = (order: LiveOrder | undefined) => order?.timeline.filter((entry) => entry.outcome === 'refused') ?? [];

describe('the order book, from an inspection log', () => {
  it('follows the story: statuses moved, the refund applied, each refusal with the blockers explain gives', () => {
    const book = createLiveOrders({ options: { calendar } });
    for (const line of logOf(story)) expect(book.receive(JSON.parse(line))).toMatchObject({ ok: true });
    const [order] = book.state().orders;
    expect(order).toMatchObject({ orderId: 'CD-240221-0042', machine: 'order', status: 'Shipped', judged: true });
    expect(order?.timeline.map((entry) => [entry.type, entry.outcome])).toEqual([
      ['ACCEPT', 'refused'],
      ['ACCEPT', 'moved'],
      ['PAYMENT_STARTED', 'moved'],
      ['PAYMENT_CONFIRMED', 'moved'],
      ['SHIP', 'refused'],
      ['SHIP', 'moved'],
      ['SHIPMENT_CONFIRMED', 'moved'],
      // A refund keeps the status: applied, not refused.
      ['REFUND', 'applied'],
    ]);
    const [maintenance, tracking] = refusedIn(order);
    expect(maintenance?.blockers).toEqual([expect.objectContaining({ code: 'MAINTENANCE_WINDOW', retryAt: '2024-02-21T22:00:00.000Z' })]);
    expect(maintenance).toMatchObject({ from: 'WaitingForSellerAcceptation', to: 'WaitingForSellerAcceptation', at: '2024-02-21T19:30:00Z' });
    expect(tracking?.blockers.map((b) => b.code)).toEqual(['CARRIER_AND_TRACKING_REQUIRED']);
    expect(book.state().diagrams.order?.statuses).toContain('CancellationRequestPending');
  });

  it('without the calendar the actor used, a maintenance refusal is shown as no transition, not invented', () => {
    const book = createLiveOrders();
    for (const line of logOf(story.slice(0, 2))) book.receive(JSON.parse(line));
    expect(book.state().orders[0]?.timeline.map((entry) => entry.outcome)).toEqual(['unchanged', 'moved']);
  });

  it('explains Octopia refusals with the Octopia lifecycle', () => {
    const book = createLiveOrders();
    const lines: string[] = [];
    const actor = createActor(octopiaLifecycle.machine, {
      input: { orderId: 'OC-1', marketplace: 'cdiscount' },
      inspect: createInspectionLog({ write: (line) => lines.push(line) }),
    }).start();
    actor.send({ type: 'SHIP', at: '2025-01-02T10:00:00Z' });
    for (const line of lines) book.receive(JSON.parse(line));
    const [order] = book.state().orders;
    expect(order).toMatchObject({ machine: 'octopia', judged: true });
    expect(refusedIn(order)[0]?.blockers[0]?.code).toBe('NOT_ALLOWED_IN_STATUS');
    expect(book.state().diagrams.octopia?.initial).toBe(octopiaLifecycle.initial);
  });

  it('redacts buyer data from contexts and events by default, and keeps it when told', () => {
    const session = 'buyer-1';
    const messages = [
      {
        type: '@xstate.actor',
        sessionId: session,
        definition: { id: 'checkout', initial: 'open', states: { open: { on: { PAY: 'paid' } }, paid: {} } },
      },
      {
        type: '@xstate.snapshot',
        sessionId: session,
        event: { type: 'xstate.init' },
        snapshot: { value: 'open', context: { orderId: 'A', billing_address: { city: 'Lyon' } } },
      },
      {
        type: '@xstate.snapshot',
        sessionId: session,
        event: { type: 'PAY', email: 'ada@example.com' },
        snapshot: { value: 'paid', context: { orderId: 'A', billing_address: { city: 'Lyon' } } },
      },
    ];
    const redacted = createLiveOrders();
    const shown = createLiveOrders({ redact: false });
    for (const message of messages) {
      redacted.receive(message);
      shown.receive(message);
    }
    expect(JSON.stringify(redacted.state())).not.toMatch(/Lyon|ada@example/);
    expect(redacted.order(session)?.context).toEqual({ orderId: 'A', billing_address: '[redacted]' });
    expect(shown.order(session)?.timeline[0]?.event).toEqual({ type: 'PAY', email: 'ada@example.com' });
  });

  it('keeps the last N events per order and the most recently changed orders, counting what it let go', () => {
    const book = createLiveOrders({ keep: 3, maxOrders: 2, options: { calendar } });
    for (const orderId of ['CD-1', 'CD-2', 'CD-3']) for (const line of logOf(story, orderId)) book.receive(JSON.parse(line));
    const { orders } = book.state();
    expect(orders.map((order) => order.orderId)).toEqual(['CD-3', 'CD-2']);
    expect(orders[0]?.timeline.map((entry) => entry.type)).toEqual(['SHIP', 'SHIPMENT_CONFIRMED', 'REFUND']);
    expect(orders[0]?.dropped).toBe(story.length - 3);
  });

  it('refuses what is not an inspection event, naming the field, and changes nothing', () => {
    const book = createLiveOrders();
    for (const line of logOf(story.slice(0, 2))) book.receive(JSON.parse(line));
    const before = JSON.stringify(book.state());
    for (const junk of [null, 'hello', 42, [], { type: 'PAY' }, { type: '@xstate.snapshot', sessionId: 'x' }, { type: '@xstate.actor' }]) {
      const receipt = book.receive(junk);
      expect(receipt.ok).toBe(false);
      if (!receipt.ok) expect(receipt.reason).toMatch(/^not an inspection event: /);
    }
    const stray = book.receive({
      type: '@xstate.snapshot',
      sessionId: 'unknown',
      event: { type: 'ACCEPT' },
      snapshot: { value: 'AcceptedBySeller' },
    });
    expect(stray).toMatchObject({ ok: false, reason: expect.stringContaining('unknown') });
    expect(JSON.stringify(book.state())).toBe(before);
  });

  it('draws a machine it does not know from the definition its actor sends, as a JSON text (the WebSocket inspector) too', () => {
    const book = createLiveOrders();
    const definition = JSON.stringify({
      id: 'door',
      initial: 'closed',
      states: { closed: { on: { OPEN: 'open' } }, open: { on: { CLOSE: { target: 'closed' } } } },
    });
    book.receive({ type: '@xstate.actor', sessionId: 'd1', definition, snapshot: { value: 'closed', context: {} }, _version: '0.7.2' });
    book.receive({ type: '@xstate.snapshot', sessionId: 'd1', event: { type: 'CLOSE' }, snapshot: { value: 'closed', context: {} } });
    expect(book.state().diagrams.door?.edges.map((edge) => `${edge.from}-${edge.event}->${edge.to}`)).toEqual([
      'closed-OPEN->open',
      'open-CLOSE->closed',
    ]);
    expect(book.order('d1')).toMatchObject({
      judged: false,
      status: 'closed',
      timeline: [expect.objectContaining({ type: 'CLOSE', outcome: 'unchanged' })],
    });
  });

  it('tells apart actors of two processes that share a session id, and follows an inspector that reconnects', () => {
    // Every process numbers its actors from x:0: two logs of two runs name different actors alike.
    const asFirstSession = (lines: string[]) => lines.map((line) => JSON.stringify({ ...JSON.parse(line), sessionId: 'x:0' }));
    const book = createLiveOrders({ options: { calendar } });
    for (const line of asFirstSession(logOf(story, 'CD-1'))) book.receive(JSON.parse(line), 'run 1');
    for (const line of asFirstSession(logOf(story.slice(0, 2), 'CD-2'))) book.receive(JSON.parse(line), 'run 2');
    expect(book.state().orders.map((order) => [order.id, order.orderId, order.status])).toEqual([
      ['x:0~1', 'CD-2', 'AcceptedBySeller'],
      ['x:0', 'CD-1', 'Shipped'],
    ]);
    // A new connection from the second run (the inspector reconnected) goes on with its actor.
    book.receive(
      { type: '@xstate.snapshot', sessionId: 'x:0', event: story[2], snapshot: { value: 'PaymentInProgress', context: { orderId: 'CD-2' } } },
      'run 2, again',
    );
    expect(book.order('x:0~1')?.status).toBe('PaymentInProgress');
    expect(book.order('x:0')?.status).toBe('Shipped');
  });

  it('draws a machine of its own with nested and #id targets, each edge landing on a top-level state', () => {
    const book = createLiveOrders();
    const definition = {
      id: 'light',
      initial: 'green',
      states: {
        green: { on: { TIMER: '#light.yellow' } },
        yellow: { on: { TIMER: 'red.walk' } },
        red: { initial: 'walk', states: { walk: {}, wait: {} }, on: { WAIT: '.wait', LOST: 'nowhere' } },
      },
    };
    expect(book.receive({ type: '@xstate.actor', sessionId: 'l1', definition })).toMatchObject({ ok: true });
    expect(book.state().diagrams.light?.edges.map((edge) => `${edge.from}-${edge.event}->${edge.to}`)).toEqual([
      'green-TIMER->yellow',
      'yellow-TIMER->red',
      'red-WAIT->red',
    ]);
    expect(book.receive({ type: '@xstate.snapshot', sessionId: 'l1', event: { type: 'WAIT' }, snapshot: { value: { red: 'wait' } } })).toMatchObject({
      ok: true,
    });
    expect(book.order('l1')?.status).toBe('red.wait');
  });

  it('refuses, without throwing, what passes the shape but cannot be read, and keeps what it has', () => {
    const book = createLiveOrders();
    for (const line of logOf(story.slice(0, 2))) book.receive(JSON.parse(line));
    const before = JSON.stringify(book.state().orders);
    let deep: unknown = 'x';
    for (let i = 0; i < 200_000; i++) deep = { a: deep };
    const hostile = [
      {
        type: '@xstate.actor',
        sessionId: 'h1',
        definition: { id: 'h', states: { A: null, B: { on: { GO: [null, { guard: null, actions: [null] }] } } } },
      },
      { type: '@xstate.actor', sessionId: 'h2', definition: { id: 'deep' }, snapshot: { value: deep, context: deep } },
      { type: '@xstate.snapshot', sessionId: 'x:0', event: { type: 'GO' }, snapshot: { value: deep, context: { nested: deep } } },
    ];
    for (const message of hostile) expect(() => book.receive(message)).not.toThrow();
    expect(book.state().diagrams.h?.edges.map((edge) => `${edge.from}-${edge.event}->${edge.to}`)).toEqual(['B-GO->B', 'B-GO->B']);
    expect(JSON.stringify(book.state().orders.filter((order) => order.orderId === input.orderId))).toBe(before);
  });

  it('keeps a key named __proto__ in a context as a key, and reads the order id only from the context itself', () => {
    const book = createLiveOrders({ redact: false });
    book.receive(
      JSON.parse(
        '{"type":"@xstate.actor","sessionId":"p1","definition":{"id":"p"},"snapshot":{"value":"A","context":{"__proto__":{"orderId":"FAKE"}}}}',
      ),
    );
    const order = book.order('p1');
    expect(order?.orderId).toBeNull();
    expect(Object.keys(order?.context as object)).toEqual(['__proto__']);
  });

  it('judges on the context as the actor had it, whatever the redaction leaves of it', () => {
    const book = createLiveOrders({ options: { calendar }, redact: () => ({ shown: 'nothing' }) });
    for (const line of logOf(story)) book.receive(JSON.parse(line));
    const [order] = book.state().orders;
    expect(order?.timeline.map((entry) => entry.outcome)).toEqual(['refused', 'moved', 'moved', 'moved', 'refused', 'moved', 'moved', 'applied']);
    expect(order?.context).toEqual({ shown: 'nothing' });
  });

  it('lets the diagrams of machines no kept order runs go, and never gives a renamed session an id in use', () => {
    const book = createLiveOrders({ maxOrders: 2 });
    for (let i = 0; i < 10; i++)
      book.receive({ type: '@xstate.actor', sessionId: `s${i}`, definition: { id: `machine-${i}`, initial: 'A', states: { A: {} } } });
    expect(Object.keys(book.state().diagrams).sort()).toEqual(['machine-8', 'machine-9']);
    const ids = createLiveOrders();
    ids.receive({ type: '@xstate.actor', sessionId: 'x:0~1', definition: { id: 'm' } }, 'one');
    ids.receive({ type: '@xstate.actor', sessionId: 'x:0', definition: { id: 'm' } }, 'one');
    ids.receive({ type: '@xstate.actor', sessionId: 'x:0', definition: { id: 'm' } }, 'two');
    expect(
      ids
        .state()
        .orders.map((order) => order.id)
        .sort(),
    ).toEqual(['x:0', 'x:0~1', 'x:0~2']);
  });

  it('refuses bad options, naming them', () => {
    expect(() => createLiveOrders({ keep: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining('keep') }));
    expect(() => createLiveOrders({ maxOrders: 2.5 })).toThrow(/maxOrders/);
    expect(() => createLiveOrders({ lifecycles: [{ id: 'x', machine: createMachine({}) }] as never })).toThrow(/lifecycles/);
    expect(() => createLiveOrders({ redact: { keys: 'email' } as never })).toThrow(/keys/);
  });
});

describe('the live view server', () => {
  let view: LiveView | undefined;
  afterEach(async () => {
    await view?.close();
    view = undefined;
  });

  const until = async (check: () => boolean) => {
    for (let i = 0; i < 400 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(check()).toBe(true);
  };

  it("takes what @statelyai/inspect's createWebSocketInspector sends, unchanged, on 127.0.0.1", async () => {
    view = await startLiveView({ port: 0, pageScript: '', options: { calendar } });
    expect(view.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const inspector = createWebSocketInspector({ url: view.inspectorUrl });
    const actor = createOrderActor({ input, options: { calendar }, inspect: inspector.inspect }).start();
    for (const event of story) actor.send(event);
    const live = view;
    await until(() => (live.state().orders[0]?.timeline.length ?? 0) === story.length);
    inspector.stop();
    const [order] = live.state().orders;
    expect(order?.status).toBe('Shipped');
    expect(refusedIn(order).map((entry) => entry.blockers[0]?.code)).toEqual(['MAINTENANCE_WINDOW', 'CARRIER_AND_TRACKING_REQUIRED']);
  });

  it('logs and ignores messages that are not inspection events, and goes on', async () => {
    const lines: string[] = [];
    view = await startLiveView({ port: 0, pageScript: '', log: (line) => lines.push(line) });
    const socket = new WebSocket(view.inspectorUrl);
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send('not json');
    socket.send(JSON.stringify({ type: 'PAY' }));
    for (const line of logOf(story.slice(0, 2))) socket.send(line);
    const live = view;
    await until(() => live.state().orders[0]?.timeline.length === 2);
    socket.close();
    expect(lines).toEqual([
      'live view: ignored a message: not JSON',
      expect.stringMatching(/^live view: ignored a message: not an inspection event: /),
    ]);
  });

  it('says a message over 1 MB is ignored and keeps the connection: the inspector would not reconnect', async () => {
    const lines: string[] = [];
    view = await startLiveView({ port: 0, pageScript: '', log: (line) => lines.push(line), options: { calendar } });
    const socket = new WebSocket(view.inspectorUrl);
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: '@xstate.event', sessionId: 'big', event: { type: 'X', blob: 'x'.repeat(1_100_000) } }));
    for (const line of logOf(story.slice(0, 2))) socket.send(line);
    const live = view;
    await until(() => live.state().orders[0]?.timeline.length === 2);
    socket.close();
    expect(lines).toEqual([expect.stringMatching(/^live view: ignored a message: larger than 1 MB/)]);
  });

  it('survives a malformed upgrade request and a broken page connection', async () => {
    view = await startLiveView({ port: 0, pageScript: '' });
    const { port } = new URL(view.url);
    await new Promise<void>((resolve) => {
      const raw = connect(Number(port), '127.0.0.1', () =>
        raw.end(
          `GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
        ),
      );
      // The server answers it (a socket it then treats as an inspector's) and goes on.
      raw.once('data', () => {
        raw.destroy();
        resolve();
      });
      raw.on('error', () => resolve());
    });
    const page = new WebSocket(`${view.inspectorUrl}/view`);
    await new Promise((resolve) => page.once('open', resolve));
    // A frame with reserved bits set: a protocol error on the page's connection.
    (page as unknown as { _socket: { write(data: Buffer): void } })._socket.write(Buffer.from([0xf1, 0x80, 0, 0, 0, 0]));
    await new Promise((resolve) => page.once('close', resolve));
    expect((await get(`${view.url}state.json`)).status).toBe(200);
  });

  it('replays an inspection log, by method and by POST /replay, telling which lines it ignored', async () => {
    const lines: string[] = [];
    view = await startLiveView({ port: 0, pageScript: '', log: (line) => lines.push(line), options: { calendar } });
    const log = logOf(story);
    expect(view.replay(`${log.join('\n')}\nnot json\n`)).toEqual({ received: log.length, refused: 1 });
    expect(lines).toEqual([`live view: ignored line ${log.length + 1} of a replayed log: not JSON`]);
    const other = logOf(story, 'CD-2').join('\n');
    const answer = await post(`${view.url}replay`, other);
    expect(JSON.parse(answer.body)).toEqual({ received: log.length, refused: 0 });
    expect(view.state().orders.map((order) => order.orderId)).toEqual(['CD-2', 'CD-240221-0042']);
  });

  it('answers a replay over 64 MB with 413, keeping nothing of it', async () => {
    view = await startLiveView({ port: 0, pageScript: '' });
    const answer = await send('POST', `${view.url}replay`, {}, 'x'.repeat(64 * 1024 * 1024 + 1));
    expect([answer.status, answer.body]).toEqual([413, 'Larger than 64 MB\n']);
    expect(view.state().orders).toEqual([]);
  });

  it('answers only to its own host name: a page elsewhere cannot reach it by DNS rebinding', async () => {
    view = await startLiveView({ port: 0, pageScript: '' });
    const port = new URL(view.url).port;
    expect((await get(view.url, { host: `evil.example:${port}` })).status).toBe(403);
    expect((await get(view.url, { host: `localhost:${port}` })).status).toBe(200);
    expect((await get(`${view.url}state.json`)).body).toBe(JSON.stringify({ orders: [], diagrams: {} }));
  });

  it('refuses a page of another site: no replay posted, no socket opened, nothing read', async () => {
    view = await startLiveView({ port: 0, pageScript: '' });
    const evil = { origin: 'https://evil.example' };
    expect((await send('POST', `${view.url}replay`, evil, logOf(story).join('\n'))).status).toBe(403);
    expect((await get(`${view.url}state.json`, evil)).status).toBe(403);
    const socket = new WebSocket(view.inspectorUrl, { origin: evil.origin });
    const code = await new Promise((resolve) => socket.once('close', resolve));
    expect(code).toBe(1008);
    expect(view.state().orders).toEqual([]);
    // Its own page may.
    expect((await send('POST', `${view.url}replay`, { origin: new URL(view.url).origin }, logOf(story).join('\n'))).status).toBe(200);
  });

  it('says plainly when the page is not built', async () => {
    view = await startLiveView({ port: 0 });
    const page = await get(`${view.url}page.js`);
    expect([page.status, page.body]).toEqual([503, 'The page is not built: run npm run build.\n']);
  });

  it('refuses a port it cannot use, naming it', async () => {
    await expect(startLiveView({ port: 70000 })).rejects.toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining('port') }),
    );
  });
});

describe('the order-status-machine-live command', () => {
  const cli = fileURLToPath(new URL('../src/live/cli.ts', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'osm-live-cli-'));
  const start = (...args: string[]) =>
    spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });

  it('replays the logs it is given, and explains maintenance refusals with the calendar file it is given', async () => {
    const log = join(dir, 'order.jsonl');
    writeFileSync(log, `${logOf(story).join('\n')}\n`);
    const calendarFile = join(dir, 'calendar.json');
    writeFileSync(
      calendarFile,
      JSON.stringify([{ start: '2024-02-21T20:00', end: '2024-02-21T23:00', timeZone: 'Europe/Paris', label: 'Lengow maintenance' }]),
    );
    const child = start('--calendar', calendarFile, log);
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (/Live view: \S+/.test(text)) resolve(text);
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}: ${text}`)));
      });
      expect(out).toContain(`${log}: ${logOf(story).length} events replayed`);
      const url = /Live view: (\S+)/.exec(out)?.[1] ?? '';
      const state = JSON.parse((await get(`${url}state.json`)).body) as { orders: LiveOrder[] };
      expect(refusedIn(state.orders[0]).map((entry) => entry.blockers[0]?.code)).toEqual(['MAINTENANCE_WINDOW', 'CARRIER_AND_TRACKING_REQUIRED']);
    } finally {
      child.kill();
    }
  });

  it('says in one line what is wrong with a calendar file, and exits with 2', async () => {
    const calendarFile = join(dir, 'bad-calendar.json');
    const entries = [{ start: 'tomorrow', end: '2024-02-21T23:00', timeZone: 'Europe/Paris' }];
    writeFileSync(calendarFile, JSON.stringify(entries));
    // What createMaintenanceCalendar says, prefixed with the option and the file.
    const invalidStart = thrown(() => createMaintenanceCalendar(entries)).message;
    expect(invalidStart).toContain('[0].start');
    const child = start('--calendar', calendarFile);
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toEqual([`order-status-machine-live: --calendar ${calendarFile}: ${invalidStart}`]);
  });
});

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return send('GET', url, headers);
}

function post(url: string, body: string): Promise<{ status: number; body: string }> {
  return send('POST', url, {}, body);
}

function send(method: string, url: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
