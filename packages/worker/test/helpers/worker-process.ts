/**
 * One worker in a process of its own, for the multi-process tests: the tutorial's decoder, and a
 * sink that appends every reading it is handed to a JSON-lines file (worker, shard, sequence and
 * sub-sequence number, the reading's Timestamp as its id, its Spot as its key) before it returns,
 * with the time of the call, so the file is what the worker delivered, checkpointed or not. Configured by environment
 * variables (the AWS ones included, so the emulators are reached the AWS way). Stops on SIGTERM.
 */
import { appendFileSync } from 'node:fs';
import { createDecoder } from '@kds/consumer';
import { ReadingSchema } from '@kds/schema';
import { readWorkerProcessEnv } from '@kds/test-support/worker-process-env';
import { createWorker, jsonLogger } from '../../src/index.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

const output = env('KDS_TEST_OUTPUT');
const settings = readWorkerProcessEnv();
const { workerId } = settings;

const worker = createWorker({
  ...settings,
  initialPosition: 'TRIM_HORIZON',
  idleTimeBetweenReadsMs: 200,
  parentShardPollIntervalMs: 200,
  shardSyncIntervalMs: 1_000,
  logger: jsonLogger({ minLevel: (process.env.KDS_TEST_LOG_LEVEL ?? 'warn') as 'warn' }),
  processor: {
    decoder: createDecoder({ schema: ReadingSchema }),
    sink: async (items) => {
      // The wall clock all the workers of this machine share (a step back is smoothed out by the
      // reader of the file: each sink's lines count in the order they were written).
      const t = Date.now();
      const lines = items.map(({ value, record, userRecord }) =>
        JSON.stringify({
          worker: workerId,
          shard: record.eventID.slice(0, record.eventID.indexOf(':')),
          seq: record.kinesis.sequenceNumber,
          sub: userRecord?.subSequenceNumber ?? 0,
          id: value.Timestamp,
          key: value.Spot,
          t,
        }),
      );
      if (lines.length > 0) appendFileSync(output, `${lines.join('\n')}\n`);
      return undefined;
    },
  },
});

await worker.start();
process.stdout.write('started\n');
await worker.stopped;
process.stdout.write(`${JSON.stringify({ stopped: worker.metrics() })}\n`);
