import { randomUUID } from 'node:crypto';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { createStream, localClientConfig } from '@kds/local';
import { createProducer, field, Ordering } from '@kds/producer';
import { encodeReading, type Reading, SPOTS } from '@kds/schema';

/** Clients for the emulators of the global setup. */
export function emulatorClients(endpoints: { kinesisEndpoint: string; dynamodbEndpoint: string }): {
  kinesis: KinesisClient;
  dynamodb: DynamoDBClient;
} {
  return {
    kinesis: new KinesisClient(localClientConfig(endpoints.kinesisEndpoint)),
    dynamodb: new DynamoDBClient(localClientConfig(endpoints.dynamodbEndpoint)),
  };
}

/** A fresh stream and a fresh application name (its lease table does not exist yet). */
export async function freshStream(
  kinesis: KinesisClient,
  shardCount: number,
): Promise<{ stream: string; application: string }> {
  const id = randomUUID().slice(0, 8);
  const stream = `worker-${id}`;
  await createStream(kinesis, stream, { shardCount });
  return { stream, application: `app-${id}` };
}

/** The reading with id `id`: its Timestamp is the id, its Spot (the partition key) cycles A..Z. */
export function readingOf(id: number): Reading {
  return {
    Timestamp: id,
    Spot: SPOTS[id % SPOTS.length] as Reading['Spot'],
    Temperature: 10 + (id % 31),
  };
}

/**
 * Sends the readings with ids `from` to `to - 1` through `@kds/producer`, partition key the Spot,
 * per-key ordering on, so each Spot's readings are in one shard in id order. Resolves with the ids Kinesis accepted.
 */
export async function sendReadings(
  kinesis: KinesisClient,
  stream: string,
  from: number,
  to: number,
  options: { aggregation?: boolean } = {},
): Promise<number[]> {
  const producer = createProducer<Reading>({
    client: kinesis,
    streamName: stream,
    partitionKey: field('Spot'),
    serialize: encodeReading,
    aggregation: options.aggregation ?? false,
    // Each Spot's readings reach the stream in id order, whatever requests are in flight or
    // retried: the order the workers are checked against.
    ordering: Ordering.PerKey,
  });
  const puts: Promise<number | undefined>[] = [];
  for (let id = from; id < to; id += 1) {
    await producer.waitForRoom();
    puts.push(
      producer.put(readingOf(id)).then(
        () => id,
        () => undefined,
      ),
    );
  }
  await producer.close();
  return (await Promise.all(puts)).filter((id): id is number => id !== undefined);
}

/** Readings per chunk of {@link sendUntil}: a few seconds of flow on a busy machine. */
const FLOW_CHUNK = 1_000;

/**
 * Readings that flow for as long as a test needs them: chunk after chunk of {@link sendReadings}
 * (ids from `from` up, one producer at a time, so each Spot's readings stay in id order) until
 * `until` aborts, then `after` chunks more. A test that acts while readings flow sends as many as
 * its machine needs to get there, not a volume sized for the slowest. Resolves with the ids
 * Kinesis accepted and how many were sent.
 */
export async function sendUntil(
  kinesis: KinesisClient,
  stream: string,
  until: AbortSignal,
  options: { from?: number; after?: number } = {},
): Promise<{ sent: number[]; attempted: number }> {
  const { from = 0, after = 2 } = options;
  const sent: number[] = [];
  let next = from;
  let left = after;
  while (left > 0) {
    if (until.aborted) left -= 1;
    sent.push(...(await sendReadings(kinesis, stream, next, next + FLOW_CHUNK)));
    next += FLOW_CHUNK;
  }
  return { sent, attempted: next - from };
}

/** Who owns which lease of an application's lease table now. */
export async function leaseOwners(
  dynamodb: DynamoDBClient,
  application: string,
): Promise<{ owners: Map<string, string[]>; leases: number; unowned: string[] }> {
  const { Items = [] } = await dynamodb.send(
    new ScanCommand({ TableName: application, ConsistentRead: true }),
  );
  const owners = new Map<string, string[]>();
  const unowned: string[] = [];
  for (const item of Items) {
    const shard = item.leaseKey?.S ?? '';
    const owner = item.leaseOwner?.S;
    if (owner === undefined) unowned.push(shard);
    else owners.set(owner, [...(owners.get(owner) ?? []), shard].sort());
  }
  return { owners, leases: Items.length, unowned };
}
