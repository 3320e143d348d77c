import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createMachine } from 'xstate';
import {
  FINAL_STATUSES,
  ORDER_STATUSES,
  createMaintenanceCalendar,
  createOrder,
  createOrderMachine,
  dispatch,
  orderMachine,
  toMermaid,
  type OrderStatus,
  type OrderEventInput,
  octopiaLifecycle,
} from 'order-status-machine';
// The marker helpers are repository tooling, not public API.
import { DIAGRAM_MARKERS, diagramMarkers, extractDiagramBlock, mermaidBlock, unwrapLabels } from '../src/diagram/mermaid.js';

const read = (file: string) => readFileSync(fileURLToPath(new URL(`../${file}`, import.meta.url)), 'utf8');

/** Edges as `from --> to : label` lines, without indentation, labels on one line (`SHIP [canShip]`). */
const edges = (diagram: string) =>
  unwrapLabels(diagram)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => / --> /.test(line) && line.includes(' : '));

describe('the diagram copies kept in Markdown', () => {
  it.each(['README.md', 'docs/lifecycle.md'])('%s shows exactly the diagram the machine draws', (file) => {
    const block = extractDiagramBlock(read(file));
    if (block === undefined) {
      expect.fail(
        `${file} has no diagram block: add the lines ${DIAGRAM_MARKERS.start} and ${DIAGRAM_MARKERS.end} ` +
          'where the diagram goes, then run `npm run diagram`.',
      );
    }
    expect(block, `${file} differs from the machine: run \`npm run diagram\``).toBe(mermaidBlock(toMermaid()));
  });

  it('docs/lifecycle.md shows exactly the diagram the Octopia lifecycle draws', () => {
    const block = extractDiagramBlock(read('docs/lifecycle.md'), diagramMarkers('octopia'));
    expect(block, 'docs/lifecycle.md differs from octopiaDefinition: run `npm run diagram`').toBe(mermaidBlock(toMermaid(octopiaLifecycle)));
  });
});

