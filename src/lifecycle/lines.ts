/*
 * Order lines (issue 15, "Order lines"): a marketplace order is a set of product lines, each with its own
 * status (Cdiscount keeps acceptation and cancellation states per line; Lengow carries `marketplace_status`
 * and `lengow_status` on every cart line). A record keeps its lines once, in its context; an order created
 * without lines has none stored and reads as one implicit line, so every record written before lines existed
 * means what it meant.
 */

import { OrderMachineError } from './errors.js';

/** The most lines an order may hold: far above any real cart, low enough to refuse a runaway record. */
export const MAX_ORDER_LINES = 500;

/** The largest quantity a line may hold. */
export const MAX_LINE_QUANTITY = 1_000_000;

/** The longest line id (the marketplace's line id) and Lengow status a line keeps. */
export const LINE_TEXT_LIMITS = { id: 200, lengowStatus: 100 } as const;

/** One product line of an order, with its status: what {@link linesOf} gives. Plain JSON. */
export interface OrderLine<S extends string = string> {
  /** The marketplace's id of the line (Lengow's `marketplace_order_line_id`): unique within the order. */
  readonly id: string;
  /** How many units the line holds (at least 1). */
  readonly quantity: number;
  /**
   * What the line costs, all its units together, in the order's currency (Lengow's cart `amount`), read
   * exactly (at most four decimals); `null` when unknown.
   */
  readonly amount: number | null;
  /** The line's status, in the lifecycle's vocabulary. */
  readonly status: S;
  /** The line's Lengow status (`lengow_status`) as Lengow last sent it, when it did. */
  readonly lengowStatus?: string | undefined;
}

/**
 * One line as a record keeps it (`context.lines`): its status only when it is not the order's (a line
 * refused or cancelled while the others go on). A line without one is with the order and moves with it, so
 * an event that moves the whole order writes no line, and the order's status is never copied. Read lines
 * with {@link linesOf}, which says every line's status.
 */
export interface RecordLine<S extends string = string> extends Omit<OrderLine<S>, 'status'> {
  /** The line's own status; absent while the line is in the order's. */
  readonly status?: S | undefined;
}

/** The most parcels an order may hold. */
export const MAX_PARCELS = 500;

/**
 * One parcel of a shipment of some lines (`SHIP` naming lines): its carrier and tracking, when it was
 * declared, and the units of each line it holds. Plain JSON.
 */
export interface Parcel {
  readonly carrier: string | null;
  readonly trackingNumber: string | null;
  readonly trackingUrl: string | null;
  /** When the seller declared it (UTC ISO). */
  readonly at: string;
  /** The lines it holds: each line's id and units. */
  readonly lines: readonly { readonly lineId: string; readonly quantity: number }[];
}

/** The units of a line the order's parcels hold. */
export function shippedUnitsOf(parcels: readonly Parcel[] | undefined, lineId: string): number {
  let units = 0;
  for (const parcel of parcels ?? []) for (const line of parcel.lines) if (line.lineId === lineId) units += line.quantity;
  return units;
}

/** What {@link linesOf} reads: a record (its `status`) or an actor snapshot (its `value`), and its context. */
export interface LinesSource<S extends string> {
  readonly orderId?: string | undefined;
  readonly status?: S | undefined;
  readonly value?: S | undefined;
  readonly context: {
    readonly orderId?: string | undefined;
    readonly lines?: readonly RecordLine<S>[] | undefined;
    readonly total?: number | undefined;
  };
}

/**
 * The lines of an order, each with its status: the ones it was created or imported with (a line without a
 * status of its own is in the order's), or, for an order without lines (every record written before lines
 * existed), one implicit line: id the order's id, quantity 1, amount the order's total (or `null`), status
 * the order's. Reads a record or an actor snapshot.
 *
 * @example
 * linesOf(order).filter((line) => line.status === 'CancelledByCustomer').map((line) => line.id)
 */
export function linesOf<S extends string>(order: LinesSource<S>): readonly OrderLine<S>[] {
  // A snapshot's `status` is the actor's (`active`, `done`): its order status is its `value`.
  const status = (order.value ?? order.status) as S;
  const lines = order.context.lines;
  if (lines === undefined) return [{ id: order.orderId ?? order.context.orderId ?? '', quantity: 1, amount: order.context.total ?? null, status }];
  if (!Array.isArray(lines) || lines.some((line) => typeof line !== 'object' || line === null)) {
    throw new OrderMachineError('INVALID_RECORD', 'Corrupt order record: context.lines must be a list of lines', [
      { path: ['context', 'lines'], message: 'must be a list of lines' },
    ]);
  }
  return lines.map((line) => (line.status === undefined ? withStatus(line, status) : line) as OrderLine<S>);
}

/**
 * The lines of an order moving from `from` to `to`: a line whose own status is either one (it was in the
 * order's status, or the order reaches the status it is in) is with the order from now on, so it loses its
 * own. The same list when no line changes: an order whose lines all move with it writes none.
 */
export function linesJoining<S extends string>(lines: readonly RecordLine<S>[], from: S, to: S): readonly RecordLine<S>[] {
  let joined: RecordLine<S>[] | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as RecordLine<S>;
    if (line.status !== from && line.status !== to) continue;
    joined ??= lines.slice();
    joined[i] = withoutStatus(line);
  }
  return joined ?? lines;
}

/**
 * A line in `status` on an order in `orderStatus`, as a record keeps it: with a status of its own only when
 * they differ. The same object when that is how it is kept already.
 */
export function placedIn<S extends string>(line: RecordLine<S>, status: S, orderStatus: S): RecordLine<S> {
  const own = status === orderStatus ? undefined : status;
  if (own === line.status) return line;
  return own === undefined ? withoutStatus(line) : withStatus(line, own);
}

/** A line with a status of its own, its keys in the order a record keeps them. */
function withStatus<S extends string>(line: RecordLine<S>, status: S): RecordLine<S> {
  const { id, quantity, amount, lengowStatus } = line;
  return lengowStatus === undefined ? { id, quantity, amount, status } : { id, quantity, amount, status, lengowStatus };
}

/** A line without its own status: with the order. */
function withoutStatus<S extends string>(line: RecordLine<S>): RecordLine<S> {
  const { status: _own, ...rest } = line;
  return rest;
}

/** A line an event names: its id, and the units it concerns when the event says (`{ lineId, quantity }`). */
export interface NamedLine {
  readonly id: string;
  readonly quantity?: number | undefined;
}

/** The lines a validated event names, or `undefined` when it names none. */
export function namedLinesOf(event: object): readonly NamedLine[] | undefined {
  const lines = (event as { readonly lines?: unknown }).lines;
  if (!Array.isArray(lines)) return undefined;
  return lines.map((line: string | { lineId: string; quantity: number }) =>
    typeof line === 'string' ? { id: line } : { id: line.lineId, quantity: line.quantity },
  );
}
