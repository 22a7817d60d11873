import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PublishablePackage, publishablePackages, root } from './workspace.js';

/** A packed package: what `pnpm publish` would upload. */
export interface PackedPackage extends PublishablePackage {
  readonly tarball: string;
}

/**
 * Builds every publishable package and packs it with pnpm, which rewrites `workspace:^` ranges to
 * real versions exactly as publishing does. Returns the tarballs. Only packages whose package.json
 * is not `"private": true` are packed (see `publishablePackages`); each one's `prepack` script runs
 * `turbo run build` for it again, a cache hit after the build here, so a package packed on its own
 * (`pnpm pack`, `pnpm publish`) is never packed without its `dist`.
 */
export async function packAll(): Promise<PackedPackage[]> {
  execFileSync('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only'], {
    cwd: root,
    stdio: 'inherit',
  });
  const destination = mkdtempSync(join(tmpdir(), 'kds-pack-'));
  const packed: PackedPackage[] = [];
  for (const pkg of await publishablePackages()) {
    const output = execFileSync('pnpm', ['pack', '--pack-destination', destination], {
      cwd: pkg.dir,
      encoding: 'utf8',
    });
    const tarball = output.trim().split('\n').at(-1) ?? '';
    packed.push({
      ...pkg,
      tarball: tarball.startsWith('/') ? tarball : join(destination, tarball),
    });
  }
  return packed;
}
