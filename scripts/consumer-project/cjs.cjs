// A CommonJS service requiring the published packages by name.
const assert = require('node:assert/strict');
const { createProducer, ProducerError } = require('@kds/producer');
const { createDecoder, DecodeError } = require('@kds/consumer');
const { ReadingSchema, decodeReading, encodeReading } = require('@kds/schema');
const { startEmulators, EmulatorError } = require('@kds/emulators');
const { createLocalTrigger } = require('@kds/local');
const { encodeAggregate } = require('@kds/aggregation');
const { checkAggregateRead } = require('./aggregate-check.cjs');

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
checkAggregateRead({ encodeAggregate, createDecoder, ReadingSchema });
console.log('cjs: ok');
