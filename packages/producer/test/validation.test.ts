import { MIB } from '@kds/core';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_RECORD_BYTES,
  InvalidHashKeyError,
  InvalidOptionError,
  InvalidPartitionKeyError,
  MAX_RECORD_BYTES_CEILING,
  type Producer,
  ProducerError,
  type PutOptions,
  RecordTooLargeError,
} from '../src/index.js';
import {
  createTestProducer,
  recordsOf,
  resetToAcceptingStream,
  sentRequests,
  sentTextsByRequest,
} from './helpers/kinesis.js';
import { kinesisMock } from './helpers/kinesis-mock.js';

const TWO_POW_128 = 2n ** 128n;

beforeEach(() => {
  resetToAcceptingStream(kinesisMock);
});

/** Puts one value, flushes, and returns how the put settled and what was sent. */
async function putOne<T>(
  producer: Producer<T>,
  value: T,
  options?: PutOptions,
): Promise<{ outcome: PromiseSettledResult<unknown>; sent: ReturnType<typeof recordsOf> }> {
  const settled = Promise.allSettled([producer.put(value, options)]);
  await producer.flush();
  const [outcome] = await settled;
  if (outcome === undefined) throw new Error('put did not settle');
  return { outcome, sent: sentRequests(kinesisMock).flatMap(recordsOf) };
}

/** The put was rejected with an error of `type` matching `expected`, and nothing was sent. */
function expectRefused(
  { outcome, sent }: Awaited<ReturnType<typeof putOne>>,
  type: abstract new (...args: never[]) => Error,
  expected: Record<string, unknown>,
): void {
  expect(outcome.status).toBe('rejected');
  if (outcome.status !== 'rejected') return;
  expect(outcome.reason).toBeInstanceOf(type);
  expect(outcome.reason).toBeInstanceOf(ProducerError);
  expect(outcome.reason).toMatchObject(expected);
  expect(sent).toHaveLength(0);
}

describe('record size (data + partition key)', () => {
  it.each([
    { name: '1 MiB of data with a 1-byte key', dataBytes: MIB, key: 'k', size: MIB + 1 },
    { name: '1 MiB - 1 of data with a 2-byte key', dataBytes: MIB - 1, key: 'é', size: MIB + 1 },
    {
      name: '1 MiB - 79 of data with an 80-byte key of 40 characters',
      dataBytes: MIB - 79,
      key: 'é'.repeat(40),
      size: MIB + 1,
    },
    { name: '2 MiB of data', dataBytes: 2 * MIB, key: 'k', size: 2 * MIB + 1 },
  ])(
    'rejects $name with RecordTooLargeError and sends nothing',
    async ({ dataBytes, key, size }) => {
      // Prepare
      const producer = createTestProducer<Uint8Array>();

      // Act
      const put = await putOne(producer, new Uint8Array(dataBytes), { partitionKey: key });

      // Assess
      expectRefused(put, RecordTooLargeError, {
        code: 'RECORD_TOO_LARGE',
        size,
        limit: DEFAULT_MAX_RECORD_BYTES,
      });
    },
  );

  it.each([
    { name: '1 MiB - 1 of data with a 1-byte key', dataBytes: MIB - 1, key: 'k' },
    { name: '1 MiB - 2 of data with a 2-byte key', dataBytes: MIB - 2, key: 'é' },
    { name: '1 MiB - 5 of data with a 5-byte key', dataBytes: MIB - 5, key: 'a😀' },
    { name: '1 MiB - 80 of data with an 80-byte key', dataBytes: MIB - 80, key: 'é'.repeat(40) },
  ])('accepts $name: exactly 1 MiB', async ({ dataBytes, key }) => {
    // Prepare
    const producer = createTestProducer<Uint8Array>();

    // Act
    const { outcome, sent } = await putOne(producer, new Uint8Array(dataBytes), {
      partitionKey: key,
    });

    // Assess
    expect(outcome.status).toBe('fulfilled');
    expect(sent.map((entry) => entry.Data?.byteLength)).toEqual([dataBytes]);
  });

  it('counts a string in UTF-8 bytes, not characters', async () => {
    // Prepare
    const producer = createTestProducer<string>({ maxRecordBytes: 10 });

    // Act
    const { outcome } = await putOne(producer, 'ééééé', { partitionKey: 'k' });

    // Assess
    expect(outcome).toMatchObject({ status: 'rejected', reason: { size: 11, limit: 10 } });
  });

  it('lets maxRecordBytes raise the limit', async () => {
    // Prepare
    const producer = createTestProducer<Uint8Array>({ maxRecordBytes: 2 * MIB });

    // Act
    const fits = await putOne(producer, new Uint8Array(2 * MIB - 1), { partitionKey: 'k' });
    const tooLarge = await putOne(producer, new Uint8Array(2 * MIB), { partitionKey: 'k' });

    // Assess
    expect(fits.outcome.status).toBe('fulfilled');
    expect(fits.sent.map((entry) => entry.Data?.byteLength)).toEqual([2 * MIB - 1]);
    expect(tooLarge.outcome).toMatchObject({
      status: 'rejected',
      reason: { code: 'RECORD_TOO_LARGE', size: 2 * MIB + 1, limit: 2 * MIB },
    });
  });

  it('accepts maxRecordBytes up to 10 MiB', () => {
    // Act
    const create = (): unknown => createTestProducer({ maxRecordBytes: MAX_RECORD_BYTES_CEILING });

    // Assess
    expect(create).not.toThrow();
  });

  it('throws an InvalidOptionError at createProducer for maxRecordBytes over 10 MiB', () => {
    // Act
    const create = (): unknown =>
      createTestProducer({ maxRecordBytes: MAX_RECORD_BYTES_CEILING + 1 });

    // Assess
    expect(create).toThrow(InvalidOptionError);
  });
});

