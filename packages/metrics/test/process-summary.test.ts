import { describe, expect, it } from 'vitest';
import { MetricUnit, writeProcessSummary } from '../src/index.js';
import { collectingWriter, metricsOf } from './helpers/lines.js';

// What every writer does: writers.test.ts.
describe('writeProcessSummary', () => {
  it('writes the metrics put before it in the same line', () => {
    // Prepare
    const { writer, lines } = collectingWriter();
    writer.putMetric('BatchItemFailures', 1, MetricUnit.Count);

    // Act
    writeProcessSummary(writer, {
      received: 1,
      decoded: 0,
      poison: 1,
      filteredOut: 0,
      stored: 0,
      failed: 0,
      unprocessed: 0,
    });

    // Assess
    expect(lines).toHaveLength(1);
    expect(metricsOf(lines[0]).BatchItemFailures).toEqual([1, 'Count']);
  });
});
