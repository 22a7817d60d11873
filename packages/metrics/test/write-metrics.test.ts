import { describe, expect, it } from 'vitest';
import { InvalidMetricError, MetricUnit, writeMetrics } from '../src/index.js';
import { collectingWriter } from './helpers/lines.js';

// What every writer does: writers.test.ts.
describe('writeMetrics', () => {
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
