/**
 * Writes the lifecycle diagrams, generated from their definitions by `toMermaid()`: the default lifecycle's
 * between the `<!-- diagram:start -->` and `<!-- diagram:end -->` markers of README.md and docs/lifecycle.md,
 * the Octopia lifecycle's between `<!-- diagram:octopia:start -->` and `<!-- diagram:octopia:end -->` of
 * docs/lifecycle.md.
 *
 * Run: npm run diagram            (writes)
 *      tsx examples/write-diagram.ts --check   (exits 1 when a copy differs from the machine; writes nothing)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
// Repository tooling: the marker helpers are not part of the public API, so this imports the module itself.
import { octopiaLifecycle, toMermaid } from 'order-status-machine';
import { diagramMarkers, extractDiagramBlock, mermaidBlock, replaceDiagramBlock } from '../src/diagram/mermaid.js';

/** Where each diagram goes: the file, the marker name (none for the default lifecycle), the diagram. */
const COPIES: readonly [file: string, name: string | undefined, diagram: string][] = [
  ['README.md', undefined, toMermaid()],
  ['docs/lifecycle.md', undefined, toMermaid()],
  ['docs/lifecycle.md', 'octopia', toMermaid(octopiaLifecycle)],
];
const check = process.argv.includes('--check');

let failed = false;
for (const [file, name, diagram] of COPIES) {
  const block = mermaidBlock(diagram);
  const markers = diagramMarkers(name);
  const path = fileURLToPath(new URL(`../${file}`, import.meta.url));
  const markdown = readFileSync(path, 'utf8');
  const updated = replaceDiagramBlock(markdown, block, markers);
  if (updated === undefined) {
    console.error(`${file}: markers ${markers.start} ... ${markers.end} not found; add them where the diagram goes.`);
    failed = true;
    continue;
  }
  const where = name === undefined ? file : `${file} (${name})`;
  if (extractDiagramBlock(markdown, markers) === block) {
    console.log(`${where}: diagram up to date`);
  } else if (check) {
    console.error(`${where}: diagram differs from its definition; run npm run diagram`);
    failed = true;
  } else {
    writeFileSync(path, updated);
    console.log(`${where}: diagram written`);
  }
}
if (failed) process.exitCode = 1;
