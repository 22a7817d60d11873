import type { SinkItem } from '@kds/consumer';
import { makeJsonRecord, sequenceNumber } from '@kds/test-support/kinesis-records';
import type { TableKeyAttribute } from '../../src/index.js';

export { makeHotReadings, makeReading, sequenceNumber } from '@kds/test-support/kinesis-records';

/** The key of the readings table in these tests: partition key Timestamp, sort key Spot. */
export const READINGS_KEY: readonly TableKeyAttribute[] = [
  { name: 'Timestamp', type: 'N' },
  { name: 'Spot', type: 'S' },
];

/** Sink items of the values, with records numbered in order from offset 0. */
export function itemsOf<T>(values: readonly T[]): SinkItem<T>[] {
  return values.map((value, i) => ({ value, record: makeJsonRecord(value, sequenceNumber(i)) }));
}
