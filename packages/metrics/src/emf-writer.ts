import {
  EMF_METADATA_KEY,
  MAX_DIMENSION_VALUE_LENGTH,
  MAX_DIMENSIONS_PER_SET,
  MAX_METRICS_PER_DIRECTIVE,
  MAX_NAME_LENGTH,
  MAX_VALUES_PER_METRIC,
  MetricUnit,
} from './constants.js';
import { InvalidMetricError, InvalidOptionError } from './errors.js';

/** Options of {@link createEmfWriter}. */
export interface EmfWriterOptions {
  /** The CloudWatch namespace of every metric, 1 to 255 characters. */
  readonly namespace: string;
  /** Dimensions of every metric, one dimension set of at most 30 keys. Default none. */
  readonly dimensions?: Readonly<Record<string, string>> | undefined;
  /**
   * Receives each EMF line, without a newline. Default: written to `process.stdout` followed by a
   * newline, where Lambda (and the CloudWatch agent) pick it up.
   */
  readonly write?: ((line: string) => void) | undefined;
  /** The clock of the lines' `Timestamp`, epoch milliseconds. Default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/** Collects metrics and writes them as CloudWatch Embedded Metric Format lines. */
export interface EmfWriter {
  /**
   * Adds one value of a metric to the next flush. Putting a metric again before the flush adds a
   * value (CloudWatch receives every one); its unit must stay the same. Throws
   * `InvalidMetricError` for a metric CloudWatch would refuse.
   */
  putMetric(name: string, value: number, unit: MetricUnit): void;
  /**
   * Writes the metrics put since the last flush, one line for up to 100 metrics of up to 100
   * values each (more take more lines), and forgets them. Writes nothing when none were put.
   */
  flush(): void;
}

interface PendingMetric {
  readonly unit: MetricUnit;
  readonly values: number[];
}

interface DirectiveMetric {
  readonly Name: string;
  readonly Unit: MetricUnit;
}

const UNITS: ReadonlySet<string> = new Set(Object.values(MetricUnit));

const writeToStdout = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function checkName(kind: string, name: unknown, option: string): string {
  if (typeof name !== 'string' || name.trim().length === 0 || name.length > MAX_NAME_LENGTH) {
    throw new InvalidOptionError(
      option,
      `must be a ${kind} of 1 to ${MAX_NAME_LENGTH} characters, not only spaces (got ${JSON.stringify(name)})`,
    );
  }
  return name;
}

function checkDimensions(
  dimensions: Readonly<Record<string, string>> | undefined,
): Readonly<Record<string, string>> {
  if (dimensions === undefined) return {};
  if (typeof dimensions !== 'object' || dimensions === null) {
    throw new InvalidOptionError('dimensions', 'must be an object of dimension names to values');
  }
  const entries = Object.entries(dimensions);
  if (entries.length > MAX_DIMENSIONS_PER_SET) {
    throw new InvalidOptionError(
      'dimensions',
      `holds ${entries.length} dimensions; a dimension set holds at most ${MAX_DIMENSIONS_PER_SET}`,
    );
  }
  for (const [key, value] of entries) {
    checkName('string', key, `dimensions key ${JSON.stringify(key)}`);
    if (key === EMF_METADATA_KEY) {
      throw new InvalidOptionError('dimensions', `cannot use the name "${EMF_METADATA_KEY}"`);
    }
    if (
      typeof value !== 'string' ||
      value.trim().length === 0 ||
      value.length > MAX_DIMENSION_VALUE_LENGTH
    ) {
      throw new InvalidOptionError(
        `dimensions.${key}`,
        `must be a string of 1 to ${MAX_DIMENSION_VALUE_LENGTH} characters, not only spaces (got ${JSON.stringify(value)})`,
      );
    }
  }
  return { ...dimensions };
}

function checkFunction(option: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new InvalidOptionError(option, 'must be a function');
  }
}

/**
 * Splits the pending metrics into lines: at most {@link MAX_METRICS_PER_DIRECTIVE} metrics per
 * line, at most {@link MAX_VALUES_PER_METRIC} values per metric and line; a metric with more
 * values continues on the next lines.
 */
