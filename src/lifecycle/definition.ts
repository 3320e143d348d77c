/*
 * A lifecycle as plain data, in XState's own config shape (id, initial, states with `on`, `target`, guards
 * and actions by name, `type: 'final'`, tags, descriptions, `meta`), with its event catalogue. This module
 * imports no xstate: the machine builder, the engine, the diagram and the testing kit all read it.
 */
import type { z } from 'zod';
import type { Blocker } from './blockers.js';
import type { StatusDefinition } from './chart.js';
import type { OrderContext, Settlement } from './context.js';
import type { DeadlineKind } from './deadlines.js';
import type { InstantInput } from './instant.js';
import type { LifecycleOptions } from './options.js';

/** Who causes an event: the seller, the marketplace, the customer, the payment provider, or a deadline. */
export type EventSource = 'seller' | 'marketplace' | 'customer' | 'payment' | 'deadline';

/** The event the library adds to every lifecycle: the marketplace reports a status (and maybe tracking). */
export const MARKETPLACE_REPORT = 'MARKETPLACE_STATUS_CHANGED';

/**
 * The event the XState machine raises to itself when an order's lines lead it to another status than the
 * transition taken names (a partial acceptance keeps the order waiting): not an event callers send.
 */
export const LINES_SETTLED = 'LINES_SETTLED';

/**
 * The events the library adds to every lifecycle to settle a seller action (a request the marketplace takes
 * or turns down later): `ACTION_SENT`, the marketplace (or its channel) received it and gave it an id;
 * `ACTION_CONFIRMED`, it took it; `ACTION_REJECTED`, it turned it down (the order returns to the status before).
 */
export const ACTION_VERDICTS = ['ACTION_SENT', 'ACTION_CONFIRMED', 'ACTION_REJECTED'] as const;

/** One of {@link ACTION_VERDICTS}. */
export type ActionVerdictType = (typeof ACTION_VERDICTS)[number];

const VERDICTS: ReadonlySet<unknown> = new Set(ACTION_VERDICTS);

/** Whether an event type is one of the {@link ACTION_VERDICTS}. */
export const isActionVerdict = (type: unknown): type is ActionVerdictType => VERDICTS.has(type);

/**
 * One event type of a catalogue: who causes it and the zod object schema of its payload (the fields beside
 * `type`, `at` and `id`, which every event has).
 */
export interface EventDefinition {
  readonly source: EventSource;
  /** The payload's fields; absent for an event that carries none. */
  readonly payload?: z.ZodObject | undefined;
  /** A payload that passes the lifecycle's rules, used by the testing kit to walk to every status. */
  readonly example?: Readonly<Record<string, unknown>> | undefined;
  readonly description?: string | undefined;
  /** For a seller event: the Lengow action it is sent as (`null`: not sent through Lengow). */
  readonly lengowAction?: string | null | undefined;
  /**
   * For a `deadline` event: the deadline whose passing it reports. A status that listens to it waits for
   * that deadline, and the seller actions it offers are expected by it.
   */
  readonly deadline?: DeadlineKind | undefined;
}

/** The event types of a lifecycle and what each carries. */
export type EventCatalogue = Readonly<Record<string, EventDefinition>>;

export type { LifecycleChart, StatusDefinition, TransitionDefinition } from './chart.js';

/**
 * A rule's verdict: `undefined` passes, a {@link Blocker} refuses.
 */
export type RuleVerdict = Blocker | undefined;

/** The event fields the built-in rules read; actors may send `at` as a Date. */
export interface RuleEvent {
  readonly type: string;
  readonly at: InstantInput;
  readonly [field: string]: unknown;
}

/** An atomic business rule. Guards are named conjunctions of rules, so `explain` says which part failed. */
export interface Rule {
  /** Reads the event's payload (not only the order and the instant): skipped by `availableActions`. */
  readonly payload: boolean;
  check(context: OrderContext<string>, event: RuleEvent, options: LifecycleOptions): RuleVerdict;
}

/** An action: a pure updater of the order's context, run when its transition is taken. */
export type ContextUpdater = (context: OrderContext<string>, event: never) => OrderContext<string>;

/**
 * A lifecycle definition: XState's config shape plus the event catalogue, the guards (named lists of rules)
 * and any rules or actions of its own beside the built-in ones. Pass it to `defineLifecycle`.
 */
export interface LifecycleDefinition<S extends string = string, E extends EventCatalogue = EventCatalogue> {
  readonly id: string;
  readonly description: string;
  readonly initial: NoInfer<S>;
  /** Where an order fulfilled by the marketplace starts (default: `initial`). */
  readonly fulfilledInitial?: NoInfer<S> | undefined;
  readonly events: E;
  /** Each guard: the rules it checks, in order (built-in rule names or those of `rules`). */
  readonly guards?: Readonly<Record<string, readonly string[]>> | undefined;
  readonly rules?: Readonly<Record<string, Rule>> | undefined;
  readonly actions?: Readonly<Record<string, ContextUpdater>> | undefined;
  readonly states: Readonly<Record<S, StatusDefinition<NoInfer<S>>>>;
  /**
   * Order lines, each moving through this lifecycle's statuses on its own, the order's status following from
   * theirs. Absent: every event moves the whole order, the lines with it following it.
   */
  readonly lines?: LineRules<NoInfer<S>> | undefined;
}

/**
 * How an order's status follows from its lines' (see `orderStatusOfLines`): a status listed in `precedence`
 * that any line is in (the first listed first); else the least advanced status a line is still moving
 * through (in the definition's order of `states`); else, every line having ended, the final status the
 * event ended lines in, or the last in `states` order.
 */
