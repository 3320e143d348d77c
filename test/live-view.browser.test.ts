import { createWebSocketInspector } from '@statelyai/inspect';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOrderActor } from 'order-status-machine';
import { startLiveView, type LiveView } from 'order-status-machine/live';
import { bundleLivePage } from '../examples/inspector/live-page.js';
import { calendar, story, storyLog } from '../examples/inspector/story.js';
import { CHROMIUM, NO_CHROMIUM, launchChromium } from './support/browser.js';

/*
 * The live view's page in a real browser (Debian's chromium, as `.ci/run` installs it): fed by an actor
 * through `createWebSocketInspector`, and by a replayed inspection log, it must show what a person watching
 * needs: the current status highlighted, each refusal with its reason and when to retry.
 */

if (!CHROMIUM) console.warn(NO_CHROMIUM);

const input = { orderId: 'CD-240221-0042', marketplace: 'cdiscount', channel: 'lengow', deliveryMode: 'TRK' } as const;

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The pairs of edge labels of a drawn diagram whose boxes overlap. */
async function overlappingLabels(diagram: Locator): Promise<string[]> {
  const labels = await diagram.locator('g.edge text').evaluateAll((texts) =>
    texts.map((text) => {
      const box = (text as SVGTextElement).getBBox();
      return { text: text.textContent ?? '', x: box.x, y: box.y, width: box.width, height: box.height };
    }),
  );
  return labels.flatMap((a, i) => labels.slice(i + 1).flatMap((b) => (overlap(a, b) ? [`${a.text} / ${b.text}`] : [])));
}

/** What a person reads on the order's card, checked as they would check it. */
async function expectStoryShown(page: Page, orderId: string): Promise<void> {
  const card = page.locator(`article[data-order="${orderId}"]`);
  await expect.poll(() => card.locator('h2 .status').textContent(), { timeout: 20_000 }).toBe('Shipped');
  // The current status is highlighted in the diagram, and only it.
  expect(await card.locator('g.node.current').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-status')))).toEqual(['Shipped']);
  const fill = await card.locator('g.node.current rect').evaluate((rect) => getComputedStyle(rect).fill);
  expect(fill).not.toBe(
    await card
      .locator('g.node:not(.current):not(.final) rect')
      .first()
      .evaluate((rect) => getComputedStyle(rect).fill),
  );
  // The refusal inside Lengow's maintenance window, with its reason and when to retry.
  const refused = card.locator('li[data-outcome="refused"][data-type="ACCEPT"]');
  await expect.poll(() => refused.count()).toBe(1);
  expect(await refused.locator('[data-code]').getAttribute('data-code')).toBe('MAINTENANCE_WINDOW');
  expect(await refused.locator('.retry').getAttribute('data-retry-at')).toBe('2024-02-21T22:00:00.000Z');
  expect(await refused.textContent()).toContain('refused, stays WaitingForSellerAcceptation');
  // The refund kept the status and is not called a refusal.
  expect(await card.locator('li[data-type="REFUND"]').getAttribute('data-outcome')).toBe('applied');
  expect(await overlappingLabels(card.locator('.diagram'))).toEqual([]);
}

describe.skipIf(!CHROMIUM)('the live view in chromium', () => {
  let browser: Browser;
  let pageScript: string;
  let view: LiveView | undefined;

  beforeAll(async () => {
    [browser, pageScript] = await Promise.all([launchChromium(), bundleLivePage()]);
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await view?.close();
    view = undefined;
  });

  it('shows an order run by an actor through createWebSocketInspector, as it happens', async () => {
    view = await startLiveView({ port: 0, pageScript, options: { calendar } });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(view.url);
    await expect.poll(() => page.locator('#connection').getAttribute('data-state')).toBe('open');

    const inspector = createWebSocketInspector({ url: view.inspectorUrl });
    const actor = createOrderActor({ input, options: { calendar }, inspect: inspector.inspect }).start();
    for (const event of story) actor.send(event);
    await expectStoryShown(page, input.orderId);
    inspector.stop();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a replayed inspection log the same way, several orders side by side', async () => {
    const logged: string[] = [];
    view = await startLiveView({ port: 0, pageScript, options: { calendar }, log: (line) => logged.push(line) });
    for (const orderId of ['CD-240221-0042', 'CD-240221-0043']) view.replay(storyLog(orderId).join('\n'));
    const page = await browser.newPage({ viewport: { width: 2000, height: 1200 } });
    await page.goto(view.url);
    await expectStoryShown(page, 'CD-240221-0042');
    // A third log, chosen in the page itself.
    const lines = storyLog('CD-240221-0044');
    await page
      .locator('#replay')
      .setInputFiles({ name: 'order.jsonl', mimeType: 'text/plain', buffer: Buffer.from(`${lines.join('\n')}\nnot json\n`) });
    await expect.poll(() => page.locator('#replayed').textContent()).toBe(`order.jsonl: ${lines.length} events replayed, 1 lines ignored`);
    expect(logged).toEqual([`live view: ignored line ${lines.length + 1} of a replayed log: not JSON`]);
    await expectStoryShown(page, 'CD-240221-0044');
    await expectStoryShown(page, 'CD-240221-0043');
    const [first, second] = await Promise.all(
      ['CD-240221-0044', 'CD-240221-0043'].map((id) => page.locator(`article[data-order="${id}"]`).boundingBox()),
    );
    expect(first?.y).toBe(second?.y);
    expect(second?.x).toBeGreaterThan((first?.x ?? 0) + (first?.width ?? 0) - 1);
    await page.close();
  });
});
