import type { AnyTransitionDefinition, InspectionEvent } from 'xstate';
import { OrderMachineError, describeIssues, type ValidationIssue } from '../lifecycle/errors.js';

/*
 * Offline inspection: the events XState hands to `createActor(machine, { inspect })`, written as JSON lines
 * through a caller-supplied `write`, for when the hosted Stately inspector cannot be reached (issue 6).
 * No file system here: the sink runs in Node, browsers, Bun and Deno alike.
 */

/**
 * The inspection event types XState emits, each written as one JSON line.
 * @example createInspectionLog({ write, types: INSPECTION_EVENT_TYPES.filter((t) => t !== '@xstate.event') })
 */
export const INSPECTION_EVENT_TYPES = [
  '@xstate.actor',
  '@xstate.event',
  '@xstate.snapshot',
  '@xstate.transition',
  '@xstate.microstep',
  '@xstate.action',
] as const;

/**
 * One of {@link INSPECTION_EVENT_TYPES}.
 * @example const kept: InspectionEventType[] = ['@xstate.microstep'];
 */
export type InspectionEventType = (typeof INSPECTION_EVENT_TYPES)[number];

/**
 * Key fragments of buyer data. A property is redacted when its name, lower-cased with every character other
 * than letters and digits removed (`billing_address` -> `billingaddress`), contains one of them: `address`
 * catches `billing_address` and `address1`, `phone` catches `phone_mobile`, `firstname` catches `first_name`.
 * A bare `name` is not listed: it would catch product and carrier names.
 *
 * @example redactBuyerData(payload, { keys: [...BUYER_DATA_KEYS, 'siret'] })
 */
export const BUYER_DATA_KEYS = [
  'address',
  'firstname',
  'lastname',
  'fullname',
  'buyername',
  'customername',
  'contactname',
  'email',
  'phone',
  'mobile',
  'fax',
  'street',
  'firstline',
  'secondline',
  'complement',
  'zipcode',
  'postcode',
  'postalcode',
  'city',
  'company',
  'civility',
] as const;

/**
 * What {@link redactBuyerData} removes and what it writes instead.
 * @example const options: RedactionOptions = { extraKeys: ['siret', /^vat/i], placeholder: '***' };
 */
export interface RedactionOptions {
  /**
   * The key fragments to redact, replacing {@link BUYER_DATA_KEYS}. A string matches a key containing it
   * after normalization (lower case, letters and digits only); a RegExp is tested against the key as is.
   */
  readonly keys?: readonly (string | RegExp)[] | undefined;
  /** Fragments added to the keys (default or given): e.g. `['siret', 'vat']`. */
  readonly extraKeys?: readonly (string | RegExp)[] | undefined;
  /** What a redacted value becomes. Default `'[redacted]'`. */
  readonly placeholder?: string | undefined;
}

const normalizeKey = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, '');

const isKeyList = (keys: unknown) => keys === undefined || (Array.isArray(keys) && keys.every((k) => typeof k === 'string' || k instanceof RegExp));

/** Redaction options, checked: `INVALID_INPUT` naming the one at fault. */
function checkRedaction(options: RedactionOptions): void {
  const issues: ValidationIssue[] = [];
  if (typeof options !== 'object' || options === null) issues.push({ path: [], message: 'must be an object' });
  else {
    for (const key of ['keys', 'extraKeys'] as const) {
      if (!isKeyList(options[key])) issues.push({ path: [key], message: 'must be a list of strings and RegExps' });
    }
    if (options.placeholder !== undefined && typeof options.placeholder !== 'string')
      issues.push({ path: ['placeholder'], message: 'must be a string' });
  }
  if (issues.length > 0) throw new OrderMachineError('INVALID_INPUT', `Invalid redaction options: ${describeIssues(issues)}`, issues);
}

function keyMatcher(options: RedactionOptions): (key: string) => boolean {
  const all = [...(options.keys ?? BUYER_DATA_KEYS), ...(options.extraKeys ?? [])];
  const fragments = all
    .filter((k): k is string => typeof k === 'string')
    .map(normalizeKey)
    .filter((k) => k !== '');
  const patterns = all.filter((k): k is RegExp => k instanceof RegExp);
  return (key) => {
    const normalized = normalizeKey(key);
    // lastIndex reset: a global RegExp given by a caller must not remember the previous key.
    return fragments.some((f) => normalized.includes(f)) || patterns.some((p) => ((p.lastIndex = 0), p.test(key)));
  };
}

/** Deeper than this, a value is cut (`'[Deep]'`): no order nests so deep, and the stack must not overflow. */
const MAX_REDACTION_DEPTH = 100;

