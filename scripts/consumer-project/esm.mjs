// An ES module service importing the published packages by name.
import assert from 'node:assert/strict';
import { encodeAggregate } from '@kds/aggregation';
import { createDecoder, processKinesisEvent, where } from '@kds/consumer';
import { startEmulators, startKinesisLocal } from '@kds/emulators';
import { createLocalTrigger } from '@kds/local';
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
  startKinesisLocal,
  encodeReading,
]) {
  assert.equal(typeof fn, 'function');
}
assert.equal(typeof ReadingSchema.parse, 'function');

// The consumer's build reads KPL aggregates through @kds/aggregation's.
const aggregate = encodeAggregate([
  { partitionKey: 'A', data: Buffer.from('{"Timestamp":1,"Spot":"A","Temperature":20}') },
  { partitionKey: 'B', data: Buffer.from('{"Timestamp":2,"Spot":"B","Temperature":36}') },
]);
const results = createDecoder({ schema: ReadingSchema }).decodeAll({
  kinesis: {
    partitionKey: 'a',
    sequenceNumber: '1',
    data: Buffer.from(aggregate).toString('base64'),
  },
  eventID: 'shardId-000000000000:1',
});
assert.deepEqual(
  results.map((result) => result.value?.Spot),
  ['A', 'B'],
);
console.log('esm: ok');
