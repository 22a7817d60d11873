// A CommonJS service requiring the published packages by name.
const assert = require('node:assert/strict');
const { createProducer, ProducerError } = require('@kds/producer');
const { createDecoder, DecodeError } = require('@kds/consumer');
const { ReadingSchema, decodeReading, encodeReading } = require('@kds/schema');
const { startEmulators } = require('@kds/local');

assert.equal(typeof createProducer, 'function');
assert.equal(typeof createDecoder, 'function');
assert.equal(typeof startEmulators, 'function');
assert.ok(new DecodeError('SCHEMA', 'x') instanceof Error);
assert.equal(new ProducerError('X', 'y').code, 'X');
const reading = { Timestamp: 1, Spot: 'A', Temperature: 20 };
assert.deepEqual(decodeReading(encodeReading(ReadingSchema.parse(reading))), reading);
console.log('cjs: ok');
