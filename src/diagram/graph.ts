/*
 * The statuses and transitions a diagram draws, read once from a statechart's config: the Mermaid text and
 * the live view's page draw the same graph.
 */

/** A statechart in XState's config shape, as far as a diagram reads it. */
export interface Chart {
  readonly id?: unknown;
  readonly initial?: unknown;
  readonly states?: Readonly<Record<string, ChartState>> | undefined;
}

interface ChartState {
  readonly type?: unknown;
  readonly meta?: { readonly label?: unknown } | undefined;
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

type Ref = string | { readonly type?: unknown } | ((...args: never[]) => unknown) | undefined;

/** The name a guard or action is known by: its `type`, or the function's own name. */
function nameOf(ref: Ref): string | undefined {
  if (ref === undefined) return undefined;
  if (typeof ref === 'string') return ref;
  if (typeof ref === 'function') return ref.name || 'anonymous';
  return typeof ref.type === 'string' ? ref.type : 'anonymous';
}

const listOf = (value: unknown): readonly unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** A transition of the config shape: a target name, or `{ target, guard, actions }`. */
function readTransition(value: unknown): { targets: string[]; guard?: string | undefined; actions: string[] } {
  if (typeof value === 'string') return { targets: [value], actions: [] };
  const t = (value ?? {}) as { target?: unknown; guard?: Ref; actions?: unknown };
  return {
    targets: listOf(t.target).map((target) => String(target).replace(/^\./, '')),
    guard: nameOf(t.guard),
    actions: listOf(t.actions).map((a) => nameOf(a as Ref) ?? 'anonymous'),
  };
}

/**
 * The graph of a statechart's top-level states: one edge per transition and target, a transition without a
 * target as a self-loop, in definition order (so a drawing is deterministic).
 */
export function chartGraph(chart: Chart): ChartGraph {
  const states = Object.entries(chart.states ?? {});
  const labels: Record<string, string> = {};
  const edges: ChartEdge[] = [];
  for (const [name, state] of states) {
    const label = state.meta?.label;
    if (typeof label === 'string' && label.trim() !== '') labels[name] = label;
    for (const [event, given] of Object.entries(state.on ?? {})) {
      for (const transition of listOf(given).map(readTransition)) {
        // A guard that only checks the event is well formed says nothing to a reader.
        const guard = transition.guard === 'isWellFormed' ? undefined : transition.guard;
        const targets = transition.targets.length > 0 ? transition.targets : [name];
        for (const to of targets) edges.push({ from: name, to, event, guard, actions: transition.actions });
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
