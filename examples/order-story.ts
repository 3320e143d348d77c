/**
 * Two Cdiscount orders' lives, told as timelines, one in each vocabulary:
 * - legacy: accepted after a refusal during Lengow's maintenance window, paid, shipped once the tracking
 *   number is given, the shipment rejected by the marketplace (a mistyped tracking number) and shipped again,
 *   confirmed, partly refunded;
 * - Octopia: imported from a Lengow payload (recognised as Octopia by its statuses), accepted, shipped with a
 *   supported carrier after its shipping deadline (flagged late), delivered, refunded with a reason (cancelled).
 *
 * Run: npm run demo
 */
import {
  createMaintenanceCalendar,
  createOrder,
  dispatch,
  octopiaLifecycle,
  toLengowStatus,
  type DispatchResult,
  type OctopiaEventInput,
  type OctopiaOrderRecord,
  type OrderEventInput,
  type OrderRecord,
} from 'order-status-machine';
import { importLengowOrder } from 'order-status-machine/lengow';
import { buildLengowOrder } from 'order-status-machine/testing';

// Lengow's notice: 21 Feb 2024, 20:00-23:00 Paris time, seller actions from plugins not taken into account.
const calendar = createMaintenanceCalendar([
  { start: '2024-02-21T20:00', end: '2024-02-21T23:00', timeZone: 'Europe/Paris', label: 'Lengow maintenance' },
]);

let order: OrderRecord = createOrder({
  orderId: 'CD-240221-0042',
  marketplace: 'cdiscount',
  channel: 'lengow',
  deliveryMode: 'TRK',
  createdAt: '2024-02-21T18:40:00Z',
});

const paris = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  dateStyle: 'short',
  timeStyle: 'short',
});
const when = (at: string | Date) => paris.format(new Date(at)).padEnd(18);

/** One line per outcome: applied (with an anomaly, if any), duplicate, or each reason it was refused. */
function tell(event: { readonly type: string; readonly at: string | Date }, from: string, result: DispatchResult<string>): void {
  const what = event.type.padEnd(20);
  if (result.ok) {
    const change = result.changed ? `${from} -> ${result.status}` : `unchanged (${result.duplicate ? 'duplicate' : 'no-op'})`;
    const why = result.audit.detail ? `: ${result.audit.detail}` : '';
    console.log(`${when(event.at)} ${what} ok       ${change}${result.anomaly ? `  (${result.anomaly}${why})` : ''}`);
  } else {
    for (const b of result.blockers) console.log(`${when(event.at)} ${what} refused  ${b.code}: ${b.message}`);
  }
}

function step(event: OrderEventInput): void {
  const from = order.status;
  const result = dispatch(order, event, { calendar });
  order = result.order;
  tell(event, from, result);
}

console.log(`Order ${order.orderId} on ${order.marketplace}, delivery mode ${order.context.deliveryMode}`);
console.log(`Times in Paris. Maintenance: ${calendar.windows.map((w) => `${when(w.start)}to ${when(w.end)}`).join(', ')}\n`);

step({ type: 'ACCEPT', at: '2024-02-21T19:30:00Z', id: 'accept-1' }); // 20:30 Paris: inside the window
step({ type: 'ACCEPT', at: '2024-02-21T22:00:00Z', id: 'accept-1' }); // 23:00 Paris: the window has ended
step({ type: 'ACCEPT', at: '2024-02-21T22:05:00Z', id: 'accept-1' }); // the plugin retries: a duplicate
step({ type: 'PAYMENT_STARTED', at: '2024-02-21T22:10:00Z' });
step({ type: 'PAYMENT_CONFIRMED', at: '2024-02-21T22:20:00Z' });
step({ type: 'SHIP', at: '2024-02-22T08:00:00Z', id: 'ship-1', carrier: 'Colissimo' });
step({ type: 'SHIP', at: '2024-02-22T08:05:00Z', id: 'ship-1', carrier: 'Colissimo', trackingNumber: '6A12345678910' });
// A seller action is a request: Cdiscount turns this one down, and the order goes back to be shipped again.
step({ type: 'ACTION_REJECTED', at: '2024-02-22T09:30:00Z', action: 'SHIP', eventId: 'ship-1', message: 'unknown tracking number for Colissimo' });
step({ type: 'SHIP', at: '2024-02-22T09:40:00Z', id: 'ship-2', carrier: 'Colissimo', trackingNumber: '6A12345678901' });
step({ type: 'SHIPMENT_CONFIRMED', at: '2024-02-22T12:00:00Z' });
step({ type: 'REFUND', at: '2024-02-26T09:00:00Z', id: 'refund-1', amount: 4.9, reason: 'damaged box' });
step({ type: 'ACCEPT', at: '2024-02-26T09:30:00Z' });

