import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));

// Lives in test/ because the package's top level is fixed.
export default defineConfig({
  root,
  resolve: {
    // Tests and examples import the package by its name, as users do.
    alias: [
      { find: /^order-status-machine\/(.+)$/, replacement: fileURLToPath(new URL('../src/$1/index.ts', import.meta.url)) },
      { find: /^order-status-machine$/, replacement: fileURLToPath(new URL('../src/index.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    // The machines are shared and often busy: a property test that takes 2 s alone can take 10 s under load.
    // Timeouts only catch hangs here; no test asserts a duration.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
