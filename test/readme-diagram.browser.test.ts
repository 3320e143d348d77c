import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octopiaLifecycle, orderMachine, toMermaid } from 'order-status-machine';
import { extractDiagramBlock } from '../src/diagram/mermaid.js';
import { CHROMIUM, NO_CHROMIUM, launchChromium } from './support/browser.js';
import { openMermaid, overlaps, renderMermaid } from './support/mermaid-render.js';

/*
 * The README's diagram as GitHub draws it (Mermaid 11, in chromium): it must fit a README column at a size
 * one can read, with no edge label over another or over a status. GitHub shrinks a wider diagram, text and
 * all, into its column of about 880 px: at 1,200 px the 16 px text still reads at about 12 px.
 */

if (!CHROMIUM) console.warn(NO_CHROMIUM);

const MAX_WIDTH = 1200;
const MIN_FONT_PX = 14;
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const fence = (block: string | undefined) => block?.replace(/^```mermaid\n/, '').replace(/\n```$/, '') ?? '';

describe.skipIf(!CHROMIUM)('the README diagram, rendered by Mermaid', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage();
    await openMermaid(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const [name, text] of [
    ['the README diagram (the Cdiscount lifecycle)', () => fence(extractDiagramBlock(readme))],
    ['the Octopia lifecycle', () => toMermaid(octopiaLifecycle)],
  ] as const) {
    it(`${name}: at most ${MAX_WIDTH} px wide, text at least ${MIN_FONT_PX} px, no label over another or over a status`, async () => {
      const diagram = text();
      expect(diagram).toMatch(/^stateDiagram-v2\n/);
      const drawn = await renderMermaid(page, diagram);
      expect(drawn.width).toBeLessThanOrEqual(MAX_WIDTH);
      expect(drawn.stateFontPx).toBeGreaterThanOrEqual(MIN_FONT_PX);
      // Every transition's label is drawn (29 for the Cdiscount lifecycle: none lost to the layout).
      expect(drawn.labels.length).toBe(diagram.split('\n').filter((line) => / --> .* : /.test(line)).length);
      const clashes = drawn.labels.flatMap((a, i) => [
        ...drawn.labels.slice(i + 1).flatMap((b) => (overlaps(a.box, b.box) ? [`${a.text} / ${b.text}`] : [])),
        ...drawn.states.flatMap((state) => (overlaps(a.box, state.box) ? [`${a.text} / status ${state.text}`] : [])),
      ]);
      expect(clashes).toEqual([]);
    });
  }

  it('with labels, a status shows its name and its label under it', async () => {
    const drawn = await renderMermaid(page, toMermaid(orderMachine, { labels: true }));
    expect(drawn.states.map((state) => state.text)).toContainEqual(
      expect.stringMatching(/^WaitingForSellerAcceptation\s*Waiting for seller acceptation$/),
    );
  });
});
