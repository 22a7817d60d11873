import { defineConfig } from 'vitest/config';

/** Test settings shared by every workspace project: resolve sibling packages from source. */
export const sharedTestConfig = defineConfig({
  resolve: { conditions: ['@kds/source'] },
  ssr: { resolve: { conditions: ['@kds/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
