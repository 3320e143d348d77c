/*
 * The TypeScript blocks of the Markdown docs, as the modules `test/docs-blocks.test.ts` compiles (issue 10,
 * item 5). The convention is told in docs/development.md ("TypeScript blocks in the docs"):
 * - every ```ts (or ```typescript) block whose fence starts a line is its own module;
 * - `<!-- continues -->` on the last non-blank line before a fence joins the block to the one before it in
 *   the same file: they compile as one module, as if the reader had pasted them one after the other;
 * - `<!-- module: name.ts -->` names a block's module, so that another block can import it (`./name.js`).
 */

/** One ```ts block: where its code starts in the Markdown file, its code, and its marker. */
export interface DocBlock {
  file: string;
  /** 1-based line of the block's first line of code. */
  line: number;
  code: string;
  marker: { kind: 'continues' } | { kind: 'module'; name: string } | undefined;
}

/** A block's share of a module: its lines start at `offset` (0-based) in the module's text. */
export interface ModulePart {
  block: DocBlock;
  offset: number;
  lineCount: number;
}

/** What the compiler sees: one file made of one block, or of a block and those that continue it. */
export interface DocModule {
  /** The module's file name: the `module:` marker's, or one made of the Markdown file and line. */
  name: string;
  file: string;
  parts: ModulePart[];
  text: string;
}

const CHECKED_LANGUAGES = new Set(['ts', 'typescript']);
const MARKER = /^<!--\s*(continues|module:\s*([\w.-]+))\s*-->$/;
const MODULE_NAME = /^[\w-]+(\.[\w-]+)*\.ts$/;

/** The checked blocks of one Markdown text, in order; `problems` names markers that mean nothing. */
export function extractBlocks(file: string, markdown: string): { blocks: DocBlock[]; problems: string[] } {
  const lines = markdown.split('\n');
  const blocks: DocBlock[] = [];
  const problems: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const open = /^(`{3,}|~{3,})\s*([^\s`]*)/.exec(lines[i]!);
    if (!open) {
      if (MARKER.test(lines[i]!.trim()) && !nextIsFence(lines, i + 1)) {
        problems.push(`${file}:${i + 1}: a marker must come just before a fence (blank lines between are allowed)`);
      }
      i++;
      continue;
    }
    const fence = open[1]!;
    const language = open[2]!.toLowerCase();
    const start = i + 1;
    let end = start;
    while (end < lines.length && !closes(lines[end]!, fence)) end++;
    if (CHECKED_LANGUAGES.has(language)) {
      blocks.push({ file, line: start + 1, code: lines.slice(start, end).join('\n'), marker: markerBefore(lines, i) });
    } else if (markerBefore(lines, i)) {
      problems.push(`${file}:${i + 1}: a marker before a block that is not TypeScript`);
    }
    i = end + 1;
  }
  return { blocks, problems };
}

/** A closing fence: the opening one's character, at least as many times, and nothing else. */
function closes(line: string, fence: string): boolean {
  const close = /^(`{3,}|~{3,})\s*$/.exec(line);
  return close !== null && close[1]![0] === fence[0] && close[1]!.length >= fence.length;
}

function nextIsFence(lines: string[], from: number): boolean {
  let i = from;
  while (i < lines.length && lines[i]!.trim() === '') i++;
  return i < lines.length && /^(`{3,}|~{3,})/.test(lines[i]!);
}

function markerBefore(lines: string[], fenceIndex: number): DocBlock['marker'] {
  let i = fenceIndex - 1;
  while (i >= 0 && lines[i]!.trim() === '') i--;
  const found = i >= 0 ? MARKER.exec(lines[i]!.trim()) : null;
  if (!found) return undefined;
  return found[2] === undefined ? { kind: 'continues' } : { kind: 'module', name: found[2] };
}

