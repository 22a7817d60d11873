import { MAX_TUMBLING_WINDOW_IN_SECONDS } from '@kds/consumer';
// The limits Kinesis and Lambda enforce, and Lambda's default batch size.
import {
  DEFAULT_BATCH_SIZE,
  MAX_BATCH_SIZE,
  MAX_MAXIMUM_BATCHING_WINDOW_IN_SECONDS,
  MAX_MAXIMUM_RECORD_AGE_IN_SECONDS,
  MAX_MAXIMUM_RETRY_ATTEMPTS,
  MAX_RETENTION_HOURS,
  MIN_MAXIMUM_RECORD_AGE_IN_SECONDS,
  MIN_RETENTION_HOURS,
} from '@kds/core';
import { DEFAULT_MIN_TEMPERATURE } from 'handler';
// The stack's own choices.
import {
  DEFAULT_MAX_BATCHING_WINDOW_SECONDS,
  DEFAULT_MAX_RECORD_AGE_SECONDS,
  DEFAULT_RETENTION_HOURS,
  DEFAULT_RETRY_ATTEMPTS,
  DEFAULT_SHARD_COUNT,
} from './constants.js';
import { SettingsError } from './errors.js';
import { DEFAULT_STACK_NAME } from './outputs.js';

/** What the readings stack is built from; every field has a default. */
export interface ReadingsSettings {
  /** Shards of the provisioned stream. Default 2. */
  readonly shardCount: number;
  /** Hours the stream keeps records, 24 to 8,760. Default 24. */
  readonly retentionHours: number;
  /** Readings at or above it are stored (the handler's `MIN_TEMPERATURE`). Default 35. */
  readonly minTemperature: number;
  /** Add the handler's filter as the trigger's FilterCriteria, so Lambda drops the rest. Default false. */
  readonly filterAtSource: boolean;
  /** Records per invocation, 1 to 10,000. Default 100. */
  readonly batchSize: number;
  /** Seconds Lambda waits to fill a batch, 0 to 300. Default 1. */
  readonly maxBatchingWindowSeconds: number;
  /** Retries of a failing batch, 0 to 10,000. Default 3. */
  readonly retryAttempts: number;
  /** Records older than this many seconds go to the failure queue, 60 to 604,800. Default 3,600. */
  readonly maxRecordAgeSeconds: number;
  /**
   * Deploy the windowed function and its table with tumbling windows of this many seconds (1 to
   * 900); 0 (default): not deployed.
   */
  readonly windowSeconds: number;
  /**
   * Register an enhanced fan-out consumer on the stream and map the handler on its ARN, as Lambda
   * takes it (`-c efo=true`). Default false: the handler polls. Billed per consumer-shard hour.
   */
  readonly enhancedFanOut: boolean;
}

/** The CDK context keys the app reads (`cdk synth -c shards=4`). */
export const ContextKey = {
  StackName: 'stackName',
  Shards: 'shards',
  RetentionHours: 'retentionHours',
  MinTemperature: 'minTemperature',
  Filter: 'filter',
  Window: 'window',
  Efo: 'efo',
} as const;

/** Where context values come from: a construct's `node` (`app.node`). */
export interface ContextSource {
  tryGetContext(key: string): unknown;
}

/** The settings of {@link readContextSettings}: the stack's name and its settings. */
export interface ContextSettings extends Partial<ReadingsSettings> {
  readonly stackName: string;
}

function integerIn(setting: string, value: number, min: number, max = Infinity): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Infinity ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new SettingsError(
      setting,
      `${setting} must be an integer ${range} (got ${String(value)})`,
    );
  }
  return value;
}

/**
 * Applies the defaults to partial settings and checks every value against the limits Kinesis and
 * Lambda enforce, so a bad value fails at synth with a {@link SettingsError} naming it rather than
 * halfway through a deployment.
 *
 * @example
 * ```ts
 * import { resolveSettings } from 'infra';
 *
 * resolveSettings({ shardCount: 4 }); // { shardCount: 4, retentionHours: 24, minTemperature: 35, ... }
 * ```
 */
