import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { createDecoder } from '@kds/consumer';
import { KinesisEmulator, startEmulators } from '@kds/emulators';
import { localClientConfig } from '@kds/local';
import { createProducer, field } from '@kds/producer';
import { encodeReading, type Reading, ReadingSchema } from '@kds/schema';
import { createWorker, type WorkerTransport } from '@kds/worker';
import { completion, percentile, putPaced } from '../paced.js';
import { freshStream } from '../streams.js';
import { type BenchSuite, table } from '../suite.js';

/** Readings per transport: kinesis-local slows down past a few thousand records. */
const READINGS = 600;
const RATE_PER_SECOND = 100;
/** How long a transport may take to deliver everything before its figures are reported as is. */
const DELIVERY_GUARD_MS = 60_000;
/** The worker's pause after an empty GetRecords, as the KCL's default and a tighter one. */
const POLL_IDLE_MS = [1_000, 200] as const;

interface Measured {
  label: string;
  latencies: number[];
  cpuMicros: number;
}

/**
 * Runs one worker with `transport` on a fresh 2-shard stream, sends READINGS readings at
 * RATE_PER_SECOND, and measures put → delivered (the sink's call) per reading and the CPU time of
 * this process (worker, producer and SDK; the emulator runs in a child process) meanwhile.
 */
async function measure(
  endpoints: { kinesis: string; dynamodb: string },
  label: string,
  transport: WorkerTransport,
  idleTimeBetweenReadsMs: number,
): Promise<Measured> {
  const kinesisClient = new KinesisClient(localClientConfig(endpoints.kinesis));
  const dynamoDbClient = new DynamoDBClient(localClientConfig(endpoints.dynamodb));
  const { streamName } = await freshStream(kinesisClient, 'fan-out', 2);
  const putAt = new Map<number, number>();
  const latencies: number[] = [];
  const delivered = completion();
  const worker = createWorker<Reading>({
    applicationName: `bench-${streamName}`,
    streamName,
    kinesisClient,
    dynamoDbClient,
    initialPosition: 'TRIM_HORIZON',
    transport,
    idleTimeBetweenReadsMs,
    stopSignals: [],
    processor: {
      decoder: createDecoder({ schema: ReadingSchema }),
      sink: async (items) => {
        const now = performance.now();
        for (const { value } of items) {
          const at = putAt.get(value.Timestamp);
          if (at !== undefined) latencies.push(now - at);
        }
        if (latencies.length >= READINGS) delivered.done();
        return undefined;
      },
    },
  });
  await worker.start();
  const producer = createProducer<Reading>({
    clientConfig: localClientConfig(endpoints.kinesis),
    streamName,
    partitionKey: field('Spot'),
    serialize: encodeReading,
  });
  const cpuBefore = process.cpuUsage();
  await putPaced(producer, READINGS, RATE_PER_SECOND, putAt);
  await delivered.within(DELIVERY_GUARD_MS);
  const cpu = process.cpuUsage(cpuBefore);
  await worker.stop();
  kinesisClient.destroy();
  dynamoDbClient.destroy();
  return { label, latencies, cpuMicros: cpu.user + cpu.system };
}

function row({ label, latencies, cpuMicros }: Measured): string[] {
  const sorted = [...latencies].sort((a, b) => a - b);
  const ms = (value: number): string => `${value.toFixed(0)} ms`;
  const cpuPerThousand = (cpuMicros / 1_000 / Math.max(1, sorted.length)) * 1_000;
  return [
    label,
    `${sorted.length}/${READINGS}`,
    ms(percentile(sorted, 50)),
    ms(percentile(sorted, 99)),
    `${cpuPerThousand.toFixed(0)} ms`,
  ];
}

/** Enhanced fan-out against polling, through the worker, on kinesis-local in one run. */
export const suite: BenchSuite = {
  name: 'fan-out',
  description: `put → delivered latency and CPU of ${READINGS} readings at ${RATE_PER_SECOND}/s through @kds/worker: enhanced fan-out (SubscribeToShard) against GetRecords polling, on kinesis-local`,
  async run(report) {
    const emulators = await startEmulators({ kinesis: KinesisEmulator.KinesisLocal });
    try {
      const endpoints = {
        kinesis: emulators.kinesis.endpoint,
        dynamodb: emulators.dynamodb.endpoint,
      };
      const results: Measured[] = [];
      results.push(
        await measure(
          endpoints,
          'fan-out (SubscribeToShard)',
          { efo: { consumerName: 'bench' } },
          0,
        ),
      );
      for (const idle of POLL_IDLE_MS) {
        results.push(await measure(endpoints, `polling, ${idle} ms idle`, 'polling', idle));
      }
      report(
        'Kinesis emulator: kinesis-local (pushes a subscription event once a second); 2 shards\n',
      );
      report(
        table(['transport', 'delivered', 'p50', 'p99', 'CPU per 1,000 records'], results.map(row)),
      );
      report(
        '\nCPU: user + system time of this process (worker, producer, SDK) while sending and delivering.',
      );
    } finally {
      await emulators.stop();
    }
  },
};
