import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  // Peers and dependencies stay external: consumers dedupe xstate and zod with their own copies.
  external: ['xstate', 'zod', 'date-fns', '@date-fns/tz'],
});
