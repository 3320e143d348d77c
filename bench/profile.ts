/**
 * Where the time goes: `tsx bench/profile.ts [dispatch|cycle] [count]` bundles bench/profile-target.ts the
 * way bench/run.ts bundles the suite, runs it under `node --cpu-prof`, and prints the functions with the
 * most self time.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { bundleForNode, outdir, root } from './bundle-for-node.js';

const profiles = `${outdir}/profiles`;
rmSync(profiles, { recursive: true, force: true });
mkdirSync(profiles, { recursive: true });
const script = await bundleForNode('profile-target');
const [target = 'dispatch', count = '30'] = process.argv.slice(2);
spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profiles}`, script, target], { stdio: 'inherit' });
spawnSync(process.execPath, [`${root}bench/profile-top.mjs`, profiles, count], { stdio: 'inherit' });
