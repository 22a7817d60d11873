import { defineConfig } from 'vitest/config';

/**
 * How long a test or hook may run before Vitest calls it hung. A guard against hangs only, never a
 * measure of speed: tests wait on conditions, and a 2-core machine busy with another build must
 * never reach it (a `cdk synth` that takes 7 s alone took 45 s there).
 */
export const HANG_GUARD_MS = 10 * 60_000;

/** Test settings shared by every workspace project: resolve sibling packages from source. */
export const sharedTestConfig = defineConfig({
  resolve: { conditions: ['@kds/source'] },
  ssr: { resolve: { conditions: ['@kds/source'] } },
  // Global setup files run in Vitest's own environment, which has resolve settings of its own.
  environments: {
    __vitest__: {
      resolve: { conditions: ['@kds/source', 'module', 'node', 'development|production'] },
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: HANG_GUARD_MS,
    hookTimeout: HANG_GUARD_MS,
    // The pinned SDK supports Node 20; its notice about future releases is noise in test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
