// The public surface, by name. Everything not exported here is internal.
export {
  ORDER_STATUSES,
  FINAL_STATUSES,
  SELLER_DECIDES_STATUSES,
  SHIPPED_STATUSES,
  CANCELLED_STATUSES,
  orderStatusSchema,
  isOrderStatus,
  isFinalStatus,
  isSellerDecidingStatus,
  isShippedStatus,
  isCancelledStatus,
  type OrderStatus,
} from './statuses.js';
export { LENGOW_STATUSES, lengowStatusSchema, toLengowStatus, type LengowStatus } from './lengow-status.js';
export {
  ORDER_EVENT_TYPES,
  SELLER_ACTIONS,
  EVENT_SOURCES,
  orderEventSchema,
  sellerActionSchemas,
  factSchemas,
  isSellerAction,
  type EventSource,
  type OrderEvent,
  type OrderEventInput,
  type OrderEventInputOf,
  type OrderEventType,
  type SellerActionType,
} from './events.js';
export { instantSchema, type InstantInput } from './instant.js';
export { BLOCKER_CODES, type Blocker, type BlockerCode } from './blockers.js';
export {
  OrderMachineError,
  isOrderMachineError,
  type OrderMachineErrorCode,
  type ValidationIssue,
} from './errors.js';
export type { OrderContext, OrderMachineInput, Refund, Shipment } from './context.js';
export type { LifecycleOptions, SellerActionRules } from './options.js';
export { TRACKED_DELIVERY_MODES, STORE_DELIVERY_MODES, normalizeDeliveryMode } from './delivery-modes.js';
export { GUARD_RULES, type GuardName, type RuleName } from './rules.js';
export { orderMachine, createOrderMachine, type OrderMachine, type OrderRejected, type OrderTag } from './machine.js';
export {
  ORDER_SCHEMA_VERSION,
  createOrder,
  createOrderInputSchema,
  orderTags,
  type CreateOrderInput,
  type OrderRecord,
  type OrderSnapshot,
} from './order.js';
export {
  DEFAULT_HISTORY_LIMIT,
  MAX_HISTORY_LIMIT,
  REMEMBERED_EVENT_IDS,
  type Anomaly,
  type AuditEntry,
  type AuditOutcome,
} from './audit.js';
export {
  dispatch,
  explain,
  availableActions,
  type AcceptedDispatch,
  type RefusedDispatch,
  type DispatchResult,
  type DispatchOptions,
  type AvailableActionsOptions,
} from './dispatch.js';
export {
  createMaintenanceCalendar,
  type ActiveMaintenance,
  type CalendarTarget,
  type MaintenanceCalendar,
  type MaintenanceWindow,
  type MaintenanceWindowInput,
} from './calendar.js';
export {
  OUTBOX_VERSION,
  createOutbox,
  deferAction,
  releaseDue,
  replayOf,
  type DeferredAction,
  type DeferralRefusal,
  type DeferResult,
  type OutboxState,
  type ReleasedAction,
} from './outbox.js';
export { retrievalRange, type RetrievalRange, type RetrievalRangeOptions } from './retrieval-range.js';
export { toMermaid, type ToMermaidOptions } from './diagram.js';
export {
  BUYER_DATA_KEYS,
  INSPECTION_EVENT_TYPES,
  createInspectionLog,
  redactBuyerData,
  type InspectionEventType,
  type InspectionLog,
  type InspectionLogOptions,
  type RedactionOptions,
} from './inspection.js';
export { serializeOrder } from './persistence/serialize.js';
export { restoreOrder, type RestoreOptions } from './persistence/restore.js';
export { RECORD_MIGRATIONS, migrateRecord, recordVersionOf, type RecordMigration } from './persistence/migrations.js';
export { orderRecordSchema, storedOrderSchema, MAX_STORED_REFUNDS, type StoredOrder } from './persistence/record-schema.js';
export {
  applyWithRetry,
  createInMemoryOrderStore,
  orderKeyOf,
  type ApplyOptions,
  type ApplyOutcome,
  type OrderChange,
  type OrderKey,
  type OrderStep,
  type OrderStore,
  type ReleaseOptions,
  type ReleaseReport,
  type StoredAuditEntry,
} from './persistence/store.js';
