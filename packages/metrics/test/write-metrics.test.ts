import { describe, expect, it } from 'vitest';
import { InvalidMetricError, MetricUnit, writeMetrics } from '../src/index.js';
import { collectingWriter, metricsOf } from './helpers/lines.js';

describe('writeMetrics', () => {
  it('writes each number of a record with its unit, in one line', () => {
    // Prepare
    const { writer, lines } = collectingWriter({ dimensions: { Worker: 'worker-1' } });

    // Act
    writeMetrics(
      writer,
      { LeasesHeld: 4, RecordsRead: 1_250, MillisBehindLatest: 320 },
      {
        LeasesHeld: MetricUnit.Count,
        RecordsRead: MetricUnit.Count,
        MillisBehindLatest: MetricUnit.Milliseconds,
      },
    );

    // Assess
    expect(lines).toHaveLength(1);
    expect(lines[0]?.Worker).toBe('worker-1');
    expect(metricsOf(lines[0])).toEqual({
      LeasesHeld: [4, 'Count'],
      RecordsRead: [1_250, 'Count'],
      MillisBehindLatest: [320, 'Milliseconds'],
    });
  });

  it('throws InvalidMetricError naming a key that has no unit, and writes nothing', () => {
    // Prepare
    const { writer, lines } = collectingWriter();
    const units = { LeasesHeld: MetricUnit.Count } as Record<'LeasesHeld' | 'Lag', MetricUnit>;

    // Act
    const write = () => writeMetrics(writer, { LeasesHeld: 4, Lag: 10 }, units);

    // Assess
    expect(write).toThrow(InvalidMetricError);
    expect(write).toThrow('"Lag"');
    expect(lines).toEqual([]);
  });
});
