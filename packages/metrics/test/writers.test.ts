import type { ProcessSummary } from '@kds/consumer';
import { describe, expect, it } from 'vitest';
import {
  type EmfWriter,
  MetricUnit,
  producerMetricsToEmf,
  workerMetricsToEmf,
  writeMetrics,
  writeProcessSummary,
  writeProducerMetrics,
  writeWorkerMetrics,
} from '../src/index.js';
import { collectingWriter, metricsOf } from './helpers/lines.js';
import { producerSnapshot, workerSnapshot } from './helpers/snapshots.js';

const summary: ProcessSummary = {
  received: 100,
  decoded: 120,
  poison: 1,
  filteredOut: 80,
  stored: 38,
  failed: 1,
  unprocessed: 3,
};

/** A call of a writer, and the metrics of the line it writes: value and unit. */
interface Written {
  readonly dimensions?: Record<string, string>;
  readonly write: (writer: EmfWriter) => void;
  readonly metrics: Record<string, [number, string]>;
}

/** Snapshots handed to a hook, and the values of some metrics, line by line. */
interface Received {
  readonly receive: (writer: EmfWriter) => void;
  readonly written: Record<string, number[]>;
}

describe('every writer', () => {
  it.each<[string, Written]>([
    [
      'writeProcessSummary writes the counts of an invocation, all Count',
      {
        dimensions: { FunctionName: 'readings' },
        write: (writer) => writeProcessSummary(writer, summary),
        metrics: {
          RecordsReceived: [100, 'Count'],
          RecordsDecoded: [120, 'Count'],
          RecordsPoison: [1, 'Count'],
          RecordsFilteredOut: [80, 'Count'],
          RecordsStored: [38, 'Count'],
          RecordsFailed: [1, 'Count'],
          RecordsUnprocessed: [3, 'Count'],
        },
      },
    ],
    [
      'writeMetrics writes each number of a record with its unit',
      {
        dimensions: { Worker: 'worker-1' },
        write: (writer) =>
          writeMetrics(
            writer,
            { LeasesHeld: 4, RecordsRead: 1_250, MillisBehindLatest: 320 },
            {
              LeasesHeld: MetricUnit.Count,
              RecordsRead: MetricUnit.Count,
              MillisBehindLatest: MetricUnit.Milliseconds,
            },
          ),
        metrics: {
          LeasesHeld: [4, 'Count'],
          RecordsRead: [1_250, 'Count'],
          MillisBehindLatest: [320, 'Milliseconds'],
        },
      },
    ],
    [
      'writeProducerMetrics writes every field of a snapshot with its unit',
      {
        write: (writer) => writeProducerMetrics(writer, producerSnapshot()),
        metrics: {
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
        },
      },
    ],
    [
      'writeWorkerMetrics writes every figure of a snapshot with its unit',
      {
        write: (writer) => writeWorkerMetrics(writer, workerSnapshot()),
        metrics: {
          LeasesTaken: [3, 'Count'],
          LeasesStolen: [1, 'Count'],
          LeasesLost: [1, 'Count'],
          LeasesReleased: [0, 'Count'],
          Records: [1_200, 'Count'],
          Bytes: [76_800, 'Bytes'],
          Checkpoints: [12, 'Count'],
          Retries: [2, 'Count'],
          RecordsFailed: [1, 'Count'],
          LeasesHeld: [2, 'Count'],
          MillisBehindLatestMax: [1_500, 'Milliseconds'],
        },
      },
    ],
  ])('%s, in one line', (_name, { dimensions = {}, write, metrics }) => {
    // Prepare
    const { writer, lines } = collectingWriter({ dimensions });

    // Act
    write(writer);

    // Assess
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject(dimensions);
    expect(metricsOf(lines[0])).toEqual(metrics);
  });
});

