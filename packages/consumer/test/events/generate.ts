// Writes the generated fixtures of this folder, from packages/consumer:
//   pnpm exec tsx --conditions=@kds/source test/events/generate.ts
// Records are shaped exactly like those of Lambda's Kinesis events.
import { gzipSync } from 'node:zlib';
import { shardRecords, writeEvent } from '../helpers/records.js';

const BASE = 49590338271490256608559692538361571095921575989136589200n;
const SHARD = 'shardId-000000000003';
const record = shardRecords(BASE, SHARD);

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

writeEvent('gzip-readings.json', [
  record(0, 'G', json({ Timestamp: 1732600000040, Spot: 'G', Temperature: 36 }), 1545084652.001),
  record(1, 'G', gzipSync(json({ Timestamp: 1732600000041, Spot: 'G', Temperature: 39 })), 1545084652.002),
  record(2, 'G', gzipSync(json({ Timestamp: 1732600000042, Spot: 'G', Temperature: 12 })), 1545084652.003),
  // The gzip magic, then bytes that do not inflate.
  record(3, 'G', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef]), 1545084652.004),
]);

// 1 MiB is the default cap on a record's bytes and 10 MiB on what a gzip record inflates to.
const MiB = 1024 * 1024;
const pad = (size: number): Buffer => json({ pad: 'x'.repeat(size - '{"pad":""}'.length) });
writeEvent('oversized.json', [
  record(10, 'O', json({ Timestamp: 1732600000050, Spot: 'O', Temperature: 40 }), 1545084653.001),
  record(11, 'O', pad(MiB + 1), 1545084653.002),
  record(12, 'O', gzipSync(pad(10 * MiB + 1), { level: 9 }), 1545084653.003),
  record(13, 'O', json({ Timestamp: 1732600000053, Spot: 'O', Temperature: 41 }), 1545084653.004),
]);
