/**
 * Puts `count` readings through one `@kds/producer` as fast as it takes them, in rounds of
 * `every`; after each round, once the round is flushed, a full garbage collection and the heap
 * used. A producer that kept anything per record would grow round after round. Run with
 * `--expose-gc`. Prints `{ heapUsed: number[] }` (bytes, one per round) as one JSON line.
 * Arguments: <endpoint> <count> <every> <plain | aggregated>.
 */
import { createProducer, random } from '@kds/producer';
import type { Reading } from '@kds/schema';
import { tutorialReadings } from './readings.js';
import { STREAM_NAME, stubClientConfig } from './variants.js';

const [endpoint = '', countText = '0', everyText = '1', mode = 'plain'] = process.argv.slice(2);
const count = Number(countText);
const every = Number(everyText);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('heap-child: run with --expose-gc');

const producer = createProducer<Reading>({
  clientConfig: stubClientConfig(endpoint),
  streamName: STREAM_NAME,
  partitionKey: random({ min: 1, max: 100 }),
  rateLimitPercent: Number.POSITIVE_INFINITY,
  ...(mode === 'aggregated' ? { aggregation: true } : {}),
});
let failed = 0;
const onError = (): void => {
  failed += 1;
};
const heapUsed: number[] = [];
for (let done = 0; done < count; done += every) {
  for (const reading of tutorialReadings(Math.min(every, count - done))) {
    if (!producer.hasRoom()) await producer.waitForRoom();
    producer.put(reading).catch(onError);
  }
  await producer.flush();
  gc();
  heapUsed.push(process.memoryUsage().heapUsed);
}
await producer.close();
if (failed > 0) throw new Error(`heap-child: ${failed} readings failed`);
process.stdout.write(`${JSON.stringify({ heapUsed })}\n`);
