import { describe, expect, it } from 'vitest';
import type { BatchObservation, TriggerShardState } from '../src/ui/observer.js';
import { createSnapshotModel, MAX_WINDOWS_KEPT } from '../src/ui/snapshot-model.js';

const RUN = {
  streamName: 'TestDataStream',
  tableName: 'TestTable',
  minTemperature: 35,
  consumer: 'trigger',
  target: 'test',
} as const;
const SHARD_0 = 'shardId-000000000000';
const SHARD_1 = 'shardId-000000000001';
const SHARD_2 = 'shardId-000000000002';

const batch = (overrides: Partial<BatchObservation> = {}): BatchObservation => ({
  shardId: SHARD_0,
  records: 10,
  iteratorAgeMs: 120,
  failures: 0,
  retry: false,
  filteredOut: 7,
  stored: 3,
  lastSequenceNumber: '10',
  ...overrides,
});

function startedModel(states: Record<string, TriggerShardState> = {}) {
  const model = createSnapshotModel({ tickMs: 250, seriesPoints: 4 });
  model.runStarted(RUN);
  model.consumerAttached({ kind: 'trigger', shardStates: () => states });
  return model;
}

describe('the live view snapshot model', () => {
  it('turns readings per tick into writes per second per shard, and keeps only the last points', () => {
    // Prepare
    const model = startedModel();

    // Act: 1, 2, 3, 4, 5 readings in five ticks of 250 ms.
    for (let tick = 1; tick <= 5; tick += 1) {
      for (let i = 0; i < tick; i += 1) {
        model.readingAccepted(
          { Timestamp: tick * 10 + i, Spot: 'A', Temperature: 20 },
          SHARD_0,
          `${tick}${i}`,
        );
      }
      model.tick();
    }

    // Assess
    const snapshot = model.snapshot();
    expect(snapshot.sent).toBe(15);
    expect(snapshot.sentPerSecond).toEqual([8, 12, 16, 20]);
    expect(snapshot.shards[0]).toMatchObject({
      shardId: SHARD_0,
      writes: 15,
      writesPerSecond: [8, 12, 16, 20],
    });
  });

  it('shows each Spot’s newest reading, whatever order the puts resolved in, and marks it hot at the threshold', () => {
    // Prepare
    const model = startedModel();

    // Act
    model.readingAccepted({ Timestamp: 20, Spot: 'Q', Temperature: 35 }, SHARD_0, '2');
    model.readingAccepted({ Timestamp: 10, Spot: 'Q', Temperature: 12 }, SHARD_0, '1');
    model.readingAccepted({ Timestamp: 30, Spot: 'B', Temperature: 34 }, SHARD_1, '3');

    // Assess
    const spots = Object.fromEntries(model.snapshot().spots.map((spot) => [spot.spot, spot]));
    expect(spots.Q).toEqual({ spot: 'Q', temperature: 35, hot: true, readings: 2, matching: 1 });
    expect(spots.B).toEqual({ spot: 'B', temperature: 34, hot: false, readings: 1, matching: 0 });
    expect(spots.A).toEqual({ spot: 'A', temperature: null, hot: false, readings: 0, matching: 0 });
    expect(
      model
        .snapshot()
        .spots.map((spot) => spot.spot)
        .join(''),
    ).toBe('ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    expect(model.snapshot().matching).toBe(1);
  });

  it('shows a reshard: parents closed (read to their end once the trigger ended them), the child waiting, then open', () => {
    // Prepare
    const states: Record<string, TriggerShardState> = {
      [SHARD_0]: 'READING',
      [SHARD_1]: 'ENDED',
      [SHARD_2]: 'WAITING',
    };
    const model = startedModel(states);

    // Act
    model.shardsListed([
      { shardId: SHARD_0, parentShardIds: [], open: false },
      { shardId: SHARD_1, parentShardIds: [], open: false },
      { shardId: SHARD_2, parentShardIds: [SHARD_0, SHARD_1], open: true },
    ]);
    const during = model.snapshot().shards;
    states[SHARD_0] = 'ENDED';
    states[SHARD_2] = 'READING';
    const after = model.snapshot().shards;

    // Assess
    expect(during.map(({ state, drained }) => [state, drained])).toEqual([
      ['closed', false],
      ['closed', true],
      ['waiting', false],
    ]);
    expect(during[2]?.parentShardIds).toEqual([SHARD_0, SHARD_1]);
    expect(after.map(({ state, drained }) => [state, drained])).toEqual([
      ['closed', true],
      ['closed', true],
      ['open', false],
    ]);
  });

  it('counts the consumer’s batches, sizes, failures, retries and filtered readings, and its rates per tick', () => {
    // Prepare
    const model = startedModel();

    // Act
    model.batchHandled(batch({ records: 1 }));
    model.batchHandled(batch({ records: 100, failures: 2, lastSequenceNumber: '20' }));
    model.batchHandled(batch({ records: 60, retry: true, lastSequenceNumber: '30' }));
    model.tick();

    // Assess
    expect(model.snapshot().consumer).toMatchObject({
      kind: 'trigger',
      batches: 3,
      records: 161,
      failures: 2,
      retries: 1,
      filteredOut: 21,
      stored: 9,
      batchesPerSecond: [12],
      recordsPerSecond: [644],
      // Buckets from 1, 2, 5, 10, 25, 50, 100, 500 records.
      batchSizes: [1, 0, 0, 0, 0, 1, 1, 0],
    });
  });

  it('shows a shard’s lag from its batches, 0 once the consumer has every reading put, and the last lag while behind', () => {
    // Prepare
    const model = startedModel();
    model.readingAccepted({ Timestamp: 1, Spot: 'A', Temperature: 20 }, SHARD_0, '10');
    model.readingAccepted({ Timestamp: 2, Spot: 'A', Temperature: 20 }, SHARD_1, '11');

    // Act
    model.batchHandled(batch({ shardId: SHARD_0, iteratorAgeMs: 300, lastSequenceNumber: '10' }));
    model.batchHandled(batch({ shardId: SHARD_1, iteratorAgeMs: 900, lastSequenceNumber: '5' }));
    model.tick();
    model.tick();

    // Assess: shard 0 is caught up, shard 1 still behind.
    const [zero, one] = model.snapshot().shards;
    expect(zero?.lagMs).toEqual([300, 0]);
    expect(one?.lagMs).toEqual([900, 900]);
  });

  it('takes the workers’ leases, lag and figures from their reports and the lease table', () => {
    // Prepare
    const model = createSnapshotModel({ tickMs: 500 });
    model.runStarted({ ...RUN, consumer: 'worker' });
    model.consumerAttached({ kind: 'worker', leases: async () => [] });

    // Act
    model.leasesRead([
      { shardId: SHARD_0, owner: undefined, checkpoint: 'SHARD_END', parentShardIds: [] },
      {
        shardId: SHARD_2,
        owner: 'host:1:1',
        checkpoint: 'TRIM_HORIZON',
        parentShardIds: [SHARD_0],
      },
    ]);
    model.workerReported({
      workerId: 'host:1:1',
      leases: [SHARD_2],
      records: 40,
      checkpoints: 4,
      retries: 1,
      recordsFailed: 0,
      millisBehindLatest: { [SHARD_2]: 1_500 },
    });
    model.readingAccepted({ Timestamp: 1, Spot: 'A', Temperature: 20 }, SHARD_2, '7');
    model.tick();
    model.leasesRead([
      { shardId: SHARD_2, owner: 'host:1:1', checkpoint: '7', parentShardIds: [SHARD_0] },
    ]);
    model.tick();

    // Assess
    const snapshot = model.snapshot();
    expect(
      snapshot.shards.map(({ shardId, state, drained, owner }) => ({
        shardId,
        state,
        drained,
        owner,
      })),
    ).toEqual([
      { shardId: SHARD_0, state: 'closed', drained: true, owner: undefined },
      { shardId: SHARD_2, state: 'open', drained: false, owner: 'host:1:1' },
    ]);
    // Behind by 1.5 s, then 0 once the lease table's checkpoint covers the reading put.
    expect(snapshot.shards[1]?.lagMs).toEqual([1_500, 0]);
    expect(snapshot.shards[0]?.lagMs).toEqual([0, 0]);
    expect(snapshot.consumer).toMatchObject({
      kind: 'worker',
      batches: 4,
      records: 40,
      retries: 1,
      filteredOut: null,
      stored: null,
      batchesPerSecond: [8, 0],
      // 4 batches of 40 records: counted at their mean size, 10.
      batchSizes: [0, 0, 0, 4, 0, 0, 0, 0],
      workers: [{ workerId: 'host:1:1', leases: [SHARD_2], records: 40, batches: 4, retries: 1 }],
    });
  });

  it('keeps the newest window aggregates first, up to a bound', () => {
    // Prepare
    const model = startedModel();

    // Act
    for (let i = 0; i < MAX_WINDOWS_KEPT + 5; i += 1) {
      model.windowClosed({
        spot: 'A',
        windowStart: i * 1_000,
        windowEnd: (i + 1) * 1_000,
        count: 2,
        minTemperature: 20,
        maxTemperature: 30,
        meanTemperature: 25,
      });
    }

    // Assess
    const { windows } = model.snapshot();
    expect(windows).toHaveLength(MAX_WINDOWS_KEPT);
    expect(windows[0]?.windowStart).toBe((MAX_WINDOWS_KEPT + 4) * 1_000);
  });

  it('ends finished with the table’s count, or failed with the error', () => {
    // Prepare
    const finished = startedModel();
    const failed = startedModel();

    // Act
    finished.runFinished({ stored: 12 });
    failed.runFinished({ stored: null, error: 'ResourceNotFoundException: no table' });

    // Assess
    expect(finished.snapshot()).toMatchObject({
      stage: 'finished',
      storedInTable: 12,
      error: undefined,
    });
    expect(failed.snapshot()).toMatchObject({
      stage: 'failed',
      storedInTable: null,
      error: 'ResourceNotFoundException: no table',
    });
  });
});
