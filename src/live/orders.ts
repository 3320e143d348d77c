import { z } from 'zod';
import { chartGraph, type Chart, type ChartGraph } from '../diagram/graph.js';
import { explainWith } from '../engine/dispatch.js';
import { redactorOf, type RedactionSetting } from '../inspect/inspection.js';
import type { Blocker } from '../lifecycle/blockers.js';
import { checkOptions } from '../lifecycle/check-options.js';
import type { CompiledLifecycle } from '../lifecycle/compile.js';
import type { OrderContext } from '../lifecycle/context.js';
import type { Lifecycle } from '../lifecycle/define-lifecycle.js';
import { OrderMachineError, describeIssues, type ValidationIssue } from '../lifecycle/errors.js';
import type { LifecycleOptions } from '../lifecycle/options.js';
import { cdiscountLifecycle } from '../lifecycles/default-machine.js';
import { octopiaLifecycle } from '../lifecycles/octopia-lifecycle.js';
import { lifecycleOfMachineIn } from '../xstate/machine.js';

/*
 * What the live view knows of the orders it watches, built from XState inspection events as
 * `@statelyai/inspect` sends them over its WebSocket and as `createInspectionLog` writes them. Pure: the
 * server feeds it, and a test can too.
 */

/**
 * What became of one event: the status `moved`, the order changed without moving (`applied`, a refund),
 * the lifecycle `refused` it (with the blockers `explain` gives), or nothing changed and no rule says why
 * (`unchanged`: a machine this view does not know, or rules' options other than the ones the view was given).
 */
export type LiveOutcome = 'moved' | 'applied' | 'refused' | 'unchanged';

/** One event of an order's timeline. */
export interface LiveEntry {
  /** Increases with every entry the view records, across orders. */
  readonly seq: number;
  readonly type: string;
  /** The event's own `at`, when it has one. */
  readonly at: string | null;
  /** The status the event met; `null` when the view did not see the order before it. */
  readonly from: string | null;
  readonly to: string;
  readonly outcome: LiveOutcome;
  /** Why the event was refused; empty otherwise. */
  readonly blockers: readonly Blocker[];
  /** The event, buyer data redacted. */
  readonly event: unknown;
}

/** One watched actor: an order, its status, its (redacted) context and its last events. */
export interface LiveOrder {
  /** The actor's session id, suffixed (`x:0~2`) when another source had that session id first. */
  readonly id: string;
  /** `context.orderId`, when the context has one. */
  readonly orderId: string | null;
  /** The machine's id, which names its diagram in {@link LiveState.diagrams}. */
  readonly machine: string;
  /** Whether the view knows the machine's lifecycle, and so says why an event is refused. */
  readonly judged: boolean;
  readonly status: string | null;
  /** XState's snapshot status: `active`, `done`, `error` or `stopped`. */
  readonly state: string;
  readonly context: unknown;
  /** The last events, oldest first, at most `keep`. */
  readonly timeline: readonly LiveEntry[];
  /** How many older events were let go to keep the timeline bounded. */
  readonly dropped: number;
}

/** What the page draws: the orders, most recently changed first, and each machine's diagram. */
export interface LiveState {
  readonly orders: readonly LiveOrder[];
  readonly diagrams: Readonly<Record<string, ChartGraph>>;
}

/** Options of the live view's order book. */
export interface LiveOrdersOptions {
  /** The last events kept per order. Default 100. */
  readonly keep?: number | undefined;
  /** The orders kept; the one changed longest ago goes first. Default 50. */
  readonly maxOrders?: number | undefined;
  /** Buyer data is redacted by default, as in `createInspectionLog`. */
  readonly redact?: RedactionSetting | undefined;
  /**
   * Lifecycles known by their machine id, whose refusals the view explains. Default: the Cdiscount and
   * Octopia lifecycles. A machine not listed is drawn from the definition its actor sends.
   */
  readonly lifecycles?: readonly Pick<Lifecycle, 'id' | 'machine'>[] | undefined;
  /** The rules' options your actors run with (the maintenance calendar above all), to judge refusals alike. */
  readonly options?: LifecycleOptions | undefined;
}

