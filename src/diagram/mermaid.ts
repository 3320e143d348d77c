/*
 * The Mermaid text of a diagram. Imports no zod and no xstate (the `/diagram` entry is built on it): what it
 * needs of a lifecycle (its statuses, final ones, where each leads) it reads from the chart.
 */
import { MARKETPLACE_REPORT } from '../lifecycle/definition.js';
import type { ValidationIssue } from '../lifecycle/errors.js';
import { chartGraph, labelOf, reachesOf, type Chart, type ChartEdge } from './graph.js';

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

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What is wrong with `toMermaid`'s options, each issue naming the option at fault (none when they are fine):
 * the root `toMermaid` and the `/diagram` one check them alike.
 */
export function mermaidOptionIssues(options: unknown): ValidationIssue[] {
  if (!isRecord(options)) return [{ path: ['options'], message: 'must be an object' }];
  const issues: ValidationIssue[] = [];
  for (const flag of ['marketplaceReports', 'labels', 'actions'] as const) {
    if (options[flag] !== undefined && typeof options[flag] !== 'boolean') issues.push({ path: ['options', flag], message: 'must be true or false' });
  }
  const highlight = options.highlight;
  if (highlight !== undefined && typeof highlight !== 'string' && !(isRecord(highlight) && typeof highlight.status === 'string')) {
    issues.push({ path: ['options', 'highlight'], message: 'must be a status or an order' });
  }
  return issues;
}

