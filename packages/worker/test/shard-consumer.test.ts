import type { ChildShard } from '@aws-sdk/client-kinesis';
import type { SinkItem, SinkResult } from '@kds/consumer';
import type { Reading } from '@kds/schema';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_IDLE_TIME_BETWEEN_READS_MS,
  DEFAULT_PARENT_SHARD_POLL_INTERVAL_MS,
  LeaseLostError,
  ShardConsumerState,
} from '../src/index.js';
import type { WorkerProcessor } from '../src/options.js';
import { runShardConsumer } from '../src/shard-consumer.js';
import {
  aggregateRecord,
  idOf,
  plainRecord,
  readingDecoder,
  SHARD_ID,
  sequenceNumber,
} from './helpers/records.js';
import {
  type FakeShardOptions,
  fakeRetryDelay,
  fakeShard,
  otherLease,
} from './helpers/shard-context.js';

/**
 * A processor whose sink stores readings one by one, in order, and stops at the first it cannot
 * store (reporting it and every item after it); reading `id` fails its first `failures[id]`
 * attempts (`Infinity`: every one).
 */
function flakyProcessor(failures: Record<number, number> = {}): {
  processor: WorkerProcessor<Reading>;
  stored: number[];
  calls: number[][];
} {
  const stored: number[] = [];
  const calls: number[][] = [];
  const attempts = new Map<number, number>();
  const processor: WorkerProcessor<Reading> = {
    decoder: readingDecoder,
    sink: async (items: readonly SinkItem<Reading>[]): Promise<SinkResult> => {
      calls.push(items.map(({ value }) => idOf(value)));
      for (const [index, item] of items.entries()) {
        const id = idOf(item.value);
        const attempt = (attempts.get(id) ?? 0) + 1;
        attempts.set(id, attempt);
        if (attempt <= (failures[id] ?? 0)) {
          const error = new Error(`no ${id}`);
          return { failed: items.slice(index).map((failed) => ({ item: failed, error })) };
        }
        stored.push(id);
      }
      return { failed: [] };
    },
  };
  return { processor, stored, calls };
}

const CHILDREN: ChildShard[] = [
  { ShardId: 'shardId-000000000007', ParentShards: [SHARD_ID], HashKeyRange: undefined },
  { ShardId: 'shardId-000000000008', ParentShards: [SHARD_ID], HashKeyRange: undefined },
];

const checkpointEvents = (events: readonly string[]): string[] =>
  events.filter((event) => event.startsWith('checkpoint '));

describe('runShardConsumer: parent shards', () => {
  const PARENT = 'shardId-000000000001';

  it.each([
    { exit: 'lost', end: { held: false } },
    { exit: 'stopped', end: { stopping: true } },
  ] as const)(
    'waits while a parent is being read, and exits $exit when told',
    async ({ exit, end }) => {
      // Prepare
      const { processor, calls } = flakyProcessor();
      const shard = fakeShard({
        processor,
        lease: { parentShardIds: [PARENT] },
        leases: [otherLease(PARENT, sequenceNumber(0))],
        onSleep: (_ms, self) => {
          if (self.sleeps.length === 2) Object.assign(self, end);
        },
      });

      // Act
      const result = await runShardConsumer(shard.context);

      // Assess
      expect(result).toBe(exit);
      expect(shard.sleeps).toEqual([
        DEFAULT_PARENT_SHARD_POLL_INTERVAL_MS,
        DEFAULT_PARENT_SHARD_POLL_INTERVAL_MS,
      ]);
      expect(shard.starts).toEqual([]);
      expect(shard.counters.state).toBe(ShardConsumerState.WaitingForParents);
      expect(calls).toEqual([]);
    },
  );

  it('starts reading once every parent is at SHARD_END', async () => {
    // Prepare
    const { processor, stored } = flakyProcessor();
    const leases = [otherLease(PARENT, sequenceNumber(0))];
    const shard = fakeShard({
      processor,
      lease: { parentShardIds: [PARENT] },
      leases,
      reads: [{ records: [plainRecord(1)] }],
      onSleep: (_ms, self) => {
        if (self.sleeps.length === 1) leases[0] = otherLease(PARENT, 'SHARD_END');
      },
    });

    // Act
    await runShardConsumer(shard.context);

    // Assess
    expect(shard.events.slice(0, 2)).toEqual([
      `sleep ${DEFAULT_PARENT_SHARD_POLL_INTERVAL_MS}`,
      'read',
    ]);
    expect(stored).toEqual([100]);
  });

  it('does not wait for a parent without a lease (trimmed or cleaned up)', async () => {
    // Prepare
    const { processor, stored } = flakyProcessor();
    const shard = fakeShard({
      processor,
      lease: { parentShardIds: [PARENT, 'shardId-000000000002'] },
      leases: [otherLease(PARENT, 'SHARD_END')],
      reads: [{ records: [plainRecord(1)] }],
    });

    // Act
    await runShardConsumer(shard.context);

    // Assess
    expect(shard.events[0]).toBe('read');
    expect(stored).toEqual([100]);
  });
});

