import type { CompiledLifecycle } from '../lifecycle/compile.js';
import { MARKETPLACE_REPORT } from '../lifecycle/definition.js';
import { chartGraph, labelOf, type Chart } from './graph.js';

export type { Chart } from './graph.js';

/**
 * Options of `toMermaid`.
 * @example toMermaid(orderMachine, { highlight: order, labels: true, actions: true })
 */
export interface ToMermaidOptions {
  /**
   * The order (or a status) whose current status is highlighted, e.g. in an admin page next to the order.
   * A status the lifecycle does not know is ignored. An order's seller action still pending (the marketplace
   * has not settled it) is noted beside its status.
   */
  readonly highlight?:
    | { readonly status: string; readonly context?: { readonly pendingAction?: { readonly type: string; readonly from: string } | undefined } }
    | string
    | undefined;
  /**
   * Draw the marketplace's status reports too (one edge per reachable status from every non-final status,
   * guard `isFreshReportOf`). Default `false`: they would swamp the picture, so the diagram carries a note
   * saying they are left out.
   */
  readonly marketplaceReports?: boolean | undefined;
  /**
   * Add each state's `meta.label` (for a lifecycle, its name in words when it has none) as a second line
   * inside its box, under the status name. Default `false`.
   */
  readonly labels?: boolean | undefined;
  /** Append the transition's action names to edge labels, UML style (`SHIP [canShip] / recordShipment`). */
  readonly actions?: boolean | undefined;
}

// Mermaid ends a label at a newline and treats `;` and `#` specially; our names never contain them, but a
// machine given by a caller might.
const labelText = (text: string) => text.replace(/[\r\n;#]+/g, ' ').trim();

/**
 * Draws a statechart as a Mermaid `stateDiagram-v2`, from its config: one state per top-level state, one
 * edge per transition labelled with its event and guard name (`SHIP [canShip]`), transitions without a target
 * drawn as self-loops, final states styled (class `final`, grey and dashed). Deterministic (definition order), so a copy kept in a
 * README can be checked for drift. With a lifecycle, the marketplace's reports are drawn on request.
 */
export function mermaidOf(chart: Chart, options: ToMermaidOptions = {}, lifecycle?: CompiledLifecycle<string>): string {
  const graph = chartGraph(chart);
  const lines: string[] = ['stateDiagram-v2'];

  if (options.labels) {
    for (const name of graph.statuses) {
      const label = graph.labels[name] ?? (lifecycle ? labelOf(name) : undefined);
      // Mermaid shows a state's first description instead of its name: the name goes first, the label below it.
      if (label !== undefined && label !== name) lines.push(`  ${name} : ${name}`, `  ${name} : ${labelText(label)}`);
    }
  }

  const initial = graph.initial;
  if (initial !== undefined) lines.push(`  [*] --> ${initial}`);

  for (const edge of graph.edges) {
    const actions = options.actions ? edge.actions : [];
    const label = labelText(`${edge.event}${edge.guard ? ` [${edge.guard}]` : ''}${actions.length > 0 ? ` / ${actions.join(', ')}` : ''}`);
    lines.push(`  ${edge.from} --> ${edge.to} : ${label}`);
  }

  let hidden = 0;
  let hiddenTracking = 0;
  if (lifecycle) {
    for (const from of lifecycle.statuses) {
      if (lifecycle.finals.has(from)) continue;
      hiddenTracking++;
      for (const to of lifecycle.reaches[from] ?? []) {
        if (options.marketplaceReports) lines.push(`  ${from} --> ${to} : ${MARKETPLACE_REPORT} [isFreshReportOf]`);
        else hidden++;
      }
    }
  }

  // Final statuses are styled, not led to one `[*]`: nine long edges meeting on one node crossed the picture.
  const finals = graph.finals;

  if (hidden > 0 && initial !== undefined) {
    // A note, not a comment: readers of the rendered diagram must know edges are missing.
    lines.push(
      `  note right of ${initial}`,
      `    ${hidden} generated ${MARKETPLACE_REPORT} [isFreshReportOf] edges are not drawn,`,
      '    one from every non-final status to each status it can reach,',
      '    Set the marketplaceReports option of toMermaid to draw them.',
      `    (Not drawn either way: ${hiddenTracking} [isTrackingReportOf] self-loops merging new tracking.)`,
      '  end note',
    );
  }

  if (finals.length > 0) {
    lines.push('  classDef final fill:#eeeeee,stroke:#777777,stroke-width:2px,stroke-dasharray:4 3,color:#444444');
    lines.push(`  class ${finals.join(',')} final`);
  }

  const highlighted = typeof options.highlight === 'string' ? options.highlight : options.highlight?.status;
  if (highlighted !== undefined && graph.statuses.includes(highlighted)) {
    const pending = typeof options.highlight === 'object' ? options.highlight.context?.pendingAction : undefined;
    if (pending) lines.push(`  note right of ${highlighted} : ${pending.type} pending, from ${pending.from}: the marketplace has not settled it`);
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

/** The markers of a named diagram (`<!-- diagram:octopia:start -->`), or {@link DIAGRAM_MARKERS} without a name. */
export const diagramMarkers = (name?: string): { readonly start: string; readonly end: string } =>
  name === undefined ? DIAGRAM_MARKERS : { start: `<!-- diagram:${name}:start -->`, end: `<!-- diagram:${name}:end -->` };

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
export function extractDiagramBlock(
  markdown: string,
  markers = DIAGRAM_MARKERS as { readonly start: string; readonly end: string },
): string | undefined {
  const start = markdown.indexOf(markers.start);
  const end = markdown.indexOf(markers.end);
  if (start < 0 || end < 0 || end < start) return undefined;
  return markdown.slice(start + markers.start.length, end).trim();
}

/**
 * Replaces what lies between the diagram markers with `block`; `undefined` when the markers are missing.
 * @example replaceDiagramBlock(readme, mermaidBlock(toMermaid()))
 */
export function replaceDiagramBlock(
  markdown: string,
  block: string,
  markers = DIAGRAM_MARKERS as { readonly start: string; readonly end: string },
): string | undefined {
  const start = markdown.indexOf(markers.start);
  const end = markdown.indexOf(markers.end);
  if (start < 0 || end < 0 || end < start) return undefined;
  return `${markdown.slice(0, start + markers.start.length)}\n${block}\n${markdown.slice(end)}`;
}
