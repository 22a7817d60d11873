/**
 * The base of every error `@kds/metrics` throws: a readonly `code` and the `cause`.
 *
 * @example
 * ```ts
 * import { createEmfWriter, MetricsError } from '@kds/metrics';
 *
 * try {
 *   createEmfWriter({ namespace: '' });
 * } catch (error) {
 *   if (error instanceof MetricsError) console.error(error.code, error.message);
 * }
 * ```
 */
export class MetricsError extends Error {
  override readonly name: string = 'MetricsError';
  readonly code: string;

  constructor(code: string, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
  }
}

/**
 * An option of `createEmfWriter` that CloudWatch would refuse (an empty namespace, more than 30
 * dimensions, an empty dimension value...); the message names the option.
 *
 * @example
 * ```ts
 * import { createEmfWriter, InvalidOptionError } from '@kds/metrics';
 *
 * const writerOrNone = (namespace: string) => {
 *   try {
 *     return createEmfWriter({ namespace });
 *   } catch (error) {
 *     if (error instanceof InvalidOptionError) return undefined;
 *     throw error;
 *   }
 * };
 * ```
 */
export class InvalidOptionError extends MetricsError {
  override readonly name: string = 'InvalidOptionError';

  constructor(message: string, options: { cause?: unknown } = {}) {
    super('INVALID_OPTION', message, options);
  }
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
export class InvalidMetricError extends MetricsError {
  override readonly name: string = 'InvalidMetricError';

  constructor(message: string, options: { cause?: unknown } = {}) {
    super('INVALID_METRIC', message, options);
  }
}
