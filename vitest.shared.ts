import { defineConfig } from 'vitest/config';

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
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The pinned SDK supports Node 20; its notice about future releases is noise in test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
