// Produces to and consumes from the embedded emulators, using only the published packages.
import assert from 'node:assert/strict';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { createDecoder, processKinesisEvent } from '@kds/consumer';
import { startEmulators } from '@kds/emulators';
import { createLocalTrigger, createStream, localClientConfig } from '@kds/local';
import { createProducer, field } from '@kds/producer';
import { encodeReading, ReadingSchema } from '@kds/schema';

const COUNT = 200;
const emulators = await startEmulators();
const client = new KinesisClient(localClientConfig(emulators.kinesis.endpoint));
try {
  await createStream(client, 'Smoke', { shardCount: 2 });
  const received = [];
  const decoder = createDecoder({ schema: ReadingSchema });
  const trigger = createLocalTrigger({
    client,
    streamName: 'Smoke',
    startingPosition: 'TRIM_HORIZON',
    handler: (event) =>
      processKinesisEvent(event, {
        decoder,
        sink: async (items) => {
          received.push(...items.map((item) => item.value));
          return undefined;
        },
      }),
  });
  await trigger.start();

  const producer = createProducer({
    clientConfig: localClientConfig(emulators.kinesis.endpoint),
    streamName: 'Smoke',
    startingPosition: 'TRIM_HORIZON',
    partitionKey: field('Spot'),
    serialize: encodeReading,
  });
  const results = await Promise.all(
    Array.from({ length: COUNT }, (_, i) =>
      producer.put({ Timestamp: i, Spot: 'ABCDEFGH'[i % 8], Temperature: 20 + (i % 20) }),
    ),
  );
  await producer.close();
  const last = {};
  for (const { shardId, sequenceNumber } of results) {
    if (last[shardId] === undefined || BigInt(sequenceNumber) > BigInt(last[shardId]))
      last[shardId] = sequenceNumber;
  }
  await trigger.waitForCheckpoints(last, { timeoutMs: 30_000 });
  await trigger.stop();

  assert.equal(received.length, COUNT);
  assert.deepEqual(new Set(received.map((r) => r.Timestamp)).size, COUNT);
  console.log(
    `e2e: ${COUNT} readings produced and consumed over ${Object.keys(last).length} shards`,
  );
} finally {
  client.destroy();
  await emulators.stop();
}
