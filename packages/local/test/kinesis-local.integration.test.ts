import { KinesisClient, UpdateShardCountCommand } from '@aws-sdk/client-kinesis';
import type { KinesisStreamEvent } from '@kds/consumer';
import { KinesisEmulator, type LocalEmulators, startEmulators } from '@kds/emulators';
import { registerStreamConsumer } from '@kds/reader';
import type { Reading } from '@kds/schema';
import { timestampsBySpot } from '@kds/test-support/readings';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLocalTrigger,
  InvalidOptionError,
  LOCAL_ACCOUNT_ID,
  LOCAL_REGION,
  localClientConfig,
  ReshardMethod,
  SHARD_END,
  waitForStreamActive,
} from '../src/index.js';
import { expectLambdaEventShape, lambdaKinesisEvent } from './helpers/event-shape.js';
import {
  eventReadings,
  makeReadings,
  putReadingsInOrder,
  runReshardScenario,
} from './helpers/readings.js';
import { freshStream, lastPerShard, putRecords, startCollecting } from './helpers/stream.js';
import { WAIT_GUARD } from './helpers/wait.js';

/** The same 10,000 readings as on kinesalite (about 15 s here: kinesis-local is slower). */
const KINESIS_LOCAL_READINGS = 10_000;

describe('on kinesis-local (kinesis-mock)', () => {
  let emulators: LocalEmulators;
  let client: KinesisClient;

  beforeAll(async () => {
    emulators = await startEmulators({ kinesis: KinesisEmulator.KinesisLocal });
    client = new KinesisClient(localClientConfig(emulators.kinesis.endpoint));
  });

  afterAll(async () => {
    client?.destroy();
    await emulators?.stop();
  });

  it('is what startEmulators runs when asked for kinesis-local', async () => {
    // Act
    const created = await freshStream(client, 1);

    // Assess
    expect(emulators.kinesisEmulator).toBe('kinesis-local');
    // The ARNs of kinesis-local agree with the region and account of the local events.
    expect(created.streamARN).toBe(
      `arn:aws:kinesis:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:stream/${created.streamName}`,
    );
  });

  it(`carries ${KINESIS_LOCAL_READINGS} readings through 2 → 1 → 2 shards with UpdateShardCount and ChildShards`, async () => {
    // Prepare
    const { streamName } = await freshStream(client, 2);

    // Act
    const scenario = await runReshardScenario(client, streamName, {
      count: KINESIS_LOCAL_READINGS,
      steps: [1, 2],
    });

    // Assess
    expect(scenario.reshards.map((r) => [r.method, r.fromShardCount, r.toShardCount])).toEqual([
      [ReshardMethod.UpdateShardCount, 2, 1],
      [ReshardMethod.UpdateShardCount, 1, 2],
    ]);
    expect(scenario.handled).toHaveLength(scenario.sent.length);
    expect(new Set(scenario.handled.map((r) => r.Timestamp))).toEqual(
      new Set(scenario.sent.map((r) => r.Timestamp)),
    );
    for (const [spot, timestamps] of timestampsBySpot(scenario.handled)) {
      expect(timestamps, `Spot ${spot}`).toEqual([...timestamps].sort((a, b) => a - b));
    }
  });

  it('invokes the handler with events shaped like the recorded Lambda event', async () => {
    // Prepare
    const { streamName } = await freshStream(client, 1);
    const { trigger, events } = await startCollecting(client, streamName);

    // Act
    const results = await putRecords(client, streamName, [
      { key: '1', data: 'Hello, this is a test.' },
      { key: '1', data: 'This is only a test.' },
    ]);
    await trigger.waitForCheckpoints(lastPerShard(results), WAIT_GUARD);
    await trigger.stop();

    // Assess
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) expectLambdaEventShape(event, lambdaKinesisEvent);
  });

  describe('with a stream consumer ARN as eventSourceArn (enhanced fan-out)', () => {
    /** Readings per test: enough for several events per shard, cheap on kinesis-local. */
    const FAN_OUT_READINGS = 200;
    /** kinesis-mock sends no ChildShards: the trigger looks for a shard's end this often. */
    const SHARD_END_CHECK_MS = 200;

    /** Every reading sent was handled once, and each Spot's readings in the order sent. */
    function expectEachOnceInSpotOrder(
      handled: readonly Reading[],
      sent: readonly Reading[],
    ): void {
      expect(handled.map((r) => r.Timestamp).toSorted((a, b) => a - b)).toEqual(
        sent.map((r) => r.Timestamp),
      );
      for (const [spot, timestamps] of timestampsBySpot(handled)) {
        expect(timestamps, `Spot ${spot}`).toEqual([...timestamps].sort((a, b) => a - b));
      }
    }

    /** Counts the commands a client sends, by name. */
    function countCommands(target: KinesisClient): Map<string, number> {
      const counts = new Map<string, number>();
      target.middlewareStack.add(
        (next, context) => (args) => {
          const name = String(context.commandName);
          counts.set(name, (counts.get(name) ?? 0) + 1);
          return next(args);
        },
        { step: 'initialize', name: 'countCommands' },
      );
      return counts;
    }

    it(`delivers ${FAN_OUT_READINGS} readings once each, in shard order, through SubscribeToShard, with the stream's ARN in eventSourceARN`, async () => {
      // Prepare
      const { streamName, streamARN } = await freshStream(client, 2);
      const { consumerARN } = await registerStreamConsumer(client, {
        streamARN,
        consumerName: 'kds-trigger',
      });
      const fanOutClient = new KinesisClient(localClientConfig(emulators.kinesis.endpoint));
      const commands = countCommands(fanOutClient);
      const events: KinesisStreamEvent[] = [];
      const trigger = createLocalTrigger({
        client: fanOutClient,
        startingPosition: 'TRIM_HORIZON',
        eventSourceArn: consumerARN,
        handler: async (event) => {
          events.push(event);
        },
      });
      await trigger.start();

      // Act
      const sent = makeReadings(FAN_OUT_READINGS);
      const results = await putReadingsInOrder(client, streamName, sent);
      await trigger.waitForCheckpoints(lastPerShard(results), WAIT_GUARD);
      await trigger.stop();
      fanOutClient.destroy();

      // Assess
      expectEachOnceInSpotOrder(events.flatMap(eventReadings), sent);
      const records = events.flatMap((event) => event.Records);
      expect(new Set(records.map((record) => record.eventSourceARN))).toEqual(new Set([streamARN]));
      expect(commands.get('SubscribeToShardCommand') ?? 0).toBeGreaterThanOrEqual(2);
      expect(commands.get('GetRecordsCommand') ?? 0).toBe(0);
    });

    it('reads a 2 → 1 reshard parents first, finding the ends with shardEndCheckIntervalMs', async () => {
      // Prepare
      const { streamName, streamARN } = await freshStream(client, 2);
      const { consumerARN } = await registerStreamConsumer(client, {
        streamARN,
        consumerName: 'kds-trigger',
      });
      const events: KinesisStreamEvent[] = [];
      const trigger = createLocalTrigger({
        client,
        startingPosition: 'TRIM_HORIZON',
        eventSourceArn: consumerARN,
        shardEndCheckIntervalMs: SHARD_END_CHECK_MS,
        handler: async (event) => {
          events.push(event);
        },
      });
      await trigger.start();
      const sent = makeReadings(FAN_OUT_READINGS);
      const half = FAN_OUT_READINGS / 2;

      // Act
      const before = await putReadingsInOrder(client, streamName, sent.slice(0, half));
      await client.send(
        new UpdateShardCountCommand({
          StreamName: streamName,
          TargetShardCount: 1,
          ScalingType: 'UNIFORM_SCALING',
        }),
      );
      await waitForStreamActive(client, streamName);
      const after = await putReadingsInOrder(client, streamName, sent.slice(half));
      const parents = Object.fromEntries(before.map(({ shardId }) => [shardId, SHARD_END]));
      await trigger.waitForCheckpoints({ ...parents, ...lastPerShard(after) }, WAIT_GUARD);
      await trigger.stop();

      // Assess
      expectEachOnceInSpotOrder(events.flatMap(eventReadings), sent);
    });

    it('refuses a consumer ARN that names no registered consumer', async () => {
      // Prepare
      const { streamARN } = await freshStream(client, 1);
      const trigger = createLocalTrigger({
        client,
        startingPosition: 'TRIM_HORIZON',
        eventSourceArn: `${streamARN}/consumer/never-registered:1700000000`,
        handler: async () => {},
      });

      // Act
      const started = trigger.start();

      // Assess
      await expect(started).rejects.toThrow(InvalidOptionError);
      await expect(started).rejects.toThrow(/no consumer registered/);
      await trigger.stop();
    });
  });

  it('ends its child process on stop: the endpoint stops answering', async () => {
    // Act
    await emulators.stop();

    // Assess
    await expect(fetch(`${emulators.kinesis.endpoint}/healthcheck`)).rejects.toThrow();
  });
});
