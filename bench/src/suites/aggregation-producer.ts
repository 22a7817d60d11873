import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Stub, startStub } from '../producer/stub.js';
import { type BenchSuite, formatRate, table } from '../suite.js';

/** Readings per run. */
const READINGS = 200_000;
/** Runs per figure; the median is reported. */
const RUNS = 5;
/** The stub's stream: 4 shards, so the tutorial's 100 keys fill each shard's aggregates. */
const STUB_SHARDS = 4;
/** How long one child process may take before the suite gives up on it. */
const CHILD_TIMEOUT_MS = 600_000;

interface Variant {
  readonly label: string;
  /** The name `throughput-child.ts` knows it by. */
  readonly name: string;
  readonly network: boolean;
}

const VARIANTS: readonly Variant[] = [
  {
    label: '(i) @kds/producer put, aggregation, no shard limit',
    name: 'producer-aggregated',
    network: true,
  },
  {
    label: '(i) @kds/producer putMany (1,000 a call), aggregation, no shard limit',
    name: 'producer-aggregated-many',
    network: true,
  },
  {
    label: "(i') @kds/producer, aggregation: true, other options default",
    name: 'producer-aggregated-defaults',
    network: true,
  },
  {
    label: '(ii) aws-kinesis-agg aggregate + PutRecords loop',
    name: 'aws-kinesis-agg',
    network: true,
  },
  { label: '(iii) encoding floor, no network', name: 'floor', network: false },
];

interface Run {
  readonly seconds: number;
  readonly requests: number | undefined;
  readonly kinesisRecords: number | undefined;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Runs `throughput-child.ts` for one variant in a fresh process; returns its measured time. */
function runChild(args: readonly string[]): Promise<{ seconds: number[]; warmUps: number }> {
  const path = fileURLToPath(new URL('../producer/throughput-child.ts', import.meta.url));
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
      if (code !== 0) reject(new Error(`throughput-child ${args.join(' ')} exited with ${code}`));
      else resolve(JSON.parse(output) as { seconds: number[]; warmUps: number });
    });
  });
}

async function runOnce(stub: Stub, variant: Variant): Promise<Run> {
  await stub.reset();
  const { seconds, warmUps } = await runChild([variant.name, stub.endpoint, String(READINGS), '1']);
  const measured = seconds[0] ?? Number.NaN;
  if (!variant.network)
    return { seconds: measured, requests: undefined, kinesisRecords: undefined };
  const runs = warmUps + 1;
  const { requests, records } = await stub.stats();
  return { seconds: measured, requests: requests / runs, kinesisRecords: records / runs };
}

/** Aggregating producer beside aws-kinesis-agg and the encoding floor, on the loopback stub. */
export const suite: BenchSuite = {
  name: 'aggregation-producer',
  description: `readings/s of ${READINGS.toLocaleString('en-US')} tutorial readings, KPL-aggregated, to a loopback PutRecords stub (own process, ${STUB_SHARDS} shards): @kds/producer with aggregation, aws-kinesis-agg + a PutRecords loop, the encoding floor`,
  async run(report) {
    const stub = await startStub(STUB_SHARDS);
    try {
      const runs = VARIANTS.map((): Run[] => []);
      // Interleaved (i, i, i', ii, iii, i, ...) so that changes in the machine's load touch all alike.
      for (let attempt = 0; attempt < RUNS; attempt += 1) {
        for (const [index, variant] of VARIANTS.entries()) {
          runs[index]?.push(await runOnce(stub, variant));
        }
      }
      const rates = runs.map((each) => READINGS / median(each.map(({ seconds }) => seconds)));
      const aws = rates[VARIANTS.findIndex(({ name }) => name === 'aws-kinesis-agg')] ?? Number.NaN;
      const floor = rates[VARIANTS.findIndex(({ name }) => name === 'floor')] ?? Number.NaN;
      report(
        table(
          ['variant', 'time', 'rate', 'vs (ii)', 'vs (iii)', 'requests', 'Kinesis records'],
          VARIANTS.map((variant, index) => {
            const rate = rates[index] ?? Number.NaN;
            const last = runs[index]?.at(-1);
            return [
              variant.label,
              `${(READINGS / rate).toFixed(3)} s`,
              formatRate(rate),
              `${(rate / aws).toFixed(2)}x`,
              `${(rate / floor).toFixed(2)}x`,
              last?.requests === undefined
                ? '-'
                : Math.round(last.requests).toLocaleString('en-US'),
              last?.kinesisRecords === undefined
                ? '-'
                : Math.round(last.kinesisRecords).toLocaleString('en-US'),
            ];
          }),
        ),
      );
      report('');
      report(
        `Each figure is the median of ${RUNS} runs, each in a fresh process after warm-up runs of 100,000 readings, the variants interleaved. Targets: (i) >= 3x (ii) and >= 0.5x (iii). The stub never throttles, so (i) turns the client-side shard limit off; it keeps the default buffer of 20,000 readings with aggregation, a request taking up to 4,000 of them (its share among the 4 request slots and the batch collecting). (i') keeps every default: the 150 % shard limit, counted in bytes with aggregation, holds 4 shards to 6 MiB/s, so (i') measures the limiter, not the machinery.`,
      );
    } finally {
      await stub.stop();
    }
  },
};
