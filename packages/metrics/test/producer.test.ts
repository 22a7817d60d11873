import { describe, expect, it } from 'vitest';
import { writeProducerMetrics } from '../src/index.js';
import { collectingWriter, metricsOf } from './helpers/lines.js';
import { producerSnapshot } from './helpers/snapshots.js';

// What every writer does, and the counters against the previous snapshot: writers.test.ts.
describe('writeProducerMetrics', () => {
  it('leaves the latencies out until a put was accepted', () => {
    // Prepare
    const { writer, lines } = collectingWriter();

    // Act
    writeProducerMetrics(
      writer,
      producerSnapshot({ putLatencyMs: { count: 0, p50: 0, p90: 0, p99: 0, max: 0 } }),
    );

    // Assess
    expect(
      Object.keys(metricsOf(lines[0])).filter((name) => name.startsWith('PutLatency')),
    ).toEqual([]);
  });
});
