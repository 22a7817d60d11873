import { KinesisClient } from '@aws-sdk/client-kinesis';
import { startEmulators } from '@kds/emulators';
import { createLocalTrigger, type LocalTriggerOptions, localClientConfig } from '@kds/local';
import { createProducer, field } from '@kds/producer';
import { decodeReading, encodeReading, type Reading } from '@kds/schema';
import { completion, percentile, putPaced } from '../paced.js';
import { freshStream } from '../streams.js';
import { type BenchSuite, table } from '../suite.js';

/** The workload: 1,000 readings at 200 readings per second. */
const READINGS = 1_000;
const RATE_PER_SECOND = 200;
/** The tutorial's promise for Kinesis: data is available to consumers within a second. */
const TARGET_P99_MS = 1_000;
/** Lambda's base polling rate for a standard iterator: once per second per shard. */
const LAMBDA_BASE_POLL_MS = 1_000;

function row(label: string, samples: readonly number[]): string[] {
  const sorted = [...samples].sort((a, b) => a - b);
  const ms = (value: number): string => `${value.toFixed(0)} ms`;
  return [
    label,
    String(sorted.length),
    ms(percentile(sorted, 50)),
    ms(percentile(sorted, 90)),
    ms(percentile(sorted, 99)),
    ms(sorted.at(-1) ?? Number.NaN),
  ];
}

/**
 * Sends READINGS readings at RATE_PER_SECOND through the producer to a fresh 2-shard stream and
 * measures, per reading, put → acknowledged and (with a trigger) put → handled.
 */
async function measure(
  client: KinesisClient,
  endpoint: string,
  trigger: Partial<Pick<LocalTriggerOptions, 'pollIntervalMs'>> | undefined,
): Promise<{ acknowledged: number[]; handled: number[] }> {
  const { streamName } = await freshStream(client, 'latency', 2);
  const putAt = new Map<number, number>();
  const handled: number[] = [];
  const allHandled = completion();
  const consumer =
    trigger === undefined
      ? undefined
      : createLocalTrigger({
          startingPosition: 'TRIM_HORIZON',
          client,
          streamName,
          ...trigger,
          handler: async (event) => {
            const now = performance.now();
            for (const record of event.Records) {
              const reading = decodeReading(Buffer.from(record.kinesis.data, 'base64'));
              const started = putAt.get(reading.Timestamp);
              if (started !== undefined) handled.push(now - started);
            }
            if (handled.length >= READINGS) allHandled.done();
          },
        });
  await consumer?.start();
  const producer = createProducer<Reading>({
    clientConfig: localClientConfig(endpoint),
    streamName,
    partitionKey: field('Spot'),
    serialize: encodeReading,
  });
  const acknowledged = await putPaced(producer, READINGS, RATE_PER_SECOND, putAt);
  if (consumer !== undefined) {
    await allHandled.within(30_000);
    await consumer.stop();
  }
  return { acknowledged, handled };
}

/** put → handled through the local trigger, beside put → acknowledged and Lambda's base polling. */
export const suite: BenchSuite = {
  name: 'latency',
  description: `put → handled latency of ${READINGS.toLocaleString('en-US')} readings at ${RATE_PER_SECOND} readings/s on the embedded emulators (target p99 < ${TARGET_P99_MS} ms)`,
  async run(report) {
    const emulators = await startEmulators();
    const client = new KinesisClient(localClientConfig(emulators.kinesis.endpoint));
    try {
      const endpoint = emulators.kinesis.endpoint;
      const local = await measure(client, endpoint, {});
      const lambdaPace = await measure(client, endpoint, { pollIntervalMs: LAMBDA_BASE_POLL_MS });
      report(`Kinesis emulator: ${emulators.kinesisEmulator}; 2 shards; keys by Spot\n`);
      report(
        table(
          ['path', 'readings', 'p50', 'p90', 'p99', 'max'],
          [
            row('put → acknowledged (producer, the floor)', local.acknowledged),
            row('put → handled, local trigger (200 ms polls)', local.handled),
            row('put → handled, 1 s polls when idle (Lambda base rate)', lambdaPace.handled),
          ],
        ),
      );
      const p99 = percentile(
        [...local.handled].sort((a, b) => a - b),
        99,
      );
      report(
        `\nlocal trigger p99 ${p99.toFixed(0)} ms: ${p99 < TARGET_P99_MS ? 'within' : 'OVER'} the ${TARGET_P99_MS} ms target`,
      );
    } finally {
      client.destroy();
      await emulators.stop();
    }
  },
};
