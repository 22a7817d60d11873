// The limits below come from the embedded metric format specification:
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
// and, for names and units, from the CloudWatch MetricDatum and Dimension types:
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Dimension.html

/**
 * A metric directive lists at most 100 metrics (EMF specification, `MetricDirective.Metrics`); a
 * flush with more writes several lines.
 */
export const MAX_METRICS_PER_DIRECTIVE = 100;

/** A dimension set holds at most 30 dimension keys (EMF specification, `DimensionSet`). */
export const MAX_DIMENSIONS_PER_SET = 30;

/**
 * A metric's member holds at most 100 values (EMF specification, target members); a metric put
 * more often before a flush is spread over several lines.
 */
export const MAX_VALUES_PER_METRIC = 100;

/** Namespaces, metric names and dimension names are 1 to 255 characters (CloudWatch). */
export const MAX_NAME_LENGTH = 255;

/** Dimension values are 1 to 1,024 characters (CloudWatch `Dimension.Value`). */
export const MAX_DIMENSION_VALUE_LENGTH = 1024;

/**
 * The units CloudWatch accepts for a metric (`MetricDatum.Unit`), the list the EMF specification
 * refers to; the same names as Powertools' `MetricUnit`.
 *
 * @example
 * ```ts
 * import { createEmfWriter, MetricUnit } from '@kds/metrics';
 *
 * const writer = createEmfWriter({ namespace: 'Readings' });
 * writer.putMetric('BatchBytes', 48_213, MetricUnit.Bytes);
 * writer.flush();
 * ```
 */
export const MetricUnit = {
  Seconds: 'Seconds',
  Microseconds: 'Microseconds',
  Milliseconds: 'Milliseconds',
  Bytes: 'Bytes',
  Kilobytes: 'Kilobytes',
  Megabytes: 'Megabytes',
  Gigabytes: 'Gigabytes',
  Terabytes: 'Terabytes',
  Bits: 'Bits',
  Kilobits: 'Kilobits',
  Megabits: 'Megabits',
  Gigabits: 'Gigabits',
  Terabits: 'Terabits',
  Percent: 'Percent',
  Count: 'Count',
  BytesPerSecond: 'Bytes/Second',
  KilobytesPerSecond: 'Kilobytes/Second',
  MegabytesPerSecond: 'Megabytes/Second',
  GigabytesPerSecond: 'Gigabytes/Second',
  TerabytesPerSecond: 'Terabytes/Second',
  BitsPerSecond: 'Bits/Second',
  KilobitsPerSecond: 'Kilobits/Second',
  MegabitsPerSecond: 'Megabits/Second',
  GigabitsPerSecond: 'Gigabits/Second',
  TerabitsPerSecond: 'Terabits/Second',
  CountPerSecond: 'Count/Second',
  None: 'None',
} as const;

/** One of {@link MetricUnit}. */
export type MetricUnit = (typeof MetricUnit)[keyof typeof MetricUnit];

/** The root member of an EMF document that holds its metadata; no metric or dimension may take it. */
export const EMF_METADATA_KEY = '_aws';
