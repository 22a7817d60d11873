import { timestampsBySpot } from '@kds/test-support/readings';
import { describe, expect, it } from 'vitest';
import {
  InvalidShardCountError,
  listShards,
  ReshardMethod,
  reshard,
  ShardState,
} from '../src/index.js';
import { kinesisEmulator } from './helpers/emulator.js';
import { runReshardScenario } from './helpers/readings.js';

describe('reshard on kinesalite', () => {
  const { client, stream } = kinesisEmulator();

  it.each([
    [2, 1, ['shardId-000000000002']],
    [1, 2, ['shardId-000000000001', 'shardId-000000000002']],
    [2, 3, ['shardId-000000000002', 'shardId-000000000006', 'shardId-000000000005']],
  ])('goes from %i to %i even shards with SplitShard and MergeShards', async (from, to, after) => {
    // Prepare
    const { streamName } = await stream(from);

    // Act
    const result = await reshard(client, streamName, to);

    // Assess
    expect(result).toMatchObject({ fromShardCount: from, toShardCount: to });
    expect(result.method).toBe(ReshardMethod.SplitAndMerge);
    expect(result.shardsAfter).toEqual(after);
    const open = (await listShards(client, streamName)).filter(
      (shard) => shard.SequenceNumberRange?.EndingSequenceNumber === undefined,
    );
    const widths = open.map(
      (shard) =>
        BigInt(shard.HashKeyRange?.EndingHashKey ?? 0) -
        BigInt(shard.HashKeyRange?.StartingHashKey ?? 0),
    );
    const sorted = [...widths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    // An even split: the widest and narrowest shard differ by one hash key at most.
    expect((sorted.at(-1) ?? 0n) - (sorted[0] ?? 0n) <= 1n).toBe(true);
  });

  it.each([
    [2, 5, /at most double the open shards per call \(at most 4\)/],
    [4, 1, /at least half the open shards per call \(at least 2\)/],
    [2, 0, /positive integer/],
  ])('refuses %i to %i shards with InvalidShardCountError', async (from, to, message) => {
    // Prepare
    const { streamName } = await stream(from);

    // Act
    const resharding = reshard(client, streamName, to);

    // Assess
    await expect(resharding).rejects.toBeInstanceOf(InvalidShardCountError);
    await expect(resharding).rejects.toThrow(message);
    expect(await listShards(client, streamName)).toHaveLength(from);
  });

  it('carries 10,000 readings through 2 → 1 → 2 shards: each exactly once, in order per Spot', async () => {
    // Prepare
    const { streamName } = await stream(2);

    // Act
    const scenario = await runReshardScenario(client, streamName, { count: 10_000, steps: [1, 2] });

    // Assess
    expect(scenario.reshards.map((r) => [r.fromShardCount, r.toShardCount])).toEqual([
      [2, 1],
      [1, 2],
    ]);
    expect(scenario.shardsWritten.size).toBeGreaterThanOrEqual(4);
    expect(scenario.handled).toHaveLength(scenario.sent.length);
    expect(new Set(scenario.handled.map((r) => r.Timestamp))).toEqual(
      new Set(scenario.sent.map((r) => r.Timestamp)),
    );
    for (const [spot, timestamps] of timestampsBySpot(scenario.handled)) {
      const sorted = [...timestamps].sort((a, b) => a - b);
      expect(timestamps, `Spot ${spot}`).toEqual(sorted);
    }
    expect(scenario.trigger).toMatchObject({
      'shardId-000000000000': ShardState.Ended,
      'shardId-000000000001': ShardState.Ended,
      'shardId-000000000002': ShardState.Ended,
      'shardId-000000000003': ShardState.Reading,
      'shardId-000000000004': ShardState.Reading,
    });
  });
});
