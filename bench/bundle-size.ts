/**
 * Minified + gzipped size of the library's own code: the core entry bundled by esbuild with its peer and
 * runtime dependencies (xstate, zod, date-fns, @date-fns/tz) left external, as a user's bundler sees it.
 */
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The packages the library's code imports but does not contain. */
export const EXTERNAL = ['xstate', 'xstate/*', 'zod', 'zod/*', 'date-fns', 'date-fns/*', '@date-fns/tz'];

/** Budget of the core entry, minified + gzipped (issue 7). */
export const CORE_BUDGET_BYTES = 8 * 1024;

export interface BundleSize {
  readonly entry: string;
  readonly minified: number;
  readonly gzipped: number;
}

/** Bundles `entry` (a path from the package root) and measures it. */
export async function bundleSize(entry: string): Promise<BundleSize> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    external: EXTERNAL,
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  return { entry, minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength };
}
