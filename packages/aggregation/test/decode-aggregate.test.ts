import { describe, expect, it } from 'vitest';
import {
  decodeAggregate,
  encodeAggregate,
  isAggregate,
  type MalformedAggregateCode,
  MalformedAggregateError,
} from '../src/index.js';
import { bytesField, envelope, userRecord, varint, varintField } from './helpers/records.js';
import { recordsOf } from './helpers/results.js';

const MAGIC = [0xf3, 0x89, 0x9a, 0xc2];

/** A `Record` message: key index 0 and the given data, then any extra fields. */
function recordField(data: string, ...extra: number[][]): number[] {
  return bytesField(3, [...varintField(1, 0), ...bytesField(3, data), ...extra.flat()]);
}

describe('isAggregate', () => {
  it.each([
    {
      name: 'JSON',
      bytes: new TextEncoder().encode('{"Temperature":36,"Spot":"Q","Timestamp":1}'),
    },
    { name: 'no bytes', bytes: new Uint8Array(0) },
    { name: 'the magic alone', bytes: Uint8Array.from(MAGIC) },
    {
      name: 'the magic and 15 more bytes',
      bytes: Uint8Array.from([...MAGIC, ...new Array(15).fill(0)]),
    },
    {
      name: 'three bytes of the magic',
      bytes: Uint8Array.from([...MAGIC.slice(0, 3), ...new Array(20).fill(0)]),
    },
  ])('is false for $name', ({ bytes }) => {
    // Act
    const verdict = isAggregate(bytes);

    // Assess
    expect(verdict).toBe(false);
  });

  it('is true for an aggregate', () => {
    // Prepare
    const bytes = encodeAggregate([userRecord('A', 'x'), userRecord('B', 'y')]);

    // Act
    const verdict = isAggregate(bytes);

    // Assess
    expect(verdict).toBe(true);
  });
});

describe('decodeAggregate: plain records pass through', () => {
  it.each([
    { name: 'JSON', bytes: new TextEncoder().encode('{"Temperature":36}') },
    { name: 'no bytes', bytes: new Uint8Array(0) },
    {
      name: 'the magic with too few bytes for an MD5',
      bytes: Uint8Array.from([...MAGIC, 1, 2, 3]),
    },
    {
      name: 'the magic with a wrong MD5',
      bytes: Uint8Array.from([...MAGIC, ...recordField('x'), ...new Array(16).fill(0)]),
    },
  ])('treats $name as a plain record', ({ bytes }) => {
    // Act
    const result = decodeAggregate(bytes);

    // Assess
    expect(result).toEqual({ ok: true, aggregated: false });
  });

  it('treats an aggregate with any single bit flipped as a plain record', () => {
    // Prepare
    const aggregate = encodeAggregate([
      userRecord('A', 'first', { explicitHashKey: '1' }),
      userRecord('😀', 'second'),
    ]);
    const bits = aggregate.length * 8;

    // Act
    const outcomes = Array.from({ length: bits }, (_, bit) => {
      const flipped = Uint8Array.from(aggregate);
      flipped[bit >> 3] = (flipped[bit >> 3] as number) ^ (1 << (bit & 7));
      return decodeAggregate(flipped);
    });

    // Assess
    expect(outcomes).toHaveLength(bits);
    for (const outcome of outcomes) expect(outcome).toEqual({ ok: true, aggregated: false });
  });
});

