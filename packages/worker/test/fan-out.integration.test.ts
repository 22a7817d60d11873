import { KinesisClient } from '@aws-sdk/client-kinesis';
import type { SinkItem } from '@kds/consumer';
import { type RunningEmulator, startKinesisLocal } from '@kds/emulators';
import { localClientConfig } from '@kds/local';
import type { Reading } from '@kds/schema';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { emulatorWorker } from './helpers/emulator-worker.js';
import { eventually } from './helpers/processes.js';
import { emulatorClients, freshStream, sendReadings } from './helpers/stream.js';

/** Readings per phase: kinesis-local pushes one event a second per subscription, and slows down past a few thousand. */
const READINGS = 100;
const TRANSPORT = { efo: { consumerName: 'worker-fan-out-test' } } as const;

// kinesalite has no SubscribeToShard: this file starts kinesis-local (seconds and ~170 MiB), which
// serves it over HTTP/1.1, so the emulator client's handler reads the event stream.
let kinesisLocal: RunningEmulator;
let kinesis: KinesisClient;
/** The Kinesis operations the workers called, in order. */
const operations: string[] = [];
const { dynamodb } = emulatorClients({
  kinesisEndpoint: inject('kinesisEndpoint'),
  dynamodbEndpoint: inject('dynamodbEndpoint'),
});

beforeAll(async () => {
  kinesisLocal = await startKinesisLocal();
  kinesis = new KinesisClient(localClientConfig(kinesisLocal.endpoint));
  kinesis.middlewareStack.add(
    (next, context) => (args) => {
      operations.push(String(context.commandName).replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: 'recordOperations' },
  );
});

afterAll(async () => {
  kinesis?.destroy();
  await kinesisLocal?.stop();
});

describe('a worker on enhanced fan-out (kinesis-local, dynalite)', () => {
  it('hands every reading once, each Spot in order, through SubscribeToShard and never GetRecords; a worker started after it resumes from its checkpoints', async () => {
    // Prepare: a 2-shard stream with readings in it, and a sink that keeps what it is handed.
    const names = await freshStream(kinesis, 2);
    const sentFirst = await sendReadings(kinesis, names.stream, 0, READINGS);
    const handedFirst: Reading[] = [];
    const handedSecond: Reading[] = [];
    const keepingIn = (handed: Reading[]) => async (items: readonly SinkItem<Reading>[]) => {
      handed.push(...items.map((item) => item.value));
      return undefined;
    };

    // Act: one worker reads the first readings and stops (checkpointing and releasing its leases);
    // more readings arrive; a second worker reads on from the checkpoints.
    const first = emulatorWorker({ kinesis, dynamodb }, names, keepingIn(handedFirst), {
      workerId: 'first',
      transport: TRANSPORT,
    });
    await first.start();
    await eventually(() => (handedFirst.length >= sentFirst.length ? true : undefined));
    await first.stop();
    const sentSecond = await sendReadings(kinesis, names.stream, READINGS, 2 * READINGS);
    const second = emulatorWorker({ kinesis, dynamodb }, names, keepingIn(handedSecond), {
      workerId: 'second',
      transport: TRANSPORT,
    });
    await second.start();
    await eventually(() => (handedSecond.length >= sentSecond.length ? true : undefined));

    // Assess: each worker was handed its readings once (a duplicate would stand in for a lost one
    // here): the second one exactly those sent after the first stopped, from its checkpoints, ...
    const sorted = (ids: readonly number[]) => [...ids].sort((a, b) => a - b);
    const idsOf = (handed: readonly Reading[]) =>
      sorted(handed.map((reading) => reading.Timestamp));
    expect(idsOf(handedFirst)).toEqual(sorted(sentFirst));
    expect(idsOf(handedSecond)).toEqual(sorted(sentSecond));
    expect(sentFirst.length + sentSecond.length).toBe(2 * READINGS);
    // ... each Spot (the partition key) in the order it was sent, ...
    const lastBySpot = new Map<string, number>();
    const outOfOrder = [...handedFirst, ...handedSecond].filter((reading) => {
      const last = lastBySpot.get(reading.Spot) ?? -1;
      lastBySpot.set(reading.Spot, reading.Timestamp);
      return reading.Timestamp < last;
    });
    expect(outOfOrder).toEqual([]);
    // ... and read by subscriptions only: both workers subscribed to both shards.
    expect(operations).not.toContain('GetRecords');
    expect(operations.filter((name) => name === 'SubscribeToShard').length).toBeGreaterThanOrEqual(
      4,
    );
  });
});
