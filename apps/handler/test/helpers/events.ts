import { readFileSync } from 'node:fs';
import type { KinesisStreamEvent } from '@kds/consumer';

export {
  makeHotReadings,
  makeJsonEvent as makeReadingsEvent,
  makeReading,
} from '@kds/test-support/kinesis-records';

/** A JSON fixture of `test/events/`. */
export function loadEvent(name: string): KinesisStreamEvent {
  const url = new URL(`../events/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as KinesisStreamEvent;
}

/** The sequence number of the record at `index` of an event. */
export function sequenceNumberAt(event: KinesisStreamEvent, index: number): string {
  const record = event.Records[index];
  if (record === undefined) throw new RangeError(`The event has no record ${index}`);
  return record.kinesis.sequenceNumber;
}
