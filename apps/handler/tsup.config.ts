import { defineConfig } from 'tsup';

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
  {
    // The Lambda artifact: one self-contained file, every dependency bundled; handler `index.handler`.
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
    // Bundled CommonJS dependencies call require(); give the ESM bundle one.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  },
]);
