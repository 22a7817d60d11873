import { runThroughput } from '../producer/child.js';
import { type Stub, startStub } from '../producer/stub.js';
import { type BenchSuite, formatRate, median, pairedSpeedup, table } from '../suite.js';

/** Readings per run. */
const READINGS = 200_000;
/** Runs (rounds of all variants) per figure; the median is reported. */
const RUNS = 7;
/** The stub's stream: 4 shards, so the tutorial's 100 keys fill each shard's aggregates. */
const STUB_SHARDS = 4;

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
    label: '(i) the same, serialize: stringifyReading',
    name: 'producer-aggregated-many-codec',
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
  {
    label: '(ii) the same, readings as text by stringifyReading',
    name: 'aws-kinesis-agg-codec',
    network: true,
  },
  { label: '(iii) encoding floor, no network', name: 'floor', network: false },
  {
    label: '(iv) bare aggregation loop, no producer, no network',
    name: 'bare-aggregation',
    network: false,
  },
];

interface Run {
  readonly seconds: number;
  readonly requests: number | undefined;
  readonly kinesisRecords: number | undefined;
}

async function runOnce(stub: Stub, variant: Variant): Promise<Run> {
  const { seconds, counted } = await runThroughput(stub, { ...variant, readings: READINGS });
  return { seconds, requests: counted?.requests, kinesisRecords: counted?.records };
}

/**
 * Aggregating producer beside aws-kinesis-agg, the encoding floor and a bare aggregation loop, on
 * the loopback stub.
 */
export const suite: BenchSuite = {
  name: 'aggregation-producer',
  description: `readings/s of ${READINGS.toLocaleString('en-US')} tutorial readings, KPL-aggregated, to a loopback PutRecords stub (own process, ${STUB_SHARDS} shards): @kds/producer with aggregation, aws-kinesis-agg + a PutRecords loop, the encoding floor, a bare aggregation loop`,
  async run(report) {
    const stub = await startStub(STUB_SHARDS);
    try {
      const runs = VARIANTS.map((): Run[] => []);
      // In rounds of every variant, so that changes in the machine's load touch all alike.
      for (let attempt = 0; attempt < RUNS; attempt += 1) {
        for (const [index, variant] of VARIANTS.entries()) {
          runs[index]?.push(await runOnce(stub, variant));
        }
      }
      const times = runs.map((each) => each.map(({ seconds }) => seconds));
      const timesOf = (name: string): number[] =>
        times[VARIANTS.findIndex((variant) => variant.name === name)] ?? [];
      const aws = timesOf('aws-kinesis-agg');
      const floor = timesOf('floor');
      report(
        table(
          ['variant', 'time', 'rate', 'vs (ii)', 'vs (iii)', 'requests', 'Kinesis records'],
          VARIANTS.map((variant, index) => {
            const seconds = times[index] ?? [];
            const last = runs[index]?.at(-1);
            return [
              variant.label,
              `${median(seconds).toFixed(3)} s`,
              formatRate(READINGS / median(seconds)),
              `${pairedSpeedup(seconds, aws).toFixed(2)}x`,
              `${pairedSpeedup(seconds, floor).toFixed(2)}x`,
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
        `Each time and rate is the median of ${RUNS} runs, each in a fresh process after warm-up runs of 100,000 readings; the runs go in rounds of every variant, and each "vs" is the median of the ratios within a round. Targets: (i) >= 3x (ii) and >= 0.5x (iii). Readings are JSON.stringify text unless a row says stringifyReading (@kds/schema: the same bytes, written without JSON.stringify). The stub never throttles, so (i) turns the client-side shard limit off; it keeps the default buffer of 20,000 readings with aggregation, a request taking up to 4,000 of them (its share among the 4 request slots and the batch collecting). (i') keeps every default: the 150 % shard limit, counted in bytes with aggregation, holds 4 shards to 6 MiB/s, so (i') measures the limiter, not the machinery. (iv) is the least any aggregating sender does (per reading: key, shard, text, aggregate; per aggregate: MD5 and base64) with no producer around it and no request: a ceiling for (i) on this machine.`,
      );
    } finally {
      await stub.stop();
    }
  },
};
