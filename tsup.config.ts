import { defineConfig } from 'tsup';

// One entry per public subpath; the package.json exports map lists the same ones.
export const entries = {
  index: 'src/index.ts',
  'lengow/index': 'src/lengow/index.ts',
  'testing/index': 'src/testing/index.ts',
  'vitest/index': 'src/vitest/index.ts',
  'postgres/index': 'src/postgres/index.ts',
};

export default defineConfig({
  entry: entries,
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  splitting: true,
  target: 'es2022',
  platform: 'neutral',
  // Peers and dependencies stay external: consumers dedupe xstate and zod with their own copies.
  external: [/^xstate/, /^zod/, /^date-fns/, /^@date-fns\/tz/, 'vitest', 'pg', '@electric-sql/pglite'],
});