describe.each([
  { source: 'a per-put option', settings: {}, options: (key: string) => ({ partitionKey: key }) },
  {
    source: 'the strategy',
    settings: { partitionKey: (value: string) => value },
    options: () => undefined,
  },
])('partition key from $source', ({ settings, options }) => {
  /** Puts `key` through a producer of these settings, and flushes. */
  const putKey = (key: string) => putOne(createTestProducer<string>(settings), key, options(key));

  it.each([
    ['an empty key', ''],
    ['a key of 257 characters', 'k'.repeat(257)],
    ['a key of 257 emoji', '😀'.repeat(257)],
  ])('rejects %s with InvalidPartitionKeyError', async (_, key) => {
    // Act
    const put = await putKey(key);

    // Assess
    expectRefused(put, InvalidPartitionKeyError, { code: 'INVALID_PARTITION_KEY' });
  });

  it.each([
    ['a key of 1 character', 'k'],
    ['a key of 256 characters', 'k'.repeat(256)],
    ['a key of 256 emoji (512 UTF-16 units)', '😀'.repeat(256)],
  ])('accepts %s and sends it as PartitionKey', async (_, key) => {
    // Act
    const { outcome, sent } = await putKey(key);

    // Assess
    expect(outcome.status).toBe('fulfilled');
    expect(sent.map((entry) => entry.PartitionKey)).toEqual([key]);
  });
});

describe('ExplicitHashKey', () => {
  it.each([
    ['a negative number', '-1'],
    ['letters', 'abc'],
    ['2^128', TWO_POW_128.toString()],
    ['an empty string', ''],
    ['a fraction', '1.5'],
    ['an exponent', '1e3'],
    ['a leading space', ' 1'],
    ['leading zeros, which Kinesis refuses', '007'],
  ])('rejects %s with InvalidHashKeyError', async (_, explicitHashKey) => {
    // Prepare
    const producer = createTestProducer<string>();

    // Act
    const put = await putOne(producer, 'r0', { explicitHashKey });

    // Assess
    expectRefused(put, InvalidHashKeyError, { code: 'INVALID_HASH_KEY' });
  });

  it.each([
    ['0', '0'],
    ['2^127', (2n ** 127n).toString()],
    ['2^128 - 1', (TWO_POW_128 - 1n).toString()],
  ])('accepts %s and sends it as ExplicitHashKey', async (_, explicitHashKey) => {
    // Prepare
    const producer = createTestProducer<string>();

    // Act
    const { outcome, sent } = await putOne(producer, 'r0', { explicitHashKey });

    // Assess
    expect(outcome.status).toBe('fulfilled');
    expect(sent).toEqual([expect.objectContaining({ ExplicitHashKey: explicitHashKey })]);
  });

  it('sends no ExplicitHashKey when none is given', async () => {
    // Prepare
    const producer = createTestProducer<string>();

    // Act
    const { sent } = await putOne(producer, 'r0');

    // Assess
    expect(sent).toHaveLength(1);
    expect(sent[0]).not.toHaveProperty('ExplicitHashKey');
  });
});

it('rejects only the invalid put: the valid ones of the same batch still go out', async () => {
  // Prepare
  const producer = createTestProducer<string>({ maxBufferedTimeMs: 60_000 });

  // Act
  const settled = Promise.allSettled([
    producer.put('before'),
    producer.put('bad', { partitionKey: '' }),
    producer.put('after'),
  ]);
  await producer.flush();

  // Assess
  expect((await settled).map((outcome) => outcome.status)).toEqual([
    'fulfilled',
    'rejected',
    'fulfilled',
  ]);
  expect(sentTextsByRequest(kinesisMock)).toEqual([['before', 'after']]);
});
