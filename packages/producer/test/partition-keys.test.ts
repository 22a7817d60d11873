import { ListShardsCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  constant,
  DEFAULT_RANDOM_KEY_RANGE,
  field,
  fields,
  hashKeyRoundRobin,
  InvalidOptionError,
  InvalidPartitionKeyError,
  MAX_HASH_KEY,
  type PartitionKeyContext,
  type PartitionKeyStrategy,
  random,
  ShardMapUnavailableError,
} from '../src/index.js';
import {
  createTestProducer,
  evenShards,
  fakeStream,
  recordsOf,
  resetToAcceptingStream,
  sentRequests,
  textOf,
} from './helpers/kinesis.js';
import { kinesisMock } from './helpers/kinesis-mock.js';
import type { Reading } from './helpers/readings.js';

const reading = (Spot: string, Temperature = 36): Reading => ({
  Timestamp: 1_732_600_000_000,
  Spot,
  Temperature,
});

/** What a strategy sees before the shard map is known. */
const NO_SHARDS: PartitionKeyContext = { shards: [] };

/** Every key a strategy gives over many draws. */
function draw(strategy: PartitionKeyStrategy<unknown>, times: number): string[] {
  return Array.from({ length: times }, () => {
    const choice = strategy(undefined, NO_SHARDS);
    return typeof choice === 'string' ? choice : choice.partitionKey;
  });
}

beforeEach(() => {
  resetToAcceptingStream(kinesisMock);
});

describe('random()', () => {
  it.each([
    { name: 'the default 1..100', options: undefined, min: 1, max: 100 },
    { name: '1..3', options: { min: 1, max: 3 }, min: 1, max: 3 },
    { name: '-2..2', options: { min: -2, max: 2 }, min: -2, max: 2 },
    { name: '7..7', options: { min: 7, max: 7 }, min: 7, max: 7 },
  ])('gives integer keys covering $name', ({ options, min, max }) => {
    // Prepare
    const strategy = random(options);

    // Act
    const keys = draw(strategy, 3_000);

    // Assess
    for (const key of keys) {
      expect(key).toMatch(/^-?\d+$/);
      expect(Number(key)).toBeGreaterThanOrEqual(min);
      expect(Number(key)).toBeLessThanOrEqual(max);
    }
    // 3,000 draws miss one of 100 values with a chance of about 1e-11.
    expect(new Set(keys).size).toBe(max - min + 1);
  });

  it('defaults to the tutorial range "1".."100"', () => {
    // Assess
    expect(DEFAULT_RANDOM_KEY_RANGE).toEqual({ min: 1, max: 100 });
  });

  it('draws near Number.MAX_SAFE_INTEGER without overflowing', () => {
    // Prepare
    const max = Number.MAX_SAFE_INTEGER;
    const strategy = random({ min: max - 2, max });

    // Act
    const keys = new Set(draw(strategy, 200));

    // Assess
    expect([...keys].sort()).toEqual([String(max - 2), String(max - 1), String(max)]);
  });

  it.each([
    ['min > max', { min: 5, max: 4 }],
    ['a fractional min', { min: 1.5, max: 4 }],
    ['a NaN max', { min: 1, max: Number.NaN }],
    ['an unsafe max', { min: 1, max: 2 ** 53 }],
    ['a range wider than 2^48 values', { min: 0, max: 2 ** 48 }],
    ['the whole safe range', { min: 0, max: Number.MAX_SAFE_INTEGER }],
  ])('throws an InvalidOptionError for %s', (_, options) => {
    // Act
    const create = (): unknown => random(options);

    // Assess
    expect(create).toThrow(InvalidOptionError);
  });

  it('is the default strategy of createProducer', async () => {
    // Prepare
    const producer = createTestProducer<string>();

    // Act
    const results = producer.putMany(Array.from({ length: 300 }, (_, index) => `r${index}`));
    await producer.flush();
    await results;

    // Assess
    const keys = sentRequests(kinesisMock).flatMap((input) =>
      recordsOf(input).map((entry) => Number(entry.PartitionKey)),
    );
    expect(keys).toHaveLength(300);
    expect(keys.every((key) => Number.isInteger(key) && key >= 1 && key <= 100)).toBe(true);
    expect(new Set(keys).size).toBeGreaterThan(10);
  });
});

