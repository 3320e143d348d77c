import type { BuildOptions } from 'esbuild';
import { build } from 'esbuild';
import { defineConfig } from 'tsup';

// One entry per public subpath; the package.json exports map lists the same ones. `live/cli` is the bin.
export const entries = {
  index: 'src/index.ts',
  'lengow/index': 'src/lengow/index.ts',
  'testing/index': 'src/testing/index.ts',
  'vitest/index': 'src/vitest/index.ts',
  'postgres/index': 'src/postgres/index.ts',
  'live/index': 'src/live/index.ts',
  // The diagram for browsers: imports neither zod nor xstate (checked by `npm run size`).
  'diagram/index': 'src/diagram/index.ts',
  'live/cli': 'src/live/cli.ts',
};

/** The live view's page script: one file for the browser, its drawing library inside. Tests bundle it the same way. */
export const livePage = {
  entryPoints: ['src/live/page/main.ts'],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: true,
} satisfies BuildOptions;

export default defineConfig({
  entry: entries,
  format: ['esm', 'cjs'],
  dts: { entry: Object.fromEntries(Object.entries(entries).filter(([name]) => name !== 'live/cli')) },
  clean: true,
  sourcemap: true,
  splitting: true,
  target: 'es2022',
  platform: 'neutral',
  // Peers and dependencies stay external: consumers dedupe xstate and zod with their own copies.
  external: [/^xstate/, /^zod/, /^date-fns/, /^@date-fns\/tz/, /^node:/, 'vitest', 'pg', '@electric-sql/pglite', 'ws'],
  // CommonJS has no `import.meta`: its entries find their page through `__filename` instead.
  esbuildOptions(options, { format }) {
    if (format === 'cjs') options.define = { ...options.define, 'import.meta.url': 'undefined' };
  },
  async onSuccess() {
    await build({ ...livePage, outfile: 'dist/live/page.js' });
  },
});
