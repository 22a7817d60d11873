/**
 * Puts `count` readings through `@kds/producer` as fast as it takes them and prints the peak RSS,
 * as one JSON line. Run as its own process (one per count) so each figure starts from a fresh heap;
 * the readings are generated as they are put, so the input takes no memory.
 * Arguments: <endpoint> <count>.
 */
import { tutorialReadings } from './readings.js';
import { producerPuts } from './variants.js';

const SAMPLE_EVERY_MS = 20;
const CHUNK = 1_000;

const [endpoint = '', countText = '0'] = process.argv.slice(2);
const count = Number(countText);

function* readings(): Generator<ReturnType<typeof tutorialReadings>[number]> {
  for (let produced = 0; produced < count; produced += CHUNK) {
    yield* tutorialReadings(Math.min(CHUNK, count - produced));
  }
}

let peak = process.memoryUsage.rss();
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage.rss());
}, SAMPLE_EVERY_MS);
const baseline = process.memoryUsage.rss();
const started = performance.now();
const { failed } = await producerPuts(endpoint, readings());
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage.rss());
// maxRSS is in KiB and covers the whole life of the process.
const maxRss = process.resourceUsage().maxRSS * 1024;
process.stdout.write(
  `${JSON.stringify({ count, failed, seconds, baseline, peakSampled: peak, maxRss })}\n`,
);
