// The Lengow integration, by name: payload schemas, import, status sync, marketplace definitions, actions.
export {
  MAX_LENGOW_PAGE_ORDERS,
  MAX_LENGOW_PACKAGES,
  MAX_LENGOW_TRACKINGS,
  MAX_LENGOW_CART_LINES,
  MAX_REPORTED_ISSUES,
  DELIVERED_BY_MARKETPLACE,
  lengowOrderSchema,
  lengowOrderPageSchema,
  lengowPackageSchema,
  lengowDeliverySchema,
  lengowTrackingSchema,
  lengowCartLineSchema,
  lengowOrderTypeSchema,
  LENGOW_LINE_STATUSES,
  isLengowLineStatus,
  parseLengowOrder,
  trackingOf,
  deliveryModeOf,
  fulfilmentFlagOf,
  type LengowOrder,
  type LengowOrderInput,
  type LengowOrderPage,
  type LengowTrackingFacts,
  type LengowLineStatus,
} from './payload.js';
export {
  orderStatusFromLengow,
  octopiaStatusFromLengow,
  settlementFromLengow,
  lengowStatusesOf,
  statusOfLengowOrder,
  type LengowReportedStatus,
} from './status-mapping.js';
export { LENGOW_VOCABULARIES, vocabularyOfLengowOrder, vocabularyOfRecord, type LengowVocabulary } from './vocabulary.js';
export { LENGOW_DAILY_SWEEP, lengowDailySweep, type LengowDailySweepOptions } from './daily-sweep.js';
export {
  LENGOW_IMPORT_WARNING_CODES,
  importLengowOrder,
  importLengowPage,
  type CdiscountOrderRecord,
  type ImportLengowOptions,
  type ImportLengowPageOptions,
  type LengowImportRefusal,
  type LengowImportResult,
  type LengowImportWarning,
  type LengowImportWarningCode,
  type LengowPageEntry,
  type LengowPageImport,
} from './import.js';
export { syncLengowOrder, type SyncLengowOptions } from './sync.js';
export { createMarketplaceRules } from './marketplace-definition.js';
export {
  marketplaceDefinitionsSchema,
  marketplaceDefinitionSchema,
  marketplaceActionSchema,
  marketplaceArgDescriptionSchema,
  marketplaceArgDependsOnSchema,
  marketplaceArgConditionSchema,
  type MarketplaceRules,
  type MarketplaceDefinition,
  type MarketplaceDefinitionsInput,
  type MarketplaceArgDescription,
  type MarketplaceArgDependsOn,
} from './marketplace-schema.js';
export { LENGOW_ACTION_OF } from './marketplace-rules.js';
export {
  toLengowAction,
  buildLengowAction,
  type LengowActionRequest,
  type LengowActionResult,
  type LengowKeyedRequest,
  type LengowActionOptions,
  type LengowActionInput,
} from './lengow-action.js';
export { meaningOfArgument, type LengowArgumentMeaning } from './marketplace-arguments.js';
export {
  LENGOW_ACTION_STATES,
  lengowActionRecordSchema,
  lengowActionState,
  syncLengowAction,
  type LengowActionRecord,
  type LengowActionState,
} from './action-record.js';
