/**
 * One Cdiscount order's life, told as a timeline: accepted after a refusal during Lengow's maintenance
 * window, paid, shipped once the tracking number is given, confirmed, partly refunded.
 *
 * Run: npm run demo
 */
import { createMaintenanceCalendar, createOrder, dispatch, toLengowStatus, type OrderEventInput, type OrderRecord } from 'order-status-machine';

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

function step(event: OrderEventInput): void {
  const from = order.status;
  const result = dispatch(order, event, { calendar });
  order = result.order;
  const what = event.type.padEnd(20);
  if (result.ok) {
    const change = result.changed ? `${from} -> ${result.status}` : `unchanged (${result.duplicate ? 'duplicate' : 'no-op'})`;
    console.log(`${when(event.at)} ${what} ok       ${change}`);
  } else {
    for (const b of result.blockers) console.log(`${when(event.at)} ${what} refused  ${b.code}: ${b.message}`);
  }
}

console.log(`Order ${order.orderId} on ${order.marketplace}, delivery mode ${order.context.deliveryMode}`);
console.log(`Times in Paris. Maintenance: ${calendar.windows.map((w) => `${when(w.start)}to ${when(w.end)}`).join(', ')}\n`);

step({ type: 'ACCEPT', at: '2024-02-21T19:30:00Z', id: 'accept-1' }); // 20:30 Paris: inside the window
step({ type: 'ACCEPT', at: '2024-02-21T22:00:00Z', id: 'accept-1' }); // 23:00 Paris: the window has ended
step({ type: 'ACCEPT', at: '2024-02-21T22:05:00Z', id: 'accept-1' }); // the plugin retries: a duplicate
step({ type: 'PAYMENT_STARTED', at: '2024-02-21T22:10:00Z' });
step({ type: 'PAYMENT_CONFIRMED', at: '2024-02-21T22:20:00Z' });
step({ type: 'SHIP', at: '2024-02-22T08:00:00Z', id: 'ship-1', carrier: 'Colissimo' });
step({ type: 'SHIP', at: '2024-02-22T08:05:00Z', id: 'ship-1', carrier: 'Colissimo', trackingNumber: '6A12345678901' });
step({ type: 'SHIPMENT_CONFIRMED', at: '2024-02-22T12:00:00Z' });
step({ type: 'REFUND', at: '2024-02-26T09:00:00Z', id: 'refund-1', amount: 4.9, reason: 'damaged box' });
step({ type: 'ACCEPT', at: '2024-02-26T09:30:00Z' });

console.log(
  `\nNow ${order.status} (Lengow: ${toLengowStatus(order.status)}), revision ${order.revision}, ` +
    `tracking ${order.context.shipment?.trackingNumber}, refunds ${order.context.refunds.length}.`,
);
