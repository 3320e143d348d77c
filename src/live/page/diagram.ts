import dagre from '@dagrejs/dagre';
import type { ChartEdge, ChartGraph } from '../../diagram/graph.js';

/*
 * The lifecycle as SVG in the browser: a layered layout (dagre) that reserves room for every edge label, so
 * no two labels overlap, drawn once per machine and copied for each order with its status highlighted.
 */

const SVG = 'http://www.w3.org/2000/svg';
const NODE_FONT = '13px system-ui, -apple-system, "Segoe UI", sans-serif';
const EDGE_FONT = '11px system-ui, -apple-system, "Segoe UI", sans-serif';
const PAD_X = 12;
const NODE_HEIGHT = 30;
const LABEL_HEIGHT = 14;
/** Room a self-loop takes right of its status, before its label. */
const LOOP = 26;

/** A laid-out drawing: one per machine, cloned per order. */
export interface Drawing {
  readonly svg: SVGSVGElement;
  readonly width: number;
  readonly height: number;
}

let measure: CanvasRenderingContext2D | null | undefined;
/** The text's width in the page's own font, so boxes fit their names. */
function textWidth(text: string, font: string): number {
  measure ??= document.createElement('canvas').getContext('2d');
  if (!measure) return text.length * 7;
  measure.font = font;
  return Math.ceil(measure.measureText(text).width);
}

const labelOf = (edge: ChartEdge) => `${edge.event}${edge.guard ? ` [${edge.guard}]` : ''}`;

function element<K extends keyof SVGElementTagNameMap>(name: K, attributes: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A smooth path through dagre's bend points. */
function pathThrough(points: readonly { x: number; y: number }[]): string {
  const [first, ...rest] = points;
  if (!first) return '';
  let d = `M${first.x},${first.y}`;
  for (let i = 0; i < rest.length; i++) {
    const point = rest[i] as { x: number; y: number };
    const next = rest[i + 1];
    // Through the midpoints, with each bend point as a control point: no sharp corners.
    if (next) d += ` Q${point.x},${point.y} ${(point.x + next.x) / 2},${(point.y + next.y) / 2}`;
    else d += ` L${point.x},${point.y}`;
  }
  return d;
}

/** Lays the graph out top to bottom and draws it: statuses as boxes, final ones dashed, edges with labels. */
export function drawGraph(graph: ChartGraph): Drawing {
  const layout = new dagre.graphlib.Graph({ multigraph: true });
  layout.setGraph({ rankdir: 'TB', nodesep: 28, edgesep: 10, ranksep: 34, marginx: 8, marginy: 8 });
  layout.setDefaultEdgeLabel(() => ({}));
  for (const status of graph.statuses) layout.setNode(status, { width: textWidth(status, NODE_FONT) + 2 * PAD_X, height: NODE_HEIGHT });
  graph.edges.forEach((edge, index) => {
    const width = textWidth(labelOf(edge), EDGE_FONT) + 6;
    // Labels are laid out as objects of their own, so dagre keeps them apart; a self-loop's also holds its loop.
    layout.setEdge(edge.from, edge.to, { width: width + (edge.from === edge.to ? LOOP : 0), height: LABEL_HEIGHT, labelpos: 'c' }, String(index));
  });
  dagre.layout(layout);
  const { width = 0, height = 0 } = layout.graph();

  const svg = element('svg', { xmlns: SVG, width, height, viewBox: `0 0 ${width} ${height}`, role: 'img' });
  const defs = element('defs', {});
  const marker = element('marker', {
    id: 'arrow',
    viewBox: '0 0 10 10',
    refX: 9,
    refY: 5,
    markerWidth: 7,
    markerHeight: 7,
    orient: 'auto-start-reverse',
  });
  marker.append(element('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#8a93a6' }));
  defs.append(marker);
  svg.append(defs);

  graph.edges.forEach((edge, index) => {
    const laid = layout.edge(edge.from, edge.to, String(index)) as { points: { x: number; y: number }[]; x: number; y: number; width: number };
    const group = element('g', { class: 'edge', 'data-from': edge.from, 'data-to': edge.to, 'data-event': edge.event });
    const text = labelOf(edge);
    if (edge.from === edge.to) {
      const box = layout.node(edge.from);
      const left = laid.x - laid.width / 2;
      const x0 = box.x + box.width / 2;
      group.append(
        element('path', {
          d: `M${x0},${box.y - 7} C${left + LOOP},${box.y - 22} ${left + LOOP},${box.y + 22} ${x0},${box.y + 7}`,
          'marker-end': 'url(#arrow)',
        }),
        element('text', { x: left + LOOP, y: laid.y + 4 }, text),
      );
    } else {
      group.append(
        element('path', { d: pathThrough(laid.points), 'marker-end': 'url(#arrow)' }),
        element('text', { x: laid.x, y: laid.y + 4, 'text-anchor': 'middle' }, text),
      );
    }
    svg.append(group);
  });

  const finals = new Set(graph.finals);
  for (const status of graph.statuses) {
    const box = layout.node(status);
    const kind = [finals.has(status) ? 'final' : '', status === graph.initial ? 'initial' : ''].filter(Boolean).join(' ');
    const group = element('g', { class: `node ${kind}`.trim(), 'data-status': status });
    group.append(
      element('rect', { x: box.x - box.width / 2, y: box.y - box.height / 2, width: box.width, height: box.height, rx: 6 }),
      element('text', { x: box.x, y: box.y + 4.5, 'text-anchor': 'middle' }, status),
      element('title', {}, graph.labels[status] ?? status),
    );
    svg.append(group);
  }
  return { svg, width, height };
}

/** A copy of the drawing with `status` highlighted and the edge that led there, if any, marked as taken. */
export function highlighted(drawing: Drawing, status: string | null, taken?: { from: string | null; to: string; event: string }): SVGSVGElement {
  const copy = drawing.svg.cloneNode(true) as SVGSVGElement;
  copy.querySelectorAll<SVGGElement>('g.node').forEach((node) => {
    if (node.dataset.status === status) node.classList.add('current');
  });
  if (taken && taken.from !== null && taken.from !== taken.to) {
    copy.querySelectorAll<SVGGElement>('g.edge').forEach((edge) => {
      if (edge.dataset.from === taken.from && edge.dataset.to === taken.to && edge.dataset.event === taken.event) edge.classList.add('taken');
    });
  }
  return copy;
}
