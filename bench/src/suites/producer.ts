import { DEFAULT_MAX_BUFFERED_BYTES, DEFAULT_MAX_BUFFERED_RECORDS } from '@kds/producer';
import { runChild, runThroughput } from '../producer/child.js';
import { type Stub, startStub } from '../producer/stub.js';
import { type BenchSuite, formatRate, median, table } from '../suite.js';

/** Reading counts of the throughput runs. */
const SIZES = [20_000, 200_000] as const;
/** One awaited PutRecord per reading is slow: it runs on at most this many readings. */
const PUT_RECORD_EACH_MAX = 1_000;
/** Runs per figure; the median is reported. */
const RUNS = 5;
/** Readings one producer puts for the heap check, and how many between two measures. */
const HEAP_READINGS = 2_000_000;
const HEAP_ROUND = 400_000;
/** Reading counts of the memory runs. */
const RSS_SIZES = [100_000, 1_000_000] as const;
/**
 * The stub's stream: 256 shards. The tutorial's keys "1".."100" put at most 2 keys (2 % of the
 * readings) on one of them, so the producer's per-shard limit (150 % of 1,000 records/s) holds 200,000
 * readings back only if they go out in under about 1.7 s.
 */
const STUB_SHARDS = 256;

interface Variant {
  readonly label: string;
  /** The name `throughput-child.ts` knows it by. */
  readonly name: string;
  /** How many readings it sends (fewer for the slow one). */
  readonly readings: number;
  /** Whether it talks to the stub (the stub then counts what it received). */
  readonly network: boolean;
}

interface Measured {
  readonly label: string;
  readonly readings: number;
  readonly seconds: number;
  readonly connections: number | undefined;
  readonly requests: number | undefined;
}

/** One run of a variant in a fresh process (after its warm-up), and what the stub counted. */
async function runOnce(
  stub: Stub,
  variant: Variant,
): Promise<{ seconds: number; connections?: number; requests?: number }> {
  const { seconds, counted } = await runThroughput(stub, variant);
  if (counted === undefined) return { seconds };
  if (counted.records !== variant.readings) {
    throw new Error(
      `${variant.label}: the stub received ${counted.records} of ${variant.readings} readings a run`,
    );
  }
  return { seconds, connections: counted.connections, requests: counted.requests };
}

/**
 * Runs every variant `RUNS` times, each run in a process of its own (as a service sending readings
 * would be) after its warm-up, interleaved (a, b, c, ..., a, b, c, ...) so that changes in the
 * machine's load touch all variants alike; reports each one's median time.
 */
async function measureAll(stub: Stub, variants: readonly Variant[]): Promise<Measured[]> {
  const runs = variants.map(
    (): Array<{ seconds: number; connections?: number; requests?: number }> => [],
  );
  for (let attempt = 0; attempt < RUNS; attempt += 1) {
    for (const [index, variant] of variants.entries())
      runs[index]?.push(await runOnce(stub, variant));
  }
  return variants.map((variant, index) => {
    const results = runs[index] ?? [];
    const last = results.at(-1);
    return {
      label: variant.label,
      readings: variant.readings,
      seconds: median(results.map((result) => result.seconds)),
      connections: last?.connections,
      requests: last?.requests,
    };
  });
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

const MiB = 1024 * 1024;
const mib = (bytes: number): string => `${(bytes / MiB).toFixed(0)} MiB`;

/** @kds/producer beside the ways the tutorial's readings are usually sent, on a stub Kinesis. */
export const suite: BenchSuite = {
  name: 'producer',
  description: `readings/s to a loopback PutRecords stub (own process, ${STUB_SHARDS} shards): PutRecord each, a PutRecords loop, @kds/producer, the encoding floor; peak RSS`,
  async run(report) {
    const stub = await startStub(STUB_SHARDS);
    try {
      for (const size of SIZES) {
        const variants: Variant[] = [
          {
            label: '(a) PutRecord per reading, sequential',
            name: 'each',
            readings: Math.min(size, PUT_RECORD_EACH_MAX),
            network: true,
          },
          {
            label: '(b) PutRecords of 500, sequential, keep-alive',
            name: 'loop',
            readings: size,
            network: true,
          },
          {
            label: '(c) @kds/producer put, rateLimitPercent: Infinity',
            name: 'producer',
            readings: size,
            network: true,
          },
          {
            label: '(c) @kds/producer putMany, 1,000 a call, no limit',
            name: 'producer-many',
            readings: size,
            network: true,
          },
          {
            label: "(c') @kds/producer, defaults (150 % shard limit)",
            name: 'producer-limited',
            readings: size,
            network: true,
          },
          {
            label: '(d) encoding floor, no network',
            name: 'floor',
            readings: size,
            network: false,
          },
        ];
        const measured = await measureAll(stub, variants);
        const loop = measured[1] as Measured;
        report(
          table(
            ['variant', 'readings', 'time', 'rate', 'vs (b)', 'connections', 'requests'],
            measured.map((each) => row(each, loop)),
          ),
        );
        report('');
      }
      report(
        `(a) runs on ${PUT_RECORD_EACH_MAX.toLocaleString('en-US')} readings only: one awaited request per reading is too slow for more. Each figure is the median of ${RUNS} runs, each in a fresh process after warm-up runs of 100,000 readings in all, the variants interleaved.`,
      );
      report(
        "The stub never throttles, so (c) turns the producer's client-side shard limit off to compare the sending machinery alone: put per reading (the writer awaits waitForRoom() only when hasRoom() is false), and putMany of 1,000 readings a call (one promise per call). (c') keeps the default limit (150 % of 1,000 records/s per shard, one second's burst): the tutorial's 100 keys put 2 keys (2 % of the readings) on the busiest of the 256 shards, so 200,000 readings need at least (4,000 - 1,500) / 1,500 = 1.7 s there, as they would on Kinesis.",
      );
      report('');

      const rssRows: string[][] = [];
      for (const count of RSS_SIZES) {
        const result = await runChild<RssResult>('rss-child.ts', [stub.endpoint, String(count)]);
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
        `Peak RSS of a process putting readings as fast as @kds/producer takes them (waiting for room, hasRoom() / waitForRoom(), before each put; buffer limits ${DEFAULT_MAX_BUFFERED_RECORDS.toLocaleString('en-US')} records / ${mib(DEFAULT_MAX_BUFFERED_BYTES)}):`,
      );
      report(
        table(
          ['readings', 'time', 'rate', 'RSS at start', 'peak RSS', 'growth', 'failed'],
          rssRows,
        ),
      );
      report('');

      const heapRows: string[][] = [];
      for (const mode of ['plain', 'aggregated']) {
        const { heapUsed } = await runChild<{ heapUsed: number[] }>(
          'heap-child.ts',
          [stub.endpoint, String(HEAP_READINGS), String(HEAP_ROUND), mode],
          ['--expose-gc'],
        );
        heapRows.push([mode, ...heapUsed.map((bytes) => `${(bytes / MiB).toFixed(1)} MiB`)]);
      }
      report(
        `Heap used after a full garbage collection, one producer putting ${HEAP_READINGS.toLocaleString('en-US')} readings as fast as it takes them, after each ${HEAP_ROUND.toLocaleString('en-US')} (flushed); flat when nothing is kept per record:`,
      );
      report(
        table(
          [
            'producer',
            ...Array.from({ length: HEAP_READINGS / HEAP_ROUND }, (_, round) =>
              ((round + 1) * HEAP_ROUND).toLocaleString('en-US'),
            ),
          ],
          heapRows,
        ),
      );
    } finally {
      await stub.stop();
    }
  },
};
