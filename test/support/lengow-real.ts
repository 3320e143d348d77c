import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Lengow's own fixtures (see their README), read in place beside the checkout, never copied into the
 * repository (docs/development.md). Tests on them skip, saying so, where the folder is absent.
 */
export const REAL_LENGOW = fileURLToPath(new URL('../../../shared/fixtures/lengow-real/', import.meta.url));

/** Whether the real fixtures are there. */
export const hasRealLengow = existsSync(REAL_LENGOW);

/** The title of a `describe.skipIf(!hasRealLengow)` block: what it reads, or why it is skipped. */
export const realLengowTitle = (what: string) => `${what} (${hasRealLengow ? REAL_LENGOW : `skipped: ${REAL_LENGOW} is absent`})`;

/** A fixture file, parsed (`prestashop/Connector/marketplaces.json`). */
export const readRealLengow = <T = unknown>(file: string): T => JSON.parse(readFileSync(`${REAL_LENGOW}${file}`, 'utf8')) as T;
