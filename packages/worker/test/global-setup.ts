import { bundleForNode } from '@kds/test-support/node-bundle';
import { WORKER_PROCESS_BUNDLE, WORKER_PROCESS_SOURCE } from './helpers/worker-process-bundle.js';

/** Builds the multi-process tests' worker script once per run: each process then starts `node`. */
export async function setup(): Promise<void> {
  await bundleForNode({ entry: WORKER_PROCESS_SOURCE, outfile: WORKER_PROCESS_BUNDLE });
}
