/**
 * One worker in a process of its own, for the failover measurements: the tutorial's decoder and a
 * sink that prints one JSON line per batch (`{"shard":…,"t":…,"n":…}`, `t` in epoch ms) on
 * stdout. Configured by environment variables (`workerProcessEnv` of `@kds/test-support`), the
 * emulators' endpoints the AWS way. Stops gracefully on SIGTERM (the worker's default stop
 * signals).
 */
import { createDecoder } from '@kds/consumer';
import { ReadingSchema } from '@kds/schema';
import { readWorkerProcessEnv } from '@kds/test-support/worker-process-env';
import { createWorker } from '@kds/worker';

const worker = createWorker({
  ...readWorkerProcessEnv(),
  initialPosition: 'TRIM_HORIZON',
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
