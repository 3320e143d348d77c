/**
 * Bundles a bench script with esbuild, as tsup builds the package, to run it with plain Node: tsx compiles
 * with `keepNames`, which wraps every closure in an `Object.defineProperty` call and distorts timings of a
 * few hundred nanoseconds. xstate, zod and date-fns stay external, loaded from their published builds.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The package root. */
export const root = fileURLToPath(new URL('..', import.meta.url));
/** Inside node_modules, so the bundles resolve xstate, zod and date-fns from the package's own install. */
export const outdir = `${root}node_modules/.cache/order-status-machine-bench`;

/** Bundles `bench/<name>.ts` to `<outdir>/<name>.mjs` and returns that path. */
export async function bundleForNode(name: string): Promise<string> {
  mkdirSync(outdir, { recursive: true });
  const outfile = `${outdir}/${name}.mjs`;
  await build({
    entryPoints: [`${root}bench/${name}.ts`],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}
