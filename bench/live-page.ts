/**
 * `npm run bench:live`: the live view's page, as a person opening it meets it. Its weight (the script,
 * minified and gzipped, the drawing library inside) and the time from navigation to the first orders drawn
 * (three orders of the demo's story, replayed), median and fastest of fresh page loads in headless chromium.
 * Reported, not asserted: docs/performance.md keeps a run. Needs Debian's chromium (or CHROMIUM_PATH).
 */
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { startLiveView } from 'order-status-machine/live';
import { bundleLivePage } from '../examples/inspector/live-page.js';
import { calendar, storyLog } from '../examples/inspector/story.js';
import { CHROMIUM, NO_CHROMIUM, launchChromium } from '../test/support/browser.js';

const { values } = parseArgs({ options: { loads: { type: 'string', default: '9' } } });
const loads = Number(values.loads);

const script = await bundleLivePage();
const html = await (async () => {
  const view = await startLiveView({ port: 0, pageScript: script });
  const text = await (await fetch(view.url)).text();
  await view.close();
  return text;
})();
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
console.log('| measure | value |');
console.log('|---|---|');
console.log(`| page script, minified | ${kb(script.length)} |`);
console.log(`| page script, minified + gzipped | ${kb(gzipSync(script, { level: 9 }).length)} |`);
console.log(`| page HTML (styles inline), gzipped | ${kb(gzipSync(html, { level: 9 }).length)} |`);

if (!CHROMIUM) {
  console.log(`\n${NO_CHROMIUM}: no first-draw time.`);
  process.exit(0);
}

const view = await startLiveView({ port: 0, pageScript: script, options: { calendar } });
for (const orderId of ['CD-1', 'CD-2', 'CD-3']) view.replay(storyLog(orderId).join('\n'));

const browser = await launchChromium();
const times: number[] = [];
for (let i = 0; i < loads; i++) {
  // A fresh context each time: nothing cached, as a first visit.
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  await page.goto(view.url);
  await page.waitForFunction(() => performance.getEntriesByName('live-view:first-draw').length > 0);
  times.push(await page.evaluate(() => performance.getEntriesByName('live-view:first-draw')[0]?.startTime ?? Number.NaN));
  await context.close();
}
await browser.close();
await view.close();
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)] ?? Number.NaN;
console.log(`| first draw of 3 orders, from navigation (median of ${loads} loads) | ${median.toFixed(0)} ms |`);
console.log(`| first draw, fastest load | ${(times[0] ?? Number.NaN).toFixed(0)} ms |`);
