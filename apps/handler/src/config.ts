import { PoisonPolicy } from '@kds/consumer';
import { type EmfWriterOptions, MAX_NAME_LENGTH } from '@kds/metrics';
import {
  DEFAULT_MIN_TEMPERATURE,
  DEFAULT_POISON_POLICY,
  DEFAULT_TABLE_NAME,
  METRICS_FUNCTION_DIMENSION,
} from './constants.js';
import { ConfigError } from './errors.js';

/** What the handler is configured with. */
export interface HandlerConfig {
  readonly tableName: string;
  readonly minTemperature: number;
  readonly poison: PoisonPolicy;
  /** Present when `METRICS_NAMESPACE` is set: one EMF line per invocation under that namespace. */
  readonly metrics?: EmfWriterOptions;
}

const POLICIES: readonly string[] = Object.values(PoisonPolicy);

/**
 * Reads `TABLE_NAME` (default `TestTable`), `MIN_TEMPERATURE` (default 35), `POISON_POLICY`
 * (`skip`, `report` or `fail`; default `skip`, the one that cannot stall a shard) and `METRICS_NAMESPACE` (default none: no
 * metrics) from an environment. With a namespace, the metrics carry the dimension
 * `FunctionName` from `AWS_LAMBDA_FUNCTION_NAME` when Lambda sets it.
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
  const namespace = env.METRICS_NAMESPACE?.trim();
  if (namespace !== undefined && namespace.length > MAX_NAME_LENGTH) {
    throw new ConfigError(
      `METRICS_NAMESPACE must be at most ${MAX_NAME_LENGTH} characters (got ${namespace.length})`,
    );
  }
  const functionName = env.AWS_LAMBDA_FUNCTION_NAME?.trim();
  const metrics: EmfWriterOptions | undefined = namespace
    ? {
        namespace,
        ...(functionName ? { dimensions: { [METRICS_FUNCTION_DIMENSION]: functionName } } : {}),
      }
    : undefined;
  return {
    tableName,
    minTemperature,
    poison: poison as PoisonPolicy,
    ...(metrics === undefined ? {} : { metrics }),
  };
}
