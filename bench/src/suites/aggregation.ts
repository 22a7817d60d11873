import { createHash } from 'node:crypto';
import {
  AGGREGATE_MAGIC,
  DEFAULT_AGGREGATION_MAX_SIZE,
  decodeAggregate,
  encodeAggregate,
  type UserRecord,
} from '@kds/aggregation';
import {
  AggregatedRecordType,
  awsAggregate,
  awsDeaggregateBase64,
  awsKinesisAgg,
} from '@kds/interop';
import { encodeReading, type Reading, SPOTS } from '@kds/schema';
import { aggregateAll } from '../aggregate.js';
import { type BenchSuite, formatRate, table } from '../suite.js';

const READINGS = 10_000;
/** Per variant: warm-up, then about this long of interleaved rounds; the median run is reported. */
const WARM_UP_MS = 150;
const SAMPLE_MS = 800;
const MIN_ROUNDS = 5;
const MAX_ROUNDS = 2_000;
/** aws-kinesis-agg's fixed limit: 1 MiB less the magic and the MD5. */
const AWS_AGGREGATE_BYTES = 1024 * 1024 - 20;

/** The tutorial's readings with its random keys "1".."100" (a fixed seed, so runs compare). */
function tutorialRecords(count: number): UserRecord[] {
  // MINSTD: exact in doubles, the same sequence on every run.
  let seed = 42;
  const next = (): number => {
    seed = (seed * 48_271) % 2_147_483_647;
    return seed / 2_147_483_647;
  };
  return Array.from({ length: count }, (_, i) => {
    const reading: Reading = {
      Timestamp: 1_732_600_000_000 + i * 250,
      Spot: SPOTS[Math.floor(next() * SPOTS.length)] ?? 'Q',
      Temperature: 10 + Math.floor(next() * 31),
    };
    return { partitionKey: String(1 + Math.floor(next() * 100)), data: encodeReading(reading) };
  });
}

interface Variant {
  label: string;
  note: string;
  work: () => unknown;
}

interface Row {
  label: string;
  seconds: number;
  note: string;
}

/**
 * Times the variants in interleaved rounds (each once per round), so a load that comes and goes
 * on a shared machine weighs on all of them alike; reports each one's median run.
 */
async function compare(variants: readonly Variant[]): Promise<Row[]> {
  const warmUntil = performance.now() + WARM_UP_MS * variants.length;
  while (performance.now() < warmUntil) for (const variant of variants) await variant.work();
  const times = variants.map((): number[] => []);
  const until = performance.now() + SAMPLE_MS * variants.length;
  for (
    let round = 0;
    round < MIN_ROUNDS || (performance.now() < until && round < MAX_ROUNDS);
    round++
  ) {
    for (const [i, variant] of variants.entries()) {
      const started = performance.now();
      await variant.work();
      times[i]?.push(performance.now() - started);
    }
  }
  return variants.map((variant, i) => {
    const sorted = [...(times[i] ?? [])].sort((a, b) => a - b);
    return {
      label: variant.label,
      note: variant.note,
      seconds: (sorted[Math.floor(sorted.length / 2)] ?? Number.NaN) / 1000,
    };
  });
}

function render(rows: readonly Row[], baseline: string): string {
  const base = rows.find((row) => row.label === baseline)?.seconds ?? Number.NaN;
  return table(
    ['variant', 'readings/s', `vs ${baseline}`, 'notes'],
    rows.map((row) => [
      row.label,
      formatRate(READINGS / row.seconds),
      `${(base / row.seconds).toFixed(2)}x`,
      row.note,
    ]),
  );
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`aggregation bench: ${what}`);
}

/** protobufjs doing the protobuf part, with the same key tables, MD5 and framing. */
function encodeWithProtobufjs(group: readonly UserRecord[]): Buffer {
  const indexes = new Map<string, number>();
  const records = group.map((record) => {
    let index = indexes.get(record.partitionKey);
    if (index === undefined) {
      index = indexes.size;
      indexes.set(record.partitionKey, index);
    }
    return { partition_key_index: index, data: record.data };
  });
  const body = AggregatedRecordType.encode({
    partition_key_table: [...indexes.keys()],
    explicit_hash_key_table: [],
    records,
  }).finish();
  return Buffer.concat([AGGREGATE_MAGIC, body, createHash('md5').update(body).digest()]);
}

/** protobufjs reading the body, after the same magic and MD5 checks. */
function decodeWithProtobufjs(bytes: Buffer): number {
  const body = bytes.subarray(4, bytes.length - 16);
  const digest = createHash('md5').update(body).digest();
  if (!digest.equals(bytes.subarray(bytes.length - 16))) return 0;
  const message = AggregatedRecordType.decode(body) as unknown as {
    partition_key_table: string[];
    records: { partition_key_index: number; data: Uint8Array }[];
  };
  let count = 0;
  for (const record of message.records) {
    if (message.partition_key_table[record.partition_key_index] !== undefined) count += 1;
  }
  return count;
}

