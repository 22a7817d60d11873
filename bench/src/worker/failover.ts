import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { createStream, localProcessEnv } from '@kds/local';
import { createProducer } from '@kds/producer';
import { encodeReading, type Reading, SPOTS } from '@kds/schema';
import { type WorkerProcessSettings, workerProcessEnv } from '@kds/test-support/worker-process-env';

/** How often the lease table is scanned while a handover is under way. */
export const SCAN_INTERVAL_MS = 50;
/** Readings per second put into the stream throughout, so every shard always has records to read. */
const TRICKLE_PER_SECOND = 400;
/** Time given the two workers, once balanced, to deliver before one is stopped. */
const SETTLE_MS = 2_000;
/** A step that has not happened by then has failed: the run stops instead of hanging. */
const STEP_GUARD_MS = 120_000;

const benchDir = fileURLToPath(new URL('../..', import.meta.url));
const childScript = fileURLToPath(new URL('./child.ts', import.meta.url));

interface Delivery {
  readonly shard: string;
  readonly t: number;
}

interface ChildWorker {
  readonly workerId: string;
  readonly child: ChildProcess;
  readonly started: Promise<void>;
  readonly exited: Promise<void>;
  readonly deliveries: Delivery[];
}

function startChild(
  options: WorkerProcessSettings & { kinesisEndpoint: string; dynamodbEndpoint: string },
): ChildWorker {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@kds/source', childScript],
    {
      cwd: benchDir,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...localProcessEnv(options), ...workerProcessEnv(options) },
    },
  );
  const deliveries: Delivery[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started = new Promise<void>((resolve, reject) => {
    let pending = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'started') resolve();
        else if (line.startsWith('{')) deliveries.push(JSON.parse(line) as Delivery);
      }
    });
    void exited.then(() => reject(new Error(`worker ${options.workerId} exited early`)));
  });
  started.catch(() => {});
  return { workerId: options.workerId, child, started, exited, deliveries };
}

async function owners(dynamoDb: DynamoDBClient, table: string): Promise<Map<string, string>> {
  const { Items = [] } = await dynamoDb.send(
    new ScanCommand({ TableName: table, ConsistentRead: true }),
  );
  const byShard = new Map<string, string>();
  for (const item of Items) {
    const shard = item.leaseKey?.S;
    if (shard !== undefined) byShard.set(shard, item.leaseOwner?.S ?? '');
  }
  return byShard;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `SCAN_INTERVAL_MS` until it returns a value; fails after the guard. */
async function until<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + STEP_GUARD_MS;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`failover bench: ${what} did not happen`);
    await sleep(SCAN_INTERVAL_MS);
  }
}

/** One handover: how a stop of one worker of two went. */
export interface HandoverRun {
  readonly signal: 'SIGKILL' | 'SIGTERM';
  /** The failover time the workers ran with; undefined: the default. */
  readonly failoverTimeMs: number | undefined;
  /** Leases the stopped worker held. */
  readonly leasesMoved: number;
  /** From the signal until none of those leases was owned by the stopped worker any more, in ms. */
  readonly releasedMs: number;
  /** From the signal until the stopped worker's process exited, in ms. */
  readonly exitedMs: number;
  /** From the signal until the survivor owned every lease of the stopped worker, in ms. */
  readonly ownedMs: number;
  /** From the signal until the survivor delivered a record of every one of those shards, in ms. */
  readonly deliveredMs: number;
  /** From the signal until the survivor delivered the first record of any of those shards, in ms. */
  readonly firstDeliveredMs: number;
}

/**
 * Two worker processes share a fresh 4-shard stream (readings trickling in all along); once both
 * hold leases and deliver, the one holding more is sent `signal`, and the lease table is scanned
 * every 50 ms until the survivor owns all of its leases.
 */