/** Joins each file's blocks into modules; `problems` names a `continues` with nothing before it and duplicate names. */
export function toModules(blocks: DocBlock[]): { modules: DocModule[]; problems: string[] } {
  const modules: DocModule[] = [];
  const problems: string[] = [];
  for (const block of blocks) {
    const previous = modules.at(-1);
    if (block.marker?.kind === 'continues') {
      if (previous?.file === block.file) {
        const offset = previous.text.split('\n').length;
        previous.parts.push({ block, offset, lineCount: block.code.split('\n').length });
        previous.text = `${previous.text}\n${block.code}`;
        continue;
      }
      problems.push(`${block.file}:${block.line}: <!-- continues --> with no TypeScript block before it in this file`);
    }
    let name = `${block.file.replace(/[^\w.-]+/g, '-')}-${block.line}.ts`;
    if (block.marker?.kind === 'module') {
      if (MODULE_NAME.test(block.marker.name)) name = block.marker.name;
      else problems.push(`${block.file}:${block.line}: module name ${block.marker.name} must be a plain file name ending in .ts`);
    }
    if (modules.some((m) => m.name === name)) problems.push(`${block.file}:${block.line}: module name ${name} is used twice`);
    modules.push({ name, file: block.file, parts: [{ block, offset: 0, lineCount: block.code.split('\n').length }], text: block.code });
  }
  return { modules, problems };
}

/** The Markdown file and 1-based line a 0-based line of a module's text comes from. */
export function sourceLine(module: DocModule, line: number): { file: string; line: number } {
  const part = module.parts.find((p) => line >= p.offset && line < p.offset + p.lineCount) ?? module.parts.at(-1)!;
  return { file: part.block.file, line: part.block.line + Math.min(line - part.offset, part.lineCount - 1) };
}

/** A compiler error, where the reader sees it: `docs/api.md:12:5 TS2304 Cannot find name 'order'.` */
export type DocError = string;

/**
 * Type-checks the modules in one program, in memory, under the repository's tsconfig (its `paths` resolve the
 * package's name and subpaths to `src/`, as users import them) with `strict`, `exactOptionalPropertyTypes` and
 * `noUncheckedIndexedAccess`. Only the blocks are checked: `src/` is compiled as far as they use it.
 */
export function checkModules(ts: typeof import('typescript'), root: string, modules: DocModule[]): DocError[] {
  const config = ts.readConfigFile(`${root}/tsconfig.json`, ts.sys.readFile);
  if (config.error) return [ts.flattenDiagnosticMessageText(config.error.messageText, '\n')];
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const options: import('typescript').CompilerOptions = {
    ...parsed.options,
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    noEmit: true,
    // A block without import or export is a module all the same: its names stay its own.
    moduleDetection: ts.ModuleDetectionKind.Force,
  };
  // Inside the repository, so that `vitest`, `xstate` or `zod` resolve from its node_modules; never written.
  const dir = `${root.replaceAll('\\', '/')}/.docs-blocks`;
  const byPath = new Map(modules.map((m) => [`${dir}/${m.name}`, m]));
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile, directoryExists } = host;
  host.fileExists = (path) => byPath.has(path) || fileExists.call(host, path);
  host.readFile = (path) => byPath.get(path)?.text ?? readFile.call(host, path);
  host.directoryExists = (path) => path === dir || (directoryExists?.call(host, path) ?? ts.sys.directoryExists(path));
  host.getSourceFile = (path, language, ...rest) => {
    const module = byPath.get(path);
    return module ? ts.createSourceFile(path, module.text, language, true) : getSourceFile.call(host, path, language, ...rest);
  };
  const program = ts.createProgram({ rootNames: [...byPath.keys()], options, host });

  const errors: DocError[] = [];
  for (const diagnostic of [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]) {
    errors.push(`tsconfig: TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`);
  }
  for (const [path, module] of byPath) {
    const file = program.getSourceFile(path)!;
    for (const diagnostic of [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]) {
      const at = file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      const source = sourceLine(module, at.line);
      errors.push(
        `${source.file}:${source.line}:${at.character + 1} TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`,
      );
    }
  }
  return errors;
}
