import { defineConfig, mergeConfig } from 'vitest/config';
import { HANG_GUARD_MS, sharedTestConfig } from '../vitest.shared.ts';

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
      globalSetup: ['./test/global-setup.ts'],
      // Hang guards only (full-scale scenarios run for minutes by design).
      testTimeout: full ? 3 * HANG_GUARD_MS : HANG_GUARD_MS,
      hookTimeout: HANG_GUARD_MS,
    },
  }),
);
// mergeConfig would append to the shared `include`.
config.test = { ...config.test, include: ['test/**/*.reliability.test.ts'] };

export default config;
