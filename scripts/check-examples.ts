/**
 * `pnpm check:examples`: every ```ts block of every README compiles against the current API, so
 * documentation cannot drift from the code. A block is written to `.examples/` inside the package
 * whose README holds it (the root README's go to `apps/simulator`, which depends on every
 * package), then type-checked with the workspace's strict settings. A block whose info string
 * says `ts nocheck` is skipped (for fragments that are not whole programs).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { root } from './workspace.js';

const EXAMPLES_DIR = '.examples';
const BLOCK = /^```(ts|typescript)([^\n]*)\n([\s\S]*?)^```$/gm;

interface Example {
  readonly readme: string;
  readonly line: number;
  readonly code: string;
}

function examplesOf(readme: string): Example[] {
  const text = readFileSync(readme, 'utf8');
  const examples: Example[] = [];
  for (const match of text.matchAll(BLOCK)) {
    const info = match[2] ?? '';
    if (info.includes('nocheck')) continue;
    const line = text.slice(0, match.index).split('\n').length + 1;
    const previous = examples.at(-1);
    if (info.includes('continued') && previous !== undefined) {
      examples[examples.length - 1] = { ...previous, code: `${previous.code}\n${match[3] ?? ''}` };
    } else {
      examples.push({ readme, line, code: match[3] ?? '' });
    }
  }
  return examples;
}

/** Where a README's examples are compiled: its own package, or the simulator for the root README. */
function hostOf(readmeDir: string): string {
  return readmeDir === root ? join(root, 'apps', 'simulator') : readmeDir;
}

const readmeDirs = [
  root,
  ...['packages', 'apps'].flatMap((group) =>
    readdirSync(join(root, group), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(root, group, entry.name)),
  ),
].filter((dir) => existsSync(join(dir, 'README.md')));

const byHost = new Map<string, Example[]>();
for (const dir of readmeDirs) {
  const host = hostOf(dir);
  byHost.set(host, [...(byHost.get(host) ?? []), ...examplesOf(join(dir, 'README.md'))]);
}

let failed = 0;
let checked = 0;
for (const [host, examples] of byHost) {
  if (examples.length === 0) continue;
  const dir = join(host, EXAMPLES_DIR);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  const files = examples.map((example, index) => {
    const name = `example-${index + 1}.ts`;
    const origin = `// ${relative(root, example.readme)}:${example.line}\n`;
    // Each example is a module of its own, so top-level names never clash.
    writeFileSync(join(dir, name), `${origin}${example.code}\nexport {};\n`);
    return name;
  });
  writeFileSync(
    join(dir, 'tsconfig.json'),
    `${JSON.stringify({ extends: '../tsconfig.json', compilerOptions: { noUnusedLocals: false }, include: files }, null, 2)}\n`,
  );
  try {
    execFileSync(
      process.execPath,
      [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(dir, 'tsconfig.json')],
      {
        stdio: 'pipe',
        encoding: 'utf8',
      },
    );
    checked += examples.length;
  } catch (error) {
    failed += 1;
    const output = (error as { stdout?: string }).stdout ?? String(error);
    console.error(`README examples hosted in ${relative(root, host)} do not compile:\n${output}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (failed > 0) {
  process.exitCode = 1;
} else {
  console.log(`check:examples: ${checked} README example(s) compile`);
}
