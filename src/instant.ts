import { z } from 'zod';

/** An instant as callers give it: an ISO 8601 string with `Z` or an offset, or a `Date`. */
export type InstantInput = string | Date;

// Calendar-checked: `2024-02-30T10:00Z` matches the ISO pattern but is not a day, so it is refused.
function isRealInstant(iso: string): boolean {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return false;
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

/**
 * Zod schema for an instant: an ISO 8601 date-time with `Z` or an offset, or a valid `Date`.
 * Outputs the instant as a UTC ISO string (`2024-02-21T19:30:00.000Z`).
 */
export const instantSchema = z
  .union([
    z.iso
      .datetime({ offset: true, abort: true, error: 'must be an ISO 8601 date-time with Z or an offset' })
      .refine(isRealInstant, 'must be a real calendar date-time'),
    z.date({ error: 'must be an ISO 8601 date-time string or a valid Date' }),
  ], { error: 'must be an ISO 8601 date-time string or a valid Date' })
  .transform((value) => (typeof value === 'string' ? new Date(value) : value).toISOString());

/** Milliseconds since the epoch of an instant already validated (or given as a Date). */
export function toEpochMs(at: InstantInput): number {
  return typeof at === 'string' ? Date.parse(at) : at.getTime();
}

/** The UTC ISO string of an instant already validated (or given as a Date). */
export function toIsoInstant(at: InstantInput): string {
  return typeof at === 'string' && at.endsWith('Z') && at.length === 24 ? at : new Date(toEpochMs(at)).toISOString();
}
