/*
 * The compact stored form (issue "Performance": the stored form shrinks without losing a fact). A record
 * holds many fields at a value that says "nothing yet": no report heard (`null`), no refund (`[]`), not
 * fulfilled by the marketplace (`false`). `serializeOrder(order, { compact: true })` leaves them out and
 * `restoreOrder` puts them back, from this one list; a field a text leaves out means its default, nothing else.
 * Measured on the benchmark's 100,000 orders with UUID ids: a quarter of a record's bytes.
 */
import { ORDER_SCHEMA_VERSION } from '../engine/record.js';
import { AUDIT_ENTRY_KEYS, PENDING_ACTION_KEYS, RECORD_KEYS, REFUND_KEYS, SHIPMENT_KEYS } from './record-keys.js';

type Fields = Record<string, unknown>;
type Defaults = Readonly<Record<string, () => unknown>>;

const none = () => null;
const noList = () => [];

/** Each level of a record: the fields it may leave out, with the value they then have, in the record's key order. */
const RECORD: Defaults = { fulfilledByMarketplace: () => false, appliedEventIds: noList, history: noList };
const CONTEXT: Defaults = {
  channel: none,
  deliveryMode: none,
  shipment: none,
  refunds: noList,
  marketplaceUpdatedAt: none,
  marketplaceStatus: none,
};
const SHIPMENT: Defaults = { carrier: none, trackingNumber: none, trackingUrl: none };
const REFUND: Defaults = { amount: none, reason: none };
const PENDING_ACTION: Defaults = { eventId: none, actionId: none, undo: () => ({}), unset: noList };
const AUDIT_ENTRY: Defaults = { eventId: none, blockers: noList };

/** Sets a key as its own property: assigning `__proto__` would set the prototype instead (JSON may hold the key). */
function put(fields: Fields, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(fields, key, { value, enumerable: true, writable: true, configurable: true });
  else fields[key] = value;
}

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A field at its default: `null`, `false`, an empty list or an empty object, as the list says. */
function atDefault(value: unknown, make: () => unknown): boolean {
  const fallback = make();
  if (Array.isArray(fallback)) return Array.isArray(value) && value.length === 0;
  if (isObject(fallback)) return isObject(value) && Object.keys(value).length === 0;
  return value === fallback;
}

/** `fields` without those at their default. */
function leftOut(fields: Fields, defaults: Defaults): Fields {
  const out: Fields = {};
  for (const key of Object.keys(fields)) {
    const make = defaults[key];
    if (make === undefined || !atDefault(fields[key], make)) put(out, key, fields[key]);
  }
  return out;
}

/** `fields` with every default it lacks, keys in the order of `order` (the record's own), then any other. */
function filledIn(fields: Fields, defaults: Defaults, order: readonly string[]): Fields {
  if (hasAll(fields, Object.keys(defaults))) return fields;
  const out: Fields = {};
  for (const key of order) {
    if (Object.hasOwn(fields, key)) put(out, key, fields[key]);
    else if (Object.hasOwn(defaults, key)) put(out, key, (defaults[key] as () => unknown)());
  }
  for (const key of Object.keys(fields)) if (!Object.hasOwn(out, key)) put(out, key, fields[key]);
  return out;
}

/** Each item of a list mapped (by index: a list handed in by a caller need not have Array's prototype). */
function mapList(value: unknown, map: (item: unknown) => unknown): unknown {
  if (!Array.isArray(value)) return value;
  const out: unknown[] = [];
  for (let i = 0; i < value.length; i++) out.push(map(value[i]));
  return out;
}
const each = (value: unknown, map: (fields: Fields) => Fields) => (isObject(value) ? map(value) : value);

/** A record in its compact form: every field at its default left out. The record itself is not changed. */
export function compactRecord(record: object): Fields {
  const top = leftOut(record as Fields, RECORD);
  if (top.history !== undefined) top.history = mapList(top.history, (entry) => each(entry, (e) => leftOut(e, AUDIT_ENTRY)));
  top.context = each(top.context, (context) => {
    const kept = leftOut(context, CONTEXT);
    if (kept.shipment !== undefined) kept.shipment = each(kept.shipment, (s) => leftOut(s, SHIPMENT));
    if (kept.refunds !== undefined) kept.refunds = mapList(kept.refunds, (r) => each(r, (refund) => leftOut(refund, REFUND)));
    if (kept.pendingAction !== undefined) kept.pendingAction = each(kept.pendingAction, (p) => leftOut(p, PENDING_ACTION));
    return kept;
  });
  return top;
}

/**
 * A stored record with the fields its text left out put back (a text of the current layout; anything else is
 * returned as it is, for the migrations and the schema to judge).
 */
export function withDefaultsFilledIn(stored: unknown): unknown {
  if (!isObject(stored) || stored.schemaVersion !== ORDER_SCHEMA_VERSION || isComplete(stored)) return stored;
  const top = filledIn(stored, RECORD, RECORD_KEYS);
  const history = mapList(top.history, (entry) => each(entry, (e) => filledIn(e, AUDIT_ENTRY, AUDIT_ENTRY_KEYS)));
  const context = each(top.context, (given) => {
    // The defaults lead a context; the fields after them keep the order they came in (a deadline may follow the total).
    const c = filledIn(given, CONTEXT, Object.keys(CONTEXT));
    const filled: Fields = {
      ...c,
      shipment: each(c.shipment, (s) => filledIn(s, SHIPMENT, SHIPMENT_KEYS)),
      refunds: mapList(c.refunds, (r) => each(r, (refund) => filledIn(refund, REFUND, REFUND_KEYS))),
    };
    if (c.pendingAction !== undefined) filled.pendingAction = each(c.pendingAction, (p) => filledIn(p, PENDING_ACTION, PENDING_ACTION_KEYS));
    return filled;
  });
  return { ...top, history, context };
}

// The fields each level may leave out, listed once for the check below.
const keysOf = (defaults: Defaults) => Object.keys(defaults);
const [RECORD_OPTIONAL, CONTEXT_OPTIONAL, SHIPMENT_OPTIONAL, REFUND_OPTIONAL, PENDING_OPTIONAL, ENTRY_OPTIONAL] = [
  RECORD,
  CONTEXT,
  SHIPMENT,
  REFUND,
  PENDING_ACTION,
  AUDIT_ENTRY,
].map(keysOf) as [string[], string[], string[], string[], string[], string[]];

/** `value` is not an object, or has every key of `keys`: nothing to fill in at this level. */
function hasAll(value: unknown, keys: readonly string[]): boolean {
  if (!isObject(value)) return true;
  for (const key of keys) if (!Object.hasOwn(value, key)) return false;
  return true;
}

/** No field left out anywhere (a full text, the common case): checked without building anything. */
function isComplete(stored: Fields): boolean {
  if (!hasAll(stored, RECORD_OPTIONAL)) return false;
  const { history, context } = stored;
  if (Array.isArray(history)) for (let i = 0; i < history.length; i++) if (!hasAll(history[i], ENTRY_OPTIONAL)) return false;
  if (!isObject(context)) return true;
  if (!hasAll(context, CONTEXT_OPTIONAL) || !hasAll(context.shipment, SHIPMENT_OPTIONAL) || !hasAll(context.pendingAction, PENDING_OPTIONAL))
    return false;
  const refunds = context.refunds;
  if (Array.isArray(refunds)) for (let i = 0; i < refunds.length; i++) if (!hasAll(refunds[i], REFUND_OPTIONAL)) return false;
  return true;
}
