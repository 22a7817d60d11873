import { PoisonPolicy } from '@kds/consumer';
import { DEFAULT_MIN_TEMPERATURE, DEFAULT_POISON_POLICY, DEFAULT_TABLE_NAME } from './constants.js';
import { ConfigError } from './errors.js';

/** What the handler is configured with. */
export interface HandlerConfig {
  readonly tableName: string;
  readonly minTemperature: number;
  readonly poison: PoisonPolicy;
}

const POLICIES: readonly string[] = Object.values(PoisonPolicy);

/**
 * Reads `TABLE_NAME` (default `TestTable`), `MIN_TEMPERATURE` (default 35) and `POISON_POLICY`
 * (`skip`, `report` or `fail`; default `report`) from an environment.
 *
 * @example
 * ```ts
 * import { readConfig } from 'handler';
 *
 * const config = readConfig(process.env);
 * ```
 */
export function readConfig(env: Record<string, string | undefined>): HandlerConfig {
  const tableName = env.TABLE_NAME?.trim() || DEFAULT_TABLE_NAME;
  const rawMin = env.MIN_TEMPERATURE?.trim();
  const minTemperature = rawMin ? Number(rawMin) : DEFAULT_MIN_TEMPERATURE;
  if (!Number.isFinite(minTemperature)) {
    throw new ConfigError(`MIN_TEMPERATURE must be a number (got "${rawMin}")`);
  }
  const rawPolicy = env.POISON_POLICY?.trim().toLowerCase();
  const poison = rawPolicy ? rawPolicy : DEFAULT_POISON_POLICY;
  if (!POLICIES.includes(poison)) {
    throw new ConfigError(
      `POISON_POLICY must be one of ${POLICIES.join(', ')} (got "${env.POISON_POLICY}")`,
    );
  }
  return { tableName, minTemperature, poison: poison as PoisonPolicy };
}
