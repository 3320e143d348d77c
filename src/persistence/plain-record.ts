/*
 * The quick check `restoreOrder` runs on a text before the record schema: does the text hold a record
 * exactly as this version writes one (every key known, instants in canonical UTC, no value the schema would
 * rewrite)? Then the schema would accept it and give it back unchanged, so the parsed value is the record,
 * without zod's copy of every object (the check and the copy were half of a restore). Anything else (an older
 * layout, an unknown context field, an instant with an offset, a value out of bounds) goes to the schema,
 * which accepts it or names the field at fault. A property test holds the two to the same verdicts.
 */
import { ANOMALIES, MAX_HISTORY_LIMIT, REMEMBERED_EVENT_IDS } from '../engine/audit.js';
import { DEFAULT_LIFECYCLE_ID, ORDER_SCHEMA_VERSION } from '../engine/record.js';
import { BLOCKER_CODES } from '../lifecycle/blockers.js';
import type { CompiledLifecycle } from '../lifecycle/compile.js';
import { MAX_STORED_REFUNDS, SETTLEMENTS } from '../lifecycle/context.js';
import { LINE_TEXT_LIMITS, MAX_LINE_QUANTITY, MAX_ORDER_LINES, MAX_PARCELS } from '../lifecycle/lines.js';
import { isCanonicalInstant } from '../lifecycle/instant.js';
import { MAX_AMOUNT, parseMoney } from '../lifecycle/money.js';
import { isStorableText } from '../lifecycle/text.js';
import { ORDER_STATUSES, type OrderRecord } from '../lifecycles/default.js';
import {
  AUDIT_ENTRY_KEYS,
  CONTEXT_KEYS,
  LINE_KEYS,
  PARCEL_KEYS,
  PARCEL_LINE_KEYS,
  PENDING_ACTION_KEYS,
  RECORD_KEYS,
  REFUND_KEYS,
  SHIPMENT_KEYS,
} from './record-keys.js';
import { MAX_UNSET_FIELDS, RECORD_TEXT_LIMITS as LIMIT } from './record-limits.js';
import { notJson } from './record-schema.js';

type Fields = Record<string, unknown>;
type Check = (value: unknown) => boolean;

const RECORD_FIELDS: ReadonlySet<string> = new Set(RECORD_KEYS);
const CONTEXT_FIELDS: ReadonlySet<string> = new Set(CONTEXT_KEYS);
const SHIPMENT_FIELDS: ReadonlySet<string> = new Set(SHIPMENT_KEYS);
const REFUND_FIELDS: ReadonlySet<string> = new Set(REFUND_KEYS);
const LINE_FIELDS: ReadonlySet<string> = new Set(LINE_KEYS);
const PARCEL_FIELDS: ReadonlySet<string> = new Set(PARCEL_KEYS);
const PARCEL_LINE_FIELDS: ReadonlySet<string> = new Set(PARCEL_LINE_KEYS);
const PENDING_ACTION_FIELDS: ReadonlySet<string> = new Set(PENDING_ACTION_KEYS);
const AUDIT_ENTRY_FIELDS: ReadonlySet<string> = new Set(AUDIT_ENTRY_KEYS);
const OUTCOMES: readonly unknown[] = ['applied', 'duplicate', 'refused'];

/** A plain object (as `JSON.parse` makes them) whose keys are all among `keys`. */
function isObjectOf(value: unknown, keys: ReadonlySet<string>): value is Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const key in value) if (!keys.has(key)) return false;
  return true;
}

const isText = (value: unknown, max: number, min = 0): boolean =>
  typeof value === 'string' && value.length >= min && value.length <= max && isStorableText(value);
const isTextOrNull = (value: unknown, max: number) => value === null || isText(value, max);

/** No id twice (a loop: the lists are short, and a Set costs more than it saves on them). */
function isUnique(values: readonly unknown[]): boolean {
  for (let i = 1; i < values.length; i++) if (values.indexOf(values[i], 0) < i) return false;
  return true;
}

/** Absent, or present and passing `check` (a key holding `undefined` is left to the schema). */
const absentOr = (fields: Fields, key: string, check: Check) => !Object.hasOwn(fields, key) || check(fields[key]);

