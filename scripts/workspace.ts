import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = fileURLToPath(new URL('..', import.meta.url));

/** A workspace package that is published to npm. */
export interface PublishablePackage {
  readonly name: string;
  readonly version: string;
  readonly dir: string;
}

/** Every non-private package under `packages/`, sorted by name. */
export async function publishablePackages(): Promise<PublishablePackage[]> {
  const packagesDir = join(root, 'packages');
  const found: PublishablePackage[] = [];
  for (const entry of await readdir(packagesDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(packagesDir, entry.name);
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
      private?: boolean;
    };
    if (manifest.private !== true)
      found.push({ name: manifest.name, version: manifest.version, dir });
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}
