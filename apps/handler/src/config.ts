import { DEFAULT_MIN_TEMPERATURE, DEFAULT_TABLE_NAME } from './constants.js';
import { ConfigError } from './errors.js';

/** What the handler is configured with. */
export interface HandlerConfig {
  readonly tableName: string;
  readonly minTemperature: number;
}

/**
 * Reads `TABLE_NAME` (default `TestTable`) and `MIN_TEMPERATURE` (default 35) from an environment.
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
  return { tableName, minTemperature };
}
