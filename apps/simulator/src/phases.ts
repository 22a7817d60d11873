import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { listShards, type ReshardResult, reshard } from '@kds/local';
import type { Producer } from '@kds/producer';
import type { Reading } from '@kds/schema';
import type { SimulatorOptions } from './args.js';
import type { Device } from './device.js';
import type { RunIo } from './run.js';
import { type SendOutcome, sendReadings } from './send.js';
import { NO_OBSERVER, type RunObserver } from './ui/observer.js';

/** One send of the run: before the reshard, or after it. */
export interface PhaseSummary extends SendOutcome {
  /** Open shards of the stream while sending. */
  readonly shardCount: number;
}

/** Lists the stream's shards, tells the observer, and counts the open ones. */
export async function openShardCount(
  client: KinesisClient,
  streamName: string,
  observer: RunObserver = NO_OBSERVER,
): Promise<number> {
  const shards = (await listShards(client, streamName)).map((shard) => ({
    shardId: shard.ShardId ?? '',
    parentShardIds: [shard.ParentShardId, shard.AdjacentParentShardId].filter(
      (parent): parent is string => parent !== undefined,
    ),
    open: shard.SequenceNumberRange?.EndingSequenceNumber === undefined,
  }));
  observer.shardsListed(shards);
  return shards.filter((shard) => shard.open).length;
}

/** Adds up the phases into the run's totals. */
export function totals(phases: readonly PhaseSummary[]): SendOutcome {
  const shards: Record<string, number> = {};
  const lastSequenceNumbers: Record<string, string> = {};
  for (const phase of phases) {
    for (const [shardId, count] of Object.entries(phase.shards)) {
      shards[shardId] = (shards[shardId] ?? 0) + count;
    }
    Object.assign(lastSequenceNumbers, phase.lastSequenceNumbers);
  }
  const sum = (pick: (phase: PhaseSummary) => number): number =>
    phases.reduce((total, phase) => total + pick(phase), 0);
  return {
    sent: sum((phase) => phase.sent),
    failed: sum((phase) => phase.failed),
    shards: Object.fromEntries(Object.entries(shards).sort(([a], [b]) => a.localeCompare(b))),
    lastSequenceNumbers,
    matching: sum((phase) => phase.matching),
    elapsedMs: sum((phase) => phase.elapsedMs),
    errors: phases.flatMap((phase) => phase.errors).slice(0, 5),
  };
}

/** Sends one phase's readings, paced and with a progress bar when `--rate` is given. */
export async function sendPhase(
  options: SimulatorOptions,
  context: {
    client: KinesisClient;
    producer: Producer<Reading>;
    device: Device;
    minTemperature: number;
    io: RunIo;
  },
): Promise<PhaseSummary> {
  const { client, producer, device, minTemperature, io } = context;
  const shardCount = await openShardCount(client, options.streamName, io.observer);
  io.observer?.stageChanged('sending');
  const bar = options.rate === undefined ? undefined : io.progressBar?.();
  const outcome = await sendReadings(producer, device, {
    count: options.count,
    minTemperature,
    rate: options.rate,
    onProgress: bar === undefined ? undefined : (done, total) => bar.update(done, total),
    signal: io.signal,
    observer: io.observer,
  });
  bar?.finish();
  return { ...outcome, shardCount };
}

export async function reshardBetweenPhases(
  client: KinesisClient,
  options: SimulatorOptions,
  io: RunIo,
): Promise<ReshardResult | undefined> {
  if (options.reshardTo === undefined) return undefined;
  io.progress(`Resharding ${options.streamName} to ${options.reshardTo} shards...`);
  io.observer?.stageChanged('resharding');
  const result = await reshard(client, options.streamName, options.reshardTo);
  if (io.observer !== undefined) await openShardCount(client, options.streamName, io.observer);
  io.progress(
    `Resharded ${options.streamName} from ${result.fromShardCount} to ${result.toShardCount} shards with ${result.method}: ${result.shardsBefore.join(', ')} -> ${result.shardsAfter.join(', ')}`,
  );
  return result;
}
