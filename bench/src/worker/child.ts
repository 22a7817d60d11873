/**
 * One worker in a process of its own, for the failover measurements: the tutorial's decoder and a
 * sink that prints one JSON line per batch (`{"shard":…,"t":…,"n":…}`, `t` in epoch ms) on
 * stdout. Configured by environment variables, the emulators' endpoints the AWS way. Stops
 * gracefully on SIGTERM (the worker's default stop signals).
 */
import { createDecoder } from '@kds/consumer';
import { ReadingSchema } from '@kds/schema';
import { createWorker } from '@kds/worker';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const failover = process.env.KDS_BENCH_FAILOVER_MS;

const worker = createWorker({
  applicationName: env('KDS_BENCH_APPLICATION'),
  streamName: env('KDS_BENCH_STREAM'),
  workerId: env('KDS_BENCH_WORKER_ID'),
  initialPosition: 'TRIM_HORIZON',
  ...(failover === undefined ? {} : { failoverTimeMs: Number(failover) }),
  processor: {
    decoder: createDecoder({ schema: ReadingSchema }),
    sink: async (items) => {
      const first = items[0];
      if (first !== undefined) {
        const shard = first.record.eventID.slice(0, first.record.eventID.indexOf(':'));
        process.stdout.write(`${JSON.stringify({ shard, t: Date.now(), n: items.length })}\n`);
      }
      return undefined;
    },
  },
});

await worker.start();
process.stdout.write('started\n');
await worker.stopped;
