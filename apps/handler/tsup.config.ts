import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The library entry the simulator and tests import.
    entry: ['src/index.ts'],
    format: ['esm'],
    dts: true,
    clean: true,
    target: 'node20',
    platform: 'node',
  },
  {
    // The Lambda artifact: one self-contained file, every dependency bundled.
    entry: { lambda: 'src/lambda.ts' },
    format: ['esm'],
    outExtension: () => ({ js: '.mjs' }),
    noExternal: [/.*/],
    target: 'node20',
    platform: 'node',
    sourcemap: true,
    // Bundled CommonJS dependencies call require(); give the ESM bundle one.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  },
]);
