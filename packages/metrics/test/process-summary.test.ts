import type { ProcessSummary } from '@kds/consumer';
import { describe, expect, it } from 'vitest';
import { MetricUnit, writeProcessSummary } from '../src/index.js';
import { collectingWriter, metricsOf } from './helpers/lines.js';

describe('writeProcessSummary', () => {
  it('writes the counts of an invocation as one line of Count metrics', () => {
    // Prepare
    const { writer, lines } = collectingWriter({ dimensions: { FunctionName: 'readings' } });
    const summary: ProcessSummary = {
      received: 100,
      decoded: 120,
      poison: 1,
      filteredOut: 80,
      stored: 38,
      failed: 1,
      unprocessed: 3,
    };

    // Act
    writeProcessSummary(writer, summary);

    // Assess
    expect(lines).toHaveLength(1);
    expect(lines[0]?.FunctionName).toBe('readings');
    expect(metricsOf(lines[0])).toEqual({
      RecordsReceived: [100, 'Count'],
      RecordsDecoded: [120, 'Count'],
      RecordsPoison: [1, 'Count'],
      RecordsFilteredOut: [80, 'Count'],
      RecordsStored: [38, 'Count'],
      RecordsFailed: [1, 'Count'],
      RecordsUnprocessed: [3, 'Count'],
    });
  });

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
