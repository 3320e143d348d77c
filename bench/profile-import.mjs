// Where importing the package goes: `node bench/profile-import.mjs [count]` (after `npm run build`).
// Imports xstate, zod and the date-fns modules the built root entry names first and times them, then
// imports dist/index.js under the CPU profiler and charges each sample to the nearest function of dist/
// that was running (its own time and what it called: zod's schema constructors, XState's createMachine).
// The profiler slows the import down: the shares matter, not the milliseconds.
import { readdirSync, readFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';

const count = Number(process.argv[2] ?? 25);
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const named = new Set(['xstate', 'zod']);
for (const file of readdirSync(dist).filter((f) => f.endsWith('.js'))) {
  for (const [, spec] of readFileSync(dist + file, 'utf8').matchAll(/from ["']((?:@date-fns\/tz|date-fns\/[\w-]+))["']/g)) named.add(spec);
}

const t0 = performance.now();
for (const spec of named) await import(spec);
const peers = performance.now() - t0;

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 50 });
await session.post('Profiler.start');
const t1 = performance.now();
await import(new URL('../dist/index.js', import.meta.url).href);
const own = performance.now() - t1;
const { profile } = await session.post('Profiler.stop');

const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
const ours = (frame) => frame.url.includes('/dist/') && !frame.url.includes('node_modules');
const charged = new Map();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  total += dt;
  let key = '(loading, compiling, garbage collection)';
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const frame = nodes.get(at).callFrame;
    if (ours(frame)) {
      key = `${frame.functionName || '(module top level)'} ${frame.url.split('/').pop()}:${frame.lineNumber + 1}`;
      break;
    }
  }
  charged.set(key, (charged.get(key) ?? 0) + dt);
});
console.log(`${[...named].join(', ')}: ${peers.toFixed(1)} ms; then dist/index.js: ${own.toFixed(1)} ms (profiled)`);
for (const [key, t] of [...charged].sort((a, b) => b[1] - a[1]).slice(0, count)) {
  console.log(`${((t / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
}
