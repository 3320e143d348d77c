/**
 * Where the time goes: `tsx bench/profile.ts [dispatch|cycle] [count]` bundles bench/profile-target.ts the
 * way bench/run.ts bundles the suite, runs it under `node --cpu-prof`, and prints the functions with the
 * most self time.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}node_modules/.cache/order-status-machine-bench`;
const profiles = `${outdir}/profiles`;
rmSync(profiles, { recursive: true, force: true });
mkdirSync(profiles, { recursive: true });
await build({
  entryPoints: [`${root}bench/profile-target.ts`],
  outfile: `${outdir}/profile-target.mjs`,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
const [target = 'dispatch', count = '30'] = process.argv.slice(2);
spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profiles}`, `${outdir}/profile-target.mjs`, target], { stdio: 'inherit' });
spawnSync(process.execPath, [`${root}bench/profile-top.mjs`, profiles, count], { stdio: 'inherit' });
