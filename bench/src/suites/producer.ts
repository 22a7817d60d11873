import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MAX_BUFFERED_BYTES, DEFAULT_MAX_BUFFERED_RECORDS } from '@kds/producer';
import { type Stub, startStub } from '../producer/stub.js';
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
/** How long one child process may take before the suite gives up on it. */
const CHILD_TIMEOUT_MS = 600_000;

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

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Runs a script of `src/producer/` in a fresh process and returns the JSON line it printed. */
function runChild<R>(script: string, args: readonly string[]): Promise<R> {
  const path = fileURLToPath(new URL(`../producer/${script}`, import.meta.url));
  return new Promise((resolve, reject) => {
    const child = fork(path, args, {
      execArgv: ['--conditions=@kds/source', '--import', 'tsx'],
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      timeout: CHILD_TIMEOUT_MS,
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`${script} ${args.join(' ')} exited with ${code}`));
      else resolve(JSON.parse(output) as R);
    });
  });
}

/**
 * Runs each variant in a process of its own: a warm-up run, then `RUNS` measured ones, whose
 * median time is reported. The stub's counts cover all of them and are divided back to one run.
 */
async function measure(stub: Stub, variant: Variant): Promise<Measured> {
  await stub.reset();
  const { seconds } = await runChild<{ seconds: number[] }>('throughput-child.ts', [
    variant.name,
    stub.endpoint,
    String(variant.readings),
    String(RUNS),
  ]);
  const runs = RUNS + 1;
  const stats = variant.network ? await stub.stats() : undefined;
  if (stats !== undefined && stats.records !== variant.readings * runs) {
    throw new Error(
      `${variant.label}: the stub received ${stats.records} of ${variant.readings * runs} readings`,
    );
  }
  return {
    label: variant.label,
    readings: variant.readings,
    seconds: median(seconds),
    connections: stats === undefined ? undefined : stats.connections / runs,
    requests: stats === undefined ? undefined : stats.requests / runs,
  };
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
            label: '(c) @kds/producer, rateLimitPercent: Infinity',
            name: 'producer',
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
        const measured: Measured[] = [];
        for (const variant of variants) measured.push(await measure(stub, variant));
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
        `(a) runs on ${PUT_RECORD_EACH_MAX.toLocaleString('en-US')} readings only: one awaited request per reading is too slow for more. Each variant runs in a process of its own: one warm-up run, then the median of ${RUNS}.`,
      );
      report(
        "The stub never throttles, so (c) turns the producer's client-side shard limit off to compare the sending machinery alone. (c') keeps the default limit (150 % of 1,000 records/s per shard, one second's burst): the tutorial's 100 keys put 2 keys (2 % of the readings) on the busiest of the 256 shards, so 200,000 readings need at least (4,000 - 1,500) / 1,500 = 1.7 s there, as they would on Kinesis.",
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
