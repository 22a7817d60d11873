/**
 * `pnpm test:consumer`: installs the packed packages into a fresh project outside the workspace,
 * as a user would from npm, and there (1) imports them from an ES module, (2) requires them from
 * CommonJS, (3) type-checks a TypeScript file under moduleResolution NodeNext and Bundler, and
 * (4) produces to and consumes from the embedded emulators.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packAll } from './pack.js';
import { root } from './workspace.js';

const TYPESCRIPT_VERSION = '5.9.3';
const NODE_TYPES_VERSION = '20.19.43';
const KINESIS_CLIENT_VERSION = '3.1143.0';

const packed = await packAll();
const project = mkdtempSync(join(tmpdir(), 'kds-consumer-'));
const run = (command: string, args: string[]): void => {
  console.log(`$ ${command} ${args.join(' ')}`);
  execFileSync(command, args, {
    cwd: project,
    stdio: 'inherit',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
};

try {
  cpSync(join(root, 'scripts', 'consumer-project'), project, { recursive: true });
  const tarballs = Object.fromEntries(packed.map((pkg) => [pkg.name, `file:${pkg.tarball}`]));
  writeFileSync(
    join(project, 'package.json'),
    `${JSON.stringify(
      {
        name: 'kds-consumer-project',
        private: true,
        dependencies: { ...tarballs, '@aws-sdk/client-kinesis': KINESIS_CLIENT_VERSION },
        devDependencies: { typescript: TYPESCRIPT_VERSION, '@types/node': NODE_TYPES_VERSION },
        // Inter-package ranges (e.g. @kds/local -> @kds/consumer ^0.0.0) resolve to the tarballs too.
        overrides: tarballs,
      },
      null,
      2,
    )}\n`,
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error']);
  run(process.execPath, ['esm.mjs']);
  run(process.execPath, ['cjs.cjs']);
  run(process.execPath, [
    join('node_modules', 'typescript', 'bin', 'tsc'),
    '-p',
    'tsconfig.nodenext.json',
  ]);
  run(process.execPath, [
    join('node_modules', 'typescript', 'bin', 'tsc'),
    '-p',
    'tsconfig.bundler.json',
  ]);
  run(process.execPath, ['e2e.mjs']);
  console.log(
    `consumer project: ${packed.map((pkg) => pkg.name).join(', ')} work from their tarballs`,
  );
} finally {
  rmSync(project, { recursive: true, force: true });
}
