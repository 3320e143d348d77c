import type { AnyStateMachine } from 'xstate';
import { orderMachine } from './machine.js';
import type { OrderRecord } from './order.js';

/**
 * Options of {@link toMermaid}.
 * @example toMermaid(orderMachine, { highlight: order, labels: true, actions: true })
 */
export interface ToMermaidOptions {
  /**
   * The order (or a status) whose current status is highlighted, e.g. in an admin page next to the order.
   * A status the machine does not know is ignored.
   */
  readonly highlight?: Pick<OrderRecord, 'status'> | string | undefined;
  /**
   * Draw the generated `MARKETPLACE_STATUS_CHANGED` edges too (one per reachable status from every
   * non-final status, guard `isFreshReportOf`). Default `false`: they would swamp the picture, so the
   * diagram carries a note saying they are left out.
   */
  readonly marketplaceReports?: boolean | undefined;
  /** Add each state's `meta.label` as a description line inside its box. Default `false`. */
  readonly labels?: boolean | undefined;
  /** Append the transition's action names to edge labels, UML style (`SHIP [canShip] / recordShipment`). */
  readonly actions?: boolean | undefined;
}

// The one event whose edges the machine generates for every reachable status (see machine.ts).
const MARKETPLACE_REPORT = 'MARKETPLACE_STATUS_CHANGED';

type Named = string | { readonly type?: unknown } | ((...args: never[]) => unknown) | undefined;

/** The name a guard or action is known by: its `type`, or the function's own name. */
function nameOf(ref: Named): string | undefined {
  if (ref === undefined) return undefined;
  if (typeof ref === 'string') return ref;
  if (typeof ref === 'function') return ref.name || 'anonymous';
  return typeof ref.type === 'string' ? ref.type : 'anonymous';
}

// Mermaid ends a label at a newline and treats `;` and `#` specially; our names never contain them, but a
// machine given by a caller might.
const labelText = (text: string) => text.replace(/[\r\n;#]+/g, ' ').trim();

/**
 * Draws a machine's lifecycle as a Mermaid `stateDiagram-v2`, from the machine's own definition: one
 * state per top-level state node, one edge per transition labelled with its event and guard name
 * (`SHIP [canShip]`), transitions without a target drawn as self-loops, final states leading to `[*]`.
 * The output is deterministic (definition order), so a copy kept in a README can be checked for drift.
 * This is a pure function: it does not start an actor.
 *
 * Only top-level states are drawn: the order machine is flat.
 *
 * @example
 * import { createOrder, toMermaid } from 'order-status-machine';
 *
 * toMermaid(); // the whole lifecycle, without the generated marketplace-report edges
 * const order = createOrder({ orderId: 'CD-1', marketplace: 'cdiscount', createdAt: '2024-02-21T18:00:00Z' });
 * toMermaid(undefined, { highlight: order }); // ...with WaitingForSellerAcceptation highlighted
 */
export function toMermaid(machine: AnyStateMachine = orderMachine, options: ToMermaidOptions = {}): string {
  const root = machine.root;
  const states = Object.values(root.states);
  const lines: string[] = ['stateDiagram-v2'];

  if (options.labels) {
    for (const node of states) {
      const label = (node.meta as { label?: unknown } | undefined)?.label;
      if (typeof label === 'string' && label.trim() !== '') lines.push(`  ${node.key} : ${labelText(label)}`);
    }
  }

  const initial = root.initial?.target?.[0]?.key;
  if (initial !== undefined) lines.push(`  [*] --> ${initial}`);

  let hidden = 0;
  let hiddenTracking = 0;
  for (const node of states) {
    for (const [eventType, definitions] of node.transitions) {
      for (const definition of definitions) {
        // `*` only reports refused events to actors: it moves nothing, so it is not an edge.
        if (eventType === '*') continue;
        if (eventType === MARKETPLACE_REPORT && !options.marketplaceReports) {
          if (definition.target?.length) hidden++;
          else hiddenTracking++;
          continue;
        }
        // Every transition checks its event is well formed; the diagram shows the guards with business rules.
        const named = nameOf(definition.guard as Named);
        const guard = named === 'isWellFormed' ? undefined : named;
        const actions = options.actions ? definition.actions.map((a) => nameOf(a as Named) ?? 'anonymous') : [];
        const label = labelText(
          `${eventType}${guard ? ` [${guard}]` : ''}${actions.length > 0 ? ` / ${actions.join(', ')}` : ''}`,
        );
        const targets = definition.target?.length ? definition.target.map((t) => t.key) : [node.key];
        for (const target of targets) lines.push(`  ${node.key} --> ${target} : ${label}`);
      }
    }
  }

  for (const node of states) if (node.type === 'final') lines.push(`  ${node.key} --> [*]`);

  if (hidden > 0 && initial !== undefined) {
    // A note, not a comment: readers of the rendered diagram must know edges are missing.
    lines.push(
      `  note right of ${initial}`,
      `    ${hidden} generated ${MARKETPLACE_REPORT} [isFreshReportOf] edges are not drawn,`,
      '    one from every non-final status to each status it can reach,',
      `    nor ${hiddenTracking} [isTrackingReportOf] self-loops that merge new tracking.`,
      '    Set the marketplaceReports option of toMermaid to draw them.',
      '  end note',
    );
  }

  const highlighted = typeof options.highlight === 'string' ? options.highlight : options.highlight?.status;
  if (highlighted !== undefined && Object.hasOwn(root.states, highlighted)) {
    lines.push('  classDef current fill:#ffd866,stroke:#b8860b,stroke-width:3px,font-weight:bold');
    lines.push(`  class ${highlighted} current`);
  }
  return lines.join('\n');
}

/**
 * The markers around the generated diagram in a Markdown file (README.md, docs/lifecycle.md).
 * @example `${DIAGRAM_MARKERS.start}\n${mermaidBlock(toMermaid())}\n${DIAGRAM_MARKERS.end}`
 */
export const DIAGRAM_MARKERS = { start: '<!-- diagram:start -->', end: '<!-- diagram:end -->' } as const;

/**
 * The Markdown block that embeds a diagram: a fenced `mermaid` code block, as GitHub renders it.
 * @example mermaidBlock(toMermaid()) // '```mermaid\nstateDiagram-v2\n...\n```'
 */
export function mermaidBlock(diagram: string): string {
  return `\`\`\`mermaid\n${diagram}\n\`\`\``;
}

/**
 * What lies between the diagram markers of a Markdown text (trimmed), or `undefined` when the markers
 * are missing or out of order.
 * @example extractDiagramBlock(readme) === mermaidBlock(toMermaid()) // no drift
 */
export function extractDiagramBlock(markdown: string): string | undefined {
  const start = markdown.indexOf(DIAGRAM_MARKERS.start);
  const end = markdown.indexOf(DIAGRAM_MARKERS.end);
  if (start < 0 || end < 0 || end < start) return undefined;
  return markdown.slice(start + DIAGRAM_MARKERS.start.length, end).trim();
}

/**
 * Replaces what lies between the diagram markers with `block`; `undefined` when the markers are missing.
 * @example replaceDiagramBlock(readme, mermaidBlock(toMermaid()))
 */
export function replaceDiagramBlock(markdown: string, block: string): string | undefined {
  const start = markdown.indexOf(DIAGRAM_MARKERS.start);
  const end = markdown.indexOf(DIAGRAM_MARKERS.end);
  if (start < 0 || end < 0 || end < start) return undefined;
  return `${markdown.slice(0, start + DIAGRAM_MARKERS.start.length)}\n${block}\n${markdown.slice(end)}`;
}