export async function measureHandover(options: {
  kinesis: KinesisClient;
  dynamoDb: DynamoDBClient;
  kinesisEndpoint: string;
  dynamodbEndpoint: string;
  shards: number;
  signal: 'SIGKILL' | 'SIGTERM';
  failoverTimeMs: number | undefined;
}): Promise<HandoverRun> {
  const { kinesis, dynamoDb, signal, failoverTimeMs } = options;
  const id = randomUUID().slice(0, 8);
  const stream = `bench-failover-${id}`;
  const application = `bench-failover-${id}`;
  await createStream(kinesis, stream, { shardCount: options.shards });

  const producer = createProducer<Reading>({
    client: kinesis,
    streamName: stream,
    partitionKey: (reading) => String(reading.Timestamp % 100),
    serialize: encodeReading,
  });
  let producing = true;
  const trickle = (async () => {
    for (let i = 0; producing; i += 1) {
      void producer
        .put({
          Timestamp: i,
          Spot: SPOTS[i % SPOTS.length] as Reading['Spot'],
          Temperature: 10 + (i % 31),
        })
        .catch(() => {});
      if (i % (TRICKLE_PER_SECOND / 20) === 0) await sleep(50);
    }
    await producer.close();
  })();

  const common = {
    kinesisEndpoint: options.kinesisEndpoint,
    dynamodbEndpoint: options.dynamodbEndpoint,
    application,
    stream,
    failoverTimeMs,
  };
  const workers = [
    startChild({ ...common, workerId: `bench-a-${id}` }),
    startChild({ ...common, workerId: `bench-b-${id}` }),
  ];
  try {
    await (workers[0] as ChildWorker).started;
    await (workers[1] as ChildWorker).started;
    // Balanced: every lease owned, by both workers, and each worker delivering.
    await until('balancing', async () => {
      const now = await owners(dynamoDb, application);
      const held = workers.map(
        (worker) => [...now.values()].filter((owner) => owner === worker.workerId).length,
      );
      const balanced =
        now.size === options.shards &&
        held.every((count) => count >= Math.floor(options.shards / 2)) &&
        workers.every((worker) => worker.deliveries.length > 0);
      return balanced ? true : undefined;
    });
    await sleep(SETTLE_MS);
    const before = await owners(dynamoDb, application);
    const count = (worker: ChildWorker): number =>
      [...before.values()].filter((owner) => owner === worker.workerId).length;
    const [victim, survivor] = (
      count(workers[0] as ChildWorker) >= count(workers[1] as ChildWorker)
        ? workers
        : [...workers].reverse()
    ) as [ChildWorker, ChildWorker];
    const moved = [...before].filter(([, owner]) => owner === victim.workerId).map(([s]) => s);

    const signalledAt = Date.now();
    let exitedAt = Number.NaN;
    void victim.exited.then(() => {
      exitedAt = Date.now();
    });
    victim.child.kill(signal);
    let releasedAt: number | undefined;
    const ownedAt = await until('the takeover', async () => {
      const now = await owners(dynamoDb, application);
      const at = Date.now();
      if (moved.every((shard) => now.get(shard) !== victim.workerId)) releasedAt ??= at;
      return moved.every((shard) => now.get(shard) === survivor.workerId) ? at : undefined;
    });
    await victim.exited;
    const firsts = await until('delivery of the moved shards', async () => {
      const times = moved.map(
        (shard) => survivor.deliveries.find((d) => d.shard === shard && d.t >= signalledAt)?.t,
      );
      return times.every((t) => t !== undefined) ? (times as number[]) : undefined;
    });
    return {
      signal,
      failoverTimeMs,
      leasesMoved: moved.length,
      releasedMs: (releasedAt ?? ownedAt) - signalledAt,
      exitedMs: exitedAt - signalledAt,
      ownedMs: ownedAt - signalledAt,
      deliveredMs: Math.max(...firsts) - signalledAt,
      firstDeliveredMs: Math.min(...firsts) - signalledAt,
    };
  } finally {
    producing = false;
    for (const worker of workers) {
      if (worker.child.exitCode === null && worker.child.signalCode === null) {
        worker.child.kill('SIGTERM');
      }
    }
    await Promise.all(workers.map((worker) => worker.exited));
    await trickle;
  }
}
