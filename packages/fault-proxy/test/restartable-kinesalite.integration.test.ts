import {
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  PutRecordCommand,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis';
import { createStream, localClientConfig } from '@kds/local';
import { describe, expect, it } from 'vitest';
import { startRestartableKinesalite } from '../src/index.js';

describe('startRestartableKinesalite', () => {
  it('refuses calls while stopped and keeps its streams across a restart', async () => {
    // Prepare
    const kinesis = await startRestartableKinesalite();
    const client = new KinesisClient({ ...localClientConfig(kinesis.endpoint), maxAttempts: 1 });
    try {
      await createStream(client, 'Durable', { shardCount: 2 });
      const before = await client.send(
        new PutRecordCommand({
          StreamName: 'Durable',
          PartitionKey: 'k',
          Data: new Uint8Array([1]),
        }),
      );

      // Act
      await kinesis.stop();
      const whileStopped = client.send(new DescribeStreamSummaryCommand({ StreamName: 'Durable' }));
      await expect(whileStopped).rejects.toThrow();
      await kinesis.start();
      const after = await client.send(
        new PutRecordCommand({
          StreamName: 'Durable',
          PartitionKey: 'k',
          Data: new Uint8Array([2]),
        }),
      );

      // Assess
      const summary = await client.send(
        new DescribeStreamSummaryCommand({ StreamName: 'Durable' }),
      );
      expect(summary.StreamDescriptionSummary?.OpenShardCount).toBe(2);
      expect(BigInt(after.SequenceNumber ?? '0')).toBeGreaterThan(
        BigInt(before.SequenceNumber ?? '0'),
      );
    } finally {
      client.destroy();
      await kinesis.destroy();
    }
  });

  it('stops under load without crashing: requests in progress finish, then it serves its data again', async () => {
    // Prepare
    const kinesis = await startRestartableKinesalite();
    const client = new KinesisClient({ ...localClientConfig(kinesis.endpoint), maxAttempts: 1 });
    try {
      await createStream(client, 'Busy', { shardCount: 1 });
      const put = (batch: number) =>
        client.send(
          new PutRecordsCommand({
            StreamName: 'Busy',
            Records: Array.from({ length: 500 }, (_, i) => ({
              PartitionKey: `k${i}`,
              Data: new TextEncoder().encode(`${batch}-${i}`),
            })),
          }),
        );
      const first = await put(0);

      // Act: three times, stop while 20 requests of 500 records are on their way, then start.
      let acknowledged = 0;
      for (let round = 0; round < 3; round += 1) {
        const settling = Promise.allSettled(
          Array.from({ length: 20 }, (_, batch) => put(round * 100 + batch + 1)),
        );
        await new Promise((resolve) => setTimeout(resolve, 5 + round * 10));
        await kinesis.stop();
        const outcomes = await settling;
        acknowledged += outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
        await kinesis.start();
      }

      // Assess
      const { ShardIterator } = await client.send(
        new GetShardIteratorCommand({
          StreamName: 'Busy',
          ShardId: 'shardId-000000000000',
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      const { Records = [] } = await client.send(
        new GetRecordsCommand({ ShardIterator, Limit: 10_000 }),
      );
      expect(first.FailedRecordCount).toBe(0);
      expect(Records.length).toBeGreaterThanOrEqual(500 * (1 + acknowledged));
    } finally {
      client.destroy();
      await kinesis.destroy();
    }
  });
});
