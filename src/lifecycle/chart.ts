/*
 * A lifecycle's statuses and transitions, in XState's config shape: the part of a definition a diagram reads.
 * Imports nothing (no zod): the `/diagram` entry's types stop here.
 */

/** One transition: where it leads (absent: it stays), which guard allows it, which actions record it. */
export interface TransitionDefinition<S extends string = string> {
  readonly target?: S | undefined;
  readonly guard?: string | undefined;
  readonly actions?: string | readonly string[] | undefined;
  readonly description: string;
}

/** One status: its transitions by event type, and what the inspector and the diagram show. */
export interface StatusDefinition<S extends string = string> {
  readonly description: string;
  readonly type?: 'final' | undefined;
  readonly tags?: readonly string[] | undefined;
  /**
   * What the inspector shows beside the status, as XState's `meta`: `label` (default: the status name in
   * words), and what integrations read, such as `lengowStatus` (the Lengow status this status shows as).
   */
  readonly meta?: { readonly label?: string | undefined; readonly lengowStatus?: string | undefined; readonly [key: string]: unknown } | undefined;
  readonly on?: Readonly<Record<string, TransitionDefinition<S> | readonly TransitionDefinition<S>[]>> | undefined;
}

/**
 * A lifecycle's chart: its statuses and transitions in XState's config shape (descriptions, tags, `meta`, guard
 * and action names), without the event catalogue and what guards check: what a diagram draws, free of zod.
 * A definition is a chart plus its events, guards, rules and actions.
 */
export interface LifecycleChart<S extends string = string> {
  readonly id: string;
  readonly description: string;
  readonly initial: NoInfer<S>;
  readonly states: Readonly<Record<S, StatusDefinition<NoInfer<S>>>>;
}
