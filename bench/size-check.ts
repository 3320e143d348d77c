/**
 * CI size check: exits non-zero when the pure path (what a plugin bundles to decide) grows past 8 KB or
 * imports xstate, the lifecycle core (with the machine), the whole root entry or the `/diagram` entry grows
 * past its budget, or the `/diagram` entry imports zod or xstate, minified + gzipped with xstate, zod and
 * date-fns external.
 * Run: `npm run size`.
 */
import {
  CORE_BUDGET_BYTES,
  DIAGRAM_BUDGET_BYTES,
  DIAGRAM_ENTRY,
  DIAGRAM_FORBIDDEN_IMPORTS,
  LIFECYCLE_CORE,
  PURE_PATH,
  PURE_PATH_BUDGET_BYTES,
  ROOT_BUDGET_BYTES,
  bundleSize,
  bundleSizeOf,
  diagramBundleSize,
} from './bundle-size.js';

const pure = await bundleSizeOf(PURE_PATH);
const diagram = await diagramBundleSize();
const checks = [
  { name: `pure path (${PURE_PATH.join(', ')})`, size: pure, budget: PURE_PATH_BUDGET_BYTES },
  { name: `lifecycle core (${LIFECYCLE_CORE.join(', ')})`, size: await bundleSizeOf(LIFECYCLE_CORE), budget: CORE_BUDGET_BYTES },
  { name: 'whole root entry (src/index.ts)', size: await bundleSize('src/index.ts'), budget: ROOT_BUDGET_BYTES },
  { name: `diagram entry (${DIAGRAM_ENTRY})`, size: diagram, budget: DIAGRAM_BUDGET_BYTES },
];
let failed = false;
for (const { name, size, budget } of checks) {
  const line = `${name}: ${size.minified} B minified, ${size.gzipped} B gzipped; budget ${budget} B`;
  if (size.gzipped > budget) {
    failed = true;
    console.error(`size check FAILED: ${line} (${size.gzipped - budget} B over)`);
  } else console.log(`size check ok: ${line} (${budget - size.gzipped} B to spare)`);
}
// A plugin that decides on orders must not carry the XState machine along.
if (pure.imports.some((name) => name.startsWith('xstate'))) {
  failed = true;
  console.error(`size check FAILED: the pure path imports ${pure.imports.join(', ')}; it must not import xstate`);
} else console.log(`size check ok: the pure path imports ${pure.imports.join(', ')} and no xstate`);
// A browser page that only draws a lifecycle must not carry zod or xstate along.
if (diagram.forbidden.length > 0) {
  failed = true;
  console.error(
    `size check FAILED: the diagram entry imports ${diagram.forbidden.join(', ')}; it must import neither ${DIAGRAM_FORBIDDEN_IMPORTS.join(' nor ')}`,
  );
} else
  console.log(
    `size check ok: the diagram entry imports ${diagram.imports.length > 0 ? diagram.imports.join(', ') : 'nothing'}: no ${DIAGRAM_FORBIDDEN_IMPORTS.join(', no ')}`,
  );
process.exit(failed ? 1 : 0);
