/*
 * Deadlines and warnings: what an action is expected by, and what a seller should hear before taking it
 * (a deadline passed, a maintenance notice whose date is not known yet). Warnings never refuse anything.
 */
import type { CompiledLifecycle } from '../lifecycle/compile.js';
import type { OrderContext } from '../lifecycle/context.js';
import { DEADLINE_FIELDS, deadlineFrom, type DeadlineKind } from '../lifecycle/deadlines.js';
import { toIsoInstant } from '../lifecycle/instant.js';
import type { LifecycleOptions } from '../lifecycle/options.js';
import { withFields } from '../lifecycle/with-fields.js';

/** Stable codes of {@link Warning}s. New codes may be added in minor versions. */
export const WARNING_CODES = ['PAST_DEADLINE', 'TENTATIVE_MAINTENANCE'] as const;

/** One of {@link WARNING_CODES}. */
export type WarningCode = (typeof WARNING_CODES)[number];

/**
 * Something a seller should know before acting, though nothing refuses the action: `PAST_DEADLINE` (the
 * action lands after the deadline it is expected by, `deadline` says which instant), `TENTATIVE_MAINTENANCE`
 * (it falls in the possible span of a maintenance notice whose date is not announced yet).
 */
export interface Warning {
  readonly code: WarningCode;
  readonly message: string;
  /** For `PAST_DEADLINE`: the deadline passed (UTC ISO). */
  readonly deadline?: string;
}

/** A seller action's deadline: which one, and when (UTC ISO). */
export interface ActionDeadline {
  readonly kind: DeadlineKind;
  readonly at: string;
}

/** The deadline the seller action `type` is expected by in `status`, when the order knows it. */
export function deadlineOfAction<S extends string>(
  lifecycle: CompiledLifecycle<S>,
  status: S,
  context: OrderContext<S>,
  type: string,
): ActionDeadline | undefined {
  const kind = lifecycle.expectedBy[status][type];
  const at = kind === undefined ? undefined : context[DEADLINE_FIELDS[kind]];
  return kind === undefined || at === undefined ? undefined : { kind, at: toIsoInstant(at) };
}

/**
 * The context as the order enters `to` at `at`: the deadline `to` waits for, counted from a configured
 * duration, when the order does not hold it yet (a deadline given or imported is never replaced).
 */
export function withDeadlineOf<S extends string, C extends OrderContext<S>>(
  lifecycle: CompiledLifecycle<S>,
  to: S,
  context: C,
  at: string,
  options: LifecycleOptions,
): C {
  const kind = lifecycle.waitsFor[to];
  if (kind === null || options.deadlineDurations === undefined || context[DEADLINE_FIELDS[kind]] !== undefined) return context;
  const deadline = deadlineFrom(options.deadlineDurations, kind, at);
  return deadline === undefined ? context : (withFields<OrderContext<S>>(context, { [DEADLINE_FIELDS[kind]]: deadline }) as C);
}

const NO_WARNINGS: readonly Warning[] = Object.freeze([]);

/** What a seller should hear before taking the action `type` at `at` (UTC ISO) on an order in `status`. */
export function warningsFor<S extends string>(
  lifecycle: CompiledLifecycle<S>,
  status: S,
  context: OrderContext<S>,
  type: string,
  at: string,
  options: LifecycleOptions,
): readonly Warning[] {
  if (lifecycle.sources[type] !== 'seller') return NO_WARNINGS;
  const warnings: Warning[] = [];
  const deadline = deadlineOfAction(lifecycle, status, context, type);
  if (deadline !== undefined && at > deadline.at) {
    warnings.push({
      code: 'PAST_DEADLINE',
      message: `${type} at ${at} comes after the ${deadline.kind} deadline of order ${context.orderId} (${deadline.at}).`,
      deadline: deadline.at,
    });
  }
  for (const notice of options.calendar?.tentativeAt?.(at, { scope: [context.marketplace, context.channel] }) ?? []) {
    const name = notice.label ? `"${notice.label}"` : 'a maintenance notice';
    warnings.push({
      code: 'TENTATIVE_MAINTENANCE',
      message: `${type} at ${at} falls in the possible span of ${name} (${notice.earliest} to ${notice.latest}), whose date is not announced yet.`,
    });
  }
  return warnings.length === 0 ? NO_WARNINGS : warnings;
}
