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

const digit = (text: string, at: number) => {
  const code = text.charCodeAt(at) - 48;
  return code >= 0 && code <= 9 ? code : Number.NaN;
};
const number = (text: string, from: number, to: number) => {
  let value = 0;
  for (let i = from; i < to; i++) value = value * 10 + digit(text, i);
  return value;
};
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DAY_MS = 86_400_000;

/** Days from 1970-01-01 to a day of the proleptic Gregorian calendar (years counted from March, as Date does). */
function daysSinceEpoch(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  return era * 146_097 + yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear - 719_468;
}

/**
 * Whether a text is an instant as the library writes one: `YYYY-MM-DDTHH:MM:SS.sssZ` on a real day of years
 * 0001 to 9999, read digit by digit (a Date round trip costs several times more).
 */
export function isCanonicalInstant(value: unknown): value is string {
  if (
    typeof value !== 'string' ||
    value.length !== 24 ||
    value.charCodeAt(4) !== 45 /* - */ ||
    value.charCodeAt(7) !== 45 ||
    value.charCodeAt(10) !== 84 /* T */ ||
    value.charCodeAt(13) !== 58 /* : */ ||
    value.charCodeAt(16) !== 58 ||
    value.charCodeAt(19) !== 46 /* . */ ||
    value.charCodeAt(23) !== 90 /* Z */
  ) {
    return false;
  }
  const year = number(value, 0, 4);
  const month = number(value, 5, 7);
  const day = number(value, 8, 10);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return (
    year >= 1 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number)) &&
    number(value, 11, 13) <= 23 &&
    number(value, 14, 16) <= 59 &&
    number(value, 17, 19) <= 59 &&
    number(value, 20, 23) >= 0
  );
}

/**
 * Milliseconds since the epoch of an instant as the library writes one ({@link isCanonicalInstant}); `NaN`
 * for any other text. `Date.parse` gives the same number for every such text, at several times the cost:
 * the maintenance calendar reads the instant of every query this way.
 */
export function canonicalEpochMs(value: string): number {
  if (!isCanonicalInstant(value)) return Number.NaN;
  const days = daysSinceEpoch(number(value, 0, 4), number(value, 5, 7), number(value, 8, 10));
  return days * DAY_MS + number(value, 11, 13) * 3_600_000 + number(value, 14, 16) * 60_000 + number(value, 17, 19) * 1000 + number(value, 20, 23);
}

/** Milliseconds since the epoch of an instant already validated (or given as a Date). */
export function toEpochMs(at: InstantInput): number {
  return typeof at === 'string' ? Date.parse(at) : at.getTime();
}

/** The canonical UTC ISO string of an instant already validated (or given as a Date). */
export function toIsoInstant(at: InstantInput): string {
  return typeof at === 'string' && at.length === 24 && at.endsWith('Z') ? at : new Date(toEpochMs(at)).toISOString();
}
