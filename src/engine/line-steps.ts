/*
 * Events on an order whose lines move on their own (issue 15, items 2 and 3): each line takes the event as
 * an order in the line's status would (the same definition, the same guards on the order's facts), the event
 * naming its lines or acting on every line it applies to; the order's status then follows from its lines by
 * the lifecycle's rule (`orderStatusOfLines`). The order's own actions (recording a shipment) run once.
 */
import { blocker, type Blocker } from '../lifecycle/blockers.js';
import type { CompiledLifecycle } from '../lifecycle/compile.js';
import type { LifecycleOptions } from '../lifecycle/options.js';
import { orderStatusOfLines } from '../lifecycle/order-status-of-lines.js';
import type { RecordLine } from '../lifecycle/lines.js';
import { namedLinesOf, placedIn, shippedUnitsOf, type NamedLine, type Parcel } from '../lifecycle/lines.js';
import { clean } from '../lifecycle/context.js';
import { marketplaceBlockers, notAllowed, refused, take, walk, type Decision, type DecisionSubject, type EngineEvent, type Walked } from './step.js';

/** Decides an event on an order with lines, in a lifecycle with line rules. */
export function decideOnLines<S extends string>(
  lifecycle: CompiledLifecycle<S>,
  order: DecisionSubject<S>,
  event: EngineEvent,
  options: LifecycleOptions,
): Decision<S> {
  const { status, context } = order;
  const lines = context.lines as readonly RecordLine<S>[];
  const named = namedLinesOf(event)?.slice();
  const blockers: Blocker[] = [];
  const scope = named === undefined ? undefined : indicesOf(lines, named, context.orderId, blockers);
  // Lines mostly share a status: each status is walked once.
  const walks = new Map<S, Walked<S> | null>();
  const walkOf = (lineStatus: S) => {
    let walked = walks.get(lineStatus);
    if (walked === undefined && !walks.has(lineStatus)) {
      walked = walk(lifecycle, lineStatus, context, event, options);
      walks.set(lineStatus, walked);
    }
    return walked ?? null;
  };
  const next: S[] = new Array(lines.length);
  const parcel: { lineId: string; quantity: number }[] = [];
  let main: { transition: NonNullable<Walked<S>['transition']>; from: S } | undefined;
  let guarded: readonly Blocker[] | undefined;
  const count = scope === undefined ? lines.length : scope.length;
  for (let k = 0; k < count; k++) {
    const i = scope === undefined ? k : (scope[k] as number);
    const line = lines[i] as RecordLine<S>;
    const lineStatus = line.status ?? status;
    const walked = walkOf(lineStatus);
    if (walked === null) {
      if (named !== undefined) blockers.push(notOnLine(line, lineStatus, event.type));
      continue;
    }
    if (walked.transition === undefined) {
      guarded ??= walked.blockers;
      continue;
    }
    let target = walked.transition.target ?? lineStatus;
    const units = named === undefined ? undefined : (named[k] as NamedLine).quantity;
    if (walked.transition.actionNames.includes('recordShipment')) {
      // A shipment of some units goes in a parcel; the line is shipped once every unit is.
      const shipped = shippedUnitsOf(context.parcels, line.id);
      const left = line.quantity - shipped;
      const sent = units ?? left;
      if (sent > left) {
        blockers.push(notLeft(line, sent, left, event.type));
        continue;
      }
      if (sent < left) target = lineStatus;
      parcel.push({ lineId: line.id, quantity: sent });
    } else if (units !== undefined && (units > line.quantity || (target !== lineStatus && units < line.quantity))) {
      blockers.push(wrongUnits(line, units, event.type));
      continue;
    }
    next[i] = target;
    // The order's actions are those of its own status's transition when a line in it takes the event.
    if (main === undefined || (main.from !== status && lineStatus === status)) main = { transition: walked.transition, from: lineStatus };
  }
  // Say everything that is wrong at once: each line's reasons, the lifecycle's, then the marketplace's.
  if (blockers.length > 0 || guarded !== undefined) {
    return refused([...blockers, ...(guarded ?? []), ...marketplaceBlockers(lifecycle, order, event, options)]);
  }
  if (main === undefined) return notAllowed(lifecycle, order, event);
  const statuses = lines.map((line, i) => next[i] ?? line.status ?? status);
  const to = orderStatusOfLines(lifecycle, statuses, main.transition.target ?? main.from);
  return take(lifecycle, order, event, options, main.transition, to, kept(lines, statuses, to), parcelOf(event, parcel));
}

/**
 * The indices of the lines named, in the order named (`named[k]` is the line at `indices[k]`); an id the
 * order has not is a blocker naming it, and is left out of both.
 */
function indicesOf<S extends string>(lines: readonly RecordLine<S>[], named: NamedLine[], orderId: string, blockers: Blocker[]): number[] {
  const indices: number[] = [];
  for (let k = 0; k < named.length; k++) {
    const { id } = named[k] as NamedLine;
    const index = lines.findIndex((line) => line.id === id);
    if (index >= 0) {
      indices.push(index);
      continue;
    }
    blockers.push(blocker('INVALID_EVENT', `Order ${orderId} has no line ${id}.`, { fields: ['lines'], line: id }));
    named.splice(k--, 1);
  }
  return indices;
}

/** The parcel a shipment of lines makes: its carrier and tracking as the seller declared them, and its lines. */
function parcelOf(event: EngineEvent, lines: readonly { lineId: string; quantity: number }[]): Parcel | undefined {
  if (lines.length === 0) return undefined;
  const text = (field: string) => clean(event[field] as string | null | undefined);
  return { carrier: text('carrier'), trackingNumber: text('trackingNumber'), trackingUrl: text('trackingUrl'), at: event.at, lines };
}

/** `INVALID_EVENT` naming a line a shipment would send more units of than it has left to ship. */
function notLeft<S extends string>(line: RecordLine<S>, sent: number, left: number, type: string): Blocker {
  return blocker('INVALID_EVENT', `${type} of ${sent} units of line ${line.id}: ${left} of its ${line.quantity} are left to ship.`, {
    fields: ['lines'],
    line: line.id,
  });
}

/** `INVALID_EVENT` naming a line named with more units than it holds, or with part of them for a step that takes it whole. */
function wrongUnits<S extends string>(line: RecordLine<S>, units: number, type: string): Blocker {
  const message =
    units > line.quantity
      ? `Line ${line.id} holds ${line.quantity} units: ${type} cannot name ${units}.`
      : `${type} takes line ${line.id} whole (${line.quantity} units), not ${units} of them.`;
  return blocker('INVALID_EVENT', message, { fields: ['lines'], line: line.id });
}

/** `NOT_ALLOWED_IN_STATUS` naming a line the event does not apply to. */
const notOnLine = <S extends string>(line: RecordLine<S>, status: S, type: string) =>
  blocker('NOT_ALLOWED_IN_STATUS', `${type} does not apply to line ${line.id}, which is ${status}.`, { fields: ['lines'], line: line.id });

/**
 * The lines as the record keeps them once the order is in `to`: a status of its own for each line in another,
 * none for the lines in the order's. The same objects where nothing changed; the same list when no line did.
 */
function kept<S extends string>(lines: readonly RecordLine<S>[], statuses: readonly S[], to: S): readonly RecordLine<S>[] {
  let out: RecordLine<S>[] | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as RecordLine<S>;
    const placed = placedIn(line, statuses[i] as S, to);
    if (placed === line) continue;
    out ??= lines.slice();
    out[i] = placed;
  }
  return out ?? lines;
}