/** What {@link LiveOrders.receive} did with a message. */
export type LiveReceipt = { readonly ok: true; readonly changed: string | undefined } | { readonly ok: false; readonly reason: string };

/** The live view's order book: feed it inspection events, read what the page draws. */
export interface LiveOrders {
  /**
   * Takes one message (a parsed JSON value); refuses anything that is not an inspection event, changing
   * nothing. `source` names where it came from (a connection, a log): XState numbers sessions per process
   * (`x:0`, `x:1`, ...), so two processes, or two logs, may use the same session id for different actors.
   */
  receive(message: unknown, source?: string): LiveReceipt;
  /** The order of an id: its session id, suffixed (`x:0~2`) when another source had that session id first. */
  order(id: string): LiveOrder | undefined;
  /** Everything the page draws. */
  state(): LiveState;
}

const DEFAULT_KEEP = 100;
const DEFAULT_MAX_ORDERS = 50;

const snapshotShape = z.looseObject({ value: z.unknown(), context: z.unknown().optional(), status: z.string().optional() });
const eventShape = z.looseObject({ type: z.string() });
const inspectionMessage = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('@xstate.actor'),
    sessionId: z.string(),
    // A JSON text from `@statelyai/inspect`, an object from `createInspectionLog`.
    definition: z.union([z.string(), z.record(z.string(), z.unknown()), z.null()]).optional(),
    snapshot: snapshotShape.optional(),
  }),
  z.looseObject({ type: z.literal('@xstate.snapshot'), sessionId: z.string(), event: eventShape, snapshot: snapshotShape }),
  // Read, not drawn: the snapshot that follows says what became of the event.
  z.looseObject({
    type: z.enum(['@xstate.event', '@xstate.transition', '@xstate.microstep', '@xstate.action']),
    sessionId: z.string(),
  }),
]);

interface Book {
  id: string;
  orderId: string | null;
  machine: string;
  lifecycle: CompiledLifecycle<string> | undefined;
  status: string | null;
  state: string;
  /** Buyer data redacted: what the page shows. */
  context: unknown;
  /** As the actor had it: what refusals are judged on (a redaction may drop what a rule reads). */
  raw: unknown;
  rawText: string;
  timeline: LiveEntry[];
  dropped: number;
  touched: number;
}

/** The deepest status path read (`parent.child...`): a deeper value is an inspector's mistake, not a state. */
const MAX_STATUS_DEPTH = 32;

/** A snapshot value as a status: a string as is, a nested value as its path (`parent.child`). */
function statusOf(value: unknown): string | null {
  const path: string[] = [];
  let inner = value;
  while (typeof inner === 'object' && inner !== null && path.length < MAX_STATUS_DEPTH) {
    const [key, next] = Object.entries(inner)[0] ?? [];
    if (key === undefined) break;
    path.push(key);
    inner = next;
  }
  if (typeof inner === 'string') path.push(inner);
  return path.length > 0 ? path.join('.') : null;
}

function checkLiveOptions(options: LiveOrdersOptions): void {
  const issues: ValidationIssue[] = [];
  for (const key of ['keep', 'maxOrders'] as const) {
    const value = options[key];
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= 1))
      issues.push({ path: [key], message: 'must be a whole number, at least 1' });
  }
  const lifecycles = options.lifecycles;
  if (lifecycles !== undefined && (!Array.isArray(lifecycles) || lifecycles.some((l) => lifecycleOfMachineIn(l?.machine ?? {}) === undefined)))
    issues.push({ path: ['lifecycles'], message: 'must be a list of lifecycles made by defineLifecycle' });
  if (issues.length > 0) throw new OrderMachineError('INVALID_INPUT', `Invalid live view options: ${describeIssues(issues)}`, issues);
}

