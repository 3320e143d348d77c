import { lifecycleIdOf, otherLifecycle } from '../engine/record.js';
import { isKnownValid } from '../engine/valid-records.js';
import type { CompiledLifecycle } from '../lifecycle/compile.js';
import { cdiscount, type OrderRecord } from '../lifecycles/default.js';
import { parseRecord } from './invalid-record.js';
import { recordSchemasOf } from './record-schema.js';

/** Writes a record of a lifecycle: see {@link serializeOrder}. */
export function serializeOrderIn<S extends string>(lifecycle: CompiledLifecycle<S>, order: OrderRecord<S>): string {
  if (typeof order === 'object' && order !== null && lifecycleIdOf(order) !== lifecycle.id) throw otherLifecycle(order, lifecycle.id);
  // What the library built and validated is written as it is; anything else is checked as restoreOrder will.
  if (isKnownValid(order, lifecycle)) return JSON.stringify(order);
  const schemas = recordSchemasOf(lifecycle);
  const parsed = schemas.safeParse(order);
  return JSON.stringify(parsed.success ? parsed.data : parseRecord(schemas.schema, order));
}

/**
 * Writes an order record as JSON text, after checking it as {@link restoreOrder} will: a record that could
 * not be read back is refused here (`INVALID_RECORD`, naming the field) rather than stored. The text carries
 * `schemaVersion`, so a later version of the library migrates it on restore. The text is the record itself:
 * `JSON.stringify` of what `dispatch` returned, in its key order. For the default lifecycle's records; a
 * lifecycle's own `serializeOrder` writes its records.
 *
 * A record `createOrder`, `restoreOrder` or `dispatch` (on such a record, through the library's own actions)
 * has just returned is valid by construction and written without a second check; records are immutable, so
 * edit one by making a new one (which is checked in full).
 *
 * @example
 * await db.put(order.orderId, serializeOrder(order));
 * const same = restoreOrder(await db.get(order.orderId));
 */
export function serializeOrder(order: OrderRecord): string {
  return serializeOrderIn(cdiscount, order);
}
