/**
 * Minified + gzipped size of the library's own code, bundled by esbuild as a user's bundler sees it, with
 * its peer and runtime dependencies (xstate, zod, date-fns, @date-fns/tz) left external.
 *
 * Two measures. The lifecycle core is what a plugin bundles when it imports the order lifecycle
 * (`sideEffects: false` lets the rest fall away): its budget is issue 7's 8 KB. The whole root entry
 * (persistence, inspection, diagram, maintenance tools included) has a growth budget instead: it is over
 * 8 KB, and CI stops it from growing unnoticed. The `/diagram` entry, what a browser bundles to draw a
 * lifecycle, has a growth budget too, and must import neither zod nor xstate.
 */
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The packages the library's code imports but does not contain. */
export const EXTERNAL = ['xstate', 'xstate/*', 'zod', 'zod/*', 'date-fns', 'date-fns/*', '@date-fns/tz'];

/** The pure path a plugin imports to decide on orders: no XState in it (checked by the benchmark and CI). */
export const PURE_PATH = ['createOrder', 'dispatch', 'explain'];

/** The target for the pure path, minified + gzipped (issue "Performance"): under 8 KB, reported by the benchmark. */
export const PURE_PATH_TARGET_BYTES = 8 * 1024;

/**
 * What CI allows the pure path: a growth budget, about 2% above its size once the engine's copies and checks
 * were cut, and order lines (17,775 B with createOrder's quick check of its input, which keeps it under 1 µs an
 * order; 16,956 B with parcels; 16,672 B with lines the marketplace reports; 16,432 B with refunds of one line and units; 15,479 B once lines take events on their own and the order follows them: the
 * line steps, the rule of the order's status, the events' `lines`; 14,431 B with lines kept: the lines `createOrder` checks, the record keeps and an order's move
 * joins; 13,928 B before them: a record's context reused, the options checked once, rules on a hand-made record turned
 * into INVALID_RECORD; 13,703 B once records the library built were trusted: the ring of valid records, context updates copied with Object.assign; 13,358 B once
 * seller actions became requests the marketplace settles: pending actions and their verdicts; 12,128 B with Cdiscount's
 * own rules, exact refund sums, deadlines and warnings; 9,455 B before them, 8,390 B before Octopia). The
 * 8 KB target is the issue "Performance"'s, reported by the bench.
 */
export const PURE_PATH_BUDGET_BYTES = 18150;

/** The pure path and the XState machine together: what a plugin that also runs actors bundles. */
export const LIFECYCLE_CORE = ['createOrder', 'dispatch', 'explain', 'availableActions', 'orderMachine', 'createOrderMachine'];

/** Issue 7's target for the lifecycle core, minified + gzipped: under 8 KB (reported by the benchmark). */
export const CORE_TARGET_BYTES = 8 * 1024;

/**
 * What CI allows the lifecycle core: a growth budget. Since lifecycles became data the machine's guards ask
 * the engine (so `can()` and `explain` agree), and the 8 KB target applies to the pure path above (19,655 B
 * with createOrder's quick check; 18,855 B
 * with parcels; 18,553 B with lines the marketplace reports; 18,307 B with refunds of one line; 17,348 B once lines take events, the machine's line steps with them; 15,821 B with order lines kept; 15,321 B once the engine's copies and checks were cut; 15,104 B once records the library built were trusted).
 */
export const CORE_BUDGET_BYTES = 20050;

/**
 * Growth budget of the whole root entry, minified + gzipped: about the size when it was set, plus a little
 * (38,826 B with createOrder's quick check of its input; 38,210 B with parcels and lines the marketplace reports; 37,424 B with refunds of one line; 36,398 B once order lines take events on their own; 34,737 B with order lines: their input, their records, the import of Lengow's cart; 33,962 B with the zod-free diagram's shared code and the engine's cuts; 33,256 B with the compact stored form and restoreOrder's quick check of plainly valid texts; 30,540 B once
 * the diagram fits a README column: labels and names cut into lines, edges ordered, the graph
 * read once for Mermaid and the live view; 29,675 B with pending seller actions; 28,184 B with Cdiscount's rules and tentative maintenance notices;
 * 23,066 B before them, 18,819 B before Octopia).
 */
export const ROOT_BUDGET_BYTES = 39600;

/**
 * The `order-status-machine/diagram` entry: `toMermaid` and the built-in lifecycles' charts, what a browser
 * page bundles to draw a lifecycle. It must import neither zod nor xstate (checked by CI).
 */
export const DIAGRAM_ENTRY = 'src/diagram/index.ts';

/** The packages the diagram entry must not import: a browser bundle that only draws carries neither. */
export const DIAGRAM_FORBIDDEN_IMPORTS = ['zod', 'xstate'] as const;

/**
 * What CI allows the diagram entry, minified + gzipped: a growth budget, about 2% above its size when it was
 * set (4,399 B: the Mermaid text, both built-in charts, the option checks).
 */
export const DIAGRAM_BUDGET_BYTES = 4500;

export interface BundleSize {
  readonly entry: string;
  readonly minified: number;
  readonly gzipped: number;
}

// The package root: given by bench/run.ts when this file runs bundled elsewhere.
const ROOT = process.env.ORDER_BENCH_ROOT ?? fileURLToPath(new URL('..', import.meta.url));

async function measure(entry: string, stdin?: string): Promise<BundleSize & { imports: string[] }> {
  const result = await build({
    ...(stdin === undefined
      ? { entryPoints: [entry], absWorkingDir: ROOT }
      : { stdin: { contents: stdin, resolveDir: ROOT, sourcefile: 'entry.ts', loader: 'ts' as const } }),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    external: EXTERNAL,
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  // The packages the bundle still imports (left external): the pure path must not import xstate.
  const imports = [...new Set([...result.outputFiles[0]!.text.matchAll(/from\s*"([^"]+)"/g)].map((m) => m[1]!))].sort();
  return { entry, minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength, imports };
}

/** Bundles `entry` (a path from the package root) whole and measures it. */
export function bundleSize(entry: string): Promise<BundleSize & { imports: string[] }> {
  return measure(entry);
}

/** Bundles only `names` from the root entry, tree-shaken as a user's bundler does, and measures them. */
export function bundleSizeOf(names: readonly string[]): Promise<BundleSize & { imports: string[] }> {
  return measure(`{ ${names.join(', ')} }`, `export { ${names.join(', ')} } from './src/index.ts';`);
}

/**
 * Bundles the diagram entry whole and measures it, with the forbidden packages it imports (none, when all is
 * well): the bench's row and CI's check read this.
 */
export async function diagramBundleSize(): Promise<BundleSize & { imports: string[]; forbidden: string[] }> {
  const size = await measure(DIAGRAM_ENTRY);
  const forbidden = size.imports.filter((name) => DIAGRAM_FORBIDDEN_IMPORTS.some((pkg) => name === pkg || name.startsWith(`${pkg}/`)));
  return { ...size, forbidden };
}
