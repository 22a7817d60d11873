import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchSuite } from './suite.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const suitesDir = fileURLToPath(new URL('./suites/', import.meta.url));

/** Every suite in `src/suites/`, in file-name order. */
async function loadSuites(): Promise<BenchSuite[]> {
  const files = (await readdir(suitesDir)).filter((file) => file.endsWith('.ts')).sort();
  const suites: BenchSuite[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(`${suitesDir}${file}`).href)) as {
      suite?: BenchSuite;
    };
    if (module.suite !== undefined) suites.push(module.suite);
  }
  return suites;
}

const wanted = process.argv.slice(2);
const suites = (await loadSuites()).filter(
  (suite) => wanted.length === 0 || wanted.includes(suite.name),
);
if (suites.length === 0) {
  process.stderr.write(`bench: no suite matches ${wanted.join(', ')}\n`);
  process.exitCode = 2;
}
console.log(`node ${process.version}, ${new Date().toISOString()}`);
for (const suite of suites) {
  console.log(`\n## ${suite.name}: ${suite.description}\n`);
  await suite.run((line) => console.log(line));
}