// The checks of single values, made once (not a closure per record).
const BLOCKER_CODE_SET: ReadonlySet<unknown> = new Set(BLOCKER_CODES);
const ANOMALY_SET: ReadonlySet<unknown> = new Set(ANOMALIES);
const SETTLEMENT_SET: ReadonlySet<unknown> = new Set(SETTLEMENTS);
const isEventId: Check = (id) => isText(id, LIMIT.eventId, 1);
const isFieldName: Check = (field) => isText(field, LIMIT.eventType, 1);
const isBoolean: Check = (value) => typeof value === 'boolean';
const isBlockerCode: Check = (code) => BLOCKER_CODE_SET.has(code);
const isAnomaly: Check = (anomaly) => ANOMALY_SET.has(anomaly);
const isSettlement: Check = (settlement) => SETTLEMENT_SET.has(settlement);
const isRawStatus: Check = (raw) => isText(raw, LIMIT.marketplaceRawStatus, 1);
const isDetail: Check = (detail) => isText(detail, LIMIT.detail);

function isArrayOf(value: unknown, max: number, check: Check): value is unknown[] {
  if (!Array.isArray(value) || value.length > max) return false;
  for (const item of value) if (!check(item)) return false;
  return true;
}

/** Carrier, tracking number and URL, and the instant: what a shipment and a parcel say alike. */
const isTracked = (value: Fields): boolean =>
  isTextOrNull(value.carrier, LIMIT.carrier) &&
  isTextOrNull(value.trackingNumber, LIMIT.trackingNumber) &&
  isTextOrNull(value.trackingUrl, LIMIT.trackingUrl) &&
  isCanonicalInstant(value.at);

function isShipment(value: unknown): boolean {
  return isObjectOf(value, SHIPMENT_FIELDS) && isTracked(value);
}

function isRefund(value: unknown): boolean {
  if (!isObjectOf(value, REFUND_FIELDS)) return false;
  const amount = value.amount;
  return (
    (amount === null || (typeof amount === 'number' && amount > 0 && amount <= MAX_AMOUNT)) &&
    isTextOrNull(value.reason, LIMIT.reason) &&
    isCanonicalInstant(value.at) &&
    absentOr(value, 'shippingFees', isBoolean) &&
    absentOr(value, 'line', (line) => isText(line, LINE_TEXT_LIMITS.id, 1)) &&
    absentOr(value, 'quantity', isUnits)
  );
}

/** A total the schema keeps as it is: an exact amount, not negative, not -0 (which it rewrites as 0). */
function isTotal(value: unknown): boolean {
  if (typeof value !== 'number' || Object.is(value, -0)) return false;
  const parsed = parseMoney(value);
  return parsed.ok && parsed.value >= 0n;
}

/** A whole number of units, 1 to the most a line holds (not -0, which the schema would rewrite). */
const isUnits: Check = (quantity) => typeof quantity === 'number' && Number.isInteger(quantity) && quantity >= 1 && quantity <= MAX_LINE_QUANTITY;

function isLine(value: unknown, isStatus: Check): boolean {
  if (!isObjectOf(value, LINE_FIELDS)) return false;
  return (
    isText(value.id, LINE_TEXT_LIMITS.id, 1) &&
    isUnits(value.quantity) &&
    (value.amount === null || isTotal(value.amount)) &&
    absentOr(value, 'status', isStatus) &&
    absentOr(value, 'lengowStatus', (status) => isText(status, LINE_TEXT_LIMITS.lengowStatus, 1))
  );
}

/** At least one line, at most the bound, each a line, no id twice. */
function isLines(value: unknown, isStatus: Check): boolean {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_ORDER_LINES) return false;
  for (let i = 0; i < value.length; i++) if (!isLine(value[i], isStatus)) return false;
  return isUnique(value.map((line: Fields) => line.id));
}

function isParcel(value: unknown): boolean {
  return (
    isObjectOf(value, PARCEL_FIELDS) &&
    isTracked(value) &&
    Array.isArray(value.lines) &&
    value.lines.length >= 1 &&
    isArrayOf(
      value.lines,
      MAX_ORDER_LINES,
      (line) => isObjectOf(line, PARCEL_LINE_FIELDS) && isText(line.lineId, LINE_TEXT_LIMITS.id, 1) && isUnits(line.quantity),
    )
  );
}

function isUndo(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.hasOwn(value, '__proto__')) return false;
  for (const key in value) if (notJson((value as Fields)[key]) !== undefined) return false;
  return true;
}

function isPendingAction(value: unknown, isStatus: Check): boolean {
  return (
    isObjectOf(value, PENDING_ACTION_FIELDS) &&
    isText(value.type, LIMIT.eventType, 1) &&
    isTextOrNull(value.eventId, LIMIT.eventId) &&
    isCanonicalInstant(value.at) &&
    isStatus(value.from) &&
    isTextOrNull(value.actionId, LIMIT.eventId) &&
    isUndo(value.undo) &&
    isArrayOf(value.unset, MAX_UNSET_FIELDS, isFieldName)
  );
}

