/**
 * `pnpm --filter reliability report`: prints the results table of docs/RELIABILITY.md from the
 * JSON lines the scenarios wrote to `results/` (run them with `KDS_RELIABILITY_RESULTS=1`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { ScenarioResult } from './results.js';

const dir = new URL('../results/', import.meta.url);
const results: ScenarioResult[] = existsSync(dir)
  ? readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as ScenarioResult)
  : [];
if (results.length === 0) {
  console.error('No results: run the scenarios with KDS_RELIABILITY_RESULTS=1 first.');
  process.exitCode = 1;
}
for (const result of results) {
  const figures = Object.entries(result.figures)
    .filter(([name]) => name !== 'rssSeriesMiB')
    .map(([name, value]) => `${name} ${String(value)}`)
    .join(', ');
  console.log(
    `| ${result.scenario} | ${result.scale} | ${figures} | ${result.date.slice(0, 10)} ${result.node} ${result.cpus} cores |`,
  );
}