export interface LineRules<S extends string = string> {
  /** Statuses that, held by any line, are the order's: what waits for an answer on some line. */
  readonly precedence: readonly S[];
}

/** The statuses of a definition. */
export type StatusOf<D> = D extends LifecycleDefinition<infer S, EventCatalogue> ? S : never;
/** The event catalogue of a definition. */
export type CatalogueOf<D> = D extends LifecycleDefinition<string, infer E> ? E : never;

// `z.object({})` infers `Record<string, never>`, which would swallow `type` and `at`: an empty payload adds nothing.
type PayloadInput<D extends EventDefinition> =
  D['payload'] extends z.ZodObject<infer Shape> ? (keyof Shape extends never ? {} : z.input<D['payload']>) : {};
type PayloadOutput<D extends EventDefinition> =
  D['payload'] extends z.ZodObject<infer Shape> ? (keyof Shape extends never ? {} : z.output<D['payload']>) : {};

/** What every event carries: its instant (never the wall clock) and an optional idempotency id. */
export interface EventBaseInput {
  readonly at: InstantInput;
  readonly id?: string | undefined;
}

/** The marketplace's status report, as callers write it. */
export interface MarketplaceReportInput<S extends string> extends EventBaseInput {
  readonly type: typeof MARKETPLACE_REPORT;
  readonly status: S;
  readonly carrier?: string | null | undefined;
  readonly trackingNumber?: string | null | undefined;
  readonly trackingUrl?: string | null | undefined;
  /** What the marketplace says of the order's money beside its status (`refunded`, `partially_refunded`, `closed`). */
  readonly settlement?: Settlement | undefined;
  /** The status as the marketplace spells it (`SHIPPED`, `WAITING_DEBIT_PAYMENT`), kept on the order. */
  readonly rawStatus?: string | undefined;
  /** The marketplace ships the order itself (fulfilment): a report saying so closes it to seller actions. */
  readonly fulfilledByMarketplace?: boolean | undefined;
  /** The statuses of some lines, as the marketplace reports them (Lengow's cart), with their Lengow status. */
  readonly lines?: readonly ReportedLine<S>[] | undefined;
}

/** The marketplace's status report, validated. */
export interface MarketplaceReport<S extends string> {
  readonly type: typeof MARKETPLACE_REPORT;
  readonly at: string;
  readonly id?: string | undefined;
  readonly status: S;
  readonly carrier?: string | null | undefined;
  readonly trackingNumber?: string | null | undefined;
  readonly trackingUrl?: string | null | undefined;
  /** What the marketplace says of the order's money beside its status (`refunded`, `partially_refunded`, `closed`). */
  readonly settlement?: Settlement | undefined;
  /** The status as the marketplace spells it (`SHIPPED`, `WAITING_DEBIT_PAYMENT`), kept on the order. */
  readonly rawStatus?: string | undefined;
  /** The marketplace ships the order itself (fulfilment): a report saying so closes it to seller actions. */
  readonly fulfilledByMarketplace?: boolean | undefined;
  /** The statuses of some lines, as the marketplace reports them (Lengow's cart), with their Lengow status. */
  readonly lines?: readonly ReportedLine<S>[] | undefined;
}

/** A line of a marketplace report: its id, the status the marketplace gives it, and its Lengow status when sent. */
export interface ReportedLine<S extends string> {
  readonly lineId: string;
  readonly status: S;
  readonly lengowStatus?: string | undefined;
}

/** What a verdict on a seller action says beside its type. */
export interface ActionVerdictFields<A extends string> {
  /** The seller action settled: its event type (`SHIP`). */
  readonly action: A;
  /** The id of the seller's event, when known: it must be the pending action's. */
  readonly eventId?: string | undefined;
  /** The marketplace's (or Lengow's) id of the action, kept on the pending action. */
  readonly actionId?: string | undefined;
  /** For `ACTION_REJECTED`: why, in the marketplace's words; kept in the audit and the history. */
  readonly message?: string | undefined;
}

/** The marketplace's verdict on a seller action it was sent, as callers write it (one member per verdict type). */
export type ActionVerdictInput<A extends string> = {
  [T in ActionVerdictType]: { readonly type: T } & EventBaseInput & ActionVerdictFields<A>;
}[ActionVerdictType];

/** The marketplace's verdict on a seller action, validated. */
export type ActionVerdict<A extends string> = {
  [T in ActionVerdictType]: { readonly type: T; readonly at: string; readonly id?: string | undefined } & ActionVerdictFields<A>;
}[ActionVerdictType];

/** Every event of a catalogue, as callers write it (`at` may be a `Date`), discriminated by `type`. */
export type EventInputOf<E extends EventCatalogue, S extends string> =
  | { [K in keyof E & string]: { readonly type: K } & EventBaseInput & PayloadInput<E[K]> }[keyof E & string]
  | MarketplaceReportInput<S>
  | ActionVerdictInput<SellerEventOf<E>>;

/** Every event of a catalogue after validation (`at` is a UTC ISO string). */
export type EventOf<E extends EventCatalogue, S extends string> =
  | { [K in keyof E & string]: { readonly type: K; readonly at: string; readonly id?: string | undefined } & PayloadOutput<E[K]> }[keyof E & string]
  | MarketplaceReport<S>
  | ActionVerdict<SellerEventOf<E>>;

/** The seller's event types of a catalogue. */
export type SellerEventOf<E extends EventCatalogue> = {
  [K in keyof E & string]: E[K]['source'] extends 'seller' ? K : never;
}[keyof E & string];
