import {
  DescribeStreamSummaryCommand,
  KinesisClient,
  PutRecordCommand,
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
});
