import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';

export default mergeConfig(
  sharedTestConfig,
  defineConfig({
    // The global setup runs in Vitest's own environment: it too must resolve @kds/local from source.
    environments: { __vitest__: { resolve: { conditions: ['@kds/source'] } } },
    test: { globalSetup: ['test/global-setup.ts'] },
  }),
);
