import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { RESULTS_VARIABLE, type Scale, scaleFromEnv } from './scale.js';

/** The figures of one scenario run: counts, milliseconds and MiB, as the results table shows them. */
export type ScenarioFigures = Record<string, number | string | boolean | null>;

/** One line of `results/<scenario>.json`. */
export interface ScenarioResult {
  readonly scenario: string;
  readonly scale: Scale;
  readonly date: string;
  readonly node: string;
  readonly cpus: number;
  readonly figures: ScenarioFigures;
}

const RESULTS_DIR = new URL('../results/', import.meta.url);

/**
 * Records a scenario's figures: printed always (so a CI log carries them), and written as one JSON
 * line to `reliability/results/<scenario>.json` when `KDS_RELIABILITY_RESULTS=1`.
 *
 * @example
 * ```ts
 * import { recordResult } from './results.js';
 *
 * recordResult('throttling', { sent: 3000, stored: 3000, lost: 0 });
 * ```
 */
export function recordResult(
  scenario: string,
  figures: ScenarioFigures,
  env: Record<string, string | undefined> = process.env,
): ScenarioResult {
  const result: ScenarioResult = {
    scenario,
    scale: scaleFromEnv(env),
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    figures,
  };
  const line = JSON.stringify(result);
  console.log(`reliability ${line}`);
  if (env[RESULTS_VARIABLE] === '1') {
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(new URL(`${scenario}.json`, RESULTS_DIR), `${line}\n`);
  }
  return result;
}
