import {
  DescribeStreamSummaryCommand,
  KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { listShards, WaitTimeoutError, waitForStreamActive } from '../src/index.js';

const kinesis = mockClient(KinesisClient);
const client = () => new KinesisClient({ region: 'us-east-1' });
const ARN = 'arn:aws:kinesis:us-east-1:000000000000:stream/S';

describe('listShards', () => {
  beforeEach(() => kinesis.reset());

  it.each([
    { stream: 'S' as const, first: { StreamName: 'S' } },
    { stream: { streamARN: ARN }, first: { StreamARN: ARN } },
  ])(
    'follows the pages, naming the stream ($first) only on the first',
    async ({ stream, first }) => {
      // Prepare
      kinesis
        .on(ListShardsCommand)
        .resolvesOnce({ Shards: [{ ShardId: 'a' } as never], NextToken: 't1' })
        .resolvesOnce({ Shards: [{ ShardId: 'b' } as never], NextToken: 't2' })
        .resolves({ Shards: [{ ShardId: 'c' } as never] });

      // Act
      const shards = await listShards(client(), stream);

      // Assess
      expect(shards.map((shard) => shard.ShardId)).toEqual(['a', 'b', 'c']);
      expect(kinesis.commandCalls(ListShardsCommand).map(({ args }) => args[0].input)).toEqual([
        first,
        { NextToken: 't1' },
        { NextToken: 't2' },
      ]);
    },
  );
});

describe('waitForStreamActive', () => {
  beforeEach(() => {
    kinesis.reset();
  });

  it('returns the ARN once the stream is ACTIVE', async () => {
    // Prepare
    kinesis
      .on(DescribeStreamSummaryCommand)
      .resolvesOnce({ StreamDescriptionSummary: { StreamStatus: 'CREATING' } as never })
      .resolves({ StreamDescriptionSummary: { StreamStatus: 'ACTIVE', StreamARN: ARN } as never });

    // Act
    const arn = await waitForStreamActive(client(), 'S');

    // Assess
    expect(arn).toBe(ARN);
    expect(kinesis.commandCalls(DescribeStreamSummaryCommand)).toHaveLength(2);
  });

  it('rejects with WaitTimeoutError when the stream stays inactive', async () => {
    // Prepare
    vi.useFakeTimers();
    kinesis
      .on(DescribeStreamSummaryCommand)
      .resolves({ StreamDescriptionSummary: { StreamStatus: 'UPDATING' } as never });

    // Act
    const waiting = waitForStreamActive(client(), 'S', { timeoutMs: 1_000 }).catch(
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(2_000);
    const error = await waiting;
    vi.useRealTimers();

    // Assess
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error).toMatchObject({ code: 'WAIT_TIMEOUT' });
  });
});
