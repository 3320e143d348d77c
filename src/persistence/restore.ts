import { lifecycleIdOf, otherLifecycle } from '../engine/record.js';
import { rememberValid } from '../engine/valid-records.js';
import type { CompiledLifecycle } from '../lifecycle/compile.js';
import { cdiscount, type OrderRecord } from '../lifecycles/default.js';
import { withDefaultsFilledIn } from './compact-form.js';
import { invalidRecord, parseRecord } from './invalid-record.js';
import { RECORD_MIGRATIONS, migrateRecord, type RecordMigration } from './migrations.js';
import { isPlainRecord } from './plain-record.js';
import { recordSchemasOf } from './record-schema.js';

/** Options of {@link restoreOrder}. */
export interface RestoreOptions {
  /** The layout migrations to apply; default {@link RECORD_MIGRATIONS}. */
  readonly migrations?: readonly RecordMigration[] | undefined;
}

/** Reads a JSON text; a truncated or edited text becomes `INVALID_RECORD`, never a `SyntaxError`. */
function parseJson(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const hint = json.trim().length === 0 ? 'is empty' : `is not valid JSON (${reason}): truncated or edited?`;
    throw invalidRecord([{ path: [], message: `the record text ${hint}` }]);
  }
}

/** Restores a record of a lifecycle: see {@link restoreOrder}. */
export function restoreOrderIn<S extends string>(
  lifecycle: CompiledLifecycle<S>,
  input: string | unknown,
  options: RestoreOptions = {},
): OrderRecord<S> {
  const raw = typeof input === 'string' ? parseJson(input) : input;
  const migrated = migrateRecord(raw, options.migrations ?? RECORD_MIGRATIONS);
  const { from, steps } = migrated;
  const record = withDefaultsFilledIn(migrated.record);
  // A text holding a record as this version writes it is that record: nobody else holds what was just parsed.
  if (typeof input === 'string' && isPlainRecord(record, lifecycle)) return rememberValid(record, lifecycle);
  // Another lifecycle's record: say that alone (its statuses would only add noise).
  if (typeof record === 'object' && record !== null && lifecycleIdOf(record) !== lifecycle.id) throw otherLifecycle(record, lifecycle.id);
  const schemas = recordSchemasOf(lifecycle);
  const parsed = schemas.safeParse(record);
  if (parsed.success) return rememberValid(parsed.data, lifecycle);
  return parseRecord(schemas.schema, record, steps.length > 0 ? `migrated from schemaVersion ${from}` : undefined);
}

/**
 * Restores an order record from what {@link serializeOrder} wrote (a JSON string) or from that JSON already
 * parsed (a database `jsonb` column). Migrates older layouts in order, then validates the whole record and
 * its cross-field consistency. Throws {@link OrderMachineError} `INVALID_RECORD` whose message names each
 * field at fault, for: text that is not JSON (truncated), a missing or future `schemaVersion`, an unknown
 * status, a record whose fields contradict each other, a record of another lifecycle (`lifecycle:
 * "octopia"`: restore it with `octopiaLifecycle.restoreOrder`). Reads every layout 0.1.0 wrote: its records
 * (with an XState snapshot inside) and its stored form. Never returns a record that `dispatch` would choke on.
 *
 * @example
 * const order = restoreOrder(row.record); // from jsonb
 * const again = restoreOrder(serializeOrder(order)); // from text
 */
export function restoreOrder(input: string | unknown, options: RestoreOptions = {}): OrderRecord {
  return restoreOrderIn(cdiscount, input, options);
}