function linesOf(pending: ReadonlyMap<string, PendingMetric>): Map<string, PendingMetric>[] {
  const lines: Map<string, PendingMetric>[] = [];
  for (const [name, { unit, values }] of pending) {
    // Each part of a metric goes to the first line with room after the line of its previous part.
    let index = -1;
    for (let start = 0; start < values.length; start += MAX_VALUES_PER_METRIC) {
      index += 1;
      while ((lines[index]?.size ?? 0) >= MAX_METRICS_PER_DIRECTIVE) index += 1;
      let line = lines[index];
      if (line === undefined) {
        line = new Map();
        lines[index] = line;
      }
      line.set(name, { unit, values: values.slice(start, start + MAX_VALUES_PER_METRIC) });
    }
  }
  return lines;
}

/**
 * Creates a writer of CloudWatch Embedded Metric Format (EMF) lines: `putMetric` collects
 * values, `flush` writes them as JSON lines that CloudWatch Logs turns into metrics
 * (`{"_aws":{"Timestamp":…,"CloudWatchMetrics":[{"Namespace":…,"Dimensions":[[…]],"Metrics":[…]}]},
 * "<dimension>":"…","<metric>":value}`), as Powertools' Metrics does. In Lambda, lines on stdout
 * are enough; elsewhere the CloudWatch agent (or any log shipper to CloudWatch Logs) carries them.
 * The options are checked against CloudWatch's limits at once: an invalid one throws
 * `InvalidOptionError` naming it.
 *
 * @example
 * ```ts
 * import { createEmfWriter, MetricUnit } from '@kds/metrics';
 *
 * const writer = createEmfWriter({ namespace: 'Readings', dimensions: { Stream: 'TestDataStream' } });
 * writer.putMetric('Stored', 42, MetricUnit.Count);
 * writer.putMetric('SinkLatency', 18.5, MetricUnit.Milliseconds);
 * writer.flush(); // one line on stdout
 * ```
 */
export function createEmfWriter(options: EmfWriterOptions): EmfWriter {
  const { write = writeToStdout, now = Date.now } = options;
  const namespace = checkName('string', options.namespace, 'namespace');
  const dimensions = checkDimensions(options.dimensions);
  checkFunction('write', write);
  checkFunction('now', now);
  const dimensionKeys = Object.keys(dimensions);
  let pending = new Map<string, PendingMetric>();

  const putMetric = (name: string, value: number, unit: MetricUnit): void => {
    if (typeof name !== 'string' || name.trim().length === 0 || name.length > MAX_NAME_LENGTH) {
      throw new InvalidMetricError(
        `A metric name must be 1 to ${MAX_NAME_LENGTH} characters, not only spaces (got ${JSON.stringify(name)})`,
      );
    }
    if (name === EMF_METADATA_KEY || Object.hasOwn(dimensions, name)) {
      throw new InvalidMetricError(
        `Metric "${name}" would overwrite ${name === EMF_METADATA_KEY ? 'the EMF metadata' : 'a dimension'} of the same name`,
      );
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new InvalidMetricError(
        `Metric "${name}" must have a finite number as value (got ${String(value)})`,
      );
    }
    if (!UNITS.has(unit)) {
      throw new InvalidMetricError(
        `Metric "${name}" has unit ${JSON.stringify(unit)}, which is not a CloudWatch unit (see MetricUnit)`,
      );
    }
    const metric = pending.get(name);
    if (metric === undefined) {
      pending.set(name, { unit, values: [value] });
      return;
    }
    if (metric.unit !== unit) {
      throw new InvalidMetricError(
        `Metric "${name}" was put with unit ${metric.unit} and now with ${unit}; one flush gives a metric one unit`,
      );
    }
    metric.values.push(value);
  };

  const flush = (): void => {
    if (pending.size === 0) return;
    const flushed = pending;
    // Forget the metrics first: a write that throws must not have them written twice.
    pending = new Map();
    const timestamp = now();
    for (const line of linesOf(flushed)) {
      const metrics: DirectiveMetric[] = [];
      const values: Record<string, number | number[]> = {};
      for (const [name, { unit, values: metricValues }] of line) {
        metrics.push({ Name: name, Unit: unit });
        values[name] = metricValues.length === 1 ? (metricValues[0] as number) : metricValues;
      }
      const document = {
        [EMF_METADATA_KEY]: {
          Timestamp: timestamp,
          CloudWatchMetrics: [
            { Namespace: namespace, Dimensions: [dimensionKeys], Metrics: metrics },
          ],
        },
        ...dimensions,
        ...values,
      };
      write(JSON.stringify(document));
    }
  };

  return { putMetric, flush };
}
