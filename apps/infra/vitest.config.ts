import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';

export default mergeConfig(
  sharedTestConfig,
  defineConfig({
    test: {
      globalSetup: ['@kds/test-support/global-setup'],
      // aws-cdk-lib loads its modules lazily on the first synthesis: several seconds per file
      // when every file gets fresh modules. The tests share no state (each builds its own App),
      // so the files of a worker share the loaded library: about 30 s less on 2 cores.
      isolate: false,
    },
  }),
);
