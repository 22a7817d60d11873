import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createEmfWriter,
  InvalidMetricError,
  InvalidOptionError,
  MAX_DIMENSIONS_PER_SET,
  MAX_METRICS_PER_DIRECTIVE,
  MAX_VALUES_PER_METRIC,
  MetricUnit,
} from '../src/index.js';
import { collectingWriter, directiveOf, metricsOf, NOW } from './helpers/lines.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('createEmfWriter', () => {
  it('writes one EMF line per flush: metadata, dimensions, then the metric values', () => {
    // Prepare
    const { writer, raw } = collectingWriter({
      dimensions: { Stream: 'TestDataStream', Function: 'readings' },
    });

    // Act
    writer.putMetric('Stored', 42, MetricUnit.Count);
    writer.putMetric('SinkLatency', 18.5, MetricUnit.Milliseconds);
    writer.flush();

    // Assess
    expect(raw).toEqual([
      JSON.stringify({
        _aws: {
          Timestamp: NOW,
          CloudWatchMetrics: [
            {
              Namespace: 'Readings',
              Dimensions: [['Stream', 'Function']],
              Metrics: [
                { Name: 'Stored', Unit: 'Count' },
                { Name: 'SinkLatency', Unit: 'Milliseconds' },
              ],
            },
          ],
        },
        Stream: 'TestDataStream',
        Function: 'readings',
        Stored: 42,
        SinkLatency: 18.5,
      }),
    ]);
  });

  it('writes an empty dimension set when it has no dimensions', () => {
    // Prepare
    const { writer, lines } = collectingWriter();

    // Act
    writer.putMetric('Stored', 1, MetricUnit.Count);
    writer.flush();

    // Assess
    expect(directiveOf(lines[0]).Dimensions).toEqual([[]]);
  });

  it('writes nothing when no metric was put, and forgets the metrics it flushed', () => {
    // Prepare
    const { writer, lines } = collectingWriter();

    // Act
    writer.flush();
    writer.putMetric('Stored', 1, MetricUnit.Count);
    writer.flush();
    writer.flush();

    // Assess
    expect(lines).toHaveLength(1);
  });

  it('writes every value of a metric put several times, as an array', () => {
    // Prepare
    const { writer, lines } = collectingWriter();

    // Act
    writer.putMetric('BatchSize', 3, MetricUnit.Count);
    writer.putMetric('BatchSize', 5, MetricUnit.Count);
    writer.flush();

    // Assess
    expect(metricsOf(lines[0])).toEqual({ BatchSize: [[3, 5], 'Count'] });
  });

  it(`splits more than ${MAX_METRICS_PER_DIRECTIVE} metrics over several lines`, () => {
    // Prepare
    const { writer, lines } = collectingWriter({ dimensions: { Stream: 'TestDataStream' } });
    const count = 2 * MAX_METRICS_PER_DIRECTIVE + 1;

    // Act
    for (let i = 0; i < count; i += 1) writer.putMetric(`M${i}`, i, MetricUnit.Count);
    writer.flush();

    // Assess
    expect(lines.map((line) => directiveOf(line).Metrics.length)).toEqual([100, 100, 1]);
    const all = Object.assign({}, ...lines.map(metricsOf));
    expect(Object.keys(all)).toHaveLength(count);
    expect(all.M150).toEqual([150, 'Count']);
    expect(lines.every((line) => line.Stream === 'TestDataStream')).toBe(true);
    expect(lines.every((line) => (line._aws as { Timestamp: number }).Timestamp === NOW)).toBe(
      true,
    );
  });

  it(`spreads more than ${MAX_VALUES_PER_METRIC} values of one metric over several lines`, () => {
    // Prepare
    const { writer, lines } = collectingWriter();

    // Act
    for (let i = 0; i < MAX_VALUES_PER_METRIC + 5; i += 1) {
      writer.putMetric('Lag', i, MetricUnit.Milliseconds);
    }
    writer.putMetric('Stored', 1, MetricUnit.Count);
    writer.flush();

    // Assess
    expect(lines).toHaveLength(2);
    const [first, second] = lines.map(metricsOf);
    expect(first?.Lag?.[0]).toHaveLength(MAX_VALUES_PER_METRIC);
    expect(first?.Stored).toEqual([1, 'Count']);
    expect(second).toEqual({ Lag: [[100, 101, 102, 103, 104], 'Milliseconds'] });
  });

  it('keeps every value when a full line pushes a long metric further down', () => {
    // Prepare
    const { writer, lines } = collectingWriter();
    for (let i = 0; i < MAX_METRICS_PER_DIRECTIVE; i += 1) {
      writer.putMetric(`M${i}`, i, MetricUnit.Count);
    }
    const lags = Array.from({ length: MAX_VALUES_PER_METRIC + 50 }, (_, i) => i);

    // Act
    for (const lag of lags) writer.putMetric('Lag', lag, MetricUnit.Milliseconds);
    writer.flush();

    // Assess
    expect(lines.map((line) => directiveOf(line).Metrics.length)).toEqual([100, 1, 1]);
    const written = lines.flatMap((line) => (line.Lag === undefined ? [] : [line.Lag]));
    expect(written.flat()).toEqual(lags);
  });

  it('writes to stdout, one line each, by default', () => {
    // Prepare
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const writer = createEmfWriter({ namespace: 'Readings', now: () => NOW });

    // Act
    writer.putMetric('Stored', 7, MetricUnit.Count);
    writer.flush();

    // Assess
    expect(written).toHaveLength(1);
    expect(written[0]?.endsWith('}\n')).toBe(true);
    expect(metricsOf(JSON.parse(written[0] ?? ''))).toEqual({ Stored: [7, 'Count'] });
  });

  it('does not write a flushed metric again after its write threw', () => {
    // Prepare
    const lines: string[] = [];
    let fail = true;
    const writer = createEmfWriter({
      namespace: 'Readings',
      write: (line) => {
        if (fail) throw new Error('closed');
        lines.push(line);
      },
    });
    writer.putMetric('Stored', 1, MetricUnit.Count);

    // Act
    expect(() => writer.flush()).toThrow('closed');
    fail = false;
    writer.putMetric('Stored', 2, MetricUnit.Count);
    writer.flush();

    // Assess
    expect(lines.map((line) => metricsOf(JSON.parse(line)))).toEqual([{ Stored: [2, 'Count'] }]);
  });

  describe('refuses what CloudWatch would refuse', () => {
    it.each([
      { name: 'an empty namespace', options: { namespace: '' }, option: 'namespace' },
      { name: 'a namespace of spaces', options: { namespace: '  ' }, option: 'namespace' },
      {
        name: 'a 256-character namespace',
        options: { namespace: 'n'.repeat(256) },
        option: 'namespace',
      },
      {
        name: `more than ${MAX_DIMENSIONS_PER_SET} dimensions`,
        options: {
          namespace: 'Readings',
          dimensions: Object.fromEntries(
            Array.from({ length: MAX_DIMENSIONS_PER_SET + 1 }, (_, i) => [`D${i}`, 'v']),
          ),
        },
        option: 'dimensions',
      },
      {
        name: 'an empty dimension value',
        options: { namespace: 'Readings', dimensions: { Stream: '' } },
        option: 'dimensions.Stream',
      },
      {
        name: 'a dimension named _aws',
        options: { namespace: 'Readings', dimensions: { _aws: 'x' } },
        option: 'dimensions',
      },
      {
        name: 'a write that is not a function',
        options: { namespace: 'Readings', write: 'stdout' as unknown as () => void },
        option: 'write',
      },
    ])('throws InvalidOptionError naming the option for $name', ({ options, option }) => {
      // Act
      const create = () => createEmfWriter(options);

      // Assess
      expect(create).toThrow(InvalidOptionError);
      expect(create).toThrow(option);
    });

    it(`accepts exactly ${MAX_DIMENSIONS_PER_SET} dimensions`, () => {
      // Prepare
      const dimensions = Object.fromEntries(
        Array.from({ length: MAX_DIMENSIONS_PER_SET }, (_, i) => [`D${i}`, 'v']),
      );
      const { writer, lines } = collectingWriter({ dimensions });

      // Act
      writer.putMetric('Stored', 1, MetricUnit.Count);
      writer.flush();

      // Assess
      expect(directiveOf(lines[0]).Dimensions[0]).toHaveLength(MAX_DIMENSIONS_PER_SET);
    });

    it.each([
      { name: 'an empty name', args: ['', 1, MetricUnit.Count] },
      { name: 'a 256-character name', args: ['m'.repeat(256), 1, MetricUnit.Count] },
      { name: 'the name of a dimension', args: ['Stream', 1, MetricUnit.Count] },
      { name: 'the metadata key', args: ['_aws', 1, MetricUnit.Count] },
      { name: 'NaN', args: ['Lag', Number.NaN, MetricUnit.Count] },
      { name: 'Infinity', args: ['Lag', Number.POSITIVE_INFINITY, MetricUnit.Count] },
      { name: 'a unit CloudWatch does not know', args: ['Lag', 1, 'Hours'] },
    ] as const)('throws InvalidMetricError for $name and keeps the other metrics', ({ args }) => {
      // Prepare
      const { writer, lines } = collectingWriter({ dimensions: { Stream: 'TestDataStream' } });
      writer.putMetric('Stored', 1, MetricUnit.Count);

      // Act
      const put = () => writer.putMetric(args[0], args[1], args[2] as MetricUnit);

      // Assess
      expect(put).toThrow(InvalidMetricError);
      writer.flush();
      expect(metricsOf(lines[0])).toEqual({ Stored: [1, 'Count'] });
    });

    it('throws InvalidMetricError for a metric put again with another unit', () => {
      // Prepare
      const { writer } = collectingWriter();
      writer.putMetric('Lag', 1, MetricUnit.Milliseconds);

      // Act
      const put = () => writer.putMetric('Lag', 1, MetricUnit.Seconds);

      // Assess
      expect(put).toThrow(InvalidMetricError);
      expect(put).toThrow('Milliseconds');
    });
  });
});
