/*
 * The statuses and transitions a diagram draws, read once from a statechart's config: the Mermaid text and
 * the live view's page draw the same graph. Imports nothing (no zod, no xstate): the `/diagram` entry is built
 * on it, for browsers.
 */

/** A statechart in XState's config shape, as far as a diagram reads it. */
export interface Chart {
  readonly id?: unknown;
  readonly initial?: unknown;
  readonly states?: Readonly<Record<string, ChartState>> | undefined;
}

interface ChartState {
  readonly type?: unknown;
  readonly meta?: { readonly label?: unknown; readonly [key: string]: unknown } | undefined;
  readonly on?: Readonly<Record<string, unknown>> | undefined;
}

/** One edge of the diagram: a transition from one status to another (or to itself), by an event. */
export interface ChartEdge {
  readonly from: string;
  readonly to: string;
  readonly event: string;
  /** The guard's name, when the transition has one a reader needs (not the well-formedness check). */
  readonly guard?: string | undefined;
  readonly actions: readonly string[];
}

/** What a diagram draws: the statuses in definition order, the initial one, the final ones, the edges. */
export interface ChartGraph {
  readonly initial: string | undefined;
  readonly statuses: readonly string[];
  readonly finals: readonly string[];
  /** Each status's `meta.label`, where it has one. */
  readonly labels: Readonly<Record<string, string>>;
  readonly edges: readonly ChartEdge[];
}

/** `WaitingForSellerAcceptation` -> `Waiting for seller acceptation`: the label of a status without one. */
export const labelOf = (status: string): string => status.replace(/\B[A-Z]/g, (c) => ` ${c.toLowerCase()}`);

type Ref = string | { readonly type?: unknown } | ((...args: never[]) => unknown) | null | undefined;

/** The name a guard or action is known by: its `type`, or the function's own name. */
function nameOf(ref: Ref): string | undefined {
  if (ref === undefined || ref === null) return undefined;
  if (typeof ref === 'string') return ref;
  if (typeof ref === 'function') return ref.name || 'anonymous';
  return typeof ref === 'object' && typeof ref.type === 'string' ? ref.type : 'anonymous';
}

const listOf = (value: unknown): readonly unknown[] => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** A transition of the config shape: a target, or `{ target, guard, actions }`. */
function readTransition(value: unknown): { targets: string[]; guard?: string | undefined; actions: string[] } {
  if (typeof value === 'string') return { targets: [value], actions: [] };
  const t = (isObject(value) ? value : {}) as { target?: unknown; guard?: Ref; actions?: unknown };
  return {
    targets: listOf(t.target).map(String),
    guard: nameOf(t.guard),
    actions: listOf(t.actions).map((a) => nameOf(a as Ref) ?? 'anonymous'),
  };
}

/**
 * The top-level state a target lands in, as a diagram of top-level states draws it: `Sibling`, `Sibling.child`
 * and `#machine.Sibling.child` land in `Sibling`, `.child` in the state itself; a target the chart does not
 * have, none (the edge is not drawn).
 */
function landing(target: string, from: string, names: ReadonlySet<string>): string | undefined {
  if (target.startsWith('#'))
    return target
      .slice(1)
      .split('.')
      .find((part) => names.has(part));
  if (target.startsWith('.')) return names.has(target.slice(1)) ? target.slice(1) : from;
  const first = target.split('.')[0] ?? target;
  return names.has(target) ? target : names.has(first) ? first : undefined;
}

/**
 * The graph of a statechart's top-level states: one edge per transition and target, a transition without a
 * target as a self-loop, in definition order (so a drawing is deterministic).
 */
export function chartGraph(chart: Chart): ChartGraph {
  // A chart may come from elsewhere (the live view draws what an actor sends): what is not a state is skipped.
  const states = Object.entries(isObject(chart.states) ? chart.states : {}).filter((entry): entry is [string, ChartState] => isObject(entry[1]));
  const names = new Set(states.map(([name]) => name));
  const labels: Record<string, string> = {};
  const edges: ChartEdge[] = [];
  for (const [name, state] of states) {
    const label = isObject(state.meta) ? state.meta.label : undefined;
    if (typeof label === 'string' && label.trim() !== '') Object.defineProperty(labels, name, { value: label, enumerable: true });
    for (const [event, given] of Object.entries(isObject(state.on) ? state.on : {})) {
      for (const transition of listOf(given).map(readTransition)) {
        // A guard that only checks the event is well formed says nothing to a reader.
        const guard = transition.guard === 'isWellFormed' ? undefined : transition.guard;
        const targets = transition.targets.length > 0 ? transition.targets.map((target) => landing(target, name, names)) : [name];
        for (const to of targets) if (to !== undefined) edges.push({ from: name, to, event, guard, actions: transition.actions });
      }
    }
  }
  return {
    initial: typeof chart.initial === 'string' ? chart.initial : undefined,
    statuses: states.map(([name]) => name),
    finals: states.filter(([, state]) => state.type === 'final').map(([name]) => name),
    labels,
    edges,
  };
}

/**
 * The statuses each status leads to, by one transition or more (never itself, even through a cycle), each
 * list in definition order: what a lifecycle's marketplace may report from there. Read from the chart's edges,
 * so a diagram needs no compiled lifecycle; for a lifecycle's definition it is the compiled lifecycle's `reaches`.
 */
export function reachesOf(graph: Pick<ChartGraph, 'statuses' | 'edges'>): ReadonlyMap<string, readonly string[]> {
  const next = new Map<string, string[]>();
  for (const { from, to } of graph.edges) next.set(from, [...(next.get(from) ?? []), to]);
  const reaches = new Map<string, readonly string[]>();
  for (const from of graph.statuses) {
    const seen = new Set<string>();
    const queue = [...(next.get(from) ?? [])];
    while (queue.length > 0) {
      const status = queue.pop()!;
      if (!seen.has(status)) {
        seen.add(status);
        queue.push(...(next.get(status) ?? []));
      }
    }
    seen.delete(from);
    reaches.set(
      from,
      graph.statuses.filter((status) => seen.has(status)),
    );
  }
  return reaches;
}
