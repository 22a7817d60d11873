import {
  DEFAULT_AGGREGATION_MAX_COUNT,
  DEFAULT_AGGREGATION_MAX_SIZE,
  MAX_AGGREGATION_MAX_SIZE,
  MIN_AGGREGATION_MAX_SIZE,
} from '@kds/aggregation';
import * as constants from './constants.js';
import { InvalidOptionError } from './errors.js';
import { random } from './partition-keys.js';
import { defaultSerialize } from './serialize.js';
import type { TokenRates } from './token-bucket.js';
import type { ProducerOptions, ProducerSettings } from './types.js';

/** Every setting of a producer, defaults applied and checked. */
export type ResolvedSettings<T> = Required<
  Omit<ProducerSettings<T>, 'onMetrics' | 'aggregation'>
> & {
  /** The aggregates' limits, or `undefined` when aggregation is off. */
  readonly aggregation: ResolvedAggregation | undefined;
  readonly onMetrics: ProducerSettings<T>['onMetrics'] | undefined;
  readonly streamName: string | undefined;
  readonly streamARN: string | undefined;
  /** The per-shard token bucket rates, or `undefined` when the limit is off. */
  readonly shardRates: TokenRates | undefined;
};

/** The limits of the aggregates a producer builds. */
export interface ResolvedAggregation {
  readonly maxBytes: number;
  readonly maxCount: number;
}

function resolveAggregation(
  option: ProducerSettings<unknown>['aggregation'],
  maxRecordBytes: number,
): ResolvedAggregation | undefined {
  if (option === undefined || option === false) return undefined;
  if (option !== true && (typeof option !== 'object' || option === null)) {
    throw new InvalidOptionError(
      'aggregation',
      `must be true, false or an object (got ${String(option)})`,
    );
  }
  // An aggregate's data + its partition key "a" must fit the stream's record limit.
  const ceiling = Math.min(MAX_AGGREGATION_MAX_SIZE, maxRecordBytes - 1);
  const {
    maxBytes = Math.min(DEFAULT_AGGREGATION_MAX_SIZE, ceiling),
    maxCount = DEFAULT_AGGREGATION_MAX_COUNT,
  } = option === true ? {} : option;
  if (!Number.isInteger(maxBytes) || maxBytes < MIN_AGGREGATION_MAX_SIZE || maxBytes > ceiling) {
    throw new InvalidOptionError(
      'aggregation.maxBytes',
      `must be an integer from ${MIN_AGGREGATION_MAX_SIZE} to ${ceiling} (maxRecordBytes - 1) (got ${maxBytes})`,
    );
  }
  if (!Number.isInteger(maxCount) || maxCount < 1 || maxCount > DEFAULT_AGGREGATION_MAX_COUNT) {
    throw new InvalidOptionError(
      'aggregation.maxCount',
      `must be an integer from 1 to ${DEFAULT_AGGREGATION_MAX_COUNT} (got ${maxCount})`,
    );
  }
  return { maxBytes, maxCount };
}

function checkNonNegative(name: string, value: number): void {
  if (!(value >= 0)) throw new InvalidOptionError(name, `must be a number >= 0 (got ${value})`);
}

function checkPositive(name: string, value: number, { integer = false } = {}): void {
  if (!(value > 0) || (integer && !Number.isInteger(value))) {
    throw new InvalidOptionError(
      name,
      `must be a positive ${integer ? 'integer' : 'number'} (got ${value})`,
    );
  }
}

