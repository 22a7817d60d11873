import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../vitest.shared.ts';

/** Scenario 7, the soak: run by `pnpm test:soak` only, never by `pnpm test`. */
export default mergeConfig(
  sharedTestConfig,
  defineConfig({
    test: {
      include: ['soak/**/*.soak.ts'],
      testTimeout: 1_200_000,
      hookTimeout: 60_000,
    },
  }),
);
