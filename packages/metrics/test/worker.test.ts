import { describe, expect, it } from 'vitest';
import { WorkerMetricName, writeWorkerMetrics } from '../src/index.js';
import { collectingWriter, metricsOf } from './helpers/lines.js';
import { shard, workerSnapshot } from './helpers/snapshots.js';

// What every writer does, and the counters against the previous snapshot: writers.test.ts.
describe('writeWorkerMetrics', () => {
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
    writeWorkerMetrics(writer, workerSnapshot({ shards }));

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
    writeWorkerMetrics(writer, workerSnapshot({ shards }));

    // Assess
    expect(Object.keys(metricsOf(lines[0]))).not.toContain(WorkerMetricName.millisBehindLatestMax);
  });

  it("keeps the writer's dimensions on the line", () => {
    // Prepare
    const { writer, lines } = collectingWriter({
      dimensions: { Application: 'readings-archiver' },
    });

    // Act
    writeWorkerMetrics(writer, workerSnapshot());

    // Assess
    expect(lines[0]).toMatchObject({ Application: 'readings-archiver', Records: 1_200 });
  });
});
