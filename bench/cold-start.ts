/**
 * Cold start: what importing the package costs a fresh Node process. Each sample is a new process
 * (`spawnSync(process.execPath)`), timing inside the child with `performance.now()` around the dynamic
 * `import()`, and the whole process from the parent (spawn to exit). Three subjects, interleaved sample by
 * sample in rotating order: the root entry as published (`dist/index.js`, so `npm run build` first), xstate and
 * zod alone (the peers the root entry imports anyway), an empty process, and (a cross-check of the difference
 * of the first two) the root entry imported after xstate and zod in the same process. Medians.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from './measure.js';

export interface ColdStartSubject {
  /** Median ms of the `import()` inside the child (0 for the empty process). */
  readonly importMs: number;
  /** Median ms of the whole process, spawn to exit, seen from the parent. */
  readonly processMs: number;
}

export interface ColdStart {
  readonly root: ColdStartSubject;
  readonly peers: ColdStartSubject;
  readonly empty: ColdStartSubject;
  /** The root entry imported in a process that imported xstate and zod first: its own cost, measured directly. */
  readonly rootAfterPeers: ColdStartSubject;
  readonly samples: number;
  /** Source files changed since dist/index.js was built (the figures are then of an older build). */
  readonly staleSources: number;
}

const child = (body: string) => `const t0 = performance.now(); ${body} process.stdout.write(String(performance.now() - t0));`;

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function countNewer(dir: string, than: number): number {
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    n += entry.isDirectory() ? countNewer(path, than) : statSync(path).mtimeMs > than ? 1 : 0;
  }
  return n;
}

/** Measures the three subjects `samples` times each; `undefined` when dist/index.js is missing. */
export function coldStart(root: string, samples: number): ColdStart | undefined {
  const entry = join(root, 'dist', 'index.js');
  if (!existsSync(entry)) return undefined;
  const subjects = [
    { name: 'root', code: child(`await import(${JSON.stringify(pathToFileURL(entry).href)});`) },
    { name: 'peers', code: child(`await import('xstate'); await import('zod');`) },
    { name: 'empty', code: child('') },
    {
      name: 'rootAfterPeers',
      code: `await import('xstate'); await import('zod'); ${child(`await import(${JSON.stringify(pathToFileURL(entry).href)});`)}`,
    },
  ];
  const times = new Map(subjects.map((s) => [s.name, { import: [] as number[], process: [] as number[] }]));
  for (let i = 0; i < samples; i++) {
    for (let j = 0; j < subjects.length; j++) {
      const s = subjects[(i + j) % subjects.length]!;
      const start = performance.now();
      // cwd: the package root, so that the children resolve xstate and zod from its node_modules.
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', s.code], { cwd: root, encoding: 'utf8' });
      const wall = performance.now() - start;
      if (run.status !== 0) throw new Error(`cold start (${s.name}) failed: ${run.stderr}`);
      times.get(s.name)!.import.push(Number(run.stdout));
      times.get(s.name)!.process.push(wall);
    }
  }
  const of = (name: string): ColdStartSubject => ({ importMs: median(times.get(name)!.import), processMs: median(times.get(name)!.process) });
  const built = statSync(entry).mtimeMs;
  return {
    root: of('root'),
    peers: of('peers'),
    empty: of('empty'),
    rootAfterPeers: of('rootAfterPeers'),
    samples,
    staleSources: newest(join(root, 'src')) > built ? countNewer(join(root, 'src'), built) : 0,
  };
}
