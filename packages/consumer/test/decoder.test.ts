import { gzipSync } from 'node:zlib';
import { ReadingSchema } from '@kds/schema';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ConsumerError,
  createDecoder,
  DEFAULT_MAX_DECOMPRESSED_BYTES,
  DEFAULT_MAX_RECORD_BYTES,
  DecodeError,
  DecodeErrorCode,
  type DecodeResult,
} from '../src/index.js';
import { makeAggregate, testDeaggregate } from './helpers/aggregates.js';
import {
  encodeJson,
  encodeText,
  loadEvent,
  makeJsonRecord,
  makeReading,
  makeRecord,
  recordAt,
} from './helpers/records.js';
import { errorFrom, valueFrom } from './helpers/results.js';
import { anyValueSchema, asyncSchema } from './helpers/schemas.js';

const decoder = createDecoder({ schema: ReadingSchema });

describe('createDecoder', () => {
  describe('valid records', () => {
    it('decodes every record of a Lambda event into readings', () => {
      // Prepare
      const event = loadEvent('readings.json');

      // Act
      const values = event.Records.map((record) => valueFrom(decoder.decode(record)));

      // Assess
      expect(values).toEqual([
        { Timestamp: 1_732_600_000_000, Spot: 'Q', Temperature: 36 },
        { Timestamp: 1_732_600_000_001, Spot: 'A', Temperature: 20 },
        { Timestamp: 1_732_600_000_002, Spot: 'B', Temperature: 35 },
        { Timestamp: 1_732_600_000_003, Spot: 'C', Temperature: 34.9 },
      ]);
    });

    it('decodes records of a KMS-encrypted stream like any other', () => {
      // Prepare
      const event = loadEvent('kms-readings.json');

      // Act
      const results = event.Records.map((record) => decoder.decode(record));

      // Assess
      expect(event.Records.map((record) => record.kinesis.encryptionType)).toEqual(['KMS', 'KMS']);
      expect(results.map(valueFrom)).toEqual([
        { Timestamp: 1_732_600_000_010, Spot: 'K', Temperature: 38 },
        { Timestamp: 1_732_600_000_011, Spot: 'L', Temperature: 12 },
      ]);
    });

    it('returns the record it decoded with the value', () => {
      // Prepare
      const record = makeJsonRecord(makeReading());

      // Act
      const result = decoder.decode(record);

      // Assess
      expect(result).toEqual({ ok: true, value: makeReading(), record });
      expect(result.record).toBe(record);
    });
  });

  describe('records that do not decode', () => {
    it.each([
      { case: 'characters outside the alphabet', data: 'not base64!!' },
      { case: 'a length that is not a multiple of 4', data: 'eyJhIjox' + 'fQ' },
      { case: 'padding in the middle', data: 'ey==eyJh' },
      { case: 'three padding characters', data: 'e===' },
      { case: 'the URL-safe alphabet', data: 'ab-_' },
      { case: 'whitespace', data: 'eyJh IjE=' },
    ])('fails with BAD_BASE64 on $case', ({ data }) => {
      // Prepare
      const record = makeRecord(data);

      // Act
      const error = errorFrom(decoder.decode(record));

      // Assess
      expect(error.code).toBe(DecodeErrorCode.BadBase64);
      expect(error.message).toMatch(/data is not valid base64/);
    });

    it('fails with BAD_BASE64 when the record has no data at all', () => {
      // Prepare
      const record = makeRecord('');
      const { data: _data, ...withoutData } = record.kinesis;
      const broken = { ...record, kinesis: withoutData } as unknown as typeof record;

      // Act
      const error = errorFrom(decoder.decode(broken));

      // Assess
      expect(error.code).toBe('BAD_BASE64');
    });

    it.each([
      { case: 'key=value text', text: 'Temperature=36;Spot=Q' },
      { case: 'an empty record', text: '' },
      { case: 'truncated JSON', text: '{"Temperature":36,' },
      { case: 'replacement characters', text: '\uFFFD\uFFFD' },
    ])('fails with BAD_JSON on $case, keeping the parser error as cause', ({ text }) => {
      // Prepare
      const record = makeRecord(encodeText(text));

      // Act
      const error = errorFrom(decoder.decode(record));

      // Assess
      expect(error.code).toBe(DecodeErrorCode.BadJson);
      expect(error.message).toMatch(/^Record data is not valid JSON: /);
      expect(error.cause).toBeInstanceOf(SyntaxError);
    });

    it('fails with BAD_JSON on bytes that are not UTF-8 at all', () => {
      // Prepare
      const record = makeRecord(Buffer.from([0xff, 0xfe, 0x80, 0x7b]).toString('base64'));

      // Act
      const error = errorFrom(decoder.decode(record));

      // Assess
      expect(error.code).toBe('BAD_JSON');
    });

    it.each([
      {
        field: 'Temperature',
        value: { Timestamp: 1, Spot: 'Q', Temperature: 'hot' },
      },
      { field: 'Spot', value: { Timestamp: 1, Spot: 'q', Temperature: 36 } },
      { field: 'Spot', value: { Timestamp: 1, Temperature: 36 } },
      { field: 'Timestamp', value: { Timestamp: -1, Spot: 'Q', Temperature: 36 } },
      { field: 'Timestamp', value: { Timestamp: 1.5, Spot: 'Q', Temperature: 36 } },
      { field: 'Humidity', value: { Timestamp: 1, Spot: 'Q', Temperature: 36, Humidity: 40 } },
    ])('fails with SCHEMA naming $field when the reading is $value', ({ field, value }) => {
      // Prepare
      const record = makeJsonRecord(value);

      // Act
      const error = errorFrom(decoder.decode(record));

      // Assess
      expect(error.code).toBe(DecodeErrorCode.Schema);
      expect(error.message).toMatch(/^Record does not match the schema: /);
      expect(error.message).toContain(field);
      expect(error.issues.length).toBeGreaterThan(0);
    });

    it('lists the path of every field at fault in issues', () => {
      // Prepare
      const record = makeJsonRecord({ Timestamp: 'now', Spot: 'Q', Temperature: 'hot' });

      // Act
      const error = errorFrom(decoder.decode(record));

      // Assess
      expect(error.issues.map((issue) => issue.path)).toEqual([['Timestamp'], ['Temperature']]);
      expect(error.message).toMatch(/Timestamp: .+; Temperature: /);
    });

    it('names the root when the JSON is not an object', () => {
      // Prepare
      const record = makeJsonRecord([36]);

      // Act
      const error = errorFrom(decoder.decode(record));

      // Assess
      expect(error.code).toBe('SCHEMA');
      expect(error.message).toContain('(root)');
    });

    it('fails with SCHEMA when the schema validates asynchronously', () => {
      // Prepare
      const asyncDecoder = createDecoder({ schema: asyncSchema });

      // Act
      const error = errorFrom(asyncDecoder.decode(makeJsonRecord(makeReading())));

      // Assess
      expect(error.code).toBe('SCHEMA');
      expect(error.message).toMatch(/synchronous/);
    });

    it('returns a DecodeError, a ConsumerError, with the record at fault', () => {
      // Prepare
      const record = makeRecord('not base64!!');

      // Act
      const result = decoder.decode(record);

      // Assess
      expect(result.record).toBe(record);
      const error = errorFrom(result);
      expect(error).toBeInstanceOf(DecodeError);
      expect(error).toBeInstanceOf(ConsumerError);
      expect(error.name).toBe('DecodeError');
    });
  });

  describe('prototype pollution', () => {
    const looseDecoder = createDecoder({ schema: ReadingSchema.loose() });

    it.each([
      {
        case: 'a top-level __proto__ key',
        text: '{"Timestamp":1,"Spot":"Q","Temperature":36,"__proto__":{"polluted":true}}',
        key: '__proto__',
      },
      {
        case: 'a nested __proto__ key',
        text: '{"Timestamp":1,"Spot":"Q","Temperature":36,"meta":{"__proto__":{"polluted":true}}}',
        key: '__proto__',
      },
      {
        case: 'a __proto__ key inside an array',
        text: '{"Timestamp":1,"Spot":"Q","Temperature":36,"tags":[{"__proto__":{"polluted":true}}]}',
        key: '__proto__',
      },
      {
        case: 'a __proto__ key spelled with unicode escapes',
        text: '{"Timestamp":1,"Spot":"Q","Temperature":36,"\\u005f_proto__":{"polluted":true}}',
        key: '__proto__',
      },
      {
        case: 'a constructor.prototype path',
        text: '{"Timestamp":1,"Spot":"Q","Temperature":36,"constructor":{"prototype":{"polluted":true}}}',
        key: 'constructor.prototype',
      },
      {
        case: 'a constructor.prototype path spelled with unicode escapes',
        text: '{"Timestamp":1,"Spot":"Q","Temperature":36,"\\u0063onstructor":{"prototype":{"polluted":true}}}',
        key: 'constructor.prototype',
      },
    ])('rejects $case as BAD_JSON, even with a schema that allows extra keys', ({ text, key }) => {
      // Prepare
      const record = makeRecord(encodeText(text));

      // Act
      const strict = errorFrom(decoder.decode(record));
      const loose = errorFrom(looseDecoder.decode(record));

      // Assess
      for (const error of [strict, loose]) {
        expect(error.code).toBe(DecodeErrorCode.BadJson);
        expect(error.message).toBe(`Record JSON holds the forbidden key "${key}"`);
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
    });

    it('allows a plain constructor key when the schema allows extra keys', () => {
      // Prepare
      const record = makeJsonRecord({ ...makeReading(), constructor: 'Acme thermometer' });

      // Act
      const value = valueFrom(looseDecoder.decode(record));

      // Assess
      expect(value).toEqual({ ...makeReading(), constructor: 'Acme thermometer' });
    });

    it('allows a constructor object without a prototype key', () => {
      // Prepare
      const record = makeJsonRecord({ ...makeReading(), constructor: { name: 'Acme' } });

      // Act
      const value = valueFrom(looseDecoder.decode(record));

      // Assess
      expect(value).toMatchObject({ constructor: { name: 'Acme' } });
    });

    it('allows the word __proto__ as a value, not a key', () => {
      // Prepare
      const anyDecoder = createDecoder({ schema: anyValueSchema });
      const record = makeJsonRecord({ note: '__proto__ and constructor are just words here' });

      // Act
      const value = valueFrom(anyDecoder.decode(record));

      // Assess
      expect(value).toEqual({ note: '__proto__ and constructor are just words here' });
    });

    it('still applies the strict schema to a plain constructor key', () => {
      // Prepare
      const record = makeJsonRecord({ ...makeReading(), constructor: 'Acme thermometer' });

      // Act
      const error = errorFrom(decoder.decode(record));

      // Assess
      expect(error.code).toBe('SCHEMA');
      expect(error.message).toContain('constructor');
    });
  });

  describe('size cap', () => {
    afterEach(() => {
      vi.restoreAllMocks();
    });

    // Three readings whose JSON lengths fall on each remainder mod 3, so the
    // base64 carries no, one and two padding characters.
    const readings = [
      makeReading({ Temperature: 1 }),
      makeReading({ Temperature: 12 }),
      makeReading({ Temperature: 123 }),
    ];

    it.each(
      readings.map((reading) => ({
        reading,
        bytes: Buffer.byteLength(JSON.stringify(reading)),
        padding: (3 - (Buffer.byteLength(JSON.stringify(reading)) % 3)) % 3,
      })),
    )(
      'decodes a record of exactly maxRecordBytes ($bytes bytes, padding $padding)',
      ({ reading, bytes }) => {
        // Prepare
        const capped = createDecoder({ schema: ReadingSchema, maxRecordBytes: bytes });

        // Act
        const value = valueFrom(capped.decode(makeJsonRecord(reading)));

        // Assess
        expect(value).toEqual(reading);
      },
    );

    it.each(
      readings.map((reading) => ({ reading, bytes: Buffer.byteLength(JSON.stringify(reading)) })),
    )('fails with TOO_LARGE one byte over the cap ($bytes bytes)', ({ reading, bytes }) => {
      // Prepare
      const capped = createDecoder({ schema: ReadingSchema, maxRecordBytes: bytes - 1 });

      // Act
      const error = errorFrom(capped.decode(makeJsonRecord(reading)));

      // Assess
      expect(error.code).toBe(DecodeErrorCode.TooLarge);
      expect(error.message).toBe(`Record data is ${bytes} bytes; the limit is ${bytes - 1}`);
    });

    it('rejects an oversized record without decoding its bytes', () => {
      // Prepare
      const capped = createDecoder({ schema: ReadingSchema, maxRecordBytes: 8 });
      const record = makeRecord(encodeText('this is not JSON, but it is too large to matter'));
      const bufferFrom = vi.spyOn(Buffer, 'from');

      // Act
      const error = errorFrom(capped.decode(record));

      // Assess
      expect(error.code).toBe('TOO_LARGE');
      expect(bufferFrom).not.toHaveBeenCalled();
    });

    it('caps records at 1 MiB by default', () => {
      // Prepare
      const justOver = 'AAAA'.repeat(Math.ceil((DEFAULT_MAX_RECORD_BYTES + 1) / 3));
      const atLimit = encodeJson({ pad: 'x'.repeat(DEFAULT_MAX_RECORD_BYTES - 10) });
      const anyDecoder = createDecoder({ schema: anyValueSchema });

      // Act
      const over = errorFrom(decoder.decode(makeRecord(justOver)));
      const at = anyDecoder.decode(makeRecord(atLimit));

      // Assess
      expect(DEFAULT_MAX_RECORD_BYTES).toBe(1_048_576);
      expect(over.code).toBe('TOO_LARGE');
      expect(over.message).toContain('the limit is 1048576');
      expect(at.ok).toBe(true);
    });
  });
});

describe('a record fixture with every kind of poison', () => {
  it.each([
    { index: 1, code: 'BAD_BASE64' },
    { index: 2, code: 'BAD_JSON' },
    { index: 3, code: 'SCHEMA' },
  ])('record $index fails with $code', ({ index, code }) => {
    // Prepare
    const record = recordAt(loadEvent('poison-batch.json'), index);

    // Act
    const error = errorFrom(decoder.decode(record));

    // Assess
    expect(error.code).toBe(code);
  });

  it('names Temperature for the schema violation', () => {
    // Prepare
    const record = recordAt(loadEvent('poison-batch.json'), 3);

    // Act
    const error = errorFrom(decoder.decode(record));

    // Assess
    expect(error.message).toContain('Temperature');
    expect(error.issues).toEqual([
      { path: ['Temperature'], message: expect.stringContaining('expected number') },
    ]);
  });
});

describe('gzip records', () => {
  it('inflates records that start with the gzip magic, beside plain ones', () => {
    // Prepare
    const event = loadEvent('gzip-readings.json');

    // Act
    const results = event.Records.slice(0, 3).map((record) => decoder.decode(record));

    // Assess
    expect(results.map(valueFrom)).toEqual([
      { Timestamp: 1_732_600_000_040, Spot: 'G', Temperature: 36 },
      { Timestamp: 1_732_600_000_041, Spot: 'G', Temperature: 39 },
      { Timestamp: 1_732_600_000_042, Spot: 'G', Temperature: 12 },
    ]);
  });

  it('fails with BAD_GZIP on bytes that start with the magic but do not inflate', () => {
    // Prepare
    const record = recordAt(loadEvent('gzip-readings.json'), 3);

    // Act
    const error = errorFrom(decoder.decode(record));

    // Assess
    expect(error.code).toBe(DecodeErrorCode.BadGzip);
    expect(error.message).toMatch(/^Record data starts with the gzip magic but does not inflate: /);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it.each([
    { case: 'truncated', bytes: gzipSync(JSON.stringify(makeReading())).subarray(0, 20) },
    { case: 'the magic alone', bytes: Buffer.from([0x1f, 0x8b]) },
  ])('fails with BAD_GZIP on gzip that is $case', ({ bytes }) => {
    // Act
    const error = errorFrom(decoder.decode(makeRecord(bytes.toString('base64'))));

    // Assess
    expect(error.code).toBe('BAD_GZIP');
  });

  it('decodes a gzip record that inflates to exactly maxDecompressedBytes', () => {
    // Prepare
    const text = JSON.stringify(makeReading());
    const capped = createDecoder({ schema: ReadingSchema, maxDecompressedBytes: text.length });

    // Act
    const value = valueFrom(capped.decode(makeRecord(gzipSync(text).toString('base64'))));

    // Assess
    expect(value).toEqual(makeReading());
  });

  it('fails with TOO_LARGE on a gzip record that inflates one byte past maxDecompressedBytes', () => {
    // Prepare
    const text = JSON.stringify(makeReading());
    const capped = createDecoder({ schema: ReadingSchema, maxDecompressedBytes: text.length - 1 });

    // Act
    const error = errorFrom(capped.decode(makeRecord(gzipSync(text).toString('base64'))));

    // Assess
    expect(error.code).toBe(DecodeErrorCode.TooLarge);
    expect(error.message).toBe(
      `Record data (gzip) inflates to more than ${text.length - 1} bytes, the limit`,
    );
  });

  it('caps the compressed bytes with maxRecordBytes before inflating', () => {
    // Prepare
    const compressed = gzipSync(JSON.stringify(makeReading()));
    const capped = createDecoder({ schema: ReadingSchema, maxRecordBytes: compressed.length - 1 });

    // Act
    const error = errorFrom(capped.decode(makeRecord(compressed.toString('base64'))));

    // Assess
    expect(error.code).toBe('TOO_LARGE');
    expect(error.message).toBe(
      `Record data is ${compressed.length} bytes; the limit is ${compressed.length - 1}`,
    );
  });
});

describe('a fixture of records larger than the caps', () => {
  it('fails the oversized records with TOO_LARGE and decodes the others', () => {
    // Prepare
    const event = loadEvent('oversized.json');

    // Act
    const results = event.Records.map((record) => decoder.decode(record));

    // Assess
    expect(results.map((result) => (result.ok ? 'ok' : result.error.code))).toEqual([
      'ok',
      'TOO_LARGE',
      'TOO_LARGE',
      'ok',
    ]);
    expect(errorFrom(results[1] as (typeof results)[number]).message).toBe(
      `Record data is ${DEFAULT_MAX_RECORD_BYTES + 1} bytes; the limit is ${DEFAULT_MAX_RECORD_BYTES}`,
    );
    expect(errorFrom(results[2] as (typeof results)[number]).message).toBe(
      `Record data (gzip) inflates to more than ${DEFAULT_MAX_DECOMPRESSED_BYTES} bytes, the limit`,
    );
  });
});

describe('UTF-8', () => {
  it('fails with BAD_JSON naming the byte when a JSON string holds invalid UTF-8', () => {
    // Prepare
    const bytes = Buffer.concat([
      Buffer.from('{"Timestamp":1,"Spot":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('","Temperature":36}'),
    ]);

    // Act
    const error = errorFrom(decoder.decode(makeRecord(bytes.toString('base64'))));

    // Assess
    expect(error.code).toBe(DecodeErrorCode.BadJson);
    expect(error.message).toBe('Record data is not valid JSON: invalid UTF-8 at byte 23');
  });

  it('accepts a genuine U+FFFD character, which is valid UTF-8', () => {
    // Prepare
    const anyDecoder = createDecoder({ schema: anyValueSchema });
    const record = makeRecord(encodeText('{"note":"\uFFFD and é"}'));

    // Act
    const value = valueFrom(anyDecoder.decode(record));

    // Assess
    expect(value).toEqual({ note: '\uFFFD and é' });
  });
});

describe('base64 messages', () => {
  it.each([
    { data: 'eyJh IjE', problem: 'character " " at index 4 is outside the base64 alphabet' },
    { data: 'ab-_', problem: 'character "-" at index 2 belongs to the URL-safe alphabet' },
    { data: 'eyJhIjox' + 'fQ', problem: 'its length 10 is not a multiple of 4' },
    { data: 'ey==eyJh', problem: 'padding "=" at index 2 is misplaced' },
    { data: 'e===', problem: 'padding "=" at index 1 is misplaced' },
  ])('says what is wrong with $data', ({ data, problem }) => {
    // Act
    const error = errorFrom(decoder.decode(makeRecord(data)));

    // Assess
    expect(error.message).toBe(`Record kinesis.data is not valid base64: ${problem}`);
  });
});

describe('deaggregation stage', () => {
  const aggregating = createDecoder({ schema: ReadingSchema, deaggregate: testDeaggregate });
  const readings = [
    makeReading({ Timestamp: 1, Spot: 'A' }),
    makeReading({ Timestamp: 2, Spot: 'B' }),
    makeReading({ Timestamp: 3, Spot: 'C' }),
  ];

  it('gives one result per user record, each carrying its user record', () => {
    // Prepare
    const aggregate = makeAggregate(
      readings.map((reading) => ({
        partitionKey: reading.Spot,
        data: Buffer.from(JSON.stringify(reading)),
      })),
    );
    const record = makeRecord(aggregate.toString('base64'));

    // Act
    const results = aggregating.decodeAll(record);

    // Assess
    expect(results.map(valueFrom)).toEqual(readings);
    expect(results.map((result) => result.userRecord?.subSequenceNumber)).toEqual([0, 1, 2]);
    expect(results.map((result) => result.userRecord?.partitionKey)).toEqual(['A', 'B', 'C']);
    expect(results.every((result) => result.record === record)).toBe(true);
  });

  it('decodes each user record on its own: gzip, poison and good ones side by side', () => {
    // Prepare
    const aggregate = makeAggregate([
      { partitionKey: 'A', data: gzipSync(JSON.stringify(readings[0])) },
      { partitionKey: 'B', data: Buffer.from('{"Timestamp":2,"Spot":"B"}') },
      { partitionKey: 'C', data: Buffer.from(JSON.stringify(readings[2])) },
    ]);

    // Act
    const results = aggregating.decodeAll(makeRecord(aggregate.toString('base64')));

    // Assess
    expect(results.map((result) => (result.ok ? 'ok' : result.error.code))).toEqual([
      'ok',
      'SCHEMA',
      'ok',
    ]);
    expect(errorFrom(results[1] as (typeof results)[number]).message).toContain('Temperature');
  });

  it('passes plain records through the stage unchanged', () => {
    // Prepare
    const record = makeJsonRecord(makeReading());

    // Act
    const single = aggregating.decode(record);
    const all = aggregating.decodeAll(record);

    // Assess
    expect(single).toEqual({ ok: true, value: makeReading(), record });
    expect(all).toEqual([single]);
  });

  it('answers AGGREGATED from decode() for an aggregate, pointing at decodeAll()', () => {
    // Prepare
    const aggregate = makeAggregate([{ partitionKey: 'A', data: Buffer.from('{}') }]);

    // Act
    const error = errorFrom(aggregating.decode(makeRecord(aggregate.toString('base64'))));

    // Assess
    expect(error.code).toBe(DecodeErrorCode.Aggregated);
    expect(error.message).toMatch(/aggregate of 1 user records; decode it with decodeAll\(\)$/);
  });

  it('fails with BAD_AGGREGATE, keeping the cause, when the stage cannot read an aggregate', () => {
    // Prepare
    const record = makeRecord(Buffer.from('AGG:{"not":"a list"}').toString('base64'));

    // Act
    const results = aggregating.decodeAll(record);

    // Assess
    expect(results).toHaveLength(1);
    const error = errorFrom(results[0] as (typeof results)[number]);
    expect(error.code).toBe(DecodeErrorCode.BadAggregate);
    expect(error.message).toBe(
      'Record data is a KPL aggregate that cannot be read: the aggregate body is not a list',
    );
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('gives no result for an aggregate of no user records', () => {
    // Act
    const results = aggregating.decodeAll(makeRecord(makeAggregate([]).toString('base64')));

    // Assess
    expect(results).toEqual([]);
  });

  it('checks base64 and size before the stage runs', () => {
    // Prepare
    const stage = vi.fn(testDeaggregate);
    const capped = createDecoder({ schema: ReadingSchema, deaggregate: stage, maxRecordBytes: 4 });

    // Act
    const codes = [makeRecord('!!!!'), makeJsonRecord(makeReading())].map(
      (record) => errorFrom(capped.decodeAll(record)[0] as DecodeResult<unknown>).code,
    );

    // Assess
    expect(codes).toEqual(['BAD_BASE64', 'TOO_LARGE']);
    expect(stage).not.toHaveBeenCalled();
  });
});
