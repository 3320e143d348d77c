/**
 * CI size check: exits non-zero when the core entry, minified + gzipped with xstate, zod and date-fns
 * external, grows past its budget. Run: `tsx bench/size-check.ts`.
 */
import { CORE_BUDGET_BYTES, bundleSize } from './bundle-size.js';

const size = await bundleSize('src/index.ts');
const line = `core entry (src/index.ts): ${size.minified} B minified, ${size.gzipped} B gzipped; budget ${CORE_BUDGET_BYTES} B`;
if (size.gzipped > CORE_BUDGET_BYTES) {
  console.error(`size check FAILED: ${line} (${size.gzipped - CORE_BUDGET_BYTES} B over)`);
  process.exit(1);
}
console.log(`size check ok: ${line} (${CORE_BUDGET_BYTES - size.gzipped} B to spare)`);