describe('strategies in createProducer', () => {
  it('field("Spot") keys each record by its Spot', async () => {
    // Prepare
    const producer = createTestProducer<Reading>({ partitionKey: field('Spot') });

    // Act
    const results = producer.putMany([reading('Q'), reading('A'), reading('Q', 40)]);
    await producer.flush();
    await results;

    // Assess
    const [input] = sentRequests(kinesisMock);
    expect(recordsOf(input).map((entry) => entry.PartitionKey)).toEqual(['Q', 'A', 'Q']);
  });

  it('field() turns a non-string field into text', () => {
    // Prepare
    const strategy = field<Reading>('Temperature');

    // Act
    const key = strategy(reading('A', 36.5), NO_SHARDS);

    // Assess
    expect(key).toBe('36.5');
  });

  it('constant() gives every record the same key', async () => {
    // Prepare
    const producer = createTestProducer<Reading>({ partitionKey: constant('device-1') });

    // Act
    const results = producer.putMany([reading('A'), reading('B'), reading('C')]);
    await producer.flush();
    await results;

    // Assess
    const keys = sentRequests(kinesisMock).flatMap((input) =>
      recordsOf(input).map((entry) => entry.PartitionKey),
    );
    expect(keys).toEqual(['device-1', 'device-1', 'device-1']);
  });

  it('sends the ExplicitHashKey a custom strategy returns', async () => {
    // Prepare
    const strategy: PartitionKeyStrategy<Reading> = (value) => ({
      partitionKey: value.Spot,
      explicitHashKey: value.Spot === 'A' ? '0' : (2n ** 127n).toString(),
    });
    const producer = createTestProducer<Reading>({ partitionKey: strategy });

    // Act
    const results = producer.putMany([reading('A'), reading('B')]);
    await producer.flush();
    await results;

    // Assess
    const [input] = sentRequests(kinesisMock);
    expect(recordsOf(input)).toEqual([
      expect.objectContaining({ PartitionKey: 'A', ExplicitHashKey: '0' }),
      expect.objectContaining({
        PartitionKey: 'B',
        ExplicitHashKey: '170141183460469231731687303715884105728',
      }),
    ]);
  });

  it('a per-put partitionKey overrides the strategy, which is not called', async () => {
    // Prepare
    const strategy = vi.fn<PartitionKeyStrategy<string>>(() => ({
      partitionKey: 'from-strategy',
      explicitHashKey: '1',
    }));
    const producer = createTestProducer<string>({ partitionKey: strategy });

    // Act
    const result = producer.put('r0', { partitionKey: 'from-put' });
    await producer.flush();
    await result;

    // Assess
    expect(strategy).not.toHaveBeenCalled();
    const [entry] = recordsOf(sentRequests(kinesisMock)[0]);
    expect(entry?.PartitionKey).toBe('from-put');
    expect(entry).not.toHaveProperty('ExplicitHashKey');
  });

  it("a per-put explicitHashKey overrides the strategy's, keeping its key", async () => {
    // Prepare
    const producer = createTestProducer<string>({
      partitionKey: () => ({ partitionKey: 'from-strategy', explicitHashKey: '1' }),
    });

    // Act
    const result = producer.put('r0', { explicitHashKey: '5' });
    await producer.flush();
    await result;

    // Assess
    const [entry] = recordsOf(sentRequests(kinesisMock)[0]);
    expect(entry).toMatchObject({ PartitionKey: 'from-strategy', ExplicitHashKey: '5' });
  });

  it('putMany applies its options to every value', async () => {
    // Prepare
    const producer = createTestProducer<string>({ partitionKey: constant('strategy') });

    // Act
    const results = producer.putMany(['a', 'b'], { partitionKey: 'shared' });
    await producer.flush();
    await results;

    // Assess
    const [input] = sentRequests(kinesisMock);
    expect(recordsOf(input).map((entry) => [textOf(entry), entry.PartitionKey])).toEqual([
      ['a', 'shared'],
      ['b', 'shared'],
    ]);
  });

  it('rejects the put when the strategy throws, with that error', async () => {
    // Prepare
    const failure = new Error('no key for this value');
    const producer = createTestProducer<string>({
      partitionKey: () => {
        throw failure;
      },
    });

    // Act
    const result = producer.put('r0');
    await producer.flush();

    // Assess
    await expect(result).rejects.toBe(failure);
    expect(sentRequests(kinesisMock)).toHaveLength(0);
  });
});

describe('fields()', () => {
  it.each([
    { names: ['Spot', 'Timestamp'] as const, separator: undefined, key: 'Q|1732600000000' },
    { names: ['Spot', 'Temperature'] as const, separator: ':', key: 'Q:36' },
    { names: ['Spot'] as const, separator: undefined, key: 'Q' },
  ])('joins $names with "$separator" into "$key"', ({ names, separator, key }) => {
    // Prepare
    const strategy = fields<Reading>(names, separator === undefined ? {} : { separator });

    // Act
    const chosen = strategy(reading('Q', 36), NO_SHARDS);

    // Assess
    expect(chosen).toBe(key);
  });

  it('throws an InvalidOptionError for an empty list of fields', () => {
    // Act
    const create = (): unknown => fields<Reading>([]);

    // Assess
    expect(create).toThrow(InvalidOptionError);
  });
});

