/**
 * The longest text each field of a stored record may hold, in UTF-16 code units: one list, read by the record
 * schema and by the quick check of plainly valid records alike.
 */
export const RECORD_TEXT_LIMITS = {
  orderId: 200,
  marketplace: 100,
  channel: 100,
  deliveryMode: 100,
  carrier: 100,
  trackingNumber: 100,
  trackingUrl: 2048,
  reason: 1000,
  marketplaceRawStatus: 100,
  /** The event type of a pending action, a field it added (`unset`), an audit entry's event type. */
  eventType: 100,
  /** An applied event's id, a pending action's event id and marketplace id. */
  eventId: 200,
  detail: 1000,
} as const;

/** The most fields a pending action may have added (`unset`). */
export const MAX_UNSET_FIELDS = 50;