function isContext(value: unknown, isStatus: Check): boolean {
  return (
    isObjectOf(value, CONTEXT_FIELDS) &&
    isTextOrNull(value.channel, LIMIT.channel) &&
    isTextOrNull(value.deliveryMode, LIMIT.deliveryMode) &&
    (value.shipment === null || isShipment(value.shipment)) &&
    isArrayOf(value.refunds, MAX_STORED_REFUNDS, isRefund) &&
    (value.marketplaceUpdatedAt === null || isCanonicalInstant(value.marketplaceUpdatedAt)) &&
    // Present: the schema fills a missing one in (records written before it), which is no longer "as written".
    Object.hasOwn(value, 'marketplaceStatus') &&
    (value.marketplaceStatus === null || isStatus(value.marketplaceStatus)) &&
    absentOr(value, 'acceptanceDeadline', isCanonicalInstant) &&
    absentOr(value, 'shippingDeadline', isCanonicalInstant) &&
    absentOr(value, 'pickupDeadline', isCanonicalInstant) &&
    absentOr(value, 'total', isTotal) &&
    absentOr(value, 'settlement', isSettlement) &&
    absentOr(value, 'marketplaceRawStatus', isRawStatus) &&
    (!Object.hasOwn(value, 'pendingAction') || isPendingAction(value.pendingAction, isStatus)) &&
    (!Object.hasOwn(value, 'lines') || isLines(value.lines, isStatus)) &&
    (!Object.hasOwn(value, 'parcels') || isArrayOf(value.parcels, MAX_PARCELS, isParcel))
  );
}

function isAuditEntry(value: unknown, isStatus: Check): boolean {
  return (
    isObjectOf(value, AUDIT_ENTRY_FIELDS) &&
    isTextOrNull(value.eventType, LIMIT.eventType) &&
    isTextOrNull(value.eventId, LIMIT.eventId) &&
    (value.at === null || isCanonicalInstant(value.at)) &&
    isStatus(value.from) &&
    isStatus(value.to) &&
    OUTCOMES.includes(value.outcome) &&
    isArrayOf(value.blockers, BLOCKER_CODES.length * 4, isBlockerCode) &&
    absentOr(value, 'anomaly', isAnomaly) &&
    absentOr(value, 'detail', isDetail)
  );
}

function isHistory(value: unknown, max: number, isStatus: Check): value is unknown[] {
  if (!Array.isArray(value) || value.length > max) return false;
  for (let i = 0; i < value.length; i++) if (!isAuditEntry(value[i], isStatus)) return false;
  return true;
}

/**
 * Whether `value` (fresh from `JSON.parse`) is a record of `lifecycle` exactly as this version writes one:
 * when it is, the record schema accepts it and returns an equal value. `false` says nothing more: ask the
 * schema.
 */
export function isPlainRecord<S extends string>(value: unknown, lifecycle: CompiledLifecycle<S>): value is OrderRecord<S> {
  if (!isObjectOf(value, RECORD_FIELDS) || value.schemaVersion !== ORDER_SCHEMA_VERSION) return false;
  // The record schema's `lifecycle` field: absent for the default lifecycle's statuses, the id otherwise.
  const id = lifecycle.statuses === (ORDER_STATUSES as readonly string[]) ? DEFAULT_LIFECYCLE_ID : lifecycle.id;
  if (id === DEFAULT_LIFECYCLE_ID ? Object.hasOwn(value, 'lifecycle') : value.lifecycle !== id) return false;
  const isStatus: Check = lifecycle.isStatus;
  const { revision, status, appliedEventIds, history } = value;
  if (
    !(
      isText(value.orderId, LIMIT.orderId, 1) &&
      isText(value.marketplace, LIMIT.marketplace, 1) &&
      isStatus(status) &&
      typeof value.fulfilledByMarketplace === 'boolean' &&
      typeof revision === 'number' &&
      Number.isSafeInteger(revision) &&
      revision >= 0 &&
      !Object.is(revision, -0) &&
      isCanonicalInstant(value.createdAt) &&
      isCanonicalInstant(value.updatedAt) &&
      (value.updatedAt as string) >= (value.createdAt as string) &&
      isArrayOf(appliedEventIds, Math.min(REMEMBERED_EVENT_IDS, revision), isEventId) &&
      isUnique(appliedEventIds) &&
      isHistory(history, Math.min(MAX_HISTORY_LIMIT, revision), isStatus) &&
      (history.length === 0 || (history[history.length - 1] as Fields).to === status)
    )
  ) {
    return false;
  }
  return isContext(value.context, isStatus);
}
