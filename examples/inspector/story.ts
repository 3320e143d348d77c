/**
 * The order story both inspector examples tell (the same as `npm run demo`): a Lengow maintenance window,
 * an acceptance refused inside it and accepted after, a shipment refused until its tracking number comes.
 */
import { createInspectionLog, createMaintenanceCalendar, createOrderActor, type OrderEventInput, type OrderRejected } from 'order-status-machine';

/** Lengow's notice: 21 Feb 2024, 20:00-23:00 Paris time. */
export const calendar = createMaintenanceCalendar([
  { start: '2024-02-21T20:00', end: '2024-02-21T23:00', timeZone: 'Europe/Paris', label: 'Lengow maintenance' },
]);

/** The events, in order; the refused ones take no transition, and `createOrderActor` reports them. */
export const story: OrderEventInput[] = [
  { type: 'ACCEPT', at: '2024-02-21T19:30:00Z' }, // inside the window: refused
  { type: 'ACCEPT', at: '2024-02-21T22:00:00Z' },
  { type: 'PAYMENT_STARTED', at: '2024-02-21T22:10:00Z' },
  { type: 'PAYMENT_CONFIRMED', at: '2024-02-21T22:20:00Z' },
  { type: 'SHIP', at: '2024-02-22T08:00:00Z', carrier: 'Colissimo' }, // no tracking number: refused
  { type: 'SHIP', at: '2024-02-22T08:05:00Z', carrier: 'Colissimo', trackingNumber: '6A12345678901' },
  { type: 'SHIPMENT_CONFIRMED', at: '2024-02-22T12:00:00Z' },
  { type: 'REFUND', at: '2024-02-26T09:00:00Z', amount: 4.9, reason: 'damaged box' },
];

/**
 * What became of one event, for the timeline: "refused" comes from the actor's refusal report (a refund is
 * applied and keeps the status), not from an unchanged status.
 */
export function outcomeOf(before: string, after: string, refusal: OrderRejected | undefined): string {
  if (refusal) return `refused (${refusal.blockers.map((b) => b.code).join(', ')}), stays ${after}`;
  return before === after ? `applied, stays ${after}` : `${before} -> ${after}`;
}

/** Stately's hosted inspector page: both Stately examples draw through it, so it must be reachable. */
export const STATELY_INSPECTOR = 'https://stately.ai/inspect';

/** What to do when stately.ai cannot be reached (a customer's server, a locked-down CI): the local view. */
export const OFFLINE_ADVICE =
  'stately.ai cannot be reached from here, so its inspector would show an error page. Watch the orders in the local live view instead: npm run live (no internet needed).';

/** Whether Stately's inspector page answers within `ms`, in a browser (an opaque answer counts) and in Node alike. */
export async function statelyReachable(ms = 3000): Promise<boolean> {
  try {
    await fetch(STATELY_INSPECTOR, { method: 'HEAD', mode: 'no-cors', signal: AbortSignal.timeout(ms) });
    return true;
  } catch {
    return false;
  }
}

/** The story (or other events) told by an actor of one order, written as inspection log lines (`createInspectionLog`). */
export function storyLog(orderId: string, events: readonly OrderEventInput[] = story): string[] {
  const lines: string[] = [];
  const actor = createOrderActor({
    input: { orderId, marketplace: 'cdiscount', channel: 'lengow', deliveryMode: 'TRK' },
    options: { calendar },
    inspect: createInspectionLog({ write: (line) => lines.push(line) }),
  });
  actor.start();
  for (const event of events) actor.send(event);
  actor.stop();
  return lines;
}
