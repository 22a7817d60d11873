import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MAX_BUFFERED_BYTES, DEFAULT_MAX_BUFFERED_RECORDS } from '@kds/producer';
import type { Reading } from '@kds/schema';
import { tutorialReadings } from '../producer/readings.js';
import { type Stub, startStub } from '../producer/stub.js';
import {
  encodingFloor,
  producerPuts,
  putRecordEach,
  putRecordsLoop,
} from '../producer/variants.js';
import { type BenchSuite, formatRate, table } from '../suite.js';

/** Reading counts of the throughput runs. */
const SIZES = [20_000, 200_000] as const;
/** One awaited PutRecord per reading is slow: it runs on at most this many readings. */
const PUT_RECORD_EACH_MAX = 2_000;
/** Runs per figure; the median is reported. */
const RUNS = 5;
/** Reading counts of the memory runs. */
const RSS_SIZES = [100_000, 1_000_000] as const;
/**
 * The stub's stream: 256 shards. The tutorial's keys "1".."100" put at most 2 keys (2 % of the
 * readings) on one of them, so the producer's per-shard limit (150 % of 1,000 records/s) holds 200,000
 * readings back only if they go out in under about 1.7 s.
 */
const STUB_SHARDS = 256;
/** How long one memory run may take before the suite gives up on it. */
const RSS_TIMEOUT_MS = 600_000;

interface Variant {
  readonly label: string;
  /** The readings it sends (a subset for the slow one). */
  readonly readings: readonly Reading[];
  /** Whether it talks to the stub (the stub then counts what it received). */
  readonly network: boolean;
  run(): Promise<unknown> | unknown;
}

interface Measured {
  readonly label: string;
  readonly readings: number;
  readonly seconds: number;
  readonly connections: number | undefined;
  readonly requests: number | undefined;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * Runs every variant `RUNS` times, interleaved (a, b, c, ..., b, c, ..., a, ...) so that drift in
 * the machine's load touches all of them alike, and reports each one's median time.
 */
async function measureAll(stub: Stub, variants: readonly Variant[]): Promise<Measured[]> {
  const times = variants.map((): number[] => []);
  const counted = variants.map((): { connections?: number; requests?: number } => ({}));
  for (let attempt = 0; attempt < RUNS; attempt += 1) {
    // Each round starts with another variant, so none always pays for the garbage of the one before.
    for (let step = 0; step < variants.length; step += 1) {
      const index = (attempt + step) % variants.length;
      const variant = variants[index] as Variant;
      if (variant.network) await stub.reset();
      const started = performance.now();
      await variant.run();
      times[index]?.push((performance.now() - started) / 1000);
      if (!variant.network) continue;
      const stats = await stub.stats();
      if (stats.records !== variant.readings.length) {
        throw new Error(
          `${variant.label}: the stub received ${stats.records} of ${variant.readings.length} readings`,
        );
      }
      counted[index] = { connections: stats.connections, requests: stats.requests };
    }
  }
  return variants.map((variant, index) => ({
    label: variant.label,
    readings: variant.readings.length,
    seconds: median(times[index] ?? []),
    connections: counted[index]?.connections,
    requests: counted[index]?.requests,
  }));
}

function row(measured: Measured, baseline: Measured | undefined): string[] {
  const rate = measured.readings / measured.seconds;
  const baseRate = baseline === undefined ? undefined : baseline.readings / baseline.seconds;
  return [
    measured.label,
    measured.readings.toLocaleString('en-US'),
    `${measured.seconds.toFixed(3)} s`,
    formatRate(rate),
    baseRate === undefined ? '' : `${(rate / baseRate).toFixed(2)}x`,
    measured.connections === undefined ? '-' : String(measured.connections),
    measured.requests === undefined ? '-' : measured.requests.toLocaleString('en-US'),
  ];
}

interface RssResult {
  readonly count: number;
  readonly failed: number;
  readonly seconds: number;
  readonly baseline: number;
  readonly maxRss: number;
}

/** Runs `rss-child.ts` in a fresh process and returns what it printed. */
function measureRss(endpoint: string, count: number): Promise<RssResult> {
  const script = fileURLToPath(new URL('../producer/rss-child.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = fork(script, [endpoint, String(count)], {
      execArgv: ['--conditions=@kds/source', '--import', 'tsx'],
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      timeout: RSS_TIMEOUT_MS,
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`rss-child exited with ${code}`));
      else resolve(JSON.parse(output) as RssResult);
    });
  });
}