describe('runShardConsumer: reading a shard', () => {
  it('reads until the shard ends, checkpoints SHARD_END, then creates the children leases', async () => {
    // Prepare
    const { processor, stored } = flakyProcessor();
    const shard = fakeShard({
      processor,
      reads: [
        { records: [plainRecord(1), plainRecord(2)], millisBehindLatest: 5_000 },
        { records: [aggregateRecord(3, [30, 31])], ended: true, childShards: CHILDREN },
      ],
    });

    // Act
    const exit = await runShardConsumer(shard.context);

    // Assess
    expect(exit).toBe('ended');
    expect(stored).toEqual([100, 200, 30, 31]);
    expect(shard.events.filter((event) => event !== 'read')).toEqual([
      `checkpoint ${sequenceNumber(2)}`,
      `checkpoint ${sequenceNumber(3)}:1`,
      'checkpoint SHARD_END',
      'children shardId-000000000007,shardId-000000000008',
    ]);
    expect(shard.children).toEqual([CHILDREN]);
    expect(shard.readerClosed).toBe(true);
    expect(shard.counters).toMatchObject({
      state: ShardConsumerState.Ended,
      records: 3,
      checkpoints: 3,
      checkpoint: 'SHARD_END',
      millisBehindLatest: 0,
    });
  });

  it('ends at once, reading nothing, when the lease is already at SHARD_END', async () => {
    // Prepare
    const { processor } = flakyProcessor();
    const shard = fakeShard({
      processor,
      lease: { checkpoint: { sequenceNumber: 'SHARD_END', subSequenceNumber: 0 } },
    });

    // Act
    const exit = await runShardConsumer(shard.context);

    // Assess
    expect(exit).toBe('ended');
    expect(shard.starts).toEqual([]);
  });

  it.each([
    {
      checkpoint: 'TRIM_HORIZON',
      initialPosition: 'TRIM_HORIZON',
      start: { type: 'TRIM_HORIZON' },
    },
    { checkpoint: 'LATEST', initialPosition: 'LATEST', start: { type: 'LATEST' } },
    {
      checkpoint: 'AT_TIMESTAMP',
      initialPosition: { atTimestamp: new Date('2026-11-30T00:00:00Z') },
      start: { type: 'AT_TIMESTAMP', timestamp: new Date('2026-11-30T00:00:00Z') },
    },
    {
      checkpoint: sequenceNumber(4),
      initialPosition: 'LATEST',
      start: { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: sequenceNumber(4) },
    },
  ] as const)(
    'reads a lease at $checkpoint from $start.type',
    async ({ checkpoint, initialPosition, start }) => {
      // Prepare
      const { processor } = flakyProcessor();
      const shard = fakeShard({
        processor,
        lease: { checkpoint: { sequenceNumber: checkpoint, subSequenceNumber: 0 } },
        settings: { initialPosition },
      });

      // Act
      await runShardConsumer(shard.context);

      // Assess
      expect(shard.starts).toEqual([start]);
    },
  );

  it('does not deliver again the record its checkpoint is at', async () => {
    // Prepare
    const { processor, stored } = flakyProcessor();
    const shard = fakeShard({
      processor,
      lease: { checkpoint: { sequenceNumber: sequenceNumber(2), subSequenceNumber: 0 } },
      reads: [{ records: [plainRecord(2), plainRecord(3)], ended: true }],
    });

    // Act
    await runShardConsumer(shard.context);

    // Assess
    expect(stored).toEqual([300]);
  });

  it('delivers the user records of an aggregate after the sub-sequence number it is checkpointed at', async () => {
    // Prepare
    const { processor, stored } = flakyProcessor();
    const shard = fakeShard({
      processor,
      lease: { checkpoint: { sequenceNumber: sequenceNumber(2), subSequenceNumber: 1 } },
      reads: [{ records: [aggregateRecord(2, [20, 21, 22]), plainRecord(3)], ended: true }],
    });

    // Act
    await runShardConsumer(shard.context);

    // Assess
    expect(stored).toEqual([22, 300]);
  });

  it('waits the idle time after an empty read, and after a failed one, then reads again', async () => {
    // Prepare
    const { processor, stored } = flakyProcessor();
    const shard = fakeShard({
      processor,
      reads: [{ records: [] }, new Error('socket hang up'), { records: [plainRecord(1)] }],
    });

    // Act
    await runShardConsumer(shard.context);

    // Assess
    expect(shard.events.slice(0, 5)).toEqual([
      'read',
      `sleep ${DEFAULT_IDLE_TIME_BETWEEN_READS_MS}`,
      'read',
      `sleep ${DEFAULT_IDLE_TIME_BETWEEN_READS_MS}`,
      'read',
    ]);
    expect(stored).toEqual([100]);
    expect(shard.logs).toContainEqual({ level: 'error', message: 'read failed' });
  });
});

