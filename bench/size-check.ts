/**
 * CI size check: exits non-zero when the lifecycle core (what a plugin bundles) grows past 8 KB, or the
 * whole root entry past its growth budget, minified + gzipped with xstate, zod and date-fns external.
 * Run: `npm run size`.
 */
import { CORE_BUDGET_BYTES, LIFECYCLE_CORE, ROOT_BUDGET_BYTES, bundleSize, bundleSizeOf } from './bundle-size.js';

const checks = [
  { name: `lifecycle core (${LIFECYCLE_CORE.join(', ')})`, size: await bundleSizeOf(LIFECYCLE_CORE), budget: CORE_BUDGET_BYTES },
  { name: 'whole root entry (src/index.ts)', size: await bundleSize('src/index.ts'), budget: ROOT_BUDGET_BYTES },
];
let failed = false;
for (const { name, size, budget } of checks) {
  const line = `${name}: ${size.minified} B minified, ${size.gzipped} B gzipped; budget ${budget} B`;
  if (size.gzipped > budget) {
    failed = true;
    console.error(`size check FAILED: ${line} (${size.gzipped - budget} B over)`);
  } else console.log(`size check ok: ${line} (${budget - size.gzipped} B to spare)`);
}
process.exit(failed ? 1 : 0);
