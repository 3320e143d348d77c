/*
 * The arguments calendar queries and range helpers take, checked: a mistake is `INVALID_INPUT` naming the
 * argument, never a `TypeError` from inside, nor a silent "no maintenance" for an instant that is not one.
 */
import type { Duration } from 'date-fns';
import { invalidArgument as invalid } from '../lifecycle/errors.js';
import { canonicalEpochMs, type InstantInput } from '../lifecycle/instant.js';

const DURATION_UNITS = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'] as const;

/** A number of milliseconds, or a date-fns `Duration` of known units: finite and not negative. */
export function isNonNegativeDuration(value: unknown): value is Duration | number {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.entries(value).every(
    ([unit, amount]) => (DURATION_UNITS as readonly string[]).includes(unit) && (amount === undefined || (Number.isFinite(amount) && amount >= 0)),
  );
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function epochOfText(at: string): number {
  const canonical = canonicalEpochMs(at);
  if (!Number.isNaN(canonical)) return canonical;
  return ISO_DATE_TIME.test(at) ? Date.parse(at) : Number.NaN;
}

/** Milliseconds since the epoch of an instant argument; `INVALID_INPUT` naming it when it is not one. */
export function epochOf(at: InstantInput, argument: string): number {
  // The library's own form is read digit by digit; otherwise ISO 8601 only: Date.parse alone reads "12 Aug"
  // as a date of 2001, in the host's time zone.
  const ms = typeof at === 'string' ? epochOfText(at) : at instanceof Date ? at.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw invalid(argument, 'must be an ISO 8601 instant or a valid Date');
  return ms;
}

// Read by index, so a hole reads as `undefined` (allowed) and nothing is copied on a query's path.
function areIds(scope: readonly unknown[]): boolean {
  for (let i = 0; i < scope.length; i++) {
    const id = scope[i];
    if (id !== null && id !== undefined && typeof id !== 'string') return false;
  }
  return true;
}

/** A target is absent, or names its identifiers in `scope` (a list): a calendar's `CalendarTarget`. */
export function checkTarget(target: unknown): asserts target is { readonly scope?: readonly unknown[] } | undefined {
  if (target === undefined) return;
  const scope = (target as { scope?: unknown } | null)?.scope;
  // Blank entries are allowed (an order without a channel names `null`); anything else must be text.
  if (typeof target !== 'object' || target === null || (scope !== undefined && !(Array.isArray(scope) && areIds(scope)))) {
    throw invalid('target', 'must be { scope?: string[] }');
  }
}

/** A horizon is a non-negative duration or number of milliseconds. */
export function checkHorizon(horizon: unknown): asserts horizon is Duration | number {
  if (!isNonNegativeDuration(horizon)) throw invalid('horizon', 'must be a duration or a number of milliseconds, not negative');
}