/** Applies the defaults to `createProducer`'s options; throws an `InvalidOptionError` naming a bad one. */
export function resolveSettings<T>(options: ProducerOptions<T>): ResolvedSettings<T> {
  const {
    streamName,
    streamARN,
    partitionKey = random(),
    serialize = defaultSerialize as (value: T) => Uint8Array | string,
    maxBufferedTimeMs = constants.DEFAULT_MAX_BUFFERED_TIME_MS,
    maxInFlight = constants.DEFAULT_MAX_IN_FLIGHT,
    recordTtlMs = constants.DEFAULT_RECORD_TTL_MS,
    maxRecordBytes = constants.DEFAULT_MAX_RECORD_BYTES,
    retryBaseDelayMs = constants.DEFAULT_RETRY_BASE_DELAY_MS,
    retryMaxDelayMs = constants.DEFAULT_RETRY_MAX_DELAY_MS,
    rateLimitPercent = constants.DEFAULT_RATE_LIMIT_PERCENT,
    failIfThrottled = false,
    ordering = constants.Ordering.BestEffort,
    maxBufferedRecords: maxBufferedRecordsOption,
    maxBufferedBytes = constants.DEFAULT_MAX_BUFFERED_BYTES,
    onFull = constants.OnFull.Wait,
    requestTimeoutMs = constants.DEFAULT_REQUEST_TIMEOUT_MS,
    shardMapRefreshMs = constants.DEFAULT_SHARD_MAP_REFRESH_MS,
    onMetrics,
    metricsIntervalMs = constants.DEFAULT_METRICS_INTERVAL_MS,
    aggregation: aggregationOption,
  } = options;
  if (maxRecordBytes > constants.MAX_RECORD_BYTES_CEILING) {
    throw new InvalidOptionError(
      'maxRecordBytes',
      `may be at most ${constants.MAX_RECORD_BYTES_CEILING} (10 MiB) (got ${maxRecordBytes})`,
    );
  }
  checkNonNegative('maxBufferedTimeMs', maxBufferedTimeMs);
  checkNonNegative('retryBaseDelayMs', retryBaseDelayMs);
  checkNonNegative('retryMaxDelayMs', retryMaxDelayMs);
  checkPositive('recordTtlMs', recordTtlMs);
  checkPositive('maxInFlight', maxInFlight, { integer: true });
  checkPositive('maxBufferedBytes', maxBufferedBytes);
  checkPositive('rateLimitPercent', rateLimitPercent);
  checkPositive('requestTimeoutMs', requestTimeoutMs);
  checkPositive('shardMapRefreshMs', shardMapRefreshMs);
  checkPositive('metricsIntervalMs', metricsIntervalMs);
  if (ordering !== constants.Ordering.BestEffort && ordering !== constants.Ordering.PerKey) {
    throw new InvalidOptionError(
      'ordering',
      `must be 'best-effort' or 'per-key' (got ${String(ordering)})`,
    );
  }
  if (onFull !== constants.OnFull.Wait && onFull !== constants.OnFull.Reject) {
    throw new InvalidOptionError('onFull', `must be 'wait' or 'reject' (got ${String(onFull)})`);
  }
  const aggregation = resolveAggregation(aggregationOption, maxRecordBytes);
  const maxBufferedRecords =
    maxBufferedRecordsOption ??
    (aggregation === undefined
      ? constants.DEFAULT_MAX_BUFFERED_RECORDS
      : constants.DEFAULT_AGGREGATED_MAX_BUFFERED_RECORDS);
  checkPositive('maxBufferedRecords', maxBufferedRecords, { integer: true });
  return {
    aggregation,
    streamName,
    streamARN,
    partitionKey,
    serialize,
    maxBufferedTimeMs,
    maxInFlight,
    recordTtlMs,
    maxRecordBytes,
    retryBaseDelayMs,
    retryMaxDelayMs,
    rateLimitPercent,
    failIfThrottled,
    ordering,
    maxBufferedRecords,
    maxBufferedBytes,
    onFull,
    requestTimeoutMs,
    shardMapRefreshMs,
    onMetrics,
    metricsIntervalMs,
    shardRates: Number.isFinite(rateLimitPercent)
      ? {
          recordsPerSecond:
            aggregation === undefined
              ? (constants.SHARD_RECORDS_PER_SECOND * rateLimitPercent) / 100
              : constants.AGGREGATED_RECORDS_PER_SECOND,
          bytesPerSecond: (constants.SHARD_BYTES_PER_SECOND * rateLimitPercent) / 100,
        }
      : undefined,
  };
}
