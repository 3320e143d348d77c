/**
 * `npm run bench` (= `tsx bench/run.ts [--quick] [--orders N] [--xstate-orders N] [--rounds N]`).
 *
 * Why a bundle: tsx compiles with esbuild's `keepNames`, which wraps every function created at run time in
 * a `__name(fn, "name")` call (an `Object.defineProperty` per closure). That tax is absent from the code
 * users run (tsup's build) and it distorts per-event timings of a few hundred nanoseconds. So the suite is
 * bundled once with esbuild, as tsup would, and run by plain Node, with the GC exposed for the memory
 * figures. xstate, zod and date-fns stay external: they are loaded from their own published builds.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
// Inside node_modules so that the bundle resolves xstate, zod and date-fns from the package's own install.
const outdir = `${root}node_modules/.cache/order-status-machine-bench`;
mkdirSync(outdir, { recursive: true });
await build({
  entryPoints: [`${root}bench/suite.ts`],
  outfile: `${outdir}/suite.mjs`,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, ['--expose-gc', `${outdir}/suite.mjs`, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, ORDER_BENCH_ROOT: root.replace(/\/$/, '') },
});
process.exit(run.status ?? 1);
