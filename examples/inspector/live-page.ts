/**
 * The live view's page script bundled from source, the way `npm run build` bundles it into `dist/live/`: for
 * running the live view from this repository (its example and its browser test) without a build.
 */
import { build } from 'esbuild';
import { livePage } from '../../tsup.config.js';

/** The page script, as the built package serves it. */
export async function bundleLivePage(): Promise<string> {
  const result = await build({ ...livePage, write: false, logLevel: 'silent' });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild gave no page script');
  return output.text;
}
