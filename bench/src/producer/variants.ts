import {
  type KinesisClientConfig,
  PutRecordCommand,
  PutRecordsCommand,
  type PutRecordsRequestEntry,
} from '@aws-sdk/client-kinesis';
import { createKinesisClient, createProducer, random } from '@kds/producer';
import type { Reading } from '@kds/schema';
import { tutorialKey } from './readings.js';

/** The stream every variant writes to; the stub accepts any name. */
export const STREAM_NAME = 'TestDataStream';

const PUT_RECORDS_BATCH = 500;

/** Client settings for the stub: its endpoint, a region and dummy credentials. */
export function stubClientConfig(endpoint: string): KinesisClientConfig {
  return {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  };
}

/** What a hand-written sender does with a reading: JSON text, as UTF-8 bytes. */
const encode = (reading: Reading): Uint8Array => Buffer.from(JSON.stringify(reading), 'utf8');

/** (a) One PutRecord per reading, each awaited: the tutorial's way. */
export async function putRecordEach(endpoint: string, readings: readonly Reading[]): Promise<void> {
  const client = createKinesisClient(stubClientConfig(endpoint));
  try {
    for (const reading of readings) {
      await client.send(
        new PutRecordCommand({
          StreamName: STREAM_NAME,
          PartitionKey: tutorialKey(),
          Data: encode(reading),
        }),
      );
    }
  } finally {
    client.destroy();
  }
}

/** (b) A hand-written loop: PutRecords of 500, one request at a time, over a keep-alive client. */
export async function putRecordsLoop(
  endpoint: string,
  readings: readonly Reading[],
): Promise<void> {
  const client = createKinesisClient(stubClientConfig(endpoint));
  try {
    for (let start = 0; start < readings.length; start += PUT_RECORDS_BATCH) {
      const Records: PutRecordsRequestEntry[] = readings
        .slice(start, start + PUT_RECORDS_BATCH)
        .map((reading) => ({ PartitionKey: tutorialKey(), Data: encode(reading) }));
      const response = await client.send(
        new PutRecordsCommand({ StreamName: STREAM_NAME, Records }),
      );
      if ((response.FailedRecordCount ?? 0) > 0) throw new Error('the stub refused records');
    }
  } finally {
    client.destroy();
  }
}

/**
 * (c) `@kds/producer` with its defaults, puts as fast as it takes them: the writer awaits
 * `waitForRoom()` only, never an acknowledgement, so memory stays within the buffer limits.
 */
export async function producerPuts(
  endpoint: string,
  readings: Iterable<Reading>,
  settings: { rateLimitPercent?: number } = {},
): Promise<{ failed: number }> {
  const producer = createProducer<Reading>({
    clientConfig: stubClientConfig(endpoint),
    streamName: STREAM_NAME,
    partitionKey: random({ min: 1, max: 100 }),
    ...settings,
  });
  let failed = 0;
  const onError = (): void => {
    failed += 1;
  };
  for (const reading of readings) {
    await producer.waitForRoom();
    producer.put(reading).catch(onError);
  }
  await producer.close();
  return { failed };
}

/** (d) The encoding floor: JSON.stringify + Buffer + base64 per reading, no network. */
export function encodingFloor(readings: readonly Reading[]): number {
  let characters = 0;
  for (const reading of readings) {
    characters += Buffer.from(JSON.stringify(reading)).toString('base64').length;
  }
  return characters;
}
