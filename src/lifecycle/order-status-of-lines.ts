/*
 * The order's status from its lines' (issue 15, item 2), by the rule a lifecycle's `lines` give once:
 *
 * | the lines | the order |
 * |---|---|
 * | some line in a status of `precedence` | the first such status listed (Cdiscount: a cancellation asked on a line, then a line not answered yet) |
 * | else some line still moving (not in a final status) | the least advanced status such a line is in, by the order of `states` (a line left to ship holds the order in WaitingForShipmentAcceptation) |
 * | else (every line has ended) | the final status the event ended lines in; else the last in the order of `states` |
 */
import type { CompiledLifecycle } from './compile.js';

/**
 * The order's status for lines in `statuses`, `ended` being the status the event led its lines to. For a
 * lifecycle without line rules, no status takes precedence.
 */
export function orderStatusOfLines<S extends string>(lifecycle: CompiledLifecycle<S>, statuses: readonly S[], ended: S): S {
  for (const status of lifecycle.linePrecedence ?? []) if (statuses.includes(status)) return status;
  let least: S | undefined;
  let last: S | undefined;
  for (const status of statuses) {
    if (!lifecycle.finals.has(status)) {
      if (least === undefined || lifecycle.rank[status] < lifecycle.rank[least]) least = status;
    } else if (last === undefined || lifecycle.rank[status] > lifecycle.rank[last]) last = status;
  }
  if (least !== undefined) return least;
  return statuses.includes(ended) ? ended : (last as S);
}