/** Sets `key` on a plain copy as an own property: `out['__proto__'] = ...` would set the copy's prototype instead. */
const own = (out: Record<string, unknown>, key: string, value: unknown) =>
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });

function redactWith(value: unknown, matches: (key: string) => boolean, placeholder: string, seen: WeakSet<object>, depth = 0): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_REDACTION_DEPTH) return '[Deep]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redactWith(item, matches, placeholder, seen, depth + 1));
    if (value instanceof Date) return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value))
      own(out, key, matches(key) ? placeholder : redactWith(item, matches, placeholder, seen, depth + 1));
    return out;
  } finally {
    seen.delete(value);
  }
}

/**
 * Returns a deep copy of `value` in which every property whose key names buyer data (addresses, names,
 * e-mails, phones: {@link BUYER_DATA_KEYS}, or your own keys) is replaced by a placeholder, whole sub-objects
 * included. Key-based on purpose: `OrderContext` holds no buyer data today, but events and contexts derived
 * from Lengow payloads may. The input is not modified. The return type is the input's for convenience, but
 * a redacted property holds the placeholder string, and a value nested more than 100 levels deep `'[Deep]'`.
 *
 * Use it with the Stately inspector as `sanitizeContext` and `sanitizeEvent`, or through
 * {@link createInspectionLog}'s `redact` option.
 *
 * @example
 * redactBuyerData({ orderId: 'CD-1', billing_address: { first_name: 'Ada', city: 'Lyon' } });
 * // { orderId: 'CD-1', billing_address: '[redacted]' }
 * redactBuyerData(payload, { extraKeys: ['siret'], placeholder: '***' });
 * createBrowserInspector({ sanitizeContext: redactBuyerData, sanitizeEvent: redactBuyerData });
 */
export function redactBuyerData<T>(value: T, options: RedactionOptions = {}): T {
  checkRedaction(options);
  return redactWith(value, keyMatcher(options), options.placeholder ?? '[redacted]', new WeakSet()) as T;
}

/** How buyer data is stripped: `true` (default) or options for {@link redactBuyerData}, a function, or `false`. */
export type RedactionSetting = boolean | RedactionOptions | ((value: unknown) => unknown);

/** The redaction a {@link RedactionSetting} asks for, options checked once. */
export function redactorOf(setting: RedactionSetting | undefined = true): (value: unknown) => unknown {
  if (typeof setting === 'function') return setting;
  if (setting === false) return (value) => value;
  const options = setting === true ? {} : setting;
  checkRedaction(options);
  // Checked and matched once, not on every value redacted.
  const matches = keyMatcher(options);
  const placeholder = options.placeholder ?? '[redacted]';
  return (value) => redactWith(value, matches, placeholder, new WeakSet());
}

/**
 * Options of {@link createInspectionLog}.
 * @example const options: InspectionLogOptions = { write: (line) => lines.push(line), redact: { extraKeys: ['siret'] } };
 */
export interface InspectionLogOptions {
  /** Receives each line (a JSON text, no trailing newline). Append `'\n'` when writing to a file or stream. */
  readonly write: (line: string) => void;
  /**
   * Strips buyer data from contexts, events and action parameters before they are written: `true`
   * (default) uses {@link redactBuyerData}'s defaults, an object configures it, a function replaces it,
   * `false` writes everything as is.
   */
  readonly redact?: RedactionSetting | undefined;
  /** The event types to write. Default: all of {@link INSPECTION_EVENT_TYPES}. */
  readonly types?: readonly InspectionEventType[] | undefined;
  /** The clock of the `at` field (when the line was written; not a business instant). Default: `new Date()`. */
  readonly now?: (() => Date) | undefined;
  /** Called when `write` throws; without it the error propagates to the actor. */
  readonly onError?: ((error: unknown, line: string) => void) | undefined;
}

/**
 * The callback {@link createInspectionLog} returns; pass it as `createActor(machine, { inspect })`.
 * @example const inspect: InspectionLog = createInspectionLog({ write: console.log });
 */
export type InspectionLog = (event: InspectionEvent) => void;

const MAX_DEPTH = 32;

/** JSON-safe copy: functions by name, Maps and Sets as objects and arrays, cycles cut, depth bounded. */
function plain(value: unknown, ancestors: object[] = []): unknown {
  if (typeof value === 'function') return `[Function ${value.name || 'anonymous'}]`;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'symbol' || value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date) return value.toISOString();
  if (ancestors.includes(value)) return '[Circular]';
  if (ancestors.length >= MAX_DEPTH) return '[Deep]';
  const next = [...ancestors, value];
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (Array.isArray(value)) return value.map((item) => plain(item, next) ?? null);
  if (value instanceof Set) return [...value].map((item) => plain(item, next) ?? null);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), plain(v, next)]));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const copy = plain(item, next);
    if (copy !== undefined) own(out, key, copy);
  }
  return out;
}

