import { CoreErrorCode, type ErrorCodeOf, KdsError, withCode } from '@kds/core';

// The one error of every kds package for an option out of range.
export { InvalidOptionError } from '@kds/core';

/**
 * The `code` of every error `@kds/metrics` throws.
 *
 * @example
 * ```ts
 * import { MetricsError, MetricsErrorCode } from '@kds/metrics';
 *
 * const badMetric = (error: unknown): boolean =>
 *   error instanceof MetricsError && error.code === MetricsErrorCode.InvalidMetric;
 * ```
 */
export const MetricsErrorCode = {
  /** An option CloudWatch would refuse: thrown as `InvalidOptionError` of `@kds/core`. */
  InvalidOption: CoreErrorCode.InvalidOption,
  /** A metric CloudWatch would refuse or an EMF line could not carry (`InvalidMetricError`). */
  InvalidMetric: 'INVALID_METRIC',
} as const;

/** One of {@link MetricsErrorCode}. */
export type MetricsErrorCode = ErrorCodeOf<typeof MetricsErrorCode>;

/**
 * The base of the errors `@kds/metrics` throws on metrics: a readonly `code` and the `cause`. A bad
 * option of `createEmfWriter` throws `InvalidOptionError` of `@kds/core` (re-exported here); both
 * extend `KdsError`.
 *
 * @example
 * ```ts
 * import { createEmfWriter, MetricsError, MetricUnit } from '@kds/metrics';
 *
 * const writer = createEmfWriter({ namespace: 'Readings' });
 * try {
 *   writer.putMetric('', 1, MetricUnit.Count);
 * } catch (error) {
 *   if (error instanceof MetricsError) console.error(error.code, error.message);
 * }
 * ```
 */
export class MetricsError extends KdsError<MetricsErrorCode> {
  override readonly name: string = 'MetricsError';
}

/**
 * A metric CloudWatch would refuse or an EMF line could not carry: an empty or too long name, a
 * name taken by a dimension, a value that is not a finite number, a unit outside `MetricUnit`, or
 * a second unit for a metric put before.
 *
 * @example
 * ```ts
 * import { createEmfWriter, InvalidMetricError, MetricUnit } from '@kds/metrics';
 *
 * const writer = createEmfWriter({ namespace: 'Readings' });
 * try {
 *   writer.putMetric('Lag', Number.NaN, MetricUnit.Milliseconds);
 * } catch (error) {
 *   if (error instanceof InvalidMetricError) console.error(error.message);
 * }
 * ```
 */
export class InvalidMetricError extends withCode(MetricsError, MetricsErrorCode.InvalidMetric) {
  override readonly name: string = 'InvalidMetricError';
}
