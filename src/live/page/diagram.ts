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
/** Room a self-loop's curve takes beside its status, before its label. */
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

/** An edge's label, one line each: the event, then its guard (two short lines keep the drawing narrow). */
const labelLines = (edge: ChartEdge): string[] => (edge.guard ? [edge.event, `[${edge.guard}]`] : [edge.event]);

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

/** The layout's name of a status: prefixed, as a status may be called `constructor` or `__proto__`. */
const node = (status: string) => `s:${status}`;

interface Point {
  readonly x: number;
  readonly y: number;
}

interface Box extends Point {
  readonly width: number;
  readonly height: number;
}

/** Where the segment from the box's centre towards `outside` leaves the box: edges end on the visible box. */
function clip(box: Box, outside: Point): Point {
  const dx = outside.x - box.x;
  const dy = outside.y - box.y;
  if (dx === 0 && dy === 0) return box;
  const scale = Math.min(dx === 0 ? Infinity : box.width / 2 / Math.abs(dx), dy === 0 ? Infinity : box.height / 2 / Math.abs(dy));
  return { x: box.x + dx * scale, y: box.y + dy * scale };
}

/**
 * Lays the graph out top to bottom and draws it: statuses as boxes, final ones dashed, edges with labels.
 * A self-loop (a refund keeps the status) is drawn beside its status, in room the layout reserves on both
 * sides of the box, so that its label overlaps nothing and the box stays centred on its edges.
 */
export function drawGraph(graph: ChartGraph): Drawing {
  const layout = new dagre.graphlib.Graph({ multigraph: true });
  layout.setGraph({ rankdir: 'TB', nodesep: 28, edgesep: 10, ranksep: 34, marginx: 8, marginy: 8 });
  layout.setDefaultEdgeLabel(() => ({}));
  const boxes = new Map<string, { width: number; height: number }>();
  const loops = new Map<string, { edge: ChartEdge; lines: string[]; width: number }[]>();
  for (const edge of graph.edges) {
    if (edge.from !== edge.to) continue;
    const lines = labelLines(edge);
    loops.set(edge.from, [...(loops.get(edge.from) ?? []), { edge, lines, width: Math.max(...lines.map((line) => textWidth(line, EDGE_FONT))) }]);
  }
  for (const status of graph.statuses) {
    const box = { width: textWidth(status, NODE_FONT) + 2 * PAD_X, height: NODE_HEIGHT };
    boxes.set(status, box);
    const own = loops.get(status) ?? [];
    const side = own.length === 0 ? 0 : LOOP + Math.max(...own.map((loop) => loop.width)) + 4;
    const height = Math.max(
      NODE_HEIGHT,
      own.reduce((sum, loop) => sum + loop.lines.length * LABEL_HEIGHT, 0),
    );
    layout.setNode(node(status), { width: box.width + 2 * side, height });
  }
  graph.edges.forEach((edge, index) => {
    if (edge.from === edge.to) return;
    const lines = labelLines(edge);
    const width = Math.max(...lines.map((line) => textWidth(line, EDGE_FONT))) + 6;
    // Labels are laid out as objects of their own, so dagre keeps them apart.
    layout.setEdge(node(edge.from), node(edge.to), { width, height: LABEL_HEIGHT * lines.length, labelpos: 'c' }, String(index));
  });
  dagre.layout(layout);
  const { width = 0, height = 0 } = layout.graph();
  /** The status's visible box, centred where the layout put its reserved one. */
  const boxOf = (status: string): Box => {
    const { x, y } = layout.node(node(status));
    const { width: w, height: h } = boxes.get(status) ?? { width: 0, height: 0 };
    return { x, y, width: w, height: h };
  };

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

  /** A label's lines as one text, its block centred vertically on `y`. */
  const labelText = (lines: readonly string[], x: number, y: number, anchor: 'middle' | 'start') => {
    const text = element('text', { 'text-anchor': anchor });
    const top = y - (LABEL_HEIGHT * lines.length) / 2 + LABEL_HEIGHT - 3;
    lines.forEach((line, i) => text.append(element('tspan', { x, y: top + i * LABEL_HEIGHT }, line)));
    return text;
  };
  const edgeGroup = (edge: ChartEdge) => element('g', { class: 'edge', 'data-from': edge.from, 'data-to': edge.to, 'data-event': edge.event });

  graph.edges.forEach((edge, index) => {
    if (edge.from === edge.to) return;
    const laid = layout.edge(node(edge.from), node(edge.to), String(index)) as { points: Point[]; x: number; y: number };
    const points = [...laid.points];
    const [second, beforeLast] = [points[1], points[points.length - 2]];
    if (second && beforeLast) {
      points[0] = clip(boxOf(edge.from), second);
      points[points.length - 1] = clip(boxOf(edge.to), beforeLast);
    }
    const group = edgeGroup(edge);
    group.append(element('path', { d: pathThrough(points), 'marker-end': 'url(#arrow)' }), labelText(labelLines(edge), laid.x, laid.y, 'middle'));
    svg.append(group);
  });

  for (const [status, own] of loops) {
    const box = boxOf(status);
    const right = box.x + box.width / 2;
    let y = box.y - own.reduce((sum, loop) => sum + loop.lines.length * LABEL_HEIGHT, 0) / 2;
    for (const { edge, lines } of own) {
      const middle = y + (lines.length * LABEL_HEIGHT) / 2;
      const group = edgeGroup(edge);
      group.append(
        element('path', {
          d: `M${right},${box.y - 7} C${right + LOOP},${box.y - 22} ${right + LOOP},${box.y + 22} ${right},${box.y + 7}`,
          'marker-end': 'url(#arrow)',
        }),
        labelText(lines, right + LOOP + 2, middle, 'start'),
      );
      svg.append(group);
      y += lines.length * LABEL_HEIGHT;
    }
  }

  const finals = new Set(graph.finals);
  for (const status of graph.statuses) {
    const box = boxOf(status);
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