describe('runShardConsumer: losing the lease', () => {
  it('exits lost when a checkpoint finds the lease gone, and delivers nothing more', async () => {
    // Prepare
    const { processor, calls } = flakyProcessor();
    const shard = fakeShard({
      processor,
      reads: [{ records: [plainRecord(1)] }, { records: [plainRecord(2)] }],
      onCheckpoint: () => {
        throw new LeaseLostError(SHARD_ID, 'leaseCounter changed');
      },
    });

    // Act
    const exit = await runShardConsumer(shard.context);

    // Assess
    expect(exit).toBe('lost');
    expect(calls).toEqual([[100]]);
    expect(shard.reads).toBe(1);
    expect(shard.counters.checkpoints).toBe(0);
  });

  it('exits lost when the SHARD_END checkpoint finds the lease gone, creating no child lease', async () => {
    // Prepare
    const { processor } = flakyProcessor();
    const shard = fakeShard({
      processor,
      reads: [{ records: [], ended: true, childShards: CHILDREN }],
      onCheckpoint: () => {
        throw new LeaseLostError(SHARD_ID, 'leaseOwner changed');
      },
    });

    // Act
    const exit = await runShardConsumer(shard.context);

    // Assess
    expect(exit).toBe('lost');
    expect(shard.children).toEqual([]);
  });

  it('delivers nothing of a read during which the lease went', async () => {
    // Prepare
    const { processor, calls } = flakyProcessor();
    const shard = fakeShard({
      processor,
      reads: [{ records: [plainRecord(1), plainRecord(2)] }],
      onRead: (self) => {
        self.held = false;
      },
    });

    // Act
    const exit = await runShardConsumer(shard.context);

    // Assess
    expect(exit).toBe('lost');
    expect(calls).toEqual([]);
    expect(shard.checkpoints).toEqual([]);
  });

  it('tries a checkpoint that failed for another reason again, while the lease is held', async () => {
    // Prepare
    const { processor } = flakyProcessor();
    let failures = 1;
    const shard = fakeShard({
      processor,
      reads: [{ records: [plainRecord(1)], ended: true }],
      onCheckpoint: () => {
        if (failures-- > 0) throw new Error('ProvisionedThroughputExceededException');
      },
    });

    // Act
    const exit = await runShardConsumer(shard.context);

    // Assess
    expect(exit).toBe('ended');
    expect(shard.events.filter((event) => event !== 'read')).toEqual([
      `checkpoint ${sequenceNumber(1)}`,
      `sleep ${fakeRetryDelay(1)}`,
      `checkpoint ${sequenceNumber(1)}`,
      'checkpoint SHARD_END',
      'children ',
    ]);
  });
});

