import { defineConfig, type Options } from 'tsup';

/**
 * The Lambda artifact: one self-contained ESM file, every dependency bundled (workspace packages
 * from their TypeScript sources, so no package needs building first); handler `index.handler`.
 */
export const lambdaConfig: Options = {
  entry: { index: 'src/lambda.ts' },
  outDir: 'dist/lambda',
  format: ['esm'],
  outExtension: () => ({ js: '.mjs' }),
  noExternal: [/.*/],
  splitting: false,
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  esbuildOptions(options) {
    options.conditions = ['@kds/source'];
  },
  // Bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
};

export default defineConfig([
  {
    // The library entry: createHandler and friends, for the simulator and for tests.
    entry: ['src/index.ts'],
    outDir: 'dist/lib',
    format: ['esm'],
    dts: true,
    clean: true,
    target: 'node20',
    platform: 'node',
  },
  lambdaConfig,
]);