console.log(
  `\nNow ${order.status} (Lengow: ${toLengowStatus(order)}), revision ${order.revision}, ` +
    `tracking ${order.context.shipment?.trackingNumber}, refunds ${order.context.refunds.length}.`,
);

// The same marketplace in Octopia's vocabulary: Lengow reports `WaitingAcceptance`, so the import builds an
// order of octopiaLifecycle, with the latest shipping date Octopia gives (shippedAtMax).
const imported = importLengowOrder(
  buildLengowOrder({
    orderId: 'OC-251201-0007',
    status: 'WaitingAcceptance',
    updatedAt: '2025-12-01T10:00:00Z',
    overrides: { supply_mode: 'Seller', shipped_at_max: '2025-12-03T23:59:00+01:00' },
  }),
);
if (!imported.ok || imported.vocabulary !== 'octopia') throw new Error('the demo payload should import as an Octopia order');
let octopiaOrder: OctopiaOrderRecord = imported.order;
// The carriers Octopia supports and the refund reasons the channel accepts (yours come from the marketplace).
const octopiaOptions = { carriers: ['Colissimo', 'Chronopost', 'DPD'], refundReasons: ['Customer request', 'Product unavailable'] };

function octopiaStep(event: OctopiaEventInput): void {
  const from = octopiaOrder.status;
  const result = octopiaLifecycle.dispatch(octopiaOrder, event, octopiaOptions);
  octopiaOrder = result.order;
  tell(event, from, result);
}

const deadline = octopiaOrder.context.shippingDeadline;
console.log(`\nOctopia order ${octopiaOrder.orderId}, imported in ${octopiaOrder.status}; ship by ${deadline ? when(deadline) : 'no date'}\n`);
octopiaStep({ type: 'ACCEPT', at: '2025-12-01T11:00:00Z' });
octopiaStep({ type: 'PREPARATION_STARTED', at: '2025-12-01T11:05:00Z' });
for (const action of octopiaLifecycle.availableActions(octopiaOrder, { at: '2025-12-04T07:00:00Z', details: true })) {
  console.log(
    `${when('2025-12-04T07:00:00Z')} may ${action.type}${action.deadline ? ` (deadline ${when(action.deadline).trim()}${action.late ? ', late' : ''})` : ''}`,
  );
}
octopiaStep({ type: 'SHIP', at: '2025-12-04T07:30:00Z', carrier: 'Pigeon Post', trackingNumber: 'PP-1' });
octopiaStep({ type: 'SHIP', at: '2025-12-04T07:35:00Z', carrier: 'DPD', trackingNumber: '09876543210' });
octopiaStep({ type: 'DELIVERY_CONFIRMED', at: '2025-12-05T15:00:00Z' });
octopiaStep({ type: 'REFUND', at: '2025-12-08T09:00:00Z' });
octopiaStep({ type: 'REFUND', at: '2025-12-08T09:05:00Z', reason: 'Customer request', refundShippingFees: true });

console.log(`\nNow ${octopiaOrder.status} (Lengow: ${toLengowStatus(octopiaOrder.status)}), revision ${octopiaOrder.revision}.`);
