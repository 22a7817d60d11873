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
import { createWorker, jsonLogger } from '../../src/index.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const optionalNumber = (name: string): number | undefined =>
  process.env[name] === undefined ? undefined : Number(process.env[name]);

const output = env('KDS_TEST_OUTPUT');
const workerId = env('KDS_TEST_WORKER_ID');
const failoverTimeMs = optionalNumber('KDS_TEST_FAILOVER_MS');
const takeIntervalMs = optionalNumber('KDS_TEST_TAKE_INTERVAL_MS');

const worker = createWorker({
  applicationName: env('KDS_TEST_APPLICATION'),
  streamName: env('KDS_TEST_STREAM'),
  workerId,
  initialPosition: 'TRIM_HORIZON',
  ...(failoverTimeMs === undefined ? {} : { failoverTimeMs }),
  ...(takeIntervalMs === undefined ? {} : { takeIntervalMs }),
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
