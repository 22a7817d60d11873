import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../vitest.shared.ts';

/** Scenario 7, the soak: run by `pnpm test:soak` only, never by `pnpm test`. */
const config = mergeConfig(
  sharedTestConfig,
  defineConfig({
    // The soak samples memory after a full collection, so a growth trend is not GC timing.
    test: { testTimeout: 1_200_000, hookTimeout: 60_000, execArgv: ['--expose-gc'] },
  }),
);
// mergeConfig would append to the shared `include`: the soak runs its own file only.
config.test = { ...config.test, include: ['soak/**/*.soak.ts'] };

export default config;