const MiB = 1024 * 1024;
const mib = (bytes: number): string => `${(bytes / MiB).toFixed(0)} MiB`;

/** @kds/producer beside the ways the tutorial's readings are usually sent, on a stub Kinesis. */
export const suite: BenchSuite = {
  name: 'producer',
  description: `readings/s to a loopback PutRecords stub (own process, ${STUB_SHARDS} shards): PutRecord each, a PutRecords loop, @kds/producer, the encoding floor; peak RSS`,
  async run(report) {
    const stub = await startStub(STUB_SHARDS);
    try {
      // Warm the JIT on every path once, so the first measured variant is not the cold one.
      const warmUp = tutorialReadings(SIZES[0]);
      await putRecordsLoop(stub.endpoint, warmUp);
      await producerPuts(stub.endpoint, warmUp);
      await putRecordEach(stub.endpoint, warmUp.slice(0, 500));

      for (const size of SIZES) {
        const readings = tutorialReadings(size);
        const eachReadings = readings.slice(0, PUT_RECORD_EACH_MAX);
        const [each, loop, producer, unlimited, floor] = await measureAll(stub, [
          {
            label: '(a) PutRecord per reading, sequential',
            readings: eachReadings,
            network: true,
            run: () => putRecordEach(stub.endpoint, eachReadings),
          },
          {
            label: '(b) PutRecords of 500, sequential, keep-alive',
            readings,
            network: true,
            run: () => putRecordsLoop(stub.endpoint, readings),
          },
          {
            label: '(c) @kds/producer, rateLimitPercent: Infinity',
            readings,
            network: true,
            run: () =>
              producerPuts(stub.endpoint, readings, { rateLimitPercent: Number.POSITIVE_INFINITY }),
          },
          {
            label: "(c') @kds/producer, defaults (150 % shard limit)",
            readings,
            network: true,
            run: () => producerPuts(stub.endpoint, readings),
          },
          {
            label: '(d) encoding floor, no network',
            readings,
            network: false,
            run: () => encodingFloor(readings),
          },
        ]);
        const rows = [each, loop, producer, unlimited, floor].map((measured) =>
          row(measured as Measured, loop),
        );
        report(
          table(['variant', 'readings', 'time', 'rate', 'vs (b)', 'connections', 'requests'], rows),
        );
        report('');
      }
      report(
        `(a) runs on ${PUT_RECORD_EACH_MAX.toLocaleString('en-US')} readings only: one awaited request per reading is too slow for more. Median of ${RUNS} interleaved runs each.`,
      );
      report(
        "The stub never throttles, so (c) turns the producer's client-side shard limit off to compare the sending machinery alone. (c') keeps it: the tutorial's 100 keys give each key 1 % of the readings, so above about 150,000 readings/s a key alone exceeds 150 % of a shard (1,500 records/s) and the producer holds it back, as Kinesis would.",
      );
      report('');

      const rssRows: string[][] = [];
      for (const count of RSS_SIZES) {
        const result = await measureRss(stub.endpoint, count);
        rssRows.push([
          count.toLocaleString('en-US'),
          `${result.seconds.toFixed(1)} s`,
          formatRate(count / result.seconds),
          mib(result.baseline),
          mib(result.maxRss),
          mib(result.maxRss - result.baseline),
          String(result.failed),
        ]);
      }
      report(
        `Peak RSS of a process putting readings as fast as @kds/producer takes them (await waitForRoom() before each put; buffer limits ${DEFAULT_MAX_BUFFERED_RECORDS.toLocaleString('en-US')} records / ${mib(DEFAULT_MAX_BUFFERED_BYTES)}):`,
      );
      report(
        table(
          ['readings', 'time', 'rate', 'RSS at start', 'peak RSS', 'growth', 'failed'],
          rssRows,
        ),
      );
    } finally {
      await stub.stop();
    }
  },
};
