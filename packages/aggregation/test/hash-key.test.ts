import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashKeyOf, InvalidRecordCode, InvalidRecordError } from '../src/index.js';
import { thrownBy } from './helpers/results.js';

const HALF = 1n << 127n;

describe('hashKeyOf', () => {
  // On a 2-shard stream split at 2^127 these keys land on the first and second shard
  // (see docs/kinesis-facts.md, "Facts for tests").
  it.each([...'ACEMPSUVWXYZ'])(
    'puts key %s on the first half of the hash range',
    (partitionKey) => {
      // Act
      const hashKey = hashKeyOf({ partitionKey });

      // Assess
      expect(hashKey < HALF).toBe(true);
    },
  );

  it.each([...'BDFGHIJKLNOQRT'])(
    'puts key %s on the second half of the hash range',
    (partitionKey) => {
      // Act
      const hashKey = hashKeyOf({ partitionKey });

      // Assess
      expect(hashKey >= HALF).toBe(true);
    },
  );

  it.each(['1', 'device-42', 'é', '温度計', '🌡️🔥', '', 'x'.repeat(300)])(
    'is the MD5 of the UTF-8 bytes of %s as a big-endian integer',
    (partitionKey) => {
      // Prepare
      const hex = createHash('md5').update(Buffer.from(partitionKey, 'utf8')).digest('hex');

      // Act
      const hashKey = hashKeyOf({ partitionKey });

      // Assess
      expect(hashKey).toBe(BigInt(`0x${hex}`));
    },
  );

  it('is the ExplicitHashKey when there is one', () => {
    // Act
    const hashKey = hashKeyOf({
      partitionKey: 'A',
      explicitHashKey: '340282366920938463463374607431768211455',
    });

    // Assess
    expect(hashKey).toBe((1n << 128n) - 1n);
  });

  it.each([
    {
      record: { partitionKey: 7 as unknown as string },
      code: InvalidRecordCode.InvalidPartitionKey,
    },
    {
      record: { partitionKey: 'A', explicitHashKey: '1e3' },
      code: InvalidRecordCode.InvalidHashKey,
    },
    { record: { partitionKey: 'A', explicitHashKey: '' }, code: InvalidRecordCode.InvalidHashKey },
  ])('throws $code for $record', ({ record, code }) => {
    // Act
    const error = thrownBy(() => hashKeyOf(record));

    // Assess
    expect(error).toBeInstanceOf(InvalidRecordError);
    expect((error as InvalidRecordError).code).toBe(code);
  });
});
