import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const read = (file: string) => readFileSync(fileURLToPath(new URL(`../${file}`, import.meta.url)), 'utf8');

/** The names an entry point exports, read from its source: `export { a, type B }` and `export function c`. */
function exportedNames(source: string): string[] {
  const names = new Set<string>();
  for (const block of source.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)) {
    for (const part of block[1]!.split(',')) {
      const name = part
        .replace(/^\s*type\s+/, '')
        .split(/\s+as\s+/)
        .pop()!
        .trim();
      if (name) names.add(name);
    }
  }
  for (const decl of source.matchAll(/^export\s+(?:declare\s+)?(?:async\s+)?(?:function|const|interface|type|class)\s+(\w+)/gm)) {
    names.add(decl[1]!);
  }
  return [...names];
}

describe('docs/api.md', () => {
  const api = read('docs/api.md');

  it.each(['src/index.ts', 'src/testing/index.ts', 'src/vitest/index.ts', 'src/diagram/index.ts'])('lists every export of %s', (entry) => {
    const names = exportedNames(read(entry));
    expect(names.length).toBeGreaterThan(0);
    const missing = names.filter((name) => !api.includes(`| \`${name}\` |`));
    expect(missing, `add a row to docs/api.md for each of these exports of ${entry}`).toEqual([]);
  });
});
