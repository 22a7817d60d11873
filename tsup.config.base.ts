import type { Options } from 'tsup';

/**
 * The one build configuration every publishable package reuses: ESM and CommonJS, each with its
 * own declaration file, dependencies left external (tsup never bundles `dependencies`).
 */
export const libraryConfig: Options = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  splitting: false,
  treeshake: true,
};
