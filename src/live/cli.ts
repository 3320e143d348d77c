#!/usr/bin/env node
// `npx order-status-machine-live`: the live view from a terminal, fed by inspectors or by inspection logs.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createMaintenanceCalendar } from '../maintenance/calendar.js';
import { pageBeside } from './page-location.js';
import { startLiveViewServer } from './server.js';

const USAGE = `Usage: order-status-machine-live [--port 8080] [--keep 100] [--calendar calendar.json] [--show-buyer-data] [log.jsonl ...]

Serves the live view on 127.0.0.1. Point createWebSocketInspector({ url: 'ws://127.0.0.1:<port>' }) at it,
and/or give inspection logs (createInspectionLog's JSON lines) to replay. --calendar takes the maintenance
windows your actors use (a JSON list, as createMaintenanceCalendar takes it) so refusals are explained.`;

/** The maintenance calendar of a JSON file; a problem is told with the file's name. */
async function calendarFrom(path: string) {
  try {
    return createMaintenanceCalendar(JSON.parse(await readFile(path, 'utf8')));
  } catch (error) {
    throw new Error(`--calendar ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A whole number given on the command line: `Number('')` would be 0, and `Number('8e3')` 8000. */
function wholeNumber(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new Error(`--${option} must be a whole number, not ${JSON.stringify(text)}`);
  return Number(text);
}

try {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: 'string', default: '8080' },
      keep: { type: 'string' },
      calendar: { type: 'string' },
      'show-buyer-data': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const calendar = values.calendar === undefined ? undefined : await calendarFrom(values.calendar);
  const view = await startLiveViewServer(
    {
      port: wholeNumber(values.port, 'port'),
      keep: wholeNumber(values.keep, 'keep'),
      redact: !values['show-buyer-data'],
      options: calendar ? { calendar } : undefined,
    },
    pageBeside(typeof __filename === 'string' ? __filename : import.meta.url),
  );
  for (const file of positionals) {
    const { received, refused } = view.replay(await readFile(file, 'utf8'));
    console.log(`${file}: ${received} events replayed${refused > 0 ? `, ${refused} lines ignored` : ''}`);
  }
  console.log(`Live view: ${view.url}  (inspectors: ${view.inspectorUrl})`);
} catch (error) {
  // A bad argument or file is told in one line, not as a stack trace.
  console.error(`order-status-machine-live: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
