/**
 * Delivery modes whose shipment needs a carrier and a tracking number, in the spellings marketplaces and
 * connectors use: suivi and recommandé as the seed spelled them, Cdiscount's legacy codes and their Octopia
 * counterparts (Octopia "Extended Delivery Modes and Legacy matching": THD = TRK, SHD = REG, EHD = EXP,
 * FDHD / SRHD / WSHD = LV1 / LV2 / LV3), and the relay pick-ups that "must be tracked" (REL, RCO, SO1).
 * Matched case- and accent-insensitively.
 */
export const TRACKED_DELIVERY_MODES = [
  'suivi',
  'tracked',
  'TRK',
  'THD',
  'recommandé',
  'recommande',
  'registered',
  'REG',
  'SHD',
  'express',
  'EXP',
  'EHD',
  'REL',
  'RCO',
  'SO1',
  'LV1',
  'LV2',
  'LV3',
  'FDHD',
  'SRHD',
  'WSHD',
] as const;

/**
 * Delivery modes that may ship without tracking: since November 2020 only Cdiscount's Standard delivery
 * (legacy `STD`, Octopia `NTHD`, "Normal"). Any mode on neither list, or none, is treated as tracked.
 */
export const UNTRACKED_DELIVERY_MODES = ['STD', 'NTHD', 'standard', 'normal'] as const;

/**
 * Delivery modes where the goods are collected in a store: click and collect (`MAG`) and Cdiscount's
 * immediate pick-up in store (`RIM`). Matched like the above.
 */
export const STORE_DELIVERY_MODES = ['MAG', 'RIM', 'magasin', 'store', 'in_store', 'click_and_collect'] as const;

/**
 * Lower case, no accents, no surrounding blanks: `Recommandé ` and `recommande` are the same mode.
 * @example normalizeDeliveryMode(' Recommandé ') // 'recommande'
 */
export function normalizeDeliveryMode(mode: string): string {
  return mode.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();
}

/** A set of delivery modes, matched after {@link normalizeDeliveryMode}. */
export interface DeliveryModeSet {
  has(mode: string | null | undefined): boolean;
}

const cache = new WeakMap<readonly string[], DeliveryModeSet>();

/** Builds (once per array) a matcher for a list of delivery modes. */
export function deliveryModeSet(modes: readonly string[]): DeliveryModeSet {
  let set = cache.get(modes);
  if (!set) {
    const normalized = new Set(modes.map(normalizeDeliveryMode));
    // Orders repeat a handful of spellings: remember each verdict instead of normalizing every time.
    const seen = new Map<string, boolean>();
    set = {
      has: (mode) => {
        if (typeof mode !== 'string') return false;
        let verdict = seen.get(mode);
        if (verdict === undefined) {
          verdict = normalized.has(normalizeDeliveryMode(mode));
          if (seen.size < 1000) seen.set(mode, verdict);
        }
        return verdict;
      },
    };
    cache.set(modes, set);
  }
  return set;
}
