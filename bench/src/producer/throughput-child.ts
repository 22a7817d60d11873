/**
 * Runs one sending variant in a process of its own (as a service sending readings would): warm-up
 * runs of 100,000 readings in all (one for the slow PutRecord-per-reading variant), so the JIT has
 * compiled the hot paths as in a long-running service, then `runs` measured runs; prints their
 * times in seconds and the number of warm-up runs as one JSON line.
 * Arguments: <variant> <endpoint> <readings> <runs>, variant one of each, loop, producer,
 * producer-unlimited, floor.
 */
import { tutorialReadings } from './readings.js';
import { encodingFloor, producerPuts, putRecordEach, putRecordsLoop } from './variants.js';

/** Readings sent before measuring, in as many runs as that takes. */
const WARM_UP_READINGS = 100_000;

const [variant = '', endpoint = '', countText = '0', runsText = '1'] = process.argv.slice(2);
const readings = tutorialReadings(Number(countText));

const variants: Record<string, () => Promise<unknown> | unknown> = {
  each: () => putRecordEach(endpoint, readings),
  loop: () => putRecordsLoop(endpoint, readings),
  producer: () => producerPuts(endpoint, readings, { rateLimitPercent: Number.POSITIVE_INFINITY }),
  'producer-limited': () => producerPuts(endpoint, readings),
  floor: () => encodingFloor(readings),
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
