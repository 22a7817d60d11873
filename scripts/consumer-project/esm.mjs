// An ES module service importing the published packages by name.
import assert from 'node:assert/strict';
import { createDecoder, processKinesisEvent, where } from '@kds/consumer';
import { createLocalTrigger, startEmulators } from '@kds/local';
import { createProducer, field, random } from '@kds/producer';
import { encodeReading, ReadingSchema } from '@kds/schema';

for (const fn of [
  createProducer,
  field,
  random,
  createDecoder,
  processKinesisEvent,
  where,
  createLocalTrigger,
  startEmulators,
  encodeReading,
]) {
  assert.equal(typeof fn, 'function');
}
assert.equal(typeof ReadingSchema.parse, 'function');
console.log('esm: ok');
