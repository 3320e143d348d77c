/**
 * `npm run bench` (= `tsx bench/run.ts [--quick] [--orders N] [--xstate-orders N] [--rounds N]`).
 *
 * The suite runs bundled, by plain Node (see bundle-for-node.ts), with the GC exposed for the memory
 * figures.
 */
import { spawnSync } from 'node:child_process';
import { bundleForNode, root } from './bundle-for-node.js';

const suite = await bundleForNode('suite');
const run = spawnSync(process.execPath, ['--expose-gc', suite, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, ORDER_BENCH_ROOT: root.replace(/\/$/, '') },
});
process.exit(run.status ?? 1);