describe('decodeAggregate: aggregates', () => {
  it('returns every user record with its key, explicit hash key, data and sub-sequence number', () => {
    // Prepare
    const aggregate = encodeAggregate([
      userRecord('A', 'first', { explicitHashKey: '340282366920938463463374607431768211455' }),
      userRecord('é😀', 'second'),
      userRecord('A', 'third', { tags: [{ key: 'source', value: 'device-1' }, { key: 'flag' }] }),
    ]);

    // Act
    const records = recordsOf(decodeAggregate(aggregate));

    // Assess
    expect(records).toEqual([
      {
        partitionKey: 'A',
        explicitHashKey: '340282366920938463463374607431768211455',
        data: Buffer.from('first'),
        subSequenceNumber: 0,
      },
      { partitionKey: 'é😀', data: Buffer.from('second'), subSequenceNumber: 1 },
      {
        partitionKey: 'A',
        data: Buffer.from('third'),
        subSequenceNumber: 2,
        tags: [{ key: 'source', value: 'device-1' }, { key: 'flag' }],
      },
    ]);
  });

  it('returns views of the input by default and copies when asked', () => {
    // Prepare
    const aggregate = encodeAggregate([userRecord('A', 'one'), userRecord('B', 'two')]);

    // Act
    const views = recordsOf(decodeAggregate(aggregate));
    const copies = recordsOf(decodeAggregate(aggregate, { copy: true }));
    aggregate.fill(0);

    // Assess
    expect(views.map((record) => Buffer.from(record.data).toString())).toEqual([
      '\0\0\0',
      '\0\0\0',
    ]);
    expect(copies.map((record) => Buffer.from(record.data).toString())).toEqual(['one', 'two']);
  });

  it('reads a plain Uint8Array that is a window into a larger buffer', () => {
    // Prepare
    const aggregate = encodeAggregate([userRecord('A', 'one'), userRecord('B', 'two')]);
    const backing = new Uint8Array(aggregate.length + 10);
    backing.set(aggregate, 7);
    const window = new Uint8Array(backing.buffer, 7, aggregate.length);

    // Act
    const records = recordsOf(decodeAggregate(window));

    // Assess
    expect(records.map((record) => Buffer.from(record.data).toString())).toEqual(['one', 'two']);
  });

  it('reads an empty body as an aggregate of no user records', () => {
    // Act
    const records = recordsOf(decodeAggregate(envelope([])));

    // Assess
    expect(records).toEqual([]);
  });

  it('reads tables written after the records', () => {
    // Prepare
    const body = [...recordField('x'), ...bytesField(1, 'late-key')];

    // Act
    const records = recordsOf(decodeAggregate(envelope(body)));

    // Assess
    expect(records).toEqual([
      { partitionKey: 'late-key', data: Buffer.from('x'), subSequenceNumber: 0 },
    ]);
  });

  it('skips unknown fields of every wire type, groups included, at every level', () => {
    // Prepare
    const unknown = [
      ...varintField(9, 300),
      ...[(10 << 3) | 1, 1, 2, 3, 4, 5, 6, 7, 8],
      ...bytesField(11, 'ignored'),
      ...[(12 << 3) | 3, ...varintField(1, 5), (13 << 3) | 3, (13 << 3) | 4, (12 << 3) | 4],
      ...[(14 << 3) | 5, 1, 2, 3, 4],
    ];
    const tag = bytesField(4, [...bytesField(1, 'k'), ...unknown]);
    const body = [...unknown, ...bytesField(1, 'A'), ...unknown, ...recordField('x', unknown, tag)];

    // Act
    const records = recordsOf(decodeAggregate(envelope(body)));

    // Assess
    expect(records).toEqual([
      { partitionKey: 'A', data: Buffer.from('x'), subSequenceNumber: 0, tags: [{ key: 'k' }] },
    ]);
  });

  it('keeps the last value of a field written twice, as protobuf does', () => {
    // Prepare
    const body = [
      ...bytesField(1, 'A'),
      ...bytesField(1, 'B'),
      ...recordField('first', varintField(1, 1), bytesField(3, 'last')),
    ];

    // Act
    const records = recordsOf(decodeAggregate(envelope(body)));

    // Assess
    expect(records).toEqual([
      { partitionKey: 'B', data: Buffer.from('last'), subSequenceNumber: 0 },
    ]);
  });
});

