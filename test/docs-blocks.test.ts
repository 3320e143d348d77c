/*
 * Every TypeScript block of README.md and docs/*.md compiles, importing the package by its name as users do
 * (issue 10, item 5). The convention (one module per block, `<!-- continues -->`, `<!-- module: name.ts -->`)
 * is told in docs/development.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { checkModules, type DocBlock, extractBlocks, sourceLine, toModules } from './support/doc-blocks.js';

const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const files = [
  'README.md',
  ...readdirSync(`${root}/docs`)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
];

const blocks: DocBlock[] = [];
const problems: string[] = [];
for (const file of files) {
  const found = extractBlocks(file, readFileSync(`${root}/${file}`, 'utf8'));
  blocks.push(...found.blocks);
  problems.push(...found.problems);
}
const { modules, problems: joinProblems } = toModules(blocks);
problems.push(...joinProblems);

describe('the TypeScript blocks of the docs', () => {
  it('are found, and their markers are well placed', () => {
    expect(blocks.length).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  });

  it('compile under strict, exactOptionalPropertyTypes and noUncheckedIndexedAccess', () => {
    const errors = checkModules(ts, root, modules);
    expect(errors, 'each line: the Markdown file and line, then the compiler error').toEqual([]);
  });
});

describe('the convention', () => {
  const page = [
    '# A page', // 1
    '```ts', // 2
    "import { createOrder } from 'order-status-machine';", // 3
    '```', // 4
    '<!-- continues -->', // 5
    '', // 6
    '```ts', // 7
    'createOrder;', // 8
    '```', // 9
    '<!-- module: setup.ts -->', // 10
    '````ts', // 11
    '```', // 12: inside the four-backtick block
    '````', // 13
    '<!-- continues -->', // 14
    'text', // 15
  ].join('\n');

  it('joins a continued block to the one before, and maps its lines back to the page', () => {
    const { blocks, problems } = extractBlocks('page.md', page);
    const { modules } = toModules(blocks);
    expect(modules.map((m) => m.name)).toEqual(['page.md-3.ts', 'setup.ts']);
    expect(modules[0]!.text).toBe("import { createOrder } from 'order-status-machine';\ncreateOrder;");
    expect(sourceLine(modules[0]!, 1)).toEqual({ file: 'page.md', line: 8 });
    expect(modules[1]!.text).toBe('```');
    expect(problems).toEqual(['page.md:14: a marker must come just before a fence (blank lines between are allowed)']);
  });

  it('refuses a continued block with nothing before it, a module name used twice, a marker before another language', () => {
    const lone = extractBlocks(
      'lone.md',
      '<!-- continues -->\n```ts\nx;\n```\n<!-- module: a.ts -->\n```ts\n```\n<!-- module: a.ts -->\n```ts\n```\n<!-- continues -->\n```sh\nls\n```',
    );
    expect(lone.problems).toEqual(['lone.md:12: a marker before a block that is not TypeScript']);
    expect(toModules(lone.blocks).problems).toEqual([
      'lone.md:3: <!-- continues --> with no TypeScript block before it in this file',
      'lone.md:10: module name a.ts is used twice',
    ]);
  });
});