/** KPL aggregation beside aws-kinesis-agg and protobufjs: encode and decode of tutorial readings. */
export const suite: BenchSuite = {
  name: 'aggregation',
  description: `KPL aggregation of ${READINGS.toLocaleString('en-US')} tutorial readings (~55-byte JSON, keys "1".."100"): @kds/aggregation beside aws-kinesis-agg 4.2.8 and protobufjs 7.2.4`,
  async run(report) {
    const records = tutorialRecords(READINGS);
    const awsRecords = records.map((record) => ({
      partitionKey: record.partitionKey,
      data: Buffer.from(record.data),
    }));
    const bytesPerReading =
      records.reduce((sum, record) => sum + record.data.length, 0) / records.length;

    // The groups our aggregator makes at 51,200 bytes, handed as they are to the others.
    const aggregates = aggregateAll(records, DEFAULT_AGGREGATION_MAX_SIZE);
    const groups = aggregates.map((aggregate) => aggregate.records);
    const awsGroups = groups.map((group) =>
      group.map((record) => ({
        partitionKey: record.partitionKey,
        data: Buffer.from(record.data),
      })),
    );
    report(
      `${READINGS.toLocaleString('en-US')} readings of ${bytesPerReading.toFixed(1)} bytes on average → ` +
        `${aggregates.length} aggregates of at most ${DEFAULT_AGGREGATION_MAX_SIZE.toLocaleString('en-US')} bytes ` +
        `(largest ${Math.max(...aggregates.map((a) => a.data.length)).toLocaleString('en-US')})\n`,
    );

    // Every variant produces aggregates our decoder reads back in full before it is timed.
    const countOf = (list: readonly Uint8Array[]): number =>
      list.reduce((sum, bytes) => {
        const result = decodeAggregate(bytes);
        return sum + (result.ok && result.aggregated ? result.records.length : 0);
      }, 0);
    const awsGrouped = (): Buffer[] =>
      awsGroups.map((group) => {
        const aggregator = new awsKinesisAgg.RecordAggregator();
        for (const record of group) aggregator.addUserRecord(record);
        return aggregator.build()?.data ?? Buffer.alloc(0);
      });
    check(countOf(aggregates.map((a) => a.data)) === READINGS, 'ours lost readings');
    check(countOf(groups.map(encodeWithProtobufjs)) === READINGS, 'protobufjs lost readings');
    check(
      groups.every((group) =>
        Buffer.from(encodeAggregate(group)).equals(encodeWithProtobufjs(group)),
      ),
      'encodeAggregate and protobufjs disagree',
    );
    check(countOf(awsGrouped()) === READINGS, 'aws-kinesis-agg RecordAggregator lost readings');
    const awsAggregates = async (): Promise<Buffer[]> =>
      (await awsAggregate(awsRecords)).map(({ data }) => data);
    check(countOf(await awsAggregates()) === READINGS, 'aws-kinesis-agg lost readings');

    const encodeRows = await compare([
      {
        label: 'aws-kinesis-agg aggregate',
        work: () => awsAggregate(awsRecords),
        note: 'its only size: 1 MiB aggregates',
      },
      {
        label: 'aws-kinesis-agg RecordAggregator',
        work: awsGrouped,
        note: 'addUserRecord + build per 51,200-byte group',
      },
      {
        label: 'protobufjs encode + MD5',
        work: () => groups.map(encodeWithProtobufjs),
        note: 'same groups, key table, framing',
      },
      {
        label: '@kds/aggregation encodeAggregate',
        work: () => groups.map((group) => encodeAggregate(group)),
        note: 'same groups as protobufjs',
      },
      {
        label: '@kds/aggregation, 51,200 B',
        work: () => aggregateAll(records, DEFAULT_AGGREGATION_MAX_SIZE),
        note: 'tryAdd + flush (incl. ExplicitHashKey)',
      },
      {
        label: '@kds/aggregation, 1 MiB',
        work: () => aggregateAll(records, AWS_AGGREGATE_BYTES),
        note: 'as aws-kinesis-agg aggregate',
      },
    ]);
    report('Encode (user records → aggregates)\n');
    report(render(encodeRows, 'aws-kinesis-agg aggregate'));

    const bytes = aggregates.map((aggregate) => Buffer.from(aggregate.data));
    const base64 = bytes.map((aggregate) => aggregate.toString('base64'));
    check(
      base64.reduce((sum, data) => sum + awsDeaggregateBase64(data).length, 0) === READINGS,
      'aws-kinesis-agg deaggregateSync lost readings',
    );
    check(
      bytes.reduce((sum, data) => sum + decodeWithProtobufjs(data), 0) === READINGS,
      'protobufjs decode lost readings',
    );
    const decodeRows = await compare([
      {
        label: 'aws-kinesis-agg deaggregateSync',
        work: () => base64.map(awsDeaggregateBase64),
        note: 'base64 in, base64 out, checksums on',
      },
      {
        label: 'protobufjs decode + MD5',
        work: () => bytes.map(decodeWithProtobufjs),
        note: 'bytes in, key lookups, no output objects',
      },
      {
        label: '@kds/aggregation, base64 → base64',
        work: () =>
          base64.map((data) => {
            const result = decodeAggregate(Buffer.from(data, 'base64'));
            return result.ok && result.aggregated
              ? result.records.map((record) => ({
                  partitionKey: record.partitionKey,
                  data: Buffer.from(
                    record.data.buffer,
                    record.data.byteOffset,
                    record.data.length,
                  ).toString('base64'),
                }))
              : [];
          }),
        note: 'the same output as aws-kinesis-agg',
      },
      {
        label: '@kds/aggregation, base64 → bytes',
        work: () => base64.map((data) => decodeAggregate(Buffer.from(data, 'base64'))),
        note: 'a Lambda event record',
      },
      {
        label: '@kds/aggregation, bytes → bytes',
        work: () => bytes.map((data) => decodeAggregate(data)),
        note: 'GetRecords data, views (no copy)',
      },
    ]);
    report('\nDecode (aggregates → user records, MD5 verified)\n');
    report(render(decodeRows, 'aws-kinesis-agg deaggregateSync'));
  },
};
