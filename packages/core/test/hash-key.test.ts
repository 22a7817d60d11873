import { describe, expect, it } from 'vitest';
import {
  HASH_KEY_SPACE,
  hashKeyBytesOfPartitionKey,
  hashKeyFromBytes,
  hashKeyOfPartitionKey,
  hashKeyToBytes,
  isValidExplicitHashKey,
  isValidPartitionKey,
  MAX_HASH_KEY,
  MAX_PARTITION_KEY_LENGTH,
  md5,
  parseHashKey,
  partitionKeyLength,
  routingHashKey,
} from '../src/index.js';

// The test suite of RFC 1321, appendix A.5: the MD5 of each string, in hex.
const RFC_1321_VECTORS = [
  ['', 'd41d8cd98f00b204e9800998ecf8427e'],
  ['a', '0cc175b9c0f1b6a831c399e269772661'],
  ['abc', '900150983cd24fb0d6963f7d28e17f72'],
  ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
  ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
] as const;

describe('md5 and the hash key of a partition key', () => {
  it.each(RFC_1321_VECTORS)('hashes %j as RFC 1321 says', (text, hex) => {
    expect(md5(text).toString('hex')).toBe(hex);
    expect(hashKeyBytesOfPartitionKey(text).toString('hex')).toBe(hex);
    // The hash key is the digest read as an unsigned 128-bit big-endian integer.
    expect(hashKeyOfPartitionKey(text)).toBe(BigInt(`0x${hex}`));
  });

  it('hashes the UTF-8 bytes of the key', () => {
    const key = 'température-é';
    expect(hashKeyOfPartitionKey(key)).toBe(
      BigInt(`0x${md5(new TextEncoder().encode(key)).toString('hex')}`),
    );
  });

  it('puts the one-letter keys on the half of a 2-shard stream that Kinesis does', () => {
    // docs/kinesis-facts.md, "Facts for tests".
    const half = 1n << 127n;
    const first = [...'ACEMPSUVWXYZ'].filter((key) => hashKeyOfPartitionKey(key) < half);
    const second = [...'BDFGHIJKLNOQRT'].filter((key) => hashKeyOfPartitionKey(key) >= half);
    expect(first).toHaveLength(12);
    expect(second).toHaveLength(14);
  });

  it('routes by the ExplicitHashKey when there is one', () => {
    expect(routingHashKey({ partitionKey: 'a', explicitHashKey: MAX_HASH_KEY.toString() })).toBe(
      MAX_HASH_KEY,
    );
    expect(routingHashKey({ partitionKey: 'a' })).toBe(
      BigInt('0x0cc175b9c0f1b6a831c399e269772661'),
    );
  });
});

describe('hash key bytes', () => {
  it.each([0n, 1n, 42n, 1n << 64n, (1n << 127n) + 5n, MAX_HASH_KEY])(
    'round-trips %s through 16 big-endian bytes',
    (key) => {
      const bytes = hashKeyToBytes(key);
      expect(bytes).toHaveLength(16);
      expect(hashKeyFromBytes(bytes)).toBe(key);
    },
  );

  it('orders bytes as the keys they hold', () => {
    expect(Buffer.compare(hashKeyToBytes(255n), hashKeyToBytes(256n))).toBe(-1);
  });
});

describe('isValidExplicitHashKey', () => {
  it.each(['0', '1', MAX_HASH_KEY.toString(), (MAX_HASH_KEY - 1n).toString()])(
    'accepts %s',
    (k) => {
      expect(isValidExplicitHashKey(k)).toBe(true);
    },
  );

  it.each(['', '-1', '01', '1.5', ' 1', HASH_KEY_SPACE.toString(), '9'.repeat(40), 'abc'])(
    'refuses %j',
    (k) => {
      expect(isValidExplicitHashKey(k)).toBe(false);
    },
  );
});

describe('parseHashKey', () => {
  it('reads decimal strings, leading zeros included, and BigInts', () => {
    expect(parseHashKey('0042')).toBe(42n);
    expect(parseHashKey(MAX_HASH_KEY)).toBe(MAX_HASH_KEY);
  });

  it.each([-1n, HASH_KEY_SPACE, '-1', '', 'x', 42, undefined])('refuses %s', (value) => {
    expect(parseHashKey(value)).toBeUndefined();
  });
});

describe('partition keys', () => {
  it(`accepts 1 to ${MAX_PARTITION_KEY_LENGTH} characters`, () => {
    expect(isValidPartitionKey('k')).toBe(true);
    expect(isValidPartitionKey('k'.repeat(MAX_PARTITION_KEY_LENGTH))).toBe(true);
    expect(isValidPartitionKey('')).toBe(false);
    expect(isValidPartitionKey('k'.repeat(MAX_PARTITION_KEY_LENGTH + 1))).toBe(false);
    expect(isValidPartitionKey(42)).toBe(false);
  });

  it('counts characters, not UTF-16 units', () => {
    const emoji = '😀'; // two UTF-16 units, one character
    expect(partitionKeyLength(emoji.repeat(3))).toBe(3);
    expect(isValidPartitionKey(emoji.repeat(MAX_PARTITION_KEY_LENGTH))).toBe(true);
    expect(isValidPartitionKey(emoji.repeat(MAX_PARTITION_KEY_LENGTH + 1))).toBe(false);
  });
});