const refName = (ref: unknown): string =>
  typeof ref === 'string'
    ? ref
    : typeof ref === 'function'
      ? ref.name || 'anonymous'
      : typeof (ref as { type?: unknown } | null)?.type === 'string'
        ? (ref as { type: string }).type
        : 'anonymous';

function transitionOf(definition: AnyTransitionDefinition) {
  return {
    eventType: definition.eventType,
    source: definition.source.id,
    targets: definition.target?.map((node) => node.id) ?? [],
    guard: definition.guard === undefined ? null : refName(definition.guard),
    actions: definition.actions.map(refName),
    description: definition.description ?? null,
  };
}

interface SnapshotLike {
  readonly status?: unknown;
  readonly value?: unknown;
  readonly context?: unknown;
  readonly output?: unknown;
  readonly error?: unknown;
}

/**
 * Creates an inspection sink that writes every XState inspection event as one JSON line through `write`:
 * the offline counterpart of the Stately inspector, for when it cannot be reached. Each line has `seq`
 * (0, 1, ...), `at`, `type`, `sessionId`, `rootId`, then per type: `@xstate.actor` the actor's `name`,
 * `parentId` and machine `definition` (its config: ids, states, descriptions, `meta`, guard and action names); `@xstate.event` the `event` and `sourceId`; `@xstate.snapshot` / `@xstate.transition` the
 * `event` and `snapshot` (`status`, `value`, `context`); `@xstate.microstep` the `event`, the `value` reached and
 * the `transitions` taken with their guard and action names; `@xstate.action` the `action` type and params.
 * Buyer data is redacted by default. Imports nothing from the runtime: pass a `write` that appends to a
 * file, a stream, `console.log`, or an array.
 *
 * @example
 * import { appendFileSync } from 'node:fs';
 * const inspect = createInspectionLog({ write: (line) => appendFileSync('.inspection/order.jsonl', line + '\n') });
 * const actor = createActor(orderMachine, { input: { orderId: 'CD-1', marketplace: 'cdiscount' }, inspect }).start();
 * actor.send({ type: 'ACCEPT', at: '2024-02-21T22:05:00Z' });
 */
export function createInspectionLog(options: InspectionLogOptions): InspectionLog {
  const { write, onError } = options;
  const now = options.now ?? (() => new Date());
  const wanted = new Set<string>(options.types ?? INSPECTION_EVENT_TYPES);
  const redact = redactorOf(options.redact);
  const snapshotOf = (snapshot: SnapshotLike) => ({
    status: snapshot.status,
    value: snapshot.value,
    context: redact(snapshot.context),
    output: snapshot.output,
    error: snapshot.error,
  });
  let seq = 0;

  return (event) => {
    if (!wanted.has(event.type)) return;
    const base = { seq: seq++, at: now().toISOString(), type: event.type, sessionId: event.actorRef.sessionId, rootId: event.rootId };
    let body: Record<string, unknown>;
    switch (event.type) {
      case '@xstate.actor': {
        const actor = event.actorRef as typeof event.actorRef & {
          id?: string;
          _parent?: { sessionId: string };
          logic?: { config?: unknown };
        };
        const config = actor.logic?.config as { id?: string } | undefined;
        body = {
          // A root actor's id is its session id: the machine's own id reads better, as in the Stately inspector.
          name: (actor.id !== undefined && actor.id !== event.actorRef.sessionId ? actor.id : config?.id) ?? event.actorRef.sessionId,
          parentId: actor._parent?.sessionId ?? null,
          // No snapshot: XState (development build) refuses getSnapshot() while the actor initializes; the
          // `@xstate.snapshot` line that follows carries it.
          definition: config ?? null,
        };
        break;
      }
      case '@xstate.event':
        body = { event: redact(event.event), sourceId: event.sourceRef?.sessionId ?? null };
        break;
      case '@xstate.snapshot':
      case '@xstate.transition':
        body = { event: redact(event.event), snapshot: snapshotOf(event.snapshot as SnapshotLike) };
        break;
      case '@xstate.microstep':
        body = {
          event: redact(event.event),
          value: (event.snapshot as SnapshotLike).value,
          transitions: event._transitions.map(transitionOf),
        };
        break;
      case '@xstate.action':
        body = { action: { type: event.action.type, params: redact(event.action.params) } };
        break;
      default:
        body = {};
    }
    const line = JSON.stringify(plain({ ...base, ...body }));
    if (!onError) return write(line);
    try {
      write(line);
    } catch (error) {
      onError(error, line);
    }
  };
}
