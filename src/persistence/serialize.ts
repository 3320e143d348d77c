import type { OrderRecord } from '../order.js';
import { parseRecord } from './invalid-record.js';
import { orderRecordSchema, parseRecordFast } from './record-schema.js';
import { toStoredOrder } from './stored-order.js';

/**
 * Writes an order record as JSON text, after checking it as {@link restoreOrder} will: a record that could
 * not be read back is refused here (`INVALID_RECORD`, naming the field) rather than stored. The text carries
 * `schemaVersion`, so a later version of the library migrates it on restore.
 *
 * @example
 * await db.put(order.orderId, serializeOrder(order));
 * const same = restoreOrder(await db.get(order.orderId));
 */
export function serializeOrder(order: OrderRecord): string {
  const valid = parseRecordFast(order) ?? parseRecord(orderRecordSchema, order);
  return JSON.stringify(toStoredOrder(valid as unknown as OrderRecord));
}
