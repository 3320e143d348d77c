// Summarizes a V8 CPU profile: self time per function, highest first.
// Usage: node --cpu-prof --cpu-prof-dir=DIR <script>; node bench/profile-top.mjs DIR [count]
import { readFileSync, readdirSync } from 'node:fs';

const dir = process.argv[2];
const count = Number(process.argv[3] ?? 25);
const file = readdirSync(dir)
  .filter((f) => f.endsWith('.cpuprofile'))
  .sort()
  .at(-1);
const profile = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  const { functionName, url, lineNumber } = nodes.get(id).callFrame;
  const key = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + dt);
  total += dt;
});
for (const [key, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, count)) {
  console.log(`${((t / total) * 100).toFixed(1).padStart(5)}%  ${(t / 1000).toFixed(0).padStart(6)} ms  ${key}`);
}
