import type { ShardMetrics, WorkerMetrics } from '@kds/worker';
import { describe, expect, it } from 'vitest';
import { WorkerMetricName, workerMetricsToEmf, writeWorkerMetrics } from '../src/index.js';
import { collectingWriter, metricsOf } from './helpers/lines.js';

function shard(shardId: string, overrides: Partial<ShardMetrics> = {}): ShardMetrics {
  return {
    shardId,
    state: 'READING',
    millisBehindLatest: 0,
    records: 0,
    bytes: 0,
    checkpoints: 0,
    checkpoint: undefined,
    retries: 0,
    recordsFailed: 0,
    ...overrides,
  };
}

function snapshot(overrides: Partial<WorkerMetrics> = {}): WorkerMetrics {
  return {
    workerId: 'host:4242:1a2b3c4d',
    leasesHeld: 2,
    leasesTaken: 3,
    leasesStolen: 1,
    leasesLost: 1,
    leasesReleased: 0,
    records: 1_200,
    bytes: 76_800,
    checkpoints: 12,
    retries: 2,
    recordsFailed: 1,
    shards: {
      'shardId-000000000000': shard('shardId-000000000000', { millisBehindLatest: 1_500 }),
      'shardId-000000000001': shard('shardId-000000000001', { millisBehindLatest: 300 }),
    },
    ...overrides,
  };
}

describe('writeWorkerMetrics', () => {
  it('writes every figure of a snapshot with its unit, in one line', () => {
    // Prepare
    const { writer, lines } = collectingWriter();

    // Act
    writeWorkerMetrics(writer, snapshot());

    // Assess
    expect(lines).toHaveLength(1);
    expect(metricsOf(lines[0])).toEqual({
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
    });
  });

  it('writes counters as their increase since the previous snapshot, LeasesHeld as it is', () => {
    // Prepare
    const { writer, lines } = collectingWriter();
    const previous = snapshot();
    const current = snapshot({
      leasesHeld: 1,
      leasesLost: 2,
      records: 1_700,
      bytes: 108_800,
      checkpoints: 15,
    });

    // Act
    writeWorkerMetrics(writer, current, { previous });

    // Assess
    expect(metricsOf(lines[0])).toMatchObject({
      LeasesHeld: [1, 'Count'],
      LeasesTaken: [0, 'Count'],
      LeasesLost: [1, 'Count'],
      Records: [500, 'Count'],
      Bytes: [32_000, 'Bytes'],
      Checkpoints: [3, 'Count'],
      Retries: [0, 'Count'],
    });
  });

  it('writes a counter lower than in the previous snapshot as it is', () => {
    // Prepare
    const { writer, lines } = collectingWriter();

    // Act
    writeWorkerMetrics(writer, snapshot({ records: 10 }), { previous: snapshot() });

    // Assess
    expect(metricsOf(lines[0]).Records).toEqual([10, 'Count']);
  });

  it('writes the largest lag over the shards still being read, not that of an ended shard', () => {
    // Prepare
    const { writer, lines } = collectingWriter();
    const shards = {
      a: shard('a', { state: 'ENDED', millisBehindLatest: 90_000 }),
      b: shard('b', { millisBehindLatest: 4_000 }),
      c: shard('c', { millisBehindLatest: undefined }),
      d: shard('d', { state: 'SHUTTING_DOWN', millisBehindLatest: 7_000 }),
    };

    // Act
    writeWorkerMetrics(writer, snapshot({ shards }));

    // Assess
    expect(metricsOf(lines[0]).MillisBehindLatestMax).toEqual([7_000, 'Milliseconds']);
  });

  it.each([
    { name: 'no shard', shards: {} },
    {
      name: 'no shard read yet',
      shards: { a: shard('a', { state: 'WAITING_FOR_PARENTS', millisBehindLatest: undefined }) },
    },
    { name: 'only ended shards', shards: { a: shard('a', { state: 'ENDED' }) } },
  ])('leaves the lag out with $name', ({ shards }) => {
    // Prepare
    const { writer, lines } = collectingWriter();

    // Act
    writeWorkerMetrics(writer, snapshot({ shards }));

    // Assess
    expect(Object.keys(metricsOf(lines[0]))).not.toContain(WorkerMetricName.millisBehindLatestMax);
  });

  it("keeps the writer's dimensions on the line", () => {
    // Prepare
    const { writer, lines } = collectingWriter({
      dimensions: { Application: 'readings-archiver' },
    });

    // Act
    writeWorkerMetrics(writer, snapshot());

    // Assess
    expect(lines[0]).toMatchObject({ Application: 'readings-archiver', Records: 1_200 });
  });
});

describe('workerMetricsToEmf', () => {
  it('writes one line per snapshot, counters as the increase since the one before', () => {
    // Prepare
    const { writer, lines } = collectingWriter();
    const onMetrics = workerMetricsToEmf(writer);

    // Act
    onMetrics(snapshot({ records: 100, leasesStolen: 0, leasesHeld: 4 }));
    onMetrics(snapshot({ records: 250, leasesStolen: 2, leasesHeld: 5 }));
    onMetrics(snapshot({ records: 250, leasesStolen: 2, leasesHeld: 5 }));

    // Assess
    expect(lines.map((line) => metricsOf(line).Records?.[0])).toEqual([100, 150, 0]);
    expect(lines.map((line) => metricsOf(line).LeasesStolen?.[0])).toEqual([0, 2, 0]);
    expect(lines.map((line) => metricsOf(line).LeasesHeld?.[0])).toEqual([4, 5, 5]);
  });
});
