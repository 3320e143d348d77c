/**
 * The keys of each level of a stored record, in the order the library writes them: one list, read by the
 * quick check of plainly valid records and by the compact form (which puts left-out fields back in place).
 */
export const RECORD_KEYS = [
  'schemaVersion',
  'lifecycle',
  'orderId',
  'marketplace',
  'status',
  'fulfilledByMarketplace',
  'revision',
  'createdAt',
  'updatedAt',
  'appliedEventIds',
  'history',
  'context',
] as const;

export const CONTEXT_KEYS = [
  'channel',
  'deliveryMode',
  'shipment',
  'refunds',
  'marketplaceUpdatedAt',
  'marketplaceStatus',
  'acceptanceDeadline',
  'shippingDeadline',
  'pickupDeadline',
  'total',
  'settlement',
  'marketplaceRawStatus',
  'lines',
  'parcels',
  'pendingAction',
] as const;

export const SHIPMENT_KEYS = ['carrier', 'trackingNumber', 'trackingUrl', 'at'] as const;
export const PARCEL_KEYS = ['carrier', 'trackingNumber', 'trackingUrl', 'at', 'lines'] as const;
export const PARCEL_LINE_KEYS = ['lineId', 'quantity'] as const;
export const LINE_KEYS = ['id', 'quantity', 'amount', 'status', 'lengowStatus'] as const;
export const REFUND_KEYS = ['amount', 'reason', 'at', 'shippingFees', 'line', 'quantity'] as const;
export const PENDING_ACTION_KEYS = ['type', 'eventId', 'at', 'from', 'actionId', 'undo', 'unset'] as const;
export const AUDIT_ENTRY_KEYS = ['eventType', 'eventId', 'at', 'from', 'to', 'outcome', 'blockers', 'anomaly', 'detail'] as const;
