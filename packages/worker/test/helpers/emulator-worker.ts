import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { Reading } from '@kds/schema';
import { onTestFinished } from 'vitest';
import {
  createWorker,
  type Worker,
  type WorkerProcessor,
  type WorkerSettings,
} from '../../src/index.js';
import { readingDecoder } from './records.js';

/**
 * A worker of a fresh stream's application (see `freshStream`) on the emulators, in this process:
 * it reads the readings from TRIM_HORIZON into `sink`, stops on no signal, and is stopped when the
 * test finishes. `settings` adds to or replaces those.
 */
export function emulatorWorker(
  clients: { kinesis: KinesisClient; dynamodb: DynamoDBClient },
  names: { stream: string; application: string },
  sink: WorkerProcessor<Reading>['sink'],
  settings: Partial<WorkerSettings<Reading>> = {},
): Worker {
  const worker = createWorker({
    applicationName: names.application,
    streamName: names.stream,
    initialPosition: 'TRIM_HORIZON',
    kinesisClient: clients.kinesis,
    dynamoDbClient: clients.dynamodb,
    stopSignals: [],
    processor: { decoder: readingDecoder, sink },
    ...settings,
  });
  onTestFinished(() => worker.stop());
  return worker;
}
