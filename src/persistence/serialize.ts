import { lifecycleIdOf, otherLifecycle } from '../engine/record.js';
import { isKnownValid } from '../engine/valid-records.js';
import type { CompiledLifecycle } from '../lifecycle/compile.js';
import { cdiscount, type OrderRecord } from '../lifecycles/default.js';
import { compactRecord } from './compact-form.js';
import { parseRecord } from './invalid-record.js';
import { recordSchemasOf } from './record-schema.js';

/** Writes a record of a lifecycle: see {@link serializeOrder}. */
export function serializeOrderIn<S extends string>(lifecycle: CompiledLifecycle<S>, order: OrderRecord<S>, options: SerializeOptions = {}): string {
  if (typeof order === 'object' && order !== null && lifecycleIdOf(order) !== lifecycle.id) throw otherLifecycle(order, lifecycle.id);
  // What the library built and validated is written as it is; anything else is checked as restoreOrder will.
  let checked: OrderRecord<S> = order;
  if (!isKnownValid(order, lifecycle)) {
    const schemas = recordSchemasOf(lifecycle);
    const parsed = schemas.safeParse(order);
    checked = parsed.success ? parsed.data : parseRecord(schemas.schema, order);
  }
  return JSON.stringify(options.compact === true ? compactRecord(checked) : checked);
}

/** Options of {@link serializeOrder}. */
export interface SerializeOptions {
  /**
   * Leave out every field at its default (`null`, `false`, an empty list): a quarter fewer bytes, every fact
   * kept. `restoreOrder` of this version and later reads it; earlier versions cannot, so upgrade every reader
   * first.
   */
  readonly compact?: boolean | undefined;
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
export function serializeOrder(order: OrderRecord, options?: SerializeOptions): string {
  return serializeOrderIn(cdiscount, order, options);
}
