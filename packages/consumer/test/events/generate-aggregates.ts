// Writes the KPL fixtures of this folder, from packages/consumer:
//   pnpm exec tsx --conditions=@kds/source test/events/generate-aggregates.ts
// Aggregates are made with @kds/aggregation's encodeAggregate, as a KPL producer sends them:
// partition key "a", on shardId-000000000000 of a 2-shard stream split at 2^127, whose hash key
// range is 0..2^127-1 (A C E M P S U V W X Y Z hash there; B D F G H I J K L N O Q R T do not).
import { gzipSync } from 'node:zlib';
import { encodeAggregate, type UserRecord } from '@kds/aggregation';
import { framed, withCorruptedMd5 } from '../helpers/kpl.js';
import { shardRecords, writeEvent } from '../helpers/records.js';

const BASE = 49590338271490256608559692538361571095921575989136590000n;
const SHARD = 'shardId-000000000000';
const record = shardRecords(BASE, SHARD);

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const reading = (Timestamp: number, Spot: string, Temperature: number): UserRecord => ({
  partitionKey: Spot,
  data: json({ Timestamp, Spot, Temperature }),
});

// A valid MD5 over a body whose only user record points at partition key 5 of a table of 1.
const INDEX_OUT_OF_RANGE = Uint8Array.of(
  ...[0x0a, 0x01, 0x41], // partition_key_table: ["A"]
  ...[0x1a, 0x06, 0x08, 0x05, 0x1a, 0x02, 0x7b, 0x7d], // records: { partition_key_index: 5, data: "{}" }
);

// A mixed batch of one shard: plain records, aggregates, and the ways an aggregate can be bad.
writeEvent('kpl-aggregates.json', [
  record(0, 'Z', json({ Timestamp: 1732600000100, Spot: 'Z', Temperature: 36 }), 1545084660.001),
  record(
    1,
    'a',
    encodeAggregate([
      reading(1732600000101, 'A', 35),
      { ...reading(1732600000102, 'C', 12), explicitHashKey: '42' },
      reading(1732600000103, 'E', 38),
      reading(1732600000104, 'M', 21),
    ]),
    1545084660.002,
  ),
  record(2, 'Y', json({ Timestamp: 1732600000105, Spot: 'Y', Temperature: 37 }), 1545084660.003),
  record(
    3,
    'a',
    encodeAggregate([
      { partitionKey: 'P', data: gzipSync(json({ Timestamp: 1732600000106, Spot: 'P', Temperature: 40 })) },
      { partitionKey: 'S', data: json({ Timestamp: 1732600000107, Spot: 'S' }) },
      reading(1732600000108, 'U', 39),
    ]),
    1545084660.004,
  ),
  record(
    4,
    'a',
    // The MD5's last byte flipped: a reader must take it for a plain record.
    withCorruptedMd5(encodeAggregate([reading(1732600000109, 'V', 36), reading(1732600000110, 'W', 36)])),
    1545084660.005,
  ),
  record(5, 'a', framed(INDEX_OUT_OF_RANGE), 1545084660.006),
  record(6, 'X', json({ Timestamp: 1732600000111, Spot: 'X', Temperature: 35 }), 1545084660.007),
]);

// Aggregates put on the first shard that hold user records of the second: what a producer that is
// not shard-aware sends, or one whose shard map predates a reshard.
writeEvent('kpl-resharded.json', [
  record(
    10,
    'a',
    encodeAggregate([
      reading(1732600000200, 'A', 36),
      reading(1732600000201, 'B', 37),
      reading(1732600000202, 'C', 38),
    ]),
    1545084661.001,
  ),
  record(
    11,
    'a',
    encodeAggregate([
      { ...reading(1732600000203, 'E', 36), explicitHashKey: (2n ** 127n - 1n).toString() },
      { ...reading(1732600000204, 'M', 37), explicitHashKey: (2n ** 127n).toString() },
      reading(1732600000205, 'P', 38),
    ]),
    1545084661.002,
  ),
]);