/**
 * Creates the order book the live view's server keeps: one entry per actor, its status and context, and a
 * bounded timeline in which each event the lifecycle refused carries its blockers (judged as
 * `createOrderActor` judges them, with the options you give).
 *
 * @example
 * const book = createLiveOrders({ options: { calendar } });
 * for (const line of jsonl.split('\n')) if (line) book.receive(JSON.parse(line));
 * book.state().orders[0]?.timeline.filter((entry) => entry.outcome === 'refused');
 */
export function createLiveOrders(given: LiveOrdersOptions = {}): LiveOrders {
  checkLiveOptions(given);
  const keep = given.keep ?? DEFAULT_KEEP;
  const maxOrders = given.maxOrders ?? DEFAULT_MAX_ORDERS;
  const redact = redactorOf(given.redact);
  const options = checkOptions(given.options, 'the live view');
  const known = new Map<string, CompiledLifecycle<string>>();
  for (const lifecycle of given.lifecycles ?? [cdiscountLifecycle, octopiaLifecycle]) {
    const compiled = lifecycleOfMachineIn(lifecycle.machine);
    if (compiled) known.set(lifecycle.machine.id, compiled);
  }
  const books = new Map<string, Book>();
  // Which order a source's session id is, and the last order made for each session id (for an inspector that
  // reconnects: its new connection sends snapshots of actors announced on the old one).
  const aliases = new Map<string, string>();
  const latest = new Map<string, string>();
  let renamed = 0;
  const idOf = (source: string, session: string) => aliases.get(`${source}\n${session}`) ?? latest.get(session);
  const diagrams = new Map<string, ChartGraph>();
  let seq = 0;

  const diagramOf = (machine: string, definition: unknown, lifecycle: CompiledLifecycle<string> | undefined) => {
    if (diagrams.has(machine)) return;
    if (lifecycle) return diagrams.set(machine, chartGraph(lifecycle.definition as Chart));
    const chart = typeof definition === 'string' ? parseJson(definition) : definition;
    if (typeof chart === 'object' && chart !== null) diagrams.set(machine, chartGraph(chart as Chart));
  };

  const bound = () => {
    if (books.size <= maxOrders) return;
    const oldest = [...books.values()].sort((a, b) => a.touched - b.touched).slice(0, books.size - maxOrders);
    for (const book of oldest) books.delete(book.id);
    for (const [alias, id] of aliases) if (!books.has(id)) aliases.delete(alias);
    for (const [session, id] of latest) if (!books.has(id)) latest.delete(session);
    // Diagrams go with the last order drawn on them: machine ids come from the inspectors, any number of them.
    const drawn = new Set([...books.values()].map((book) => book.machine));
    for (const machine of diagrams.keys()) if (!drawn.has(machine)) diagrams.delete(machine);
  };
  /** An id for a session another source announced first: its own, suffixed, never an id in use. */
  const freshId = (session: string) => {
    let id = session;
    while (books.has(id)) id = `${session}~${++renamed}`;
    return id;
  };

  const judge = (book: Book, event: { type: string }, status: string | null, rawText: string): LiveEntry => {
    const from = book.status;
    let outcome: LiveOutcome = from !== status ? 'moved' : rawText !== book.rawText ? 'applied' : 'unchanged';
    let blockers: readonly Blocker[] = [];
    if (outcome === 'unchanged' && book.lifecycle && from !== null) {
      blockers = refusalOf(book.lifecycle, from, book.raw, event, options);
      if (blockers.length > 0) outcome = 'refused';
    }
    const at = (event as { at?: unknown }).at;
    return { seq: seq++, type: event.type, at: typeof at === 'string' ? at : null, from, to: status ?? '', outcome, blockers, event: redact(event) };
  };

  const receive = (message: unknown, source = ''): LiveReceipt => {
    try {
      return take(message, source);
    } catch (error) {
      // A message that passes the shape but cannot be read (nested beyond reason, say) is refused like any other.
      return { ok: false, reason: `could not be read: ${error instanceof Error ? error.message : String(error)}` };
    }
  };

  const take = (message: unknown, source: string): LiveReceipt => {
    const parsed = inspectionMessage.safeParse(message);
    if (!parsed.success) return { ok: false, reason: `not an inspection event: ${describeIssues(parsed.error.issues)}` };
    const data = parsed.data;
    if (data.type === '@xstate.actor') {
      const definition = typeof data.definition === 'string' ? parseJson(data.definition) : data.definition;
      const machineId = (definition as { id?: unknown } | null | undefined)?.id;
      const machine = typeof machineId === 'string' ? machineId : typeof data.name === 'string' ? data.name : data.sessionId;
      const lifecycle = known.get(machine);
      const raw = data.snapshot?.context ?? null;
      const context = redact(raw);
      const rawText = JSON.stringify(raw) ?? '';
      diagramOf(machine, definition, lifecycle);
      // A session announced again by its source starts afresh; one another source announced first is another actor.
      const alias = `${source}\n${data.sessionId}`;
      const id = aliases.get(alias) ?? freshId(data.sessionId);
      aliases.set(alias, id);
      latest.set(data.sessionId, id);
      books.set(id, {
        id,
        orderId: orderIdOf(context),
        machine,
        lifecycle,
        status: data.snapshot ? statusOf(data.snapshot.value) : null,
        state: data.snapshot?.status ?? 'active',
        context,
        raw,
        rawText,
        timeline: [],
        dropped: 0,
        touched: seq++,
      });
      bound();
      return { ok: true, changed: id };
    }
    if (data.type !== '@xstate.snapshot') return { ok: true, changed: undefined };
    const id = idOf(source, data.sessionId);
    const book = id === undefined ? undefined : books.get(id);
    if (!book) return { ok: false, reason: `a snapshot of session ${data.sessionId}, whose @xstate.actor event was not received` };
    const status = statusOf(data.snapshot.value);
    const raw = data.snapshot.context ?? null;
    const context = redact(raw);
    const rawText = JSON.stringify(raw) ?? '';
    // XState's own events (the start) are not the order's.
    if (!data.event.type.startsWith('xstate.')) {
      book.timeline.push(judge(book, data.event, status, rawText));
      if (book.timeline.length > keep) book.dropped += book.timeline.splice(0, book.timeline.length - keep).length;
    }
    Object.assign(book, {
      status,
      context,
      raw,
      rawText,
      orderId: orderIdOf(context) ?? book.orderId,
      state: data.snapshot.status ?? book.state,
      touched: seq++,
    });
    return { ok: true, changed: book.id };
  };

  const view = (book: Book): LiveOrder => ({
    id: book.id,
    orderId: book.orderId,
    machine: book.machine,
    judged: book.lifecycle !== undefined,
    status: book.status,
    state: book.state,
    context: book.context,
    timeline: [...book.timeline],
    dropped: book.dropped,
  });

  return {
    receive,
    order: (id) => {
      const book = books.get(id);
      return book && view(book);
    },
    state: () => ({
      orders: [...books.values()].sort((a, b) => b.touched - a.touched).map(view),
      diagrams: Object.fromEntries(diagrams),
    }),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function orderIdOf(context: unknown): string | null {
  const id = (context as { orderId?: unknown } | null)?.orderId;
  return typeof id === 'string' ? id : null;
}

/** The blockers the lifecycle gives for the event in the state it met; none when the context is not an order's. */
function refusalOf(
  lifecycle: CompiledLifecycle<string>,
  status: string,
  context: unknown,
  event: unknown,
  options: LifecycleOptions,
): readonly Blocker[] {
  if (!lifecycle.isStatus(status) || typeof context !== 'object' || context === null) return [];
  try {
    return explainWith(lifecycle, status, context as OrderContext<string>, [], event, options);
  } catch {
    return [];
  }
}
