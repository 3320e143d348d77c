import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/*
 * A Mermaid diagram rendered as GitHub renders it (Mermaid 11, default theme and font size), measured as a
 * reader meets it. Mermaid 11 draws a state diagram's edge labels as `g.edgeLabels > g.edgeLabel`, each with
 * a `foreignObject` box (empty, 0 x 0, for an edge without a label), and its states as `g.nodes > g.node`
 * (`.statediagram-state`, `.statediagram-note`, the start circle); a state's text is its `span.nodeLabel`.
 */

const MERMAID = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** What a rendered diagram measures, in CSS pixels at its natural size. */
export interface RenderedDiagram {
  readonly width: number;
  readonly height: number;
  /** The smallest font size of a state's name. */
  readonly stateFontPx: number;
  /** Each edge label's text (its lines joined) and box. */
  readonly labels: readonly { readonly text: string; readonly box: Box }[];
  /** Each state's (or note's) text and box. */
  readonly states: readonly { readonly text: string; readonly box: Box }[];
}

/** Loads Mermaid from node_modules into a blank page: no network. */
export async function openMermaid(page: Page): Promise<void> {
  await page.route('**/*', (route) => route.abort());
  await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0"><div id="out"></div></body></html>');
  await page.addScriptTag({ path: MERMAID });
  await page.evaluate(() => (window as unknown as { mermaid: { initialize(options: object): void } }).mermaid.initialize({ startOnLoad: false }));
}

/** Renders `text` in a page prepared by {@link openMermaid} and measures it. */
export function renderMermaid(page: Page, text: string): Promise<RenderedDiagram> {
  return page.evaluate(async (diagram) => {
    const mermaid = (window as unknown as { mermaid: { render(id: string, text: string): Promise<{ svg: string }> } }).mermaid;
    const out = document.getElementById('out') as HTMLElement;
    out.innerHTML = (await mermaid.render(`diagram${Date.now()}`, diagram)).svg;
    const svg = out.querySelector('svg') as SVGSVGElement;
    const { width, height } = svg.viewBox.baseVal;
    // Mermaid sets width 100% and a max-width: draw at natural size, so boxes are in the diagram's own pixels.
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(height));
    svg.style.maxWidth = 'none';
    await document.fonts.ready;
    const origin = svg.getBoundingClientRect();
    const box = (element: Element) => {
      const r = element.getBoundingClientRect();
      return { x: r.left - origin.left, y: r.top - origin.top, width: r.width, height: r.height };
    };
    // The text as read, one line: innerText turns a `<br>` into a line break, which is joined back here.
    const oneLine = (element: Element) =>
      // biome-ignore lint/performance/useDomNodeTextContent: textContent would glue the lines of a label together
      ((element as HTMLElement).innerText ?? element.textContent ?? '')
        .replace(/_\s*\n\s*/g, '_')
        .replace(/\s+/g, ' ')
        .trim();
    const labels = Array.from(svg.querySelectorAll('g.edgeLabels > g.edgeLabel'))
      .flatMap((group) => Array.from(group.querySelectorAll(':scope > g.label > foreignObject')))
      .map((label) => ({ text: oneLine(label), box: box(label) }))
      .filter((label) => label.text !== '');
    const states = Array.from(svg.querySelectorAll('g.nodes > g.node')).map((state) => ({ text: oneLine(state), box: box(state) }));
    const fonts = Array.from(svg.querySelectorAll('g.node.statediagram-state span.nodeLabel')).map((span) =>
      Number.parseFloat(getComputedStyle(span).fontSize),
    );
    return { width, height, stateFontPx: Math.min(...fonts), labels, states };
  }, text);
}

/** Whether two boxes overlap by more than half a pixel each way. */
export const overlaps = (a: Box, b: Box): boolean =>
  Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 0.5 && Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > 0.5;
