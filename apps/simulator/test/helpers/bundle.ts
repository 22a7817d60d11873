import { fileURLToPath } from 'node:url';

/** The simulator app's folder. */
export const APP_DIR = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The simulator's entry point bundled into one file that plain `node` runs (built by the global
 * setup). It sits one folder below the app, as `src/main.ts` does, so what the entry point reads
 * relative to itself (`../package.json`) is found from either.
 */
export const SIMULATOR_BUNDLE = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
