import type { CompiledLifecycle } from '../lifecycle/compile.js';

/** The shortest journey from the initial status to one status: the event types, in order. */
export interface StatusRoute<S extends string = string> {
  readonly status: S;
  readonly events: readonly string[];
}

/**
 * The shortest route to every status the lifecycle's own events reach from its initial status (marketplace
 * reports left out: they reach any status in one step), breadth first over the definition, in status order.
 */
export function shortestRoutes<S extends string>(lifecycle: CompiledLifecycle<S>): StatusRoute<S>[] {
  const routes = new Map<S, readonly string[]>([[lifecycle.initial, []]]);
  const queue: S[] = [lifecycle.initial];
  while (queue.length > 0) {
    const from = queue.shift() as S;
    const route = routes.get(from) ?? [];
    for (const [event, candidates] of Object.entries(lifecycle.transitions[from])) {
      for (const { target } of candidates) {
        if (target === null || routes.has(target)) continue;
        routes.set(target, [...route, event]);
        queue.push(target);
      }
    }
  }
  return lifecycle.statuses.flatMap((status) => {
    const events = routes.get(status);
    return events ? [{ status, events }] : [];
  });
}