// Mermaid ends a label at a newline and treats `;` and `#` specially; our names never contain them, but a
// machine given by a caller might.
const labelText = (text: string) => text.replace(/[\r\n;#]+/g, ' ').trim();

/*
 * Width. GitHub scales a diagram wider than its column (about 880 px) down, text and all: the README's was
 * 2,231 px wide, its text 6 px high. Mermaid lays a state diagram out top to bottom (dagre): a state's outgoing
 * edge labels sit side by side, then its targets, so the longest line of each decides the width.
 * - A label gives its event, its guard and its actions a line each (`SHIP<br>[canShip]`), and an event name
 *   longer than WRAP characters breaks after an underscore (`SHIPPING_<br>DEADLINE_PASSED`).
 * - A state name longer than WRAP characters shows on several lines, cut before a capital
 *   (`state "CancelledBefore<br>PaymentByCustomer" as CancelledBeforePaymentByCustomer`); its id is unchanged.
 * - Each state's edges are listed heaviest branch in the middle (the target that leads to most states), lighter
 *   ones alternately before and after it: dagre orders children as their edges come, so the main path runs
 *   down the middle and the leaves spread on both sides instead of piling up on one.
 * - The note about the edges left out goes `left of` the initial state, which Mermaid draws above it: `right of`
 *   drew it beside, 580 px wider.
 * Rendered by Mermaid 11 (default theme and font size) the README's diagram is 1,138 px wide, no edge label over
 * another; every line of text counts, so a longer name or a new edge can tip it over 1,200 px again.
 */
const WRAP = 16;

/** `text` as lines of about WRAP characters, cut only at `cuts` (string offsets), joined by Mermaid `<br>`s. */
function wrap(text: string, cuts: readonly number[]): string {
  if (text.length <= WRAP || cuts.length === 0) return text;
  const count = Math.ceil(text.length / WRAP);
  const chosen = new Set<number>();
  for (let k = 1; k < count; k++) {
    const ideal = (text.length * k) / count;
    let best: number | undefined;
    for (const cut of cuts) if (!chosen.has(cut) && (best === undefined || Math.abs(cut - ideal) < Math.abs(best - ideal))) best = cut;
    if (best !== undefined) chosen.add(best);
  }
  const at = [0, ...[...chosen].sort((a, b) => a - b), text.length];
  return at
    .slice(1)
    .map((end, i) => text.slice(at[i], end))
    .join('<br>');
}

/** `SHIPPING_DEADLINE_PASSED` -> `SHIPPING_<br>DEADLINE_PASSED`: cut after an underscore. */
const wrapEvent = (event: string) =>
  wrap(
    event,
    [...event.matchAll(/_(?=.)/g)].map((m) => m.index + 1),
  );
/** `CancelledBeforePaymentByCustomer` -> `CancelledBefore<br>PaymentByCustomer`: cut before a capital. */
const wrapName = (name: string) =>
  wrap(
    name,
    [...name.matchAll(/(?<=[a-z0-9])[A-Z]/g)].map((m) => m.index),
  );

/**
 * A diagram's text with the line breaks of WRAP taken out of labels and names, for tests and tools that read the
 * edges: `SHIPPING_<br>DEADLINE_PASSED` reads `SHIPPING_DEADLINE_PASSED`, `SHIP<br>[canShip]` reads `SHIP [canShip]`.
 */
export const unwrapLabels = (diagram: string): string => diagram.replace(/_<br>/g, '_').replace(/<br>/g, ' ');

/**
 * The edges in drawing order: state by state (definition order), each state's edges grouped by target, the
 * group whose target leads to most states in the middle, the others alternately before and after it. Between
 * targets that lead as far, the one more edges come into goes nearer the middle (then definition order):
 * a final status every step can reach stays under the states that reach it.
 */
function drawingOrder(edges: readonly ChartEdge[], reaches: ReadonlyMap<string, readonly string[]>): ChartEdge[] {
  const incoming = new Map<string, number>();
  for (const edge of edges) incoming.set(edge.to, (incoming.get(edge.to) ?? 0) + 1);
  // The states a target leads to, itself included.
  const reach = (to: string): number => (reaches.get(to)?.length ?? 0) + 1;
  return [...new Set(edges.map((edge) => edge.from))].flatMap((from) => {
    const own = edges.filter((edge) => edge.from === from);
    const groups = [...new Set(own.map((edge) => edge.to))].map((to, index) => ({
      edges: own.filter((edge) => edge.to === to),
      weight: to === from ? 0 : reach(to),
      incoming: incoming.get(to) ?? 0,
      index,
    }));
    const row: ChartEdge[][] = [];
    groups
      .sort((a, b) => b.weight - a.weight || b.incoming - a.incoming || a.index - b.index)
      .forEach((group, rank) => (rank % 2 === 0 ? row.push(group.edges) : row.unshift(group.edges)));
    return row.flat();
  });
}

/**
 * Draws a statechart as a Mermaid `stateDiagram-v2`, from its config: one state per top-level state, one
 * edge per transition labelled with its event and guard name (`SHIP<br>[canShip]`), transitions without a target
 * drawn as self-loops, final states styled (class `final`, grey and dashed), long names on several lines (see WRAP).
 * Deterministic (definition order, each state's edges ordered as drawingOrder says), so a copy kept in a
 * README can be checked for drift. `lifecycle`: the chart is a lifecycle's (a definition, or its chart), to
 * which the library adds the marketplace's reports: they are drawn on request (a note says they are left out
 * otherwise), and a status without a label reads as its name in words.
 */
export function mermaidOf(chart: Chart, options: ToMermaidOptions = {}, lifecycle = false): string {
  const graph = chartGraph(chart);
  const reaches = reachesOf(graph);
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

  for (const edge of drawingOrder(graph.edges, reaches)) {
    const actions = options.actions ? edge.actions : [];
    const label = [
      wrapEvent(labelText(edge.event)),
      edge.guard ? labelText(`[${edge.guard}]`) : '',
      actions.length > 0 ? labelText(`/ ${actions.join(', ')}`) : '',
    ];
    lines.push(`  ${edge.from} --> ${edge.to} : ${label.filter((part) => part !== '').join('<br>')}`);
  }

  // Not with `labels`: there the name is the box's first description line, and this would add another.
  for (const name of options.labels ? [] : graph.statuses) {
    const shown = wrapName(name);
    if (shown !== name) lines.push(`  state "${shown}" as ${name}`);
  }

  let hidden = 0;
  let hiddenTracking = 0;
  if (lifecycle) {
    for (const from of graph.statuses) {
      if (graph.finals.includes(from)) continue;
      hiddenTracking++;
      for (const to of reaches.get(from) ?? []) {
        if (options.marketplaceReports) lines.push(`  ${from} --> ${to} : ${MARKETPLACE_REPORT} [isFreshReportOf]`);
        else hidden++;
      }
    }
  }

  // Final statuses are styled, not led to one `[*]`: nine long edges meeting on one node crossed the picture.
  const finals = graph.finals;

  if (hidden > 0 && initial !== undefined) {
    // A note, not a comment: readers of the rendered diagram must know edges are missing. `left of`: see WRAP.
    lines.push(
      `  note left of ${initial}`,
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