describe('decodeAggregate: malformed bodies yield a MalformedAggregateError', () => {
  const pk = bytesField(1, 'A');
  it.each<{
    name: string;
    body: number[];
    code: MalformedAggregateCode;
    subSequenceNumber?: number;
    offset?: number;
  }>([
    { name: 'a tag varint cut short', body: [...pk, 0x9a], code: 'TRUNCATED_VARINT', offset: 7 },
    { name: 'a length varint cut short', body: [...pk, 0x1a], code: 'TRUNCATED_VARINT', offset: 8 },
    {
      name: 'a key index varint cut short at the end of its record',
      body: [...pk, ...bytesField(3, [...bytesField(3, 'x'), 0x08, 0x80]), ...recordField('y')],
      code: 'TRUNCATED_VARINT',
      subSequenceNumber: 0,
    },
    {
      name: 'a group never closed',
      body: [...pk, (12 << 3) | 3, ...varintField(1, 1)],
      code: 'TRUNCATED_VARINT',
    },
    {
      name: 'a varint of 11 bytes',
      body: [
        ...pk,
        ...bytesField(3, [0x08, ...new Array(10).fill(0xff), 0x01, ...bytesField(3, 'x')]),
      ],
      code: 'VARINT_TOO_LONG',
      subSequenceNumber: 0,
    },
    {
      name: 'a length beyond the body',
      body: [...pk, 0x1a, 0x05, 0x08],
      code: 'LENGTH_OUT_OF_BOUNDS',
      offset: 8,
    },
    {
      name: 'data longer than its record',
      body: [...pk, ...bytesField(3, [0x08, 0x00, 0x1a, 0x05, 0x41]), ...recordField('padding')],
      code: 'LENGTH_OUT_OF_BOUNDS',
      subSequenceNumber: 0,
    },
    {
      name: 'a fixed64 field cut short',
      body: [...pk, (10 << 3) | 1, 1, 2, 3],
      code: 'LENGTH_OUT_OF_BOUNDS',
    },
    {
      name: 'a fixed32 field cut short',
      body: [...pk, (10 << 3) | 5, 1, 2, 3],
      code: 'LENGTH_OUT_OF_BOUNDS',
    },
    {
      name: 'a partition key table entry as a varint',
      body: [...varintField(1, 1), ...recordField('x')],
      code: 'WRONG_WIRE_TYPE',
      offset: 4,
    },
    { name: 'records as a varint', body: [...pk, ...varintField(3, 1)], code: 'WRONG_WIRE_TYPE' },
    {
      name: 'a partition key index as bytes',
      body: [...pk, ...bytesField(3, [...bytesField(1, [0]), ...bytesField(3, 'x')])],
      code: 'WRONG_WIRE_TYPE',
      subSequenceNumber: 0,
    },
    {
      name: 'data as a varint',
      body: [...pk, ...bytesField(3, [...varintField(1, 0), ...varintField(3, 7)])],
      code: 'WRONG_WIRE_TYPE',
      subSequenceNumber: 0,
    },
    {
      name: 'a tag key as a varint',
      body: [...pk, ...recordField('x', bytesField(4, varintField(1, 1)))],
      code: 'WRONG_WIRE_TYPE',
      subSequenceNumber: 0,
    },
    { name: 'field number 0', body: [...pk, 0x02, 0x00], code: 'INVALID_TAG', offset: 7 },
    { name: 'wire type 6', body: [...pk, (9 << 3) | 6], code: 'INVALID_TAG' },
    { name: 'wire type 7', body: [...pk, (9 << 3) | 7], code: 'INVALID_TAG' },
    {
      name: 'an end-group tag with no group open',
      body: [...pk, (9 << 3) | 4],
      code: 'INVALID_TAG',
    },
    {
      name: 'a group closed by another field number',
      body: [...pk, (9 << 3) | 3, (8 << 3) | 4],
      code: 'INVALID_TAG',
    },
    {
      name: 'a tag above 32 bits',
      body: [...pk, ...varint((1n << 35n) | 2n), 0x00],
      code: 'INVALID_TAG',
    },
    {
      name: 'a record without partition_key_index',
      body: [...pk, ...recordField('ok'), ...bytesField(3, bytesField(3, 'x'))],
      code: 'MISSING_FIELD',
      subSequenceNumber: 1,
      offset: 4 + pk.length + recordField('ok').length,
    },
    {
      name: 'a record without data',
      body: [...pk, ...bytesField(3, varintField(1, 0))],
      code: 'MISSING_FIELD',
      subSequenceNumber: 0,
    },
    {
      name: 'a tag without key',
      body: [...pk, ...recordField('x', bytesField(4, bytesField(2, 'value')))],
      code: 'MISSING_FIELD',
      subSequenceNumber: 0,
    },
    {
      name: 'a partition key index past the table',
      body: [
        ...pk,
        ...recordField('ok'),
        ...bytesField(3, [...varintField(1, 1), ...bytesField(3, 'x')]),
      ],
      code: 'INDEX_OUT_OF_RANGE',
      subSequenceNumber: 1,
    },
    {
      name: 'a partition key index of 2^64 - 1',
      body: [...pk, ...bytesField(3, [...varintField(1, (1n << 64n) - 1n), ...bytesField(3, 'x')])],
      code: 'INDEX_OUT_OF_RANGE',
      subSequenceNumber: 0,
    },
    {
      name: 'an explicit hash key index with an empty table',
      body: [...pk, ...recordField('x', varintField(2, 0))],
      code: 'INDEX_OUT_OF_RANGE',
      subSequenceNumber: 0,
    },
    {
      name: 'an explicit hash key that is not a number',
      body: [...pk, ...bytesField(2, 'abc'), ...recordField('x', varintField(2, 0))],
      code: 'INVALID_HASH_KEY',
    },
    {
      name: 'an explicit hash key of 2^128',
      body: [...pk, ...bytesField(2, String(1n << 128n)), ...recordField('x', varintField(2, 0))],
      code: 'INVALID_HASH_KEY',
    },
  ])('$name: $code', ({ body, code, subSequenceNumber, offset }) => {
    // Prepare
    const bytes = envelope(body);

    // Act
    const result = decodeAggregate(bytes);

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.aggregated).toBe(true);
    expect(result.error).toBeInstanceOf(MalformedAggregateError);
    expect(result.error.code).toBe(code);
    expect(result.error.subSequenceNumber).toBe(subSequenceNumber);
    expect(result.error.offset).toBeGreaterThanOrEqual(4);
    expect(result.error.offset).toBeLessThanOrEqual(bytes.length - 16);
    if (offset !== undefined) expect(result.error.offset).toBe(offset);
    expect(result.error.message).toMatch(/^Aggregated record is malformed at byte \d+/);
  });
});
