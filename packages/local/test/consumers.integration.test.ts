import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { emulatorClient } from '@kds/test-support';
import { describe, expect, it } from 'vitest';
import {
  type CheckpointStore,
  createCheckpointTable,
  createDynamoDbCheckpointStore,
  createLocalTrigger,
  createMemoryCheckpointStore,
  localClientConfig,
  reshard,
  SHARD_END,
} from '../src/index.js';
import {
  freshStream,
  kinesisClient,
  lastPerShard,
  payloads,
  putRecords,
} from './helpers/stream.js';
import { WAIT_GUARD } from './helpers/wait.js';

describe('several consumers and their checkpoints (kinesalite, dynalite)', () => {
  const client = emulatorClient(({ kinesisEndpoint }) => kinesisClient(kinesisEndpoint));
  const dynamodb = emulatorClient(
    ({ dynamodbEndpoint }) => new DynamoDBClient(localClientConfig(dynamodbEndpoint)),
  );

  it('lets two triggers on one stream each read everything, with their own checkpoints', async () => {
    // Prepare
    const { streamName } = await freshStream(client, 2);
    const store = createMemoryCheckpointStore();
    const seen = { handler: [] as string[], tail: [] as string[] };
    const triggers = (['handler', 'tail'] as const).map((consumerName) =>
      createLocalTrigger({
        startingPosition: 'TRIM_HORIZON',
        client,
        streamName,
        consumerName,
        checkpointStore: store,
        handler: async (event) => {
          seen[consumerName].push(...payloads(event));
        },
      }),
    );
    await Promise.all(triggers.map((trigger) => trigger.start()));
    const records = Array.from({ length: 60 }, (_, i) => ({ key: `k${i % 7}`, data: `r${i}` }));

    // Act
    const results = await putRecords(client, streamName, records);
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
      const { streamName } = await freshStream(client, 2);
      const store = await makeStore();
      const handled: string[] = [];
      const startTrigger = async () => {
        const trigger = createLocalTrigger({
          startingPosition: 'TRIM_HORIZON',
          client,
          streamName,
          checkpointStore: store,
          handler: async (event) => {
            handled.push(...payloads(event));
          },
        });
        await trigger.start();
        return trigger;
      };
      const first = await startTrigger();
      const before = await putRecords(client, streamName, [
        { key: 'A', data: 'a1' },
        { key: 'B', data: 'b1' },
      ]);
      await first.waitForCheckpoints(lastPerShard(before), WAIT_GUARD);
      await first.stop();

      // Act
      await reshard(client, streamName, 1);
      const after = await putRecords(client, streamName, [
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