describe('writeProducerMetrics and writeWorkerMetrics, given the previous snapshot', () => {
  it.each<[string, Written]>([
    [
      "a producer's counters as their increase since it, its gauges as they are",
      {
        write: (writer) =>
          writeProducerMetrics(
            writer,
            producerSnapshot({ recordsPut: 1_500, bytesPut: 96_000, requests: 5, buffered: 3 }),
            { previous: producerSnapshot() },
          ),
        metrics: {
          RecordsPut: [500, 'Count'],
          BytesPut: [32_000, 'Bytes'],
          Requests: [2, 'Count'],
          Throttled: [0, 'Count'],
          Buffered: [3, 'Count'],
          BufferedBytes: [768, 'Bytes'],
        },
      },
    ],
    [
      'the time the rate limit held records back since it',
      {
        write: (writer) =>
          writeProducerMetrics(
            writer,
            producerSnapshot({ heldBackRecords: 40, heldBackMs: 6_000 }),
            {
              previous: producerSnapshot({ heldBackRecords: 10, heldBackMs: 1_000 }),
            },
          ),
        metrics: { HeldBackRecords: [30, 'Count'], HeldBackTime: [5_000, 'Milliseconds'] },
      },
    ],
    [
      "a worker's counters as their increase since it, LeasesHeld as it is",
      {
        write: (writer) =>
          writeWorkerMetrics(
            writer,
            workerSnapshot({
              leasesHeld: 1,
              leasesLost: 2,
              records: 1_700,
              bytes: 108_800,
              checkpoints: 15,
            }),
            { previous: workerSnapshot() },
          ),
        metrics: {
          LeasesHeld: [1, 'Count'],
          LeasesTaken: [0, 'Count'],
          LeasesLost: [1, 'Count'],
          Records: [500, 'Count'],
          Bytes: [32_000, 'Bytes'],
          Checkpoints: [3, 'Count'],
          Retries: [0, 'Count'],
        },
      },
    ],
    [
      "a producer's counter lower than in it as it is",
      {
        write: (writer) =>
          writeProducerMetrics(writer, producerSnapshot({ recordsPut: 10 }), {
            previous: producerSnapshot(),
          }),
        metrics: { RecordsPut: [10, 'Count'] },
      },
    ],
    [
      "a worker's counter lower than in it as it is",
      {
        write: (writer) =>
          writeWorkerMetrics(writer, workerSnapshot({ records: 10 }), {
            previous: workerSnapshot(),
          }),
        metrics: { Records: [10, 'Count'] },
      },
    ],
  ])('writes %s', (_name, { write, metrics }) => {
    // Prepare
    const { writer, lines } = collectingWriter();

    // Act
    write(writer);

    // Assess
    expect(metricsOf(lines[0])).toMatchObject(metrics);
  });
});

describe('producerMetricsToEmf and workerMetricsToEmf', () => {
  it.each<[string, Received]>([
    [
      'producerMetricsToEmf',
      {
        receive: (writer) => {
          const onMetrics = producerMetricsToEmf(writer);
          onMetrics(producerSnapshot({ recordsPut: 100, throttled: 0 }));
          onMetrics(producerSnapshot({ recordsPut: 250, throttled: 4 }));
          onMetrics(producerSnapshot({ recordsPut: 250, throttled: 4 }));
        },
        written: { RecordsPut: [100, 150, 0], Throttled: [0, 4, 0] },
      },
    ],
    [
      'workerMetricsToEmf',
      {
        receive: (writer) => {
          const onMetrics = workerMetricsToEmf(writer);
          onMetrics(workerSnapshot({ records: 100, leasesStolen: 0, leasesHeld: 4 }));
          onMetrics(workerSnapshot({ records: 250, leasesStolen: 2, leasesHeld: 5 }));
          onMetrics(workerSnapshot({ records: 250, leasesStolen: 2, leasesHeld: 5 }));
        },
        written: { Records: [100, 150, 0], LeasesStolen: [0, 2, 0], LeasesHeld: [4, 5, 5] },
      },
    ],
  ])(
    '%s writes one line per snapshot, counters as the increase since the one before',
    (_name, { receive, written }) => {
      // Prepare
      const { writer, lines } = collectingWriter();

      // Act
      receive(writer);

      // Assess
      for (const [name, values] of Object.entries(written)) {
        expect(lines.map((line) => metricsOf(line)[name]?.[0])).toEqual(values);
      }
    },
  );
});
