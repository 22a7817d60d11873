import { CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { SinkItem } from '@kds/consumer';
import { createProducer, field, Ordering, type PutResult } from '@kds/producer';
import { encodeReading, type Reading } from '@kds/schema';
import { describe, expect, inject, it } from 'vitest';
import { leaseItem } from './helpers/dynamodb.js';
import { emulatorWorker } from './helpers/emulator-worker.js';
import { eventually } from './helpers/processes.js';
import { emulatorClients, freshStream, readingOf } from './helpers/stream.js';

const { kinesis, dynamodb } = emulatorClients({
  kinesisEndpoint: inject('kinesisEndpoint'),
  dynamodbEndpoint: inject('dynamodbEndpoint'),
});

/** Sends readings `from`..`to - 1`, as KPL aggregates or plain; resolves with each put's result. */
async function put(
  stream: string,
  from: number,
  to: number,
  aggregation: boolean,
): Promise<Map<number, PutResult>> {
  const producer = createProducer<Reading>({
    client: kinesis,
    streamName: stream,
    partitionKey: field('Spot'),
    serialize: encodeReading,
    aggregation,
    // The readings reach the stream in put order, whatever requests are in flight.
    ordering: Ordering.PerKey,
  });
  const results = new Map<number, PutResult>();
  const puts: Promise<void>[] = [];
  for (let id = from; id < to; id += 1) {
    puts.push(producer.put(readingOf(id)).then((result) => void results.set(id, result)));
  }
  await producer.close();
  await Promise.all(puts);
  return results;
}

/**
 * A lease item exactly as the Java KCL 2.x `DynamoDBLeaseSerializer` writes it, for a worker that
 * has stopped: its owner, its counter, the checkpoint and sub-sequence number, plus an attribute
 * kds does not know.
 */
function kclItem(shardId: string, checkpoint: string, subSequenceNumber: number) {
  return {
    leaseKey: { S: shardId },
    leaseOwner: { S: 'kcl-worker-1' },
    leaseCounter: { N: '42' },
    ownerSwitchesSinceCheckpoint: { N: '1' },
    checkpoint: { S: checkpoint },
    checkpointSubSequenceNumber: { N: String(subSequenceNumber) },
    startingHashKey: { S: '0' },
    endingHashKey: { S: '340282366920938463463374607431768211455' },
    appSpecificNote: { S: 'kept by every writer' },
  };
}

describe('kds workers resume from a lease table the Java KCL wrote (kinesalite, dynalite)', () => {
  it('delivers exactly the user records after each checkpoint, inside a KPL aggregate too, and writes items the KCL reads', async () => {
    // Prepare: one shard; 30 readings in KPL aggregates, then 10 plain ones.
    const names = await freshStream(kinesis, 1);
    const { stream, application } = names;
    const aggregated = await put(stream, 0, 30, true);
    const plain = await put(stream, 30, 40, false);
    // The KCL checkpointed in the middle of the first aggregate: its user records 0..4 are done.
    const inAggregate = aggregated.get(4) as PutResult;
    expect(inAggregate.subSequenceNumber).toBe(4);
    await dynamodb.send(
      new CreateTableCommand({
        TableName: application,
        KeySchema: [{ AttributeName: 'leaseKey', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'leaseKey', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await dynamodb.send(
      new PutItemCommand({
        TableName: application,
        Item: kclItem(inAggregate.shardId, inAggregate.sequenceNumber, 4),
      }),
    );
    const delivered: SinkItem<Reading>[] = [];

    // Act: a kds worker of the same application; the KCL worker's lease expires and is taken.
    const sink = async (items: readonly SinkItem<Reading>[]) => {
      delivered.push(...items);
      return undefined;
    };
    const worker = emulatorWorker({ kinesis, dynamodb }, names, sink, {
      failoverTimeMs: 1_000,
      idleTimeBetweenReadsMs: 100,
    });
    await worker.start();
    await eventually(() => (delivered.length >= 35 ? true : undefined));
    const last = plain.get(39) as PutResult;
    await eventually(() =>
      worker.leases()[0]?.checkpoint === last.sequenceNumber ? true : undefined,
    );
    const running = await leaseItem(dynamodb, application, last.shardId);
    await worker.stop();
    const released = await leaseItem(dynamodb, application, last.shardId);

    // Assess: readings 5..39, each once, in order; none of 0..4.
    expect(delivered.map(({ value }) => value.Timestamp)).toEqual(
      Array.from({ length: 35 }, (_, index) => index + 5),
    );
    // The item keeps the KCL's names and DynamoDB types, and what kds does not know.
    expect(running).toMatchObject({
      leaseKey: { S: last.shardId },
      leaseOwner: { S: worker.workerId },
      checkpoint: { S: last.sequenceNumber },
      checkpointSubSequenceNumber: { N: '0' },
      ownerSwitchesSinceCheckpoint: { N: '0' },
      startingHashKey: { S: '0' },
      appSpecificNote: { S: 'kept by every writer' },
    });
    expect(Number(running?.leaseCounter?.N)).toBeGreaterThan(42);
    expect(released?.leaseOwner).toBeUndefined();
    expect(released?.appSpecificNote).toEqual({ S: 'kept by every writer' });
  });

  it('checkpoints a finished KPL aggregate at its last sub-sequence number, where the KCL resumes after it', async () => {
    // Prepare: 20 readings in aggregates, nothing after them.
    const names = await freshStream(kinesis, 1);
    const aggregated = await put(names.stream, 0, 20, true);
    const last = aggregated.get(19) as PutResult;
    const seen: number[] = [];
    const worker = emulatorWorker({ kinesis, dynamodb }, names, async (items) => {
      seen.push(...items.map(({ value }) => value.Timestamp));
      return undefined;
    });

    // Act
    await worker.start();
    await eventually(() => (seen.length === 20 ? true : undefined));
    await eventually(() => (worker.metrics().checkpoints ? true : undefined));
    await worker.stop();
    const item = await leaseItem(dynamodb, names.application, last.shardId);

    // Assess
    expect(item).toMatchObject({
      checkpoint: { S: last.sequenceNumber },
      checkpointSubSequenceNumber: { N: String(last.subSequenceNumber) },
    });
  });
});
