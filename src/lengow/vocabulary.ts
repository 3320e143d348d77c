import type { ValidationIssue } from '../lifecycle/errors.js';
import { isOrderStatus } from '../lifecycles/default.js';
import { octopia } from '../lifecycles/octopia.js';
import type { LengowOrder } from './payload.js';

/**
 * The two vocabularies Cdiscount orders come in through Lengow: `legacy` (the SOAP API's
 * `WaitingForSellerAcceptation`, ... : the default lifecycle) and `octopia` (the REST API's `WaitingAcceptance`,
 * `InPreparation`, ...: `octopiaLifecycle`).
 */
export const LENGOW_VOCABULARIES = ['legacy', 'octopia'] as const;

/** One of {@link LENGOW_VOCABULARIES}. */
export type LengowVocabulary = (typeof LENGOW_VOCABULARIES)[number];

/** The vocabulary of an order record: `octopia` for Octopia records, `legacy` for the default lifecycle's. */
export const vocabularyOfRecord = (order: { readonly lifecycle?: string | undefined }): LengowVocabulary =>
  order.lifecycle === octopia.id ? 'octopia' : 'legacy';

// Octopia partners other than Cdiscount are not supported by Lengow; other marketplaces may use the same
// English words (`Shipped`, `Cancelled`) for statuses of their own.
const isCdiscount = (marketplace: string) => /^cdiscount/i.test(marketplace);

type Spoken = { readonly path: (string | number)[]; readonly status: string; readonly vocabulary: LengowVocabulary };

/** The statuses of a payload (the order's, then each cart line's) that only one vocabulary has. */
function spokenStatuses(order: LengowOrder): Spoken[] {
  const spoken: Spoken[] = [];
  const classify = (path: (string | number)[], status: string | null | undefined) => {
    if (typeof status !== 'string') return;
    const legacy = isOrderStatus(status);
    const octopiaStatus = octopia.isStatus(status);
    // `Shipped` is both: it tells nothing about the vocabulary.
    if (legacy !== octopiaStatus) spoken.push({ path, status, vocabulary: legacy ? 'legacy' : 'octopia' });
  };
  classify(['marketplace_status'], order.marketplace_status);
  (order.packages ?? []).forEach((pkg, p) => {
    (pkg.cart ?? []).forEach((line, l) => classify(['packages', p, 'cart', l, 'marketplace_status'], line.marketplace_status));
  });
  return spoken;
}

const name = (vocabulary: LengowVocabulary) => (vocabulary === 'octopia' ? "Octopia's vocabulary" : 'the legacy Cdiscount vocabulary');

/**
 * Which vocabulary a Lengow order payload speaks, read from its `marketplace_status` values (the order's and
 * each cart line's): `octopia` when a Cdiscount payload uses a status only Octopia has (`InPreparation`),
 * else `legacy` (statuses both share, such as `Shipped`, and other marketplaces' statuses read as before).
 * `forced` imposes one. A payload mixing the two vocabularies, or speaking the other one than `forced`, is an
 * issue naming the field.
 *
 * @example
 * vocabularyOfLengowOrder(payload) // { ok: true, vocabulary: 'octopia' }
 * vocabularyOfLengowOrder(mixed) // { ok: false, issue: { path: ['packages', 0, 'cart', 0, 'marketplace_status'], ... } }
 */
export function vocabularyOfLengowOrder(
  order: LengowOrder,
  forced?: LengowVocabulary,
): { readonly ok: true; readonly vocabulary: LengowVocabulary } | { readonly ok: false; readonly issue: ValidationIssue } {
  // Another marketplace's `Accepted` is its own word, not Octopia's: its statuses read as they always did.
  if (forced === undefined && !isCdiscount(order.marketplace)) return { ok: true, vocabulary: 'legacy' };
  const spoken = spokenStatuses(order);
  const first = spoken[0];
  const expected = forced ?? first?.vocabulary ?? 'legacy';
  const stray = spoken.find((entry) => entry.vocabulary !== expected);
  if (stray) {
    const why =
      forced === undefined
        ? `mixes ${name(stray.vocabulary)} with ${name(expected)} (${first!.status} at ${first!.path.join('.')}): a payload speaks one`
        : `is a status of ${name(stray.vocabulary)}, but ${name(forced)} was asked for`;
    return { ok: false, issue: { path: stray.path, message: `"${stray.status}" ${why}`, code: 'mixed_vocabulary' } };
  }
  return { ok: true, vocabulary: expected };
}
