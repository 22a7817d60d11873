import { fileURLToPath } from 'node:url';
import { bundleForNode } from '@kds/test-support/node-bundle';
import { SIMULATOR_BUNDLE } from './helpers/bundle.js';

/**
 * Builds the CLI once per test run: each test then starts `node dist/main.js`, which loads a few
 * files, instead of compiling the workspace's sources through `tsx` in every process it starts.
 */
export async function setup(): Promise<void> {
  await bundleForNode({
    entry: fileURLToPath(new URL('../src/main.ts', import.meta.url)),
    outfile: SIMULATOR_BUNDLE,
  });
}
