import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import { createDecoder, toKinesisStreamEvent } from '@kds/consumer';
import { ReadingSchema } from '@kds/schema';
import { createWorker, DEFAULT_MAX_RECORDS } from '@kds/worker';
import type { PrefilledStream } from '../streams.js';

/** A drain that has not finished by then has lost records: the run fails instead of hanging. */
const DRAIN_GUARD_MS = 600_000;

/** One timed drain of the whole stream. */
export interface DrainRun {
  /** Readings delivered (decoded successfully). */
  readonly readings: number;
  /** From the start (worker `start()` or the first GetShardIterator) to the last reading, in s. */
  readonly seconds: number;
  /** Records per second over `seconds`. */
  readonly rate: number;
  /** process.cpuUsage (user + system) of this process over the drain, in ms per 1,000 readings. */
  readonly cpuMsPer1000: number;
  /** CPU time of the emulator process over the drain, in ms per 1,000 readings. */
  readonly emulatorCpuMsPer1000: number;
  /** From the first reading delivered to the last, in s: the rate once reading (worker only). */
  readonly steadySeconds?: number;
  /** Batches the sink was handed (worker only). */
  readonly batches?: number;
  /** GetRecords calls the worker made, and how many of them returned no record (worker only). */
  readonly getRecordsCalls?: number;
  readonly emptyGetRecords?: number;
  /**
   * The longest time between two batches of one shard, in ms (worker only): near
   * `idleTimeBetweenReadsMs` (1,000 ms by default) if a read came back empty before the end.
   */
  readonly longestGapMs?: number;
}

const cpuMs = (since: NodeJS.CpuUsage): number => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
};

/**
 * The baseline: per shard (all shards at once, as the worker reads them), GetShardIterator
 * TRIM_HORIZON, then GetRecords with Limit 10,000 again and again until a call returns no record;
 * every record goes through `toKinesisStreamEvent` (as the worker's records do) and the same
 * decoder's `decodeAll`. No lease table, no checkpoints, no call spacing, no sink.
 */
export async function drainBaseline(
  kinesis: KinesisClient,
  stream: PrefilledStream,
  emulatorCpuMs: () => Promise<number>,
): Promise<DrainRun> {
  const decoder = createDecoder({ schema: ReadingSchema });
  let readings = 0;
  const emulatorCpu = await emulatorCpuMs();
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    stream.shardIds.map(async (shardId) => {
      const source = { shardId, streamARN: stream.streamARN, region: stream.region };
      let iterator = (
        await kinesis.send(
          new GetShardIteratorCommand({
            StreamName: stream.streamName,
            ShardId: shardId,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        )
      ).ShardIterator;
      while (iterator !== undefined) {
        // The worker's default Limit, the most one call returns.
        const response = await kinesis.send(
          new GetRecordsCommand({ ShardIterator: iterator, Limit: DEFAULT_MAX_RECORDS }),
        );
        const records = response.Records ?? [];
        if (records.length === 0) break;
        for (const record of toKinesisStreamEvent(records, source).Records) {
          for (const result of decoder.decodeAll(record)) if (result.ok) readings += 1;
        }
        iterator = response.NextShardIterator;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuMsPer1000 = (cpuMs(cpu) / readings) * 1000;
  const emulatorCpuMsPer1000 = (((await emulatorCpuMs()) - emulatorCpu) / readings) * 1000;
  return { readings, seconds, rate: readings / seconds, cpuMsPer1000, emulatorCpuMsPer1000 };
}

/**
 * One worker (`createWorker`, a fresh application name so a fresh lease table: it reads from
 * TRIM_HORIZON) with the tutorial decoder and a sink that only counts, until it has delivered
 * every reading of the stream. Timed from `start()`; the worker is stopped afterwards, untimed.
 */
export async function drainWorker(
  kinesis: KinesisClient,
  dynamoDb: DynamoDBClient,
  stream: PrefilledStream,
  emulatorCpuMs: () => Promise<number>,
): Promise<DrainRun> {
  let readings = 0;
  let firstAt: number | undefined;
  let batches = 0;
  let longestGapMs = 0;
  const lastBatchAt = new Map<string, number>();
  let resolveAll: (at: number) => void = () => {};
  const all = new Promise<number>((resolve) => {
    resolveAll = resolve;
  });
  const worker = createWorker({
    applicationName: `bench-worker-${randomUUID().slice(0, 8)}`,
    streamName: stream.streamName,
    kinesisClient: kinesis,
    dynamoDbClient: dynamoDb,
    initialPosition: 'TRIM_HORIZON',
    stopSignals: [],
    processor: {
      decoder: createDecoder({ schema: ReadingSchema }),
      sink: async (items) => {
        const now = performance.now();
        firstAt ??= now;
        batches += 1;
        const shard = items[0]?.record.eventID.split(':')[0] ?? '';
        const previous = lastBatchAt.get(shard);
        if (previous !== undefined) longestGapMs = Math.max(longestGapMs, now - previous);
        lastBatchAt.set(shard, now);
        readings += items.length;
        if (readings >= stream.readings) resolveAll(performance.now());
        return undefined;
      },
    },
  });
  // Counts the worker's GetRecords calls: an empty one before the end would mean an idle pause.
  let getRecordsCalls = 0;
  let emptyGetRecords = 0;
  const counterName = `bench-count-get-records-${randomUUID()}`;
  kinesis.middlewareStack.add(
    (next, context) => async (args) => {
      const output = await next(args);
      if (context.commandName === 'GetRecordsCommand') {
        getRecordsCalls += 1;
        const records = (output.output as { Records?: unknown[] }).Records ?? [];
        if (records.length === 0) emptyGetRecords += 1;
      }
      return output;
    },
    { step: 'initialize', name: counterName },
  );
  const emulatorCpu = await emulatorCpuMs();
  const cpu = process.cpuUsage();
  const started = performance.now();
  await worker.start();
  const guard = setTimeout(() => resolveAll(Number.NaN), DRAIN_GUARD_MS);
  const endedAt = await all;
  clearTimeout(guard);
  if (Number.isNaN(endedAt)) {
    await worker.stop();
    throw new Error(`the worker delivered ${readings} of ${stream.readings} readings`);
  }
  const cpuSpent = cpuMs(cpu);
  const emulatorSpent = (await emulatorCpuMs()) - emulatorCpu;
  const calls = { getRecordsCalls, emptyGetRecords };
  await worker.stop();
  kinesis.middlewareStack.remove(counterName);
  const seconds = (endedAt - started) / 1000;
  return {
    readings,
    seconds,
    rate: readings / seconds,
    cpuMsPer1000: (cpuSpent / readings) * 1000,
    emulatorCpuMsPer1000: (emulatorSpent / readings) * 1000,
    steadySeconds: (endedAt - (firstAt ?? started)) / 1000,
    batches,
    ...calls,
    longestGapMs,
  };
}
