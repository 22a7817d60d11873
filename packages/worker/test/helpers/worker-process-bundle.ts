import { fileURLToPath } from 'node:url';

/** The worker process's script, from source. */
export const WORKER_PROCESS_SOURCE = fileURLToPath(new URL('./worker-process.ts', import.meta.url));

/**
 * That script bundled for plain `node` (by the global setup). Its imports are absolute paths, so
 * it may live anywhere: under `node_modules/.cache`, where nothing packs or lints it.
 */
export const WORKER_PROCESS_BUNDLE = fileURLToPath(
  new URL('../../node_modules/.cache/kds-worker-tests/worker-process.js', import.meta.url),
);
