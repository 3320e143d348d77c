/*
 * The quick check `createOrder` runs before its input schema: is the input one the schema would accept and
 * give back unchanged (every key known, texts already trimmed, instants in canonical UTC, a total that is
 * already its own amount)? Then its values are the parsed input, read once each, without zod. Anything else
 * (a `Date`, an offset, text to trim, a total as text, order lines, an unknown key) goes to the schema, which
 * accepts it or names the field at fault. A property test holds the two to the same output.
 */
import type { CompiledLifecycle } from '../lifecycle/compile.js';
import { SETTLEMENTS, SUPPLY_MODES, type SupplyMode } from '../lifecycle/context.js';
import { isCanonicalInstant } from '../lifecycle/instant.js';
import { MAX_AMOUNT } from '../lifecycle/money.js';
import { isStorableText } from '../lifecycle/text.js';

/** `createOrder`'s input as its schema outputs it, for the fields the quick check reads. */
export interface PlainOrderInput {
  readonly orderId: string;
  readonly marketplace: string;
  readonly deliveryMode: string | null | undefined;
  readonly channel: string | null | undefined;
  readonly fulfilledByMarketplace: boolean | undefined;
  readonly supplyMode: SupplyMode | undefined;
  readonly shippingDeadline: string | null | undefined;
  readonly acceptanceDeadline: string | null | undefined;
  readonly pickupDeadline: string | null | undefined;
  readonly total: number | null | undefined;
  readonly settlement: (typeof SETTLEMENTS)[number] | null | undefined;
  readonly marketplaceRawStatus: string | null | undefined;
  readonly createdAt: string;
  readonly marketplaceUpdatedAt: string | null | undefined;
  readonly shipment: PlainShipment | null | undefined;
  readonly status: string | undefined;
}

interface PlainShipment {
  readonly carrier: string | null | undefined;
  readonly trackingNumber: string | null | undefined;
  readonly trackingUrl: string | null | undefined;
  readonly at: string;
}

/** The keys of `createOrder`'s input the quick check reads: every one but `lines`. */
export const PLAIN_INPUT_KEYS = [
  'orderId',
  'marketplace',
  'deliveryMode',
  'channel',
  'fulfilledByMarketplace',
  'supplyMode',
  'shippingDeadline',
  'acceptanceDeadline',
  'pickupDeadline',
  'total',
  'settlement',
  'marketplaceRawStatus',
  'createdAt',
  'marketplaceUpdatedAt',
  'shipment',
  'status',
] as const satisfies readonly (keyof PlainOrderInput)[];
const INPUT_KEYS: ReadonlySet<string> = new Set(PLAIN_INPUT_KEYS);
const SHIPMENT_KEYS: ReadonlySet<string> = new Set(['carrier', 'trackingNumber', 'trackingUrl', 'at']);

// The schema trims, then checks length and storability: text with nothing to trim passes alike.
const isText = (value: unknown, max: number, min: number): value is string =>
  typeof value === 'string' && value.length >= min && value.length <= max && value.trim() === value && isStorableText(value);
const isOptionalText = (value: unknown, max: number): boolean => value == null || isText(value, max, 0);
const isOptionalInstant = (value: unknown): boolean => value == null || isCanonicalInstant(value);

/** A plain object whose own keys are all among `keys`. */
function isPlainObjectOf(value: unknown, keys: ReadonlySet<string>): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key in value) if (!keys.has(key)) return false;
  return true;
}

// An amount the schema gives back as the same number: at most four decimals, within bounds, not -0.
const isPlainTotal = (value: unknown): boolean =>
  value == null ||
  (typeof value === 'number' && value >= 0 && value <= MAX_AMOUNT && !Object.is(value, -0) && Math.round(value * 10_000) / 10_000 === value);

/**
 * The input, read once field by field, when `createOrder`'s schema would accept it and output the same values;
 * `undefined` otherwise (the schema then decides).
 */
export function plainOrderInput(input: unknown, lifecycle: CompiledLifecycle<string>): PlainOrderInput | undefined {
  if (!isPlainObjectOf(input, INPUT_KEYS)) return undefined;
  // Each field read once (a getter cannot answer twice), key by key: copying them in a loop over
  // PLAIN_INPUT_KEYS made createOrder 1.3 µs an order against 0.9 µs.
  const { orderId, marketplace, deliveryMode, channel, fulfilledByMarketplace, supplyMode, status } = input;
  const { shippingDeadline, acceptanceDeadline, pickupDeadline, total, settlement, marketplaceRawStatus } = input;
  const { createdAt, marketplaceUpdatedAt, shipment } = input;
  if (
    !isText(orderId, 200, 1) ||
    !isText(marketplace, 100, 1) ||
    !isOptionalText(deliveryMode, 100) ||
    !isOptionalText(channel, 100) ||
    !(fulfilledByMarketplace === undefined || typeof fulfilledByMarketplace === 'boolean') ||
    !(supplyMode === undefined || (SUPPLY_MODES as readonly unknown[]).includes(supplyMode)) ||
    // Two ways to say who ships: the schema names a contradiction.
    (supplyMode !== undefined && fulfilledByMarketplace !== undefined && fulfilledByMarketplace !== (supplyMode !== 'Seller')) ||
    !isOptionalInstant(shippingDeadline) ||
    !isOptionalInstant(acceptanceDeadline) ||
    !isOptionalInstant(pickupDeadline) ||
    !isPlainTotal(total) ||
    !(settlement == null || (SETTLEMENTS as readonly unknown[]).includes(settlement)) ||
    !isOptionalText(marketplaceRawStatus, 100) ||
    !isCanonicalInstant(createdAt) ||
    !isOptionalInstant(marketplaceUpdatedAt) ||
    !(status === undefined || lifecycle.isStatus(status))
  ) {
    return undefined;
  }
  let plainShipment: PlainShipment | null | undefined;
  if (shipment != null) {
    if (!isPlainObjectOf(shipment, SHIPMENT_KEYS)) return undefined;
    const { carrier, trackingNumber, trackingUrl, at } = shipment;
    if (!isOptionalText(carrier, 100) || !isOptionalText(trackingNumber, 100) || !isOptionalText(trackingUrl, 2048) || !isCanonicalInstant(at)) {
      return undefined;
    }
    plainShipment = { carrier, trackingNumber, trackingUrl, at } as PlainShipment;
  } else {
    plainShipment = shipment;
  }
  return {
    orderId,
    marketplace,
    deliveryMode,
    channel,
    fulfilledByMarketplace,
    supplyMode,
    shippingDeadline,
    acceptanceDeadline,
    pickupDeadline,
    total,
    settlement,
    marketplaceRawStatus,
    createdAt,
    marketplaceUpdatedAt,
    shipment: plainShipment,
    status,
  } as PlainOrderInput;
}
