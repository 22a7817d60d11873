import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../vitest.shared.ts';

const full = process.env.KDS_RELIABILITY_SCALE === 'full';

/**
 * Scenarios 1-6. One file at a time: each starts its own emulators and measures latency, and two
 * busy cores shared by parallel files would blur every figure.
 */
const config = mergeConfig(
  sharedTestConfig,
  defineConfig({
    test: {
      fileParallelism: false,
      testTimeout: full ? 900_000 : 120_000,
      hookTimeout: 60_000,
    },
  }),
);
// mergeConfig would append to the shared `include`.
config.test = { ...config.test, include: ['test/**/*.reliability.test.ts'] };

export default config;
