/**
 * Runs one sending variant in a process of its own (as a service sending readings would): one
 * warm-up run, then `runs` measured runs, and prints their times in seconds as one JSON line.
 * Arguments: <variant> <endpoint> <readings> <runs>, variant one of each, loop, producer,
 * producer-unlimited, floor.
 */
import { tutorialReadings } from './readings.js';
import { encodingFloor, producerPuts, putRecordEach, putRecordsLoop } from './variants.js';

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

await run();
const seconds: number[] = [];
for (let attempt = 0; attempt < Number(runsText); attempt += 1) {
  const started = performance.now();
  await run();
  seconds.push((performance.now() - started) / 1000);
}
process.stdout.write(`${JSON.stringify({ seconds })}\n`);