describe('toMermaid', () => {
  const diagram = toMermaid();

  it('draws a stateDiagram-v2 starting at WaitingForSellerAcceptation', () => {
    expect(diagram.split('\n')[0]).toBe('stateDiagram-v2');
    expect(diagram).toContain('[*] --> WaitingForSellerAcceptation');
  });

  it('draws every status of the lifecycle', () => {
    for (const status of ORDER_STATUSES) expect(diagram).toMatch(new RegExp(`\\b${status}\\b`));
  });

  // Issue 10: nine long edges to one [*] crossed the picture; final statuses are styled instead.
  it('styles every final status, and only those, and leads none to [*]', () => {
    const styled = diagram
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.startsWith('class ') && l.endsWith(' final'));
    expect(new Set(styled?.slice('class '.length, -' final'.length).split(','))).toEqual(new Set(FINAL_STATUSES));
    expect(diagram).toContain('classDef final ');
    expect(diagram).not.toMatch(/--> \[\*\]/);
  });

  it('labels seller actions with their guard and facts with their event alone (DOMAIN.md section 2)', () => {
    const lines = edges(diagram);
    expect(lines).toContain('WaitingForSellerAcceptation --> AcceptedBySeller : ACCEPT [canSellerAct]');
    expect(lines).toContain('WaitingForShipmentAcceptation --> ShippedBySeller : SHIP [canShip]');
    expect(lines).toContain('WaitingForShipmentAcceptation --> AvailableOnStore : MAKE_AVAILABLE_IN_STORE [canServeInStore]');
    expect(lines).toContain('ShippedBySeller --> Shipped : SHIPMENT_CONFIRMED');
    expect(lines).toContain('CancellationRequestPending --> WaitingForShipmentAcceptation : DECLINE_CANCELLATION [canSellerAct]');
  });

  it('draws a refund, which keeps the order where it is, as a self-loop', () => {
    // Guarded by canRefund: refunds add up (issue 13, item 2).
    expect(edges(diagram)).toContain('Shipped --> Shipped : REFUND [canRefund]');
    expect(edges(diagram)).toContain('PickedUp --> PickedUp : REFUND [canRefund]');
  });

  it('draws one edge per transition the pure dispatch accepts, and no other', () => {
    // Independent of the drawing code: try every event from every status with dispatch and compare.
    const accepted = new Set<string>();
    const at = '2024-03-01T10:00:00Z';
    const sample = {
      SHIP: { carrier: 'Colissimo', trackingNumber: '6A1' },
    } as Record<string, object>;
    for (const status of ORDER_STATUSES) {
      for (const deliveryMode of ['TRK', 'MAG']) {
        const order = createOrder({ orderId: 'D-1', marketplace: 'cdiscount', deliveryMode, status, createdAt: at });
        for (const line of edges(diagram)) {
          const type = line.split(' : ')[1]!.split(' ')[0]!;
          const result = dispatch(order, { type, at, ...sample[type] } as OrderEventInput);
          if (result.ok && result.changed && !result.anomaly) accepted.add(`${status} --> ${result.status} : ${type}`);
        }
      }
    }
    const drawn = new Set(edges(diagram).map((line) => line.replace(/ \[\w+\]$/, '')));
    expect(drawn).toEqual(accepted);
  });

  it('leaves the generated marketplace-report edges out by default, and says how many in a note', () => {
    expect(edges(diagram).some((l) => l.includes('MARKETPLACE_STATUS_CHANGED'))).toBe(false);
    const full = toMermaid(orderMachine, { marketplaceReports: true });
    const reports = edges(full).filter((l) => l.includes('MARKETPLACE_STATUS_CHANGED [isFreshReportOf]'));
    // One per (non-final status, status it can reach through the lifecycle's own edges).
    const next = new Map<string, string[]>();
    for (const line of edges(diagram)) {
      const [from, rest] = line.split(' --> ') as [string, string];
      next.set(from, [...(next.get(from) ?? []), rest.split(' : ')[0]!]);
    }
    let expected = 0;
    for (const from of ORDER_STATUSES) {
      const seen = new Set<string>();
      const queue = [...(next.get(from) ?? [])];
      while (queue.length) {
        const s = queue.shift()!;
        if (!seen.has(s)) {
          seen.add(s);
          queue.push(...(next.get(s) ?? []));
        }
      }
      seen.delete(from);
      expected += seen.size;
    }
    expect(reports).toHaveLength(expected);
    expect(reports).toContain('AcceptedBySeller --> Shipped : MARKETPLACE_STATUS_CHANGED [isFreshReportOf]');
    expect(diagram).toContain(`${expected} generated MARKETPLACE_STATUS_CHANGED [isFreshReportOf] edges are not drawn`);
    expect(full).not.toContain('note left of');
  });

  it("highlights a record's current status", () => {
    const order = createOrder({ orderId: 'D-2', marketplace: 'cdiscount', createdAt: '2024-03-01T10:00:00Z' });
    const accepted = dispatch(order, { type: 'ACCEPT', at: '2024-03-01T10:05:00Z' }).order;
    expect(toMermaid(orderMachine, { highlight: order })).toMatch(/\n {2}class WaitingForSellerAcceptation current$/);
    expect(toMermaid(orderMachine, { highlight: accepted })).toMatch(/\n {2}class AcceptedBySeller current$/);
    expect(diagram).not.toContain('classDef current');
  });

  // Issue 12: a seller action the marketplace has not settled shows beside the order's status.
  it('notes the seller action still pending on the highlighted order', () => {
    const paid = createOrder({
      orderId: 'D-9',
      marketplace: 'cdiscount',
      deliveryMode: 'STD',
      status: 'WaitingForShipmentAcceptation',
      createdAt: '2024-03-01T08:00:00Z',
    });
    const shipped = dispatch(paid, { type: 'SHIP', at: '2024-03-01T10:00:00Z' }).order;
    expect(toMermaid(orderMachine, { highlight: shipped })).toContain(
      '\n  note right of ShippedBySeller : SHIP pending, from WaitingForShipmentAcceptation: the marketplace has not settled it\n',
    );
    const confirmed = dispatch(shipped, { type: 'ACTION_CONFIRMED', at: '2024-03-01T11:00:00Z', action: 'SHIP' }).order;
    expect(toMermaid(orderMachine, { highlight: confirmed })).not.toContain('pending');
  });

  it('ignores a highlight that names no state', () => {
    expect(toMermaid(orderMachine, { highlight: 'Lost' as OrderStatus })).toBe(diagram);
  });

  it('draws a machine built with createOrderMachine exactly like orderMachine', () => {
    const calendar = createMaintenanceCalendar([{ start: '2024-02-21T19:00:00Z', end: '2024-02-21T22:00:00Z' }]);
    expect(toMermaid(createOrderMachine({ calendar }))).toBe(diagram);
  });

  it('adds labels and action names on request', () => {
    const rich = toMermaid(orderMachine, { labels: true, actions: true });
    // The name stays in the box and the label is a line under it: Mermaid shows a state's first description
    // instead of its name.
    expect(rich).toContain(
      '  WaitingForSellerAcceptation : WaitingForSellerAcceptation\n  WaitingForSellerAcceptation : Waiting for seller acceptation',
    );
    expect(edges(rich)).toContain('WaitingForShipmentAcceptation --> ShippedBySeller : SHIP [canShip] / recordShipment');
  });

  // The README's diagram was 2,231 px wide: GitHub shrank its text to 6 px. Long names take several lines.
  it('puts guards on their own line and cuts long event and state names at underscores and capitals', () => {
    const lines = edges(diagram);
    expect(diagram).toContain('  WaitingForShipmentAcceptation --> ShippedBySeller : SHIP<br>[canShip]\n');
    expect(diagram).toContain(' : SHIPPING_<br>DEADLINE_PASSED\n');
    expect(diagram).toContain('  state "CancelledBefore<br>PaymentByCustomer" as CancelledBeforePaymentByCustomer\n');
    // Every edge still says its event and guard whole once the breaks are taken out.
    expect(lines).toContain('WaitingForShipmentAcceptation --> RefusedNoShipment : SHIPPING_DEADLINE_PASSED');
    // No line of a label or a state's name is much longer than WRAP (16).
    const texts = diagram.split('\n').flatMap((l) => l.match(/ : (.*)$/)?.[1] ?? l.match(/^ {2}state "(.*)" as /)?.[1] ?? []);
    expect(Math.max(...texts.flatMap((text) => text.split('<br>')).map((part) => part.length))).toBeLessThanOrEqual(20);
  });

  it('draws the machine it is given, so a changed definition changes the diagram', () => {
    const other = createMachine({
      id: 'door',
      initial: 'closed',
      states: { closed: { on: { OPEN: { target: 'open', guard: 'isUnlocked' } } }, open: { type: 'final' } },
    });
    expect(toMermaid(other).split('\n')).toEqual([
      'stateDiagram-v2',
      '  [*] --> closed',
      '  closed --> open : OPEN<br>[isUnlocked]',
      expect.stringMatching(/^ {2}classDef final /),
      '  class open final',
    ]);
  });
});