export function resolveSettings(settings: Partial<ReadingsSettings> = {}): ReadingsSettings {
  const {
    shardCount = DEFAULT_SHARD_COUNT,
    retentionHours = DEFAULT_RETENTION_HOURS,
    minTemperature = DEFAULT_MIN_TEMPERATURE,
    filterAtSource = false,
    batchSize = DEFAULT_BATCH_SIZE,
    maxBatchingWindowSeconds = DEFAULT_MAX_BATCHING_WINDOW_SECONDS,
    retryAttempts = DEFAULT_RETRY_ATTEMPTS,
    maxRecordAgeSeconds = DEFAULT_MAX_RECORD_AGE_SECONDS,
    windowSeconds = 0,
    enhancedFanOut = false,
  } = settings;
  if (!Number.isFinite(minTemperature)) {
    throw new SettingsError(
      'minTemperature',
      `minTemperature must be a finite number (got ${String(minTemperature)})`,
    );
  }
  return {
    // Shards: at least one; the account's shard quota is enforced by Kinesis at deploy time.
    shardCount: integerIn('shardCount', shardCount, 1),
    retentionHours: integerIn(
      'retentionHours',
      retentionHours,
      MIN_RETENTION_HOURS,
      MAX_RETENTION_HOURS,
    ),
    minTemperature,
    filterAtSource,
    batchSize: integerIn('batchSize', batchSize, 1, MAX_BATCH_SIZE),
    maxBatchingWindowSeconds: integerIn(
      'maxBatchingWindowSeconds',
      maxBatchingWindowSeconds,
      0,
      MAX_MAXIMUM_BATCHING_WINDOW_IN_SECONDS,
    ),
    // Lambda's -1 (retry forever) is refused: it would block the shard.
    retryAttempts: integerIn('retryAttempts', retryAttempts, 0, MAX_MAXIMUM_RETRY_ATTEMPTS),
    maxRecordAgeSeconds: integerIn(
      'maxRecordAgeSeconds',
      maxRecordAgeSeconds,
      MIN_MAXIMUM_RECORD_AGE_IN_SECONDS,
      MAX_MAXIMUM_RECORD_AGE_IN_SECONDS,
    ),
    windowSeconds: integerIn('windowSeconds', windowSeconds, 0, MAX_TUMBLING_WINDOW_IN_SECONDS),
    enhancedFanOut,
  };
}

/** `-c key=value` gives strings; cdk.json gives JSON values. Both are accepted. */
function contextNumber(source: ContextSource, key: string): number | undefined {
  const raw = source.tryGetContext(key);
  if (raw === undefined) return undefined;
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new SettingsError(key, `-c ${key} must be a number (got ${JSON.stringify(raw)})`);
  }
  return value;
}

function contextBoolean(source: ContextSource, key: string): boolean | undefined {
  const raw = source.tryGetContext(key);
  if (raw === undefined) return undefined;
  if (raw === true || raw === 'true') return true;
  if (raw === false || raw === 'false') return false;
  throw new SettingsError(key, `-c ${key} must be true or false (got ${JSON.stringify(raw)})`);
}

/** CloudFormation stack names: a letter, then letters, digits and hyphens, 128 at most. */
const STACK_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

function contextStackName(source: ContextSource): string {
  const raw = source.tryGetContext(ContextKey.StackName);
  if (raw === undefined) return DEFAULT_STACK_NAME;
  if (typeof raw !== 'string' || !STACK_NAME_PATTERN.test(raw)) {
    throw new SettingsError(
      ContextKey.StackName,
      `-c ${ContextKey.StackName} must start with a letter and hold only letters, digits and hyphens, 128 at most (got ${JSON.stringify(raw)})`,
    );
  }
  return raw;
}

/**
 * Reads the app's CDK context (`-c stackName=... -c shards=4 -c retentionHours=48
 * -c minTemperature=30 -c filter=true`, or the same keys in cdk.json) and checks every value.
 * Unset keys are left out, so {@link resolveSettings} applies the defaults.
 *
 * @example
 * ```ts
 * import { App } from 'aws-cdk-lib';
 * import { readContextSettings } from 'infra';
 *
 * const { stackName, ...settings } = readContextSettings(new App().node);
 * ```
 */
export function readContextSettings(source: ContextSource): ContextSettings {
  const shardCount = contextNumber(source, ContextKey.Shards);
  const retentionHours = contextNumber(source, ContextKey.RetentionHours);
  const minTemperature = contextNumber(source, ContextKey.MinTemperature);
  const filterAtSource = contextBoolean(source, ContextKey.Filter);
  const windowSeconds = contextNumber(source, ContextKey.Window);
  const enhancedFanOut = contextBoolean(source, ContextKey.Efo);
  const partial: Partial<ReadingsSettings> = {
    ...(shardCount === undefined ? {} : { shardCount }),
    ...(retentionHours === undefined ? {} : { retentionHours }),
    ...(minTemperature === undefined ? {} : { minTemperature }),
    ...(filterAtSource === undefined ? {} : { filterAtSource }),
    ...(windowSeconds === undefined ? {} : { windowSeconds }),
    ...(enhancedFanOut === undefined ? {} : { enhancedFanOut }),
  };
  // Validate now, naming the context key rather than the prop it feeds.
  try {
    resolveSettings(partial);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    const key = CONTEXT_KEY_OF[error.setting] ?? error.setting;
    throw new SettingsError(key, error.message.replace(error.setting, `-c ${key}`), {
      cause: error,
    });
  }
  return { stackName: contextStackName(source), ...partial };
}

const CONTEXT_KEY_OF: Record<string, string> = {
  shardCount: ContextKey.Shards,
  retentionHours: ContextKey.RetentionHours,
  minTemperature: ContextKey.MinTemperature,
  windowSeconds: ContextKey.Window,
};
