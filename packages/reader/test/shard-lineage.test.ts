import { describe, expect, it } from 'vitest';
import {
  closedShardsSkippedAtLatest,
  type LineageShard,
  parentShardIds,
  readableShards,
} from '../src/index.js';

const OPEN = { StartingSequenceNumber: '1' };
const CLOSED = { StartingSequenceNumber: '1', EndingSequenceNumber: '9' };

// P split into A and B; A merged with B into M; Q is an unrelated open shard.
const lineage: LineageShard[] = [
  { ShardId: 'P', SequenceNumberRange: CLOSED },
  { ShardId: 'A', ParentShardId: 'P', SequenceNumberRange: CLOSED },
  { ShardId: 'B', ParentShardId: 'P', SequenceNumberRange: CLOSED },
  { ShardId: 'M', ParentShardId: 'A', AdjacentParentShardId: 'B', SequenceNumberRange: OPEN },
  { ShardId: 'Q', SequenceNumberRange: OPEN },
];

const ids = (shards: readonly LineageShard[]): (string | undefined)[] =>
  shards.map((shard) => shard.ShardId);

describe('parentShardIds', () => {
  it('lists the parent and the adjacent parent, skipping absent and empty ones', () => {
    expect(
      parentShardIds({ ShardId: 'M', ParentShardId: 'A', AdjacentParentShardId: 'B' }),
    ).toEqual(['A', 'B']);
    expect(parentShardIds({ ShardId: 'A', ParentShardId: 'P' })).toEqual(['P']);
    expect(parentShardIds({ ShardId: 'Q', ParentShardId: '' })).toEqual([]);
  });
});

describe('readableShards', () => {
  const listed = new Set(ids(lineage));

  it.each([
    { done: [], readable: ['P', 'Q'] },
    { done: ['P'], readable: ['A', 'B', 'Q'] },
    { done: ['P', 'A'], readable: ['B', 'Q'] },
    { done: ['P', 'A', 'B'], readable: ['M', 'Q'] },
    { done: ['P', 'A', 'B', 'M', 'Q'], readable: [] },
  ])('with $done done, reads $readable', ({ done, readable }) => {
    // Act
    const ready = readableShards(
      lineage,
      (shardId) => done.includes(shardId) || !listed.has(shardId),
    );

    // Assess
    expect(ids(ready)).toEqual(readable);
  });

  it('reads the children of a parent that is no longer listed (trimmed)', () => {
    // Prepare
    const trimmed = lineage.filter((shard) => shard.ShardId !== 'P');
    const known = new Set(ids(trimmed));

    // Act
    const ready = readableShards(trimmed, (shardId) => !known.has(shardId));

    // Assess
    expect(ids(ready)).toEqual(['A', 'B', 'Q']);
  });
});

describe('closedShardsSkippedAtLatest', () => {
  it('skips every closed shard descended only from shards never read', () => {
    expect(closedShardsSkippedAtLatest(lineage, () => false)).toEqual(new Set(['P', 'A', 'B']));
  });

  it('keeps a closed shard with a checkpoint, and its closed descendants', () => {
    // Act
    const skipped = closedShardsSkippedAtLatest(lineage, (shardId) => shardId === 'P');

    // Assess
    expect(skipped).toEqual(new Set());
  });

  it('keeps a closed child whose other parent will be read', () => {
    // Prepare: A has a checkpoint, so M (open) and A are read; B descends from skipped P only.
    const skipped = closedShardsSkippedAtLatest(lineage, (shardId) => shardId === 'A');

    // Assess
    expect(skipped).toEqual(new Set(['P', 'B']));
  });
});
