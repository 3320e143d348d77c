import type { OrderRecord } from '../lifecycles/default.js';
import { parseRecord } from './invalid-record.js';
import { orderRecordSchema, safeParseRecord } from './record-schema.js';

/**
 * Writes an order record as JSON text, after checking it as {@link restoreOrder} will: a record that could
 * not be read back is refused here (`INVALID_RECORD`, naming the field) rather than stored. The text carries
 * `schemaVersion`, so a later version of the library migrates it on restore. The text is the record itself:
 * `JSON.stringify` of what `dispatch` returned, in its key order.
 *
 * @example
 * await db.put(order.orderId, serializeOrder(order));
 * const same = restoreOrder(await db.get(order.orderId));
 */
export function serializeOrder(order: OrderRecord): string {
  const parsed = safeParseRecord(order);
  return JSON.stringify(parsed.success ? parsed.data : parseRecord(orderRecordSchema, order));
}
