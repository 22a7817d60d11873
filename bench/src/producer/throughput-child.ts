/**
 * Runs one sending variant in a process of its own (as a service sending readings would): warm-up
 * runs of 100,000 readings in all (one for the slow PutRecord-per-reading variant), so the JIT has
 * compiled the hot paths as in a long-running service, then `runs` measured runs; prints their
 * times in seconds and the number of warm-up runs as one JSON line.
 * Arguments: <variant> <endpoint> <readings> <runs>, variant one of each, loop, producer,
 * producer-many, producer-limited, producer-aggregated, producer-aggregated-many,
 * producer-aggregated-many-codec, producer-aggregated-defaults, aws-kinesis-agg,
 * aws-kinesis-agg-codec, floor, bare-aggregation.
 */
import { stringifyReading } from '@kds/schema';
import { tutorialReadings } from './readings.js';
import {
  awsKinesisAggLoop,
  bareAggregation,
  encodingFloor,
  producerPutMany,
  producerPuts,
  putRecordEach,
  putRecordsLoop,
} from './variants.js';

const NO_SHARD_LIMIT = { rateLimitPercent: Number.POSITIVE_INFINITY } as const;

/** Readings sent before measuring, in as many runs as that takes. */
const WARM_UP_READINGS = 100_000;

const [variant = '', endpoint = '', countText = '0', runsText = '1'] = process.argv.slice(2);
const readings = tutorialReadings(Number(countText));

const variants: Record<string, () => Promise<unknown> | unknown> = {
  each: () => putRecordEach(endpoint, readings),
  loop: () => putRecordsLoop(endpoint, readings),
  producer: () => producerPuts(endpoint, readings, NO_SHARD_LIMIT),
  'producer-many': () => producerPutMany(endpoint, readings, NO_SHARD_LIMIT),
  'producer-limited': () => producerPuts(endpoint, readings),
  'producer-aggregated': () =>
    producerPuts(endpoint, readings, { aggregation: true, ...NO_SHARD_LIMIT }),
  'producer-aggregated-many': () =>
    producerPutMany(endpoint, readings, { aggregation: true, ...NO_SHARD_LIMIT }),
  'producer-aggregated-many-codec': () =>
    producerPutMany(endpoint, readings, {
      aggregation: true,
      serialize: stringifyReading,
      ...NO_SHARD_LIMIT,
    }),
  'producer-aggregated-defaults': () => producerPuts(endpoint, readings, { aggregation: true }),
  'aws-kinesis-agg': () => awsKinesisAggLoop(endpoint, readings),
  'aws-kinesis-agg-codec': () => awsKinesisAggLoop(endpoint, readings, stringifyReading),
  floor: () => encodingFloor(readings),
  'bare-aggregation': () => bareAggregation(readings),
};
const run = variants[variant];
if (run === undefined) throw new Error(`throughput-child: no variant ${variant}`);

const warmUps = variant === 'each' ? 1 : Math.max(1, Math.ceil(WARM_UP_READINGS / readings.length));
for (let warmUp = 0; warmUp < warmUps; warmUp += 1) await run();
const seconds: number[] = [];
for (let attempt = 0; attempt < Number(runsText); attempt += 1) {
  const started = performance.now();
  await run();
  seconds.push((performance.now() - started) / 1000);
}
process.stdout.write(`${JSON.stringify({ seconds, warmUps })}\n`);
