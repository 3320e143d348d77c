import { z } from 'zod';

/** An instant as callers give it: an ISO 8601 string with `Z` or an offset, or a `Date`. */
export type InstantInput = string | Date;

const isoDateTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with Z or an offset' });

// Years 0001 to 9999: ISO 8601 writes them in four digits, and databases hold them (PostgreSQL has no year 0000).
const isFourDigitYear = (date: Date) => {
  const year = date.getUTCFullYear();
  return year >= 1 && year <= 9999;
};

/** Only year 0000 and the edge days can leave years 0001 to 9999 in UTC; any other day is checked without a Date. */
const staysInFourDigitYears = (iso: string) =>
  !(iso.startsWith('9999-12-31') || iso.startsWith('0000-') || iso.startsWith('0001-01-01')) || isFourDigitYear(new Date(iso));

/** The canonical UTC form `YYYY-MM-DDTHH:MM:SS.sssZ`; common UTC spellings are rewritten without a Date. */
function canonical(iso: string): string {
  if (iso.charCodeAt(iso.length - 1) === 90 /* Z */) {
    if (iso.length === 24) return iso;
    if (iso.length === 20) return `${iso.slice(0, 19)}.000Z`;
  }
  return new Date(iso).toISOString();
}

/**
 * Zod schema for an instant: an ISO 8601 date-time with `Z` or an offset (a real calendar day), or a
 * valid `Date`. Outputs the instant as a canonical UTC ISO string (`2024-02-21T19:30:00.000Z`), so
 * instants compare as strings.
 */
export const instantSchema = z
  .union(
    [
      // zod's date-time pattern checks the calendar too: `2024-02-30T10:00:00Z` is refused. An offset can carry
      // the first and last days of years 0001 and 9999 out of them in UTC, where no four-digit text reads back.
      isoDateTime.refine(staysInFourDigitYears, 'must be within years 0001 to 9999 in UTC'),
      // Only years ISO 8601 writes in four digits: a Date in year 10000 would become text no one reads back.
      z.date({ error: 'must be an ISO 8601 date-time string or a valid Date' }).refine(isFourDigitYear, 'must be within years 0001 to 9999'),
    ],
    { error: 'must be an ISO 8601 date-time string or a valid Date' },
  )
  .transform((value) => (typeof value === 'string' ? canonical(value) : value.toISOString()));

/** Milliseconds since the epoch of an instant already validated (or given as a Date). */
export function toEpochMs(at: InstantInput): number {
  return typeof at === 'string' ? Date.parse(at) : at.getTime();
}

/** The canonical UTC ISO string of an instant already validated (or given as a Date). */
export function toIsoInstant(at: InstantInput): string {
  return typeof at === 'string' && at.length === 24 && at.endsWith('Z') ? at : new Date(toEpochMs(at)).toISOString();
}
