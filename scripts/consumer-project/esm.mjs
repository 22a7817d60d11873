// An ES module service importing the published packages by name.
import assert from 'node:assert/strict';
import { encodeAggregate } from '@kds/aggregation';
import { createDecoder, processKinesisEvent, where } from '@kds/consumer';
import { startEmulators, startKinesisLocal } from '@kds/emulators';
import { createLocalTrigger } from '@kds/local';
import { createProducer, field, random } from '@kds/producer';
import { encodeReading, ReadingSchema } from '@kds/schema';
import { checkAggregateRead } from './aggregate-check.cjs';

for (const fn of [
  createProducer,
  field,
  random,
  createDecoder,
  processKinesisEvent,
  where,
  createLocalTrigger,
  startEmulators,
  startKinesisLocal,
  encodeReading,
]) {
  assert.equal(typeof fn, 'function');
}
assert.equal(typeof ReadingSchema.parse, 'function');

// The consumer's build reads KPL aggregates through @kds/aggregation's.
checkAggregateRead({ encodeAggregate, createDecoder, ReadingSchema });
console.log('esm: ok');
