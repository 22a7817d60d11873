import { mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { build, type Plugin } from 'esbuild';

/** The export condition that resolves the workspace's packages to their TypeScript sources. */
const SOURCE_CONDITION = '@kds/source';

/**
 * Leaves every dependency installed under `node_modules` out of the bundle, imported by its
 * absolute path (so a dependency of a bundled workspace package resolves although the bundle's own
 * package does not declare it); the workspace's own sources are bundled.
 */
const installedDependenciesStayOut: Plugin = {
  name: 'installed-dependencies-stay-out',
  setup(bundler) {
    bundler.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'resolving' || args.path.startsWith('node:')) return undefined;
      const resolved = await bundler.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'resolving',
      });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return resolved.path.includes('/node_modules/')
        ? { path: resolved.path, external: true }
        : { path: resolved.path };
    });
  },
};

/**
 * Bundles a TypeScript entry point of the workspace into one ES module that plain `node` runs, the
 * workspace's packages from source and every installed dependency imported where it lies. Tests
 * that start a command many times start it from the bundle: a process then loads a few files
 * instead of compiling hundreds through a loader, which on a busy 2-core machine is most of its
 * start-up. The file appears complete or not at all (written beside it, then renamed), so
 * concurrent builds of the same entry never hand out half a file.
 *
 * @example
 * ```ts
 * import { bundleForNode } from '@kds/test-support/node-bundle';
 *
 * await bundleForNode({ entry: 'src/main.ts', outfile: 'dist/main.js' });
 * // spawn(process.execPath, ['dist/main.js', '--help'])
 * ```
 */
export async function bundleForNode(options: { entry: string; outfile: string }): Promise<string> {
  const partial = `${options.outfile}.${process.pid}.partial`;
  mkdirSync(dirname(options.outfile), { recursive: true });
  await build({
    entryPoints: [options.entry],
    outfile: partial,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: [SOURCE_CONDITION],
    sourcemap: 'inline',
    logLevel: 'warning',
    plugins: [installedDependenciesStayOut],
  });
  renameSync(partial, options.outfile);
  return options.outfile;
}
