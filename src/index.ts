// The public surface, by name. Everything not exported here is internal.

// Lifecycles as data: a definition, and everything that reads it.
export { defineLifecycle, type Lifecycle, type LifecycleMachine } from './lifecycle/define-lifecycle.js';
export {
  ACTION_VERDICTS,
  LINES_SETTLED,
  MARKETPLACE_REPORT,
  type ActionVerdict,
  type ActionVerdictInput,
  type ActionVerdictType,
  type CatalogueOf,
  type ContextUpdater,
  type EventCatalogue,
  type EventDefinition,
  type EventInputOf,
  type EventOf,
  type EventSource,
  type LifecycleDefinition,
  type LineRules,
  type MarketplaceReport,
  type MarketplaceReportInput,
  type ReportedLine,
  type Rule,
  type RuleEvent,
  type RuleVerdict,
  type SellerEventOf,
  type StatusDefinition,
  type StatusOf,
  type TransitionDefinition,
} from './lifecycle/definition.js';
export { BUILT_IN_RULES, type RuleName } from './lifecycle/rules.js';
export { BUILT_IN_ACTIONS } from './lifecycle/compile.js';
export type { StatusRoute } from './engine/paths.js';
export { cdiscountDefinition } from './lifecycles/cdiscount.js';
export { cdiscountLifecycle } from './lifecycles/default-machine.js';
// The same marketplace in Octopia's vocabulary (today's API), side by side with the legacy one.
export {
  octopiaDefinition,
  type OctopiaStatus,
  type OctopiaEvent,
  type OctopiaEventInput,
  type OctopiaSellerAction,
  type OctopiaOrderRecord,
} from './lifecycles/octopia.js';
export { octopiaLifecycle } from './lifecycles/octopia-lifecycle.js';
export { OCTOPIA_RULES } from './lifecycles/octopia-rules.js';

// The Cdiscount lifecycle, the default of the top-level API.
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
  ORDER_EVENT_TYPES,
  SELLER_ACTIONS,
  EVENT_SOURCES,
  orderEventSchema,
  sellerActionSchemas,
  factSchemas,
  isSellerAction,
  createOrder,
  createOrderInputSchema,
  dispatch,
  explain,
  deadlineOf,
  availableActions,
  orderTags,
  type OrderStatus,
  type OrderEvent,
  type OrderEventInput,
  type OrderEventInputOf,
  type OrderEventType,
  type SellerActionType,
  type OrderContext,
  type OrderMachineInput,
  type OrderRecord,
  type CreateOrderInput,
  type DispatchResult,
  type AcceptedDispatch,
  type RefusedDispatch,
  type DispatchOptions,
  type AvailableAction,
  type AvailableActionsOptions,
  type ActionDeadline,
  type CreateOrderOptions,
  type ExplainOptions,
  type Explanation,
  type OrderTag,
} from './lifecycles/default.js';
export { WARNING_CODES, type Warning, type WarningCode } from './engine/deadlines.js';
export { DEADLINE_KINDS, DEADLINE_FIELDS, type DeadlineKind, type DeadlineDurations } from './lifecycle/deadlines.js';
export { GUARD_RULES, type GuardName } from './lifecycles/guards.js';
export {
  orderMachine,
  createOrderMachine,
  createOrderActor,
  toSnapshot,
  toMermaid,
  type OrderMachine,
  type OrderSnapshot,
} from './lifecycles/default-machine.js';
export type { OrderActor, OrderActorOptions, OrderRejected } from './xstate/actor.js';
export type { ToMermaidOptions } from './diagram/mermaid.js';
export {
  ORDER_SCHEMA_VERSION,
  DEFAULT_LIFECYCLE_ID,
  type CreateOrderInputOf,
  type RecordContext,
} from './engine/record.js';

export {
  LENGOW_STATUSES,
  lengowStatusSchema,
  toLengowStatus,
  type LengowStatus,
  type LengowStatusSubject,
} from './lengow/lengow-status.js';
export { instantSchema, type InstantInput } from './lifecycle/instant.js';
export { BLOCKER_CODES, type Blocker, type BlockerCode } from './lifecycle/blockers.js';
export {
  OrderMachineError,
  isOrderMachineError,
  type OrderMachineErrorCode,
  type ValidationIssue,
} from './lifecycle/errors.js';
export {
  SETTLEMENTS,
  SUPPLY_MODES,
  type PendingAction,
  type Refund,
  type Settlement,
  type Shipment,
  type SupplyMode,
} from './lifecycle/context.js';
// Refunds that add up and show (issue 13, item 2): exact amounts, and how much of an order was paid back.
export { refundStateOf, type RefundFacts, type RefundState } from './lifecycle/refunds.js';
export { linesOf, MAX_ORDER_LINES, MAX_PARCELS, type LinesSource, type OrderLine, type Parcel, type RecordLine } from './lifecycle/lines.js';
export type { OrderLineInput } from './lifecycle/line-input.js';
export { formatMoney, parseMoney, sumMoney, type Money, type MoneyInput, type MoneyParse } from './lifecycle/money.js';
export type { LifecycleOptions, SellerActionRules, TrackingPolicy } from './lifecycle/options.js';
export { TRACKING_POLICIES } from './lifecycle/options.js';
export {
  TRACKED_DELIVERY_MODES,
  UNTRACKED_DELIVERY_MODES,
  STORE_DELIVERY_MODES,
  normalizeDeliveryMode,
} from './lifecycle/delivery-modes.js';
export {
  ANOMALIES,
  DEFAULT_HISTORY_LIMIT,
  MAX_HISTORY_LIMIT,
  REMEMBERED_EVENT_IDS,
  type Anomaly,
  type AuditEntry,
  type AuditOutcome,
} from './engine/audit.js';
export {
  createMaintenanceCalendar,
  type ActiveMaintenance,
  type CalendarTarget,
  type MaintenanceCalendar,
  type MaintenanceEntryInput,
  type MaintenanceWindow,
  type MaintenanceWindowInput,
} from './maintenance/calendar.js';
export type { TentativeNotice, TentativeNoticeInput } from './maintenance/tentative-notice.js';
export {
  OUTBOX_VERSION,
  createOutbox,
  deferAction,
  releaseDue,
  replayOf,
  type DeferredAction,
  type DeferralRefusal,
  type DeferResult,
  type DeferralLifecycle,
  type OutboxState,
  type OverdueAction,
  type ReleasedAction,
} from './maintenance/outbox.js';
export { retrievalRange, type RetrievalRange, type RetrievalRangeOptions } from './maintenance/retrieval-range.js';
export {
  BUYER_DATA_KEYS,
  INSPECTION_EVENT_TYPES,
  createInspectionLog,
  redactBuyerData,
  type InspectionEventType,
  type InspectionLog,
  type InspectionLogOptions,
  type RedactionOptions,
  type RedactionSetting,
} from './inspect/inspection.js';
export { serializeOrder, type SerializeOptions } from './persistence/serialize.js';
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
  type OrderStoreOptions,
  type StoredEventInput,
  type ReleaseOptions,
  type ReleaseReport,
  type StoredAuditEntry,
} from './persistence/store.js';
export { DEFAULT_STORED_LIFECYCLE, type RecordsOf, type StoredLifecycle } from './persistence/stored-lifecycles.js';
