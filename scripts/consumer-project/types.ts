// Type-checked under moduleResolution NodeNext and Bundler: the public types resolve and compose.
import {
  createDecoder,
  type DecodeResult,
  type KinesisStreamBatchResponse,
  type KinesisStreamEvent,
  processKinesisEvent,
} from '@kds/consumer';
import { type LocalEmulators, startEmulators } from '@kds/emulators';
import type { LocalTriggerOptions } from '@kds/local';
import { createProducer, field, type Producer, type PutResult } from '@kds/producer';
import { type Reading, ReadingSchema } from '@kds/schema';

const producer: Producer<Reading> = createProducer<Reading>({
  streamName: 'TestDataStream',
  clientConfig: { region: 'eu-west-1' },
  partitionKey: field('Spot'),
});
export const put: Promise<PutResult> = producer.put({ Timestamp: 1, Spot: 'A', Temperature: 36 });

const decoder = createDecoder({ schema: ReadingSchema });
export function first(event: KinesisStreamEvent): DecodeResult<Reading> | undefined {
  const record = event.Records[0];
  return record === undefined ? undefined : decoder.decode(record);
}

export const handler = async (event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> => {
  const { batchItemFailures } = await processKinesisEvent(event, {
    decoder,
    sink: async () => undefined,
  });
  return { batchItemFailures };
};

export type Handler = LocalTriggerOptions['handler'];

export const start = (): Promise<LocalEmulators> => startEmulators({ kinesis: 'kinesalite' });
