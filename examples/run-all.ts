/**
 * Runs every example, as CI does (`npm run examples`): each script must exit 0 without network access.
 * The browser example is bundled (not run) to prove it builds. A script added to examples/ but not listed
 * here fails the run, so no example silently stops being exercised.
 *
 * Run: npx tsx examples/run-all.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

interface Example {
  readonly file: string;
  readonly args?: readonly string[];
  readonly why: string;
}

const EXAMPLES: readonly Example[] = [
  { file: 'examples/order-story.ts', why: 'the demo timeline' },
  { file: 'examples/inspector/node.ts', args: ['--dry'], why: 'the inspector script, offline log only' },
  { file: 'examples/inspector/live.ts', args: ['--exit', '--port', '0'], why: 'the live view, fed by the WebSocket inspector' },
  { file: 'examples/write-diagram.ts', args: ['--check'], why: 'the README diagram matches the machine' },
  { file: 'examples/backend/worker.ts', why: 'the PostgreSQL backend, on embedded PGlite (no DATABASE_URL in CI)' },
];
// Not standalone scripts: the consumer test runs with vitest, the browser entry is bundled below, the
// backend's database module and the inspector's story are imported by their scripts.
const NOT_SCRIPTS = new Set([
  'examples/run-all.ts',
  'examples/inspector/main.ts',
  'examples/consumer/plugin.test.ts',
  'examples/backend/database.ts',
  'examples/inspector/story.ts',
  'examples/inspector/live-page.ts',
]);

function scripts(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === 'dist' || entry.name === 'node_modules' ? [] : scripts(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const failures: string[] = [];
const unlisted = scripts('examples').filter((f) => !NOT_SCRIPTS.has(f) && !EXAMPLES.some((e) => e.file === f));
for (const file of unlisted) failures.push(`${file}: not listed in examples/run-all.ts`);

for (const example of EXAMPLES) {
  const started = Date.now();
  console.log(`\n== ${example.file} ${(example.args ?? []).join(' ')}  (${example.why})`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', example.file, ...(example.args ?? [])], {
    cwd: root,
    stdio: 'inherit',
    timeout: 60_000,
  });
  const ok = run.status === 0;
  console.log(`== ${ok ? 'ok' : 'FAILED'} in ${Date.now() - started} ms`);
  if (!ok) failures.push(`${example.file}: exit ${run.status ?? run.signal}`);
}

// The browser example: bundle it with esbuild into a temporary directory.
console.log('\n== examples/inspector/main.ts  (bundled for the browser with esbuild)');
const out = mkdtempSync(join(tmpdir(), 'osm-inspector-'));
try {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(root, 'examples/inspector/main.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    outdir: out,
    logLevel: 'warning',
    tsconfig: join(root, 'tsconfig.json'),
  });
  console.log('== ok');
} catch (error) {
  failures.push(`examples/inspector/main.ts: ${(error as Error).message}`);
} finally {
  rmSync(out, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(`\n${failures.length} example(s) failed:\n  ${failures.join('\n  ')}`);
  process.exitCode = 1;
} else {
  console.log(`\nAll ${EXAMPLES.length + 1} examples ran.`);
}
