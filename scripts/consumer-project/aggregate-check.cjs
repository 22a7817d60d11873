// One check for the CommonJS and the ES module smoke: the consumer's build reads KPL aggregates
// through @kds/aggregation's. Each smoke passes the packages as it loaded them (require or import).
const assert = require('node:assert/strict');

/** Packs two readings into one aggregate and decodes them back, in order, from a Lambda record. */
function checkAggregateRead({ encodeAggregate, createDecoder, ReadingSchema }) {
  const readings = [
    { Timestamp: 1, Spot: 'A', Temperature: 20 },
    { Timestamp: 2, Spot: 'B', Temperature: 36 },
  ];
  const aggregate = encodeAggregate(
    readings.map((value) => ({
      partitionKey: value.Spot,
      data: Buffer.from(JSON.stringify(value)),
    })),
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
}

module.exports = { checkAggregateRead };