describe('a missing field', () => {
  it.each([
    ['field', field<Record<string, unknown>>('Spot')],
    ['fields', fields<Record<string, unknown>>(['Temperature', 'Spot'])],
  ])(
    '%s() rejects the put with InvalidPartitionKeyError naming the field; the others go out',
    async (_, strategy) => {
      // Prepare
      const producer = createTestProducer<Record<string, unknown>>({ partitionKey: strategy });

      // Act
      const outcomes = producer.putMany([
        { Spot: 'A', Temperature: 1 },
        { Spot: null, Temperature: 2 },
        { Temperature: 3 },
      ]);
      await producer.flush();
      const [first, second, third] = await outcomes;

      // Assess
      expect(first?.ok).toBe(true);
      for (const outcome of [second, third]) {
        expect(outcome?.ok).toBe(false);
        if (outcome?.ok === false) {
          expect(outcome.error).toBeInstanceOf(InvalidPartitionKeyError);
          expect((outcome.error as Error).message).toContain('"Spot"');
        }
      }
      expect(sentRequests(kinesisMock).flatMap(recordsOf)).toHaveLength(1);
    },
  );
});

describe('hashKeyRoundRobin()', () => {
  const fourShards = {
    shards: [0, 1, 2, 3].map((index) => {
      const size = (MAX_HASH_KEY + 1n) / 4n;
      return {
        shardId: `shard-${index}`,
        startingHashKey: (size * BigInt(index)).toString(),
        endingHashKey: (size * BigInt(index + 1) - 1n).toString(),
      };
    }),
  };

  it('gives each shard in turn the middle of its hash range, and that hash key as the key', () => {
    // Prepare
    const strategy = hashKeyRoundRobin();

    // Act
    const choices = Array.from({ length: 8 }, () => strategy(undefined, fourShards));

    // Assess
    const middles = fourShards.shards.map((shard) =>
      ((BigInt(shard.startingHashKey) + BigInt(shard.endingHashKey)) / 2n).toString(),
    );
    expect(choices).toEqual(
      [...middles, ...middles].map((middle) => ({ partitionKey: middle, explicitHashKey: middle })),
    );
    for (const [index, shard] of fourShards.shards.entries()) {
      const middle = BigInt(middles[index] ?? '');
      expect(middle >= BigInt(shard.startingHashKey) && middle <= BigInt(shard.endingHashKey)).toBe(
        true,
      );
    }
  });

  it('composes: the partition key comes from another strategy', () => {
    // Prepare
    const strategy = hashKeyRoundRobin<Reading>({ partitionKey: field('Spot') });

    // Act
    const choice = strategy(reading('Q'), fourShards);

    // Assess
    expect(choice).toMatchObject({
      partitionKey: 'Q',
      explicitHashKey: expect.stringMatching(/^\d+$/),
    });
  });

  it('throws ShardMapUnavailableError with the ListShards error as cause when no shard is known', () => {
    // Prepare
    const strategy = hashKeyRoundRobin();
    const denied = new Error('AccessDenied');

    // Act
    const choose = (): unknown => strategy(undefined, { shards: [], shardMapError: denied });

    // Assess
    expect(choose).toThrow(ShardMapUnavailableError);
    try {
      choose();
    } catch (error) {
      expect(error).toMatchObject({ code: 'SHARD_MAP_UNAVAILABLE', cause: denied });
    }
  });

  it('spreads 1,000 puts exactly evenly over 4 shards', async () => {
    // Prepare
    const stream = fakeStream(kinesisMock, evenShards(4));
    const producer = createTestProducer<string>({ partitionKey: hashKeyRoundRobin() });

    // Act
    const outcomes = producer.putMany(Array.from({ length: 1_000 }, (_, index) => `r${index}`));
    await producer.flush();

    // Assess
    const perShard = new Map<string, number>();
    for (const outcome of await outcomes) {
      if (outcome.ok)
        perShard.set(outcome.value.shardId, (perShard.get(outcome.value.shardId) ?? 0) + 1);
    }
    expect([...perShard.values()]).toEqual([250, 250, 250, 250]);
    expect(stream.accepted).toHaveLength(1_000);
  });

  it('rejects puts with ShardMapUnavailableError when ListShards fails, and sends nothing', async () => {
    // Prepare
    const denied = Object.assign(new Error('not allowed'), {
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 400 },
    });
    kinesisMock.on(ListShardsCommand).rejects(denied);
    const producer = createTestProducer<string>({ partitionKey: hashKeyRoundRobin() });

    // Act
    const outcome = await producer.put('r0').catch((error: unknown) => error);
    // Close it, or its next try at the map, 5 s on, outlives the test.
    await producer.close();

    // Assess
    expect(outcome).toBeInstanceOf(ShardMapUnavailableError);
    expect(outcome).toMatchObject({ cause: denied });
    expect(kinesisMock.commandCalls(PutRecordsCommand)).toHaveLength(0);
  });
});
