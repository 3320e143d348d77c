import { pathToFileURL } from 'node:url';

/**
 * The built page beside an entry module, given the entry's own location: `__filename` in the CommonJS build,
 * `import.meta.url` in the ES module build. Each entry passes its own: shared code may be bundled elsewhere.
 */
export function pageBeside(entry: string): URL {
  return new URL('./page.js', entry.startsWith('file:') ? entry : pathToFileURL(entry));
}
