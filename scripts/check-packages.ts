/**
 * `pnpm check:packages`: packs every publishable package and lints the tarball as npm would serve
 * it: publint (package.json and exports against the files really packed) and
 * @arethetypeswrong/cli (types resolve for ESM and CommonJS under node10, node16 and bundler).
 * It also checks that no `workspace:` range leaks into a packed manifest.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { packAll } from './pack.js';

/** Manifest fields every published package must carry. */
const REQUIRED_FIELDS = [
  'description',
  'license',
  'repository',
  'keywords',
  'engines',
  'files',
  'sideEffects',
  'exports',
];

function missingFields(manifest: Record<string, unknown>): string[] {
  const missing = REQUIRED_FIELDS.filter((field) => manifest[field] === undefined);
  const publishConfig = manifest.publishConfig as
    | { access?: string; provenance?: boolean }
    | undefined;
  if (publishConfig?.access !== 'public' || publishConfig.provenance !== true) {
    missing.push('publishConfig (access public, provenance true)');
  }
  const exportsMap = manifest.exports as Record<string, unknown> | undefined;
  if (exportsMap?.['./package.json'] === undefined) missing.push('exports["./package.json"]');
  return missing;
}

let problems = 0;
for (const pkg of await packAll()) {
  const tarball = await readFile(pkg.tarball);
  const { messages, pkg: manifest } = await publint({
    pack: {
      tarball: tarball.buffer.slice(
        tarball.byteOffset,
        tarball.byteOffset + tarball.byteLength,
      ) as ArrayBuffer,
    },
    level: 'suggestion',
    strict: true,
  });
  const leaks = Object.entries({ ...manifest.dependencies, ...manifest.peerDependencies }).filter(
    ([, range]) => String(range).startsWith('workspace:'),
  );
  for (const field of missingFields(manifest as Record<string, unknown>)) {
    console.log(`${pkg.name}: package.json lacks ${field}`);
    problems += 1;
  }
  for (const message of messages)
    console.log(`${pkg.name}: publint ${message.type}: ${formatMessage(message, manifest)}`);
  for (const [name, range] of leaks)
    console.log(`${pkg.name}: dependency ${name} keeps the range ${range}`);
  problems += messages.length + leaks.length;

  try {
    execFileSync('pnpm', ['exec', 'attw', pkg.tarball, '--format', 'table-flipped'], {
      stdio: 'pipe',
      encoding: 'utf8',
    });
    console.log(`${pkg.name}: publint and attw clean`);
  } catch (error) {
    problems += 1;
    console.log(
      `${pkg.name}: attw found problems\n${(error as { stdout?: string }).stdout ?? error}`,
    );
  }
}
if (problems > 0) {
  console.error(`check:packages: ${problems} problem(s)`);
  process.exitCode = 1;
}
