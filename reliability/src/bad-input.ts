import { gzipSync } from 'node:zlib';
import { encodeAggregate } from '@kds/aggregation';
import { DecodeErrorCode } from '@kds/consumer';
import { encodeReading, type Reading } from '@kds/schema';

/** One hostile record: its base64 `data` as Lambda would deliver it, and the code it must get. */
export interface BadRecord {
  readonly name: string;
  /** `kinesis.data` verbatim. */
  readonly data: string;
  readonly code: DecodeErrorCode;
}

const base64 = (bytes: Uint8Array | string): string => Buffer.from(bytes).toString('base64');
const json = (value: unknown): string => base64(JSON.stringify(value));
const good: Reading = { Timestamp: 1_732_600_000_000, Spot: 'Q', Temperature: 36 };

/** Past the consumer's 1 MiB record limit (DEFAULT_MAX_RECORD_BYTES). */
const OVERSIZE_BYTES = 1024 * 1024 + 1;
/** Inflates far past the consumer's 10 MiB limit (DEFAULT_MAX_DECOMPRESSED_BYTES) from ~100 KB. */
const GZIP_BOMB_INFLATED_BYTES = 100 * 1024 * 1024;

/** A valid KPL aggregate of three readings. */
export function aggregateOf(readings: readonly Reading[]): Uint8Array {
  return encodeAggregate(
    readings.map((reading) => ({ partitionKey: reading.Spot, data: encodeReading(reading) })),
  );
}

/**
 * The bad input matrix of the consumer side: each record the strict decoder must refuse with a
 * named code, never crash on, never store.
 *
 * @example
 * ```ts
 * import { badRecords } from './bad-input.js';
 *
 * for (const { name, code } of badRecords()) console.log(name, code);
 * ```
 */
export function badRecords(): BadRecord[] {
  const aggregate = aggregateOf([
    { ...good, Timestamp: 1 },
    { ...good, Timestamp: 2 },
    { ...good, Timestamp: 3 },
  ]);
  const md5Corrupted = Uint8Array.from(aggregate);
  md5Corrupted[md5Corrupted.length - 1] = (md5Corrupted.at(-1) ?? 0) ^ 0xff;
  const { Timestamp: _t, ...noTimestamp } = good;
  const { Spot: _s, ...noSpot } = good;
  const { Temperature: _p, ...noTemperature } = good;
  return [
    { name: 'bad base64', data: '!!not*base64!!', code: DecodeErrorCode.BadBase64 },
    { name: 'unpadded base64', data: 'eyJ', code: DecodeErrorCode.BadBase64 },
    { name: 'empty data', data: '', code: DecodeErrorCode.BadJson },
    { name: 'not JSON', data: base64('Temperature=36'), code: DecodeErrorCode.BadJson },
    {
      name: 'not UTF-8',
      data: base64(Uint8Array.of(0x7b, 0xff, 0xfe, 0x7d)),
      code: DecodeErrorCode.BadJson,
    },
    {
      name: 'truncated JSON',
      data: base64('{"Timestamp":1732600000000,"Spot":"Q"'),
      code: DecodeErrorCode.BadJson,
    },
    {
      name: '__proto__ payload',
      data: base64(`{"Timestamp":1,"Spot":"Q","Temperature":36,"__proto__":{"polluted":true}}`),
      code: DecodeErrorCode.BadJson,
    },
    {
      name: 'constructor.prototype payload',
      data: base64(
        `{"Timestamp":1,"Spot":"Q","Temperature":36,"constructor":{"prototype":{"polluted":true}}}`,
      ),
      code: DecodeErrorCode.BadJson,
    },
    { name: 'JSON null', data: json(null), code: DecodeErrorCode.Schema },
    { name: 'JSON array', data: json([good]), code: DecodeErrorCode.Schema },
    { name: 'Timestamp missing', data: json(noTimestamp), code: DecodeErrorCode.Schema },
    {
      name: 'Timestamp negative',
      data: json({ ...good, Timestamp: -1 }),
      code: DecodeErrorCode.Schema,
    },
    {
      name: 'Timestamp fractional',
      data: json({ ...good, Timestamp: 1.5 }),
      code: DecodeErrorCode.Schema,
    },
    {
      name: 'Timestamp a string',
      data: json({ ...good, Timestamp: '1732600000000' }),
      code: DecodeErrorCode.Schema,
    },
    {
      name: 'Timestamp beyond 2^53',
      data: base64('{"Timestamp":9007199254740993,"Spot":"Q","Temperature":36}'),
      code: DecodeErrorCode.Schema,
    },
    { name: 'Spot missing', data: json(noSpot), code: DecodeErrorCode.Schema },
    { name: 'Spot unknown', data: json({ ...good, Spot: 'AA' }), code: DecodeErrorCode.Schema },
    { name: 'Spot lower case', data: json({ ...good, Spot: 'q' }), code: DecodeErrorCode.Schema },
    { name: 'Spot a number', data: json({ ...good, Spot: 17 }), code: DecodeErrorCode.Schema },
    { name: 'Temperature missing', data: json(noTemperature), code: DecodeErrorCode.Schema },
    {
      name: 'Temperature a string',
      data: json({ ...good, Temperature: '36' }),
      code: DecodeErrorCode.Schema,
    },
    {
      name: 'Temperature null',
      data: json({ ...good, Temperature: null }),
      code: DecodeErrorCode.Schema,
    },
    { name: 'unknown field', data: json({ ...good, Humidity: 40 }), code: DecodeErrorCode.Schema },
    {
      name: 'gzip bomb',
      data: base64(gzipSync(Buffer.alloc(GZIP_BOMB_INFLATED_BYTES), { level: 9 })),
      code: DecodeErrorCode.TooLarge,
    },
    {
      name: 'corrupt gzip',
      data: base64(Uint8Array.of(0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4, 5, 6)),
      code: DecodeErrorCode.BadGzip,
    },
    {
      name: 'oversize record',
      data: base64(
        `{"Timestamp":1,"Spot":"Q","Temperature":36,"x":"${'y'.repeat(OVERSIZE_BYTES)}"}`,
      ),
      code: DecodeErrorCode.TooLarge,
    },
    {
      name: 'truncated KPL aggregate',
      data: base64(aggregate.subarray(0, aggregate.length - 7)),
      code: DecodeErrorCode.BadJson,
    },
    {
      name: 'MD5-corrupted KPL aggregate',
      data: base64(md5Corrupted),
      code: DecodeErrorCode.BadJson,
    },
  ];
}