describe('runShardConsumer: failing batches', () => {
  /**
   * Runs a consumer over records 1 to 3 (readings 100, 200 and 300) in one read that ends the
   * shard, reading `id` failing its first `failures[id]` attempts.
   */
  async function consumeThree(
    failures: Record<number, number>,
    settings: FakeShardOptions['settings'] = {},
  ) {
    const { processor, stored, calls } = flakyProcessor(failures);
    const shard = fakeShard({
      processor,
      settings,
      reads: [{ records: [plainRecord(1), plainRecord(2), plainRecord(3)], ended: true }],
    });
    const exit = await runShardConsumer(shard.context);
    return { exit, shard, stored, calls };
  }

  it('tries a failing batch again from the failed record, the retry delay asked for each attempt in turn', async () => {
    // Act
    const { exit, shard, stored, calls } = await consumeThree({ 200: 3 });

    // Assess
    expect(exit).toBe('ended');
    expect(calls).toEqual([
      [100, 200, 300],
      [200, 300],
      [200, 300],
      [200, 300],
    ]);
    expect(stored).toEqual([100, 200, 300]);
    expect(shard.retryAttempts).toEqual([1, 2, 3]);
    expect(shard.sleeps).toEqual([fakeRetryDelay(1), fakeRetryDelay(2), fakeRetryDelay(3)]);
    expect(checkpointEvents(shard.events)).toEqual([
      `checkpoint ${sequenceNumber(1)}`,
      `checkpoint ${sequenceNumber(3)}`,
      'checkpoint SHARD_END',
    ]);
    expect(shard.counters).toMatchObject({ retries: 3, recordsFailed: 0, records: 3 });
    expect(shard.failed).toEqual([]);
  });

  it('hands a record to onRecordFailed after maxAttempts, then checkpoints past it and goes on', async () => {
    // Act
    const { exit, shard, stored } = await consumeThree(
      { 200: Number.POSITIVE_INFINITY },
      { maxAttempts: 3 },
    );

    // Assess
    expect(exit).toBe('ended');
    expect(shard.failed).toHaveLength(1);
    expect(shard.failed[0]).toMatchObject({
      shardId: SHARD_ID,
      attempts: 3,
      error: new Error('no 200'),
      record: { kinesis: { sequenceNumber: sequenceNumber(2) } },
    });
    expect(shard.events.filter((event) => !event.startsWith('read'))).toEqual([
      `checkpoint ${sequenceNumber(1)}`,
      `sleep ${fakeRetryDelay(1)}`,
      `sleep ${fakeRetryDelay(2)}`,
      `failed ${sequenceNumber(2)}`,
      `checkpoint ${sequenceNumber(2)}`,
      `checkpoint ${sequenceNumber(3)}`,
      'checkpoint SHARD_END',
      'children ',
    ]);
    expect(stored).not.toContain(200);
    expect(stored).toContain(300);
    expect(shard.counters).toMatchObject({ retries: 2, recordsFailed: 1, records: 3 });
  });

  it('checkpoints past a KPL aggregate given up on at its last user record', async () => {
    // Prepare
    const { processor } = flakyProcessor({ 20: Number.POSITIVE_INFINITY });
    const shard = fakeShard({
      processor,
      settings: { maxAttempts: 1 },
      reads: [{ records: [aggregateRecord(2, [20, 21, 22])], ended: true }],
    });

    // Act
    await runShardConsumer(shard.context);

    // Assess
    expect(checkpointEvents(shard.events)).toEqual([
      `checkpoint ${sequenceNumber(2)}:2`,
      'checkpoint SHARD_END',
    ]);
  });

  it('counts maxAttempts per record: a record that fails once after another that failed once is not given up on', async () => {
    // Act
    const { exit, shard, stored } = await consumeThree({ 200: 1, 300: 1 }, { maxAttempts: 2 });

    // Assess
    expect(exit).toBe('ended');
    expect(shard.failed).toEqual([]);
    expect(stored).toContain(200);
    expect(stored).toContain(300);
    expect(shard.counters.recordsFailed).toBe(0);
  });

  it('exits stopped after a failed attempt when the worker is stopping, with what was done checkpointed', async () => {
    // Prepare
    const { processor, calls } = flakyProcessor({ 200: Number.POSITIVE_INFINITY });
    const shard = fakeShard({
      processor,
      reads: [{ records: [plainRecord(1), plainRecord(2), plainRecord(3)] }],
      onRead: (self) => {
        self.stopping = true;
      },
    });

    // Act
    const exit = await runShardConsumer(shard.context);

    // Assess
    expect(exit).toBe('stopped');
    expect(calls).toEqual([[100, 200, 300]]);
    expect(checkpointEvents(shard.events)).toEqual([`checkpoint ${sequenceNumber(1)}`]);
  });
});

describe('runShardConsumer: stopping', () => {
  it('finishes and checkpoints the batch in hand, then exits stopped', async () => {
    // Prepare
    const { processor, calls } = flakyProcessor();
    const shard = fakeShard({
      processor,
      reads: [{ records: [plainRecord(1), plainRecord(2)] }, { records: [plainRecord(3)] }],
      onRead: (self) => {
        self.stopping = true;
      },
    });

    // Act
    const exit = await runShardConsumer(shard.context);

    // Assess
    expect(exit).toBe('stopped');
    expect(calls).toEqual([[100, 200]]);
    expect(checkpointEvents(shard.events)).toEqual([`checkpoint ${sequenceNumber(2)}`]);
    expect(shard.reads).toBe(1);
    expect(shard.readerClosed).toBe(true);
  });
});
