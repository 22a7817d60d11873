import { emulatorClient } from '@kds/test-support';
import { afterEach } from 'vitest';
import {
  createLocalTrigger,
  type EventSourceMappingSettings,
  type KinesisHandler,
  type LocalPollerSettings,
  type LocalTrigger,
} from '../../src/index.js';
import { freshStream, kinesisClient, lastPerShard, putRecords, startCollecting } from './stream.js';
import { WAIT_GUARD } from './wait.js';

/** Settings of a trigger started on the emulator; `startingPosition` is TRIM_HORIZON unless set. */
export type TriggerSettings = Partial<EventSourceMappingSettings> & LocalPollerSettings;

type Records = Parameters<typeof putRecords>[2];

/**
 * What a file of integration tests works with on the Kinesis emulator the global setup started:
 * its client (destroyed after the file's tests), fresh streams, and triggers started with
 * `defaults`, every one of them stopped after each test. Call it at the top of a `describe`.
 */
export function kinesisEmulator(defaults: TriggerSettings = {}) {
  const client = emulatorClient(({ kinesisEndpoint }) => kinesisClient(kinesisEndpoint));
  const running = new Set<LocalTrigger>();

  afterEach(async () => {
    await Promise.all([...running].map((trigger) => trigger.stop()));
    running.clear();
  });

  return {
    client,

    /** A fresh stream of `shardCount` shards: its name and ARN. */
    stream: (shardCount: number) => freshStream(client, shardCount),

    /** Puts records on a stream; where each landed. */
    put: (streamName: string, records: Records) => putRecords(client, streamName, records),

    /** A started trigger of `handler` on a stream, with `settings` over the file's defaults. */
    async start(
      streamName: string,
      handler: KinesisHandler,
      settings: TriggerSettings = {},
    ): Promise<LocalTrigger> {
      const trigger = createLocalTrigger({
        startingPosition: 'TRIM_HORIZON',
        client,
        streamName,
        handler,
        ...defaults,
        ...settings,
      });
      running.add(trigger);
      await trigger.start();
      return trigger;
    },

    /** A started trigger from TRIM_HORIZON with the default settings that keeps every event it gets. */
    async collect(streamName: string): ReturnType<typeof startCollecting> {
      const collecting = await startCollecting(client, streamName);
      running.add(collecting.trigger);
      return collecting;
    },

    /** Puts records on a stream and waits until `trigger` has checkpointed them all. */
    async deliver(trigger: LocalTrigger, streamName: string, records: Records) {
      const results = await putRecords(client, streamName, records);
      await trigger.waitForCheckpoints(lastPerShard(results), WAIT_GUARD);
      return results;
    },
  };
}
