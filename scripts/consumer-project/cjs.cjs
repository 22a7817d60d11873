// A CommonJS service requiring the published packages by name.
const assert = require('node:assert/strict');
const { createProducer, ProducerError } = require('@kds/producer');
const { createDecoder, DecodeError } = require('@kds/consumer');
const { ReadingSchema, decodeReading, encodeReading } = require('@kds/schema');
const { startEmulators, EmulatorError } = require('@kds/emulators');
const { createLocalTrigger } = require('@kds/local');

assert.equal(typeof createProducer, 'function');
assert.equal(typeof createDecoder, 'function');
assert.equal(typeof startEmulators, 'function');
assert.equal(typeof createLocalTrigger, 'function');
assert.equal(new EmulatorError('X', 'y').code, 'X');
assert.ok(new DecodeError('SCHEMA', 'x') instanceof Error);
assert.equal(new ProducerError('X', 'y').code, 'X');
const reading = { Timestamp: 1, Spot: 'A', Temperature: 20 };
assert.deepEqual(decodeReading(encodeReading(ReadingSchema.parse(reading))), reading);

// The consumer's build reads KPL aggregates through @kds/aggregation's.
const { encodeAggregate } = require('@kds/aggregation');
const readings = [reading, { Timestamp: 2, Spot: 'B', Temperature: 36 }];
const aggregate = encodeAggregate(
  readings.map((value) => ({ partitionKey: value.Spot, data: Buffer.from(JSON.stringify(value)) })),
);
const results = createDecoder({ schema: ReadingSchema }).decodeAll({
  kinesis: {
    partitionKey: 'a',
    sequenceNumber: '1',
    data: Buffer.from(aggregate).toString('base64'),
  },
  eventID: 'shardId-000000000000:1',
});
assert.deepEqual(
  results.map((result) => [result.value, result.userRecord.subSequenceNumber]),
  readings.map((value, i) => [value, i]),
);
console.log('cjs: ok');
