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
 * real versions exactly as publishing does. Returns the tarballs.
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
