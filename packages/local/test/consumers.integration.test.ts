import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { emulatorClient } from '@kds/test-support';
import { describe, expect, it } from 'vitest';
import {
  type CheckpointStore,
  createCheckpointTable,
  createDynamoDbCheckpointStore,
  createMemoryCheckpointStore,
  localClientConfig,
  reshard,
  SHARD_END,
} from '../src/index.js';
import { kinesisEmulator } from './helpers/emulator.js';
import { lastPerShard, payloads } from './helpers/stream.js';
import { WAIT_GUARD } from './helpers/wait.js';

describe('several consumers and their checkpoints (kinesalite, dynalite)', () => {
  const kinesis = kinesisEmulator();
  const dynamodb = emulatorClient(
    ({ dynamodbEndpoint }) => new DynamoDBClient(localClientConfig(dynamodbEndpoint)),
  );

  it('lets two triggers on one stream each read everything, with their own checkpoints', async () => {
    // Prepare
    const { streamName } = await kinesis.stream(2);
    const store = createMemoryCheckpointStore();
    const seen = { handler: [] as string[], tail: [] as string[] };
    const triggers = await Promise.all(
      (['handler', 'tail'] as const).map((consumerName) =>
        kinesis.start(
          streamName,
          async (event) => {
            seen[consumerName].push(...payloads(event));
          },
          { consumerName, checkpointStore: store },
        ),
      ),
    );
    const records = Array.from({ length: 60 }, (_, i) => ({ key: `k${i % 7}`, data: `r${i}` }));

    // Act
    const results = await kinesis.put(streamName, records);
    await Promise.all(
      triggers.map((trigger) => trigger.waitForCheckpoints(lastPerShard(results), WAIT_GUARD)),
    );
    await Promise.all(triggers.map((trigger) => trigger.stop()));

    // Assess
    const expected = records.map((r) => r.data).sort();
    expect([...seen.handler].sort()).toEqual(expected);
    expect([...seen.tail].sort()).toEqual(expected);
    expect(await store.load({ streamName, consumerName: 'handler' })).toEqual(
      lastPerShard(results),
    );
    expect(await store.load({ streamName, consumerName: 'tail' })).toEqual(lastPerShard(results));
  });

  describe.each<[string, () => Promise<CheckpointStore>]>([
    ['in memory', async () => createMemoryCheckpointStore()],
    [
      'in a DynamoDB table',
      async () => {
        const tableName = `checkpoints-${randomUUID()}`;
        await createCheckpointTable(dynamodb, tableName);
        return createDynamoDbCheckpointStore({ client: dynamodb, tableName });
      },
    ],
  ])('checkpoints %s', (_, makeStore) => {
    it('resume a restarted trigger where it stopped, across a reshard', async () => {
      // Prepare
      const { streamName } = await kinesis.stream(2);
      const store = await makeStore();
      const handled: string[] = [];
      const startTrigger = () =>
        kinesis.start(
          streamName,
          async (event) => {
            handled.push(...payloads(event));
          },
          { checkpointStore: store },
        );
      const first = await startTrigger();
      await kinesis.deliver(first, streamName, [
        { key: 'A', data: 'a1' },
        { key: 'B', data: 'b1' },
      ]);
      await first.stop();

      // Act
      await reshard(kinesis.client, streamName, 1);
      const after = await kinesis.put(streamName, [
        { key: 'A', data: 'a2' },
        { key: 'B', data: 'b2' },
      ]);
      const second = await startTrigger();
      await second.waitForCheckpoints(lastPerShard(after), WAIT_GUARD);
      await second.stop();

      // Assess
      expect(handled.sort()).toEqual(['a1', 'a2', 'b1', 'b2']);
      const checkpoints = await store.load({ streamName, consumerName: 'kds-local' });
      expect(checkpoints).toEqual({
        'shardId-000000000000': SHARD_END,
        'shardId-000000000001': SHARD_END,
        ...lastPerShard(after),
      });
    });
  });
});
