import type { OrderRecord, RecordContext } from './record.js';

/**
 * A record as 0.1.0 returned it (layout 1): the XState snapshot inside, the context holding a copy of the
 * identity. Its stored form (what `serializeOrder` wrote) had no snapshot and a `context` like today's.
 */
interface Layout1 {
  readonly schemaVersion: 1;
  readonly snapshot?: { readonly context?: Record<string, unknown> } | undefined;
  readonly context?: Record<string, unknown> | undefined;
  readonly [key: string]: unknown;
}

/**
 * Brings a layout 1 record (either form) to the current layout: the context moves out of the snapshot, less
 * the identity kept at the top level, and the snapshot goes. Checks nothing: `restoreOrder` validates the
 * layout 1 record before, and `dispatch` the result's shape after.
 */
export function upgradeLayout1(record: unknown): OrderRecord {
  const { snapshot, context, schemaVersion: _v, ...top } = record as Layout1;
  const full = (snapshot?.context ?? context ?? {}) as Record<string, unknown>;
  const { orderId: _orderId, marketplace: _marketplace, fulfilledByMarketplace: _fulfilled, ...kept } = full;
  const { history, ...rest } = top;
  return {
    schemaVersion: 2,
    ...(rest as object),
    history,
    context: kept as unknown as RecordContext,
  } as OrderRecord;
}
