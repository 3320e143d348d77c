/**
 * Writes the lifecycle diagram, generated from the machine by `toMermaid()`, between the
 * `<!-- diagram:start -->` and `<!-- diagram:end -->` markers of README.md and docs/lifecycle.md.
 *
 * Run: npm run diagram            (writes)
 *      tsx examples/write-diagram.ts --check   (exits 1 when a copy differs from the machine; writes nothing)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
// Repository tooling: the marker helpers are not part of the public API, so this imports the module itself.
import { toMermaid } from 'order-status-machine';
import { DIAGRAM_MARKERS, extractDiagramBlock, mermaidBlock, replaceDiagramBlock } from '../src/diagram/mermaid.js';

const FILES = ['README.md', 'docs/lifecycle.md'];
const check = process.argv.includes('--check');
const block = mermaidBlock(toMermaid());

let failed = false;
for (const file of FILES) {
  const path = fileURLToPath(new URL(`../${file}`, import.meta.url));
  const markdown = readFileSync(path, 'utf8');
  const updated = replaceDiagramBlock(markdown, block);
  if (updated === undefined) {
    console.error(`${file}: markers ${DIAGRAM_MARKERS.start} ... ${DIAGRAM_MARKERS.end} not found; add them where the diagram goes.`);
    failed = true;
    continue;
  }
  if (extractDiagramBlock(markdown) === block) {
    console.log(`${file}: diagram up to date`);
  } else if (check) {
    console.error(`${file}: diagram differs from the machine; run npm run diagram`);
    failed = true;
  } else {
    writeFileSync(path, updated);
    console.log(`${file}: diagram written`);
  }
}
if (failed) process.exitCode = 1;
