import type { ProducerMetrics } from '@kds/producer';
import { describe, expect, it } from 'vitest';
import { producerMetricsToEmf, writeProducerMetrics } from '../src/index.js';
import { collectingWriter, metricsOf } from './helpers/lines.js';

function snapshot(overrides: Partial<ProducerMetrics> = {}): ProducerMetrics {
  return {
    recordsPut: 1_000,
    bytesPut: 64_000,
    kinesisRecordsPut: 40,
    kinesisBytesPut: 65_000,
    requests: 3,
    retries: 2,
    throttled: 1,
    expired: 0,
    failed: 0,
    possibleDuplicates: 0,
    heldBackRecords: 20,
    heldBackMs: 3_000,
    heldBackByShard: { 'shardId-000000000000': { records: 20, ms: 3_000 } },
    shardMapRefreshes: 1,
    buffered: 12,
    bufferedBytes: 768,
    waiting: 0,
    inFlight: 1,
    putLatencyMs: { count: 1_000, p50: 12, p90: 30, p99: 95, max: 140 },
    ...overrides,
  };
}

describe('writeProducerMetrics', () => {
  it('writes every field of a snapshot with its unit, in one line', () => {
    // Prepare
    const { writer, lines } = collectingWriter();

    // Act
    writeProducerMetrics(writer, snapshot());

    // Assess
    expect(lines).toHaveLength(1);
    expect(metricsOf(lines[0])).toEqual({
      RecordsPut: [1_000, 'Count'],
      BytesPut: [64_000, 'Bytes'],
      KinesisRecordsPut: [40, 'Count'],
      KinesisBytesPut: [65_000, 'Bytes'],
      Requests: [3, 'Count'],
      Retries: [2, 'Count'],
      Throttled: [1, 'Count'],
      Expired: [0, 'Count'],
      Failed: [0, 'Count'],
      PossibleDuplicates: [0, 'Count'],
      HeldBackRecords: [20, 'Count'],
      HeldBackTime: [3_000, 'Milliseconds'],
      ShardMapRefreshes: [1, 'Count'],
      Buffered: [12, 'Count'],
      BufferedBytes: [768, 'Bytes'],
      Waiting: [0, 'Count'],
      InFlight: [1, 'Count'],
      PutLatencyP50: [12, 'Milliseconds'],
      PutLatencyP90: [30, 'Milliseconds'],
      PutLatencyP99: [95, 'Milliseconds'],
      PutLatencyMax: [140, 'Milliseconds'],
    });
  });

  it('writes counters as their increase since the previous snapshot, gauges as they are', () => {
    // Prepare
    const { writer, lines } = collectingWriter();
    const previous = snapshot();
    const current = snapshot({ recordsPut: 1_500, bytesPut: 96_000, requests: 5, buffered: 3 });

    // Act
    writeProducerMetrics(writer, current, { previous });

    // Assess
    expect(metricsOf(lines[0])).toMatchObject({
      RecordsPut: [500, 'Count'],
      BytesPut: [32_000, 'Bytes'],
      Requests: [2, 'Count'],
      Throttled: [0, 'Count'],
      Buffered: [3, 'Count'],
      BufferedBytes: [768, 'Bytes'],
    });
  });

  it('writes the time the rate limit held records back since the previous snapshot', () => {
    // Prepare
    const { writer, lines } = collectingWriter();
    const previous = snapshot({ heldBackRecords: 10, heldBackMs: 1_000 });

    // Act
    writeProducerMetrics(writer, snapshot({ heldBackRecords: 40, heldBackMs: 6_000 }), {
      previous,
    });

    // Assess
    const { HeldBackRecords, HeldBackTime } = metricsOf(lines[0]);
    expect({ HeldBackRecords, HeldBackTime }).toEqual({
      HeldBackRecords: [30, 'Count'],
      HeldBackTime: [5_000, 'Milliseconds'],
    });
  });

  it('writes a counter lower than in the previous snapshot as it is', () => {
    // Prepare
    const { writer, lines } = collectingWriter();

    // Act
    writeProducerMetrics(writer, snapshot({ recordsPut: 10 }), { previous: snapshot() });

    // Assess
    expect(metricsOf(lines[0]).RecordsPut).toEqual([10, 'Count']);
  });

  it('leaves the latencies out until a put was accepted', () => {
    // Prepare
    const { writer, lines } = collectingWriter();

    // Act
    writeProducerMetrics(
      writer,
      snapshot({ putLatencyMs: { count: 0, p50: 0, p90: 0, p99: 0, max: 0 } }),
    );

    // Assess
    expect(
      Object.keys(metricsOf(lines[0])).filter((name) => name.startsWith('PutLatency')),
    ).toEqual([]);
  });
});

describe('producerMetricsToEmf', () => {
  it('writes one line per snapshot, counters as the increase since the one before', () => {
    // Prepare
    const { writer, lines } = collectingWriter();
    const onMetrics = producerMetricsToEmf(writer);

    // Act
    onMetrics(snapshot({ recordsPut: 100, throttled: 0 }));
    onMetrics(snapshot({ recordsPut: 250, throttled: 4 }));
    onMetrics(snapshot({ recordsPut: 250, throttled: 4 }));

    // Assess
    expect(lines.map((line) => metricsOf(line).RecordsPut?.[0])).toEqual([100, 150, 0]);
    expect(lines.map((line) => metricsOf(line).Throttled?.[0])).toEqual([0, 4, 0]);
  });
});
