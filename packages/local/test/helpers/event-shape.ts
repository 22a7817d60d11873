import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../events/${name}`, import.meta.url), 'utf8'));
}

/** The example event of the AWS Lambda Developer Guide (see `test/events/README.md`). */
export const lambdaKinesisEvent = fixture('lambda-kinesis-event.aws-docs.json') as {
  Records: Record<string, unknown>[];
};

/** The example OnFailure invocation record of the AWS Lambda Developer Guide. */
export const lambdaOnFailureRecord = fixture('lambda-kinesis-on-failure.aws-docs.json') as Record<
  string,
  unknown
>;

/** Field names and JSON types, recursively: what two documents must share to have one shape. */
export function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return ['array', value.length === 0 ? 'empty' : shapeOf(value[0])];
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, field]) => [key, shapeOf(field)]),
    );
  }
  return value === null ? 'null' : typeof value;
}

/** Formats Lambda's records follow, checked on the recorded event and on the local one alike. */
const RECORD_FORMATS: Array<[string, (record: Record<string, any>) => unknown, RegExp]> = [
  ['eventID', (r) => r.eventID, /^shardId-\d{12}:\d{20,128}$/],
  [
    'eventSourceARN',
    (r) => r.eventSourceARN,
    /^arn:aws:kinesis:[a-z]{2}(-[a-z]+)+-\d:\d{12}:stream\/[\w.-]+$/,
  ],
  ['invokeIdentityArn', (r) => r.invokeIdentityArn, /^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/],
  ['awsRegion', (r) => r.awsRegion, /^[a-z]{2}(-[a-z]+)+-\d$/],
  ['kinesis.sequenceNumber', (r) => r.kinesis.sequenceNumber, /^\d{20,128}$/],
  [
    'kinesis.data',
    (r) => r.kinesis.data,
    /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
  ],
  // Epoch seconds with at most millisecond decimals.
  [
    'kinesis.approximateArrivalTimestamp',
    (r) => String(r.kinesis.approximateArrivalTimestamp),
    /^1\d{9}(\.\d{1,3})?$/,
  ],
];

/**
 * Asserts a local event has the recorded event's shape: the same field names with the same JSON
 * types at every level, the same constant fields, and the same formats of eventID,
 * eventSourceARN, invokeIdentityArn, awsRegion, sequence number, data and arrival timestamp.
 */
export function expectLambdaEventShape(
  local: unknown,
  recorded: { Records: Record<string, unknown>[] },
): void {
  const reference = recorded.Records[0] as Record<string, any>;
  expect(Object.keys(local as object)).toEqual(Object.keys(recorded));
  const records = (local as { Records: Record<string, any>[] }).Records;
  expect(records.length).toBeGreaterThan(0);
  for (const record of records) {
    expect(shapeOf(record)).toEqual(shapeOf(reference));
    for (const field of ['eventSource', 'eventVersion', 'eventName'] as const) {
      expect(record[field], field).toBe(reference[field]);
    }
    expect(record.kinesis.kinesisSchemaVersion).toBe(reference.kinesis.kinesisSchemaVersion);
    for (const [name, read, format] of RECORD_FORMATS) {
      expect(read(reference), `recorded ${name}`).toMatch(format);
      expect(read(record), `local ${name}`).toMatch(format);
    }
    expect(record.eventID).toBe(`${record.eventID.split(':')[0]}:${record.kinesis.sequenceNumber}`);
    expect(record.eventSourceARN.split(':')[3]).toBe(record.awsRegion);
  }
}

/** Formats of an OnFailure record, checked on the recorded one and on the local one alike. */
const ISO_MILLIS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const ON_FAILURE_FORMATS: Array<[string, (record: Record<string, any>) => unknown, RegExp]> = [
  ['timestamp', (r) => r.timestamp, ISO_MILLIS],
  [
    'requestContext.requestId',
    (r) => r.requestContext.requestId,
    /^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$/,
  ],
  [
    'requestContext.functionArn',
    (r) => r.requestContext.functionArn,
    /^arn:aws:lambda:[a-z]{2}(-[a-z]+)+-\d:\d{12}:function:[\w-]+$/,
  ],
  ['KinesisBatchInfo.shardId', (r) => r.KinesisBatchInfo.shardId, /^shardId-\d{12}$/],
  [
    'KinesisBatchInfo.startSequenceNumber',
    (r) => r.KinesisBatchInfo.startSequenceNumber,
    /^\d{20,128}$/,
  ],
  [
    'KinesisBatchInfo.endSequenceNumber',
    (r) => r.KinesisBatchInfo.endSequenceNumber,
    /^\d{20,128}$/,
  ],
  [
    'KinesisBatchInfo.approximateArrivalOfFirstRecord',
    (r) => r.KinesisBatchInfo.approximateArrivalOfFirstRecord,
    ISO_MILLIS,
  ],
  [
    'KinesisBatchInfo.approximateArrivalOfLastRecord',
    (r) => r.KinesisBatchInfo.approximateArrivalOfLastRecord,
    ISO_MILLIS,
  ],
  [
    'KinesisBatchInfo.streamArn',
    (r) => r.KinesisBatchInfo.streamArn,
    /^arn:aws:kinesis:[a-z]{2}(-[a-z]+)+-\d:\d{12}:stream\/[\w.-]+$/,
  ],
];

/** Asserts a local OnFailure record has the recorded one's fields, types and formats. */
export function expectOnFailureShape(local: unknown, recorded: Record<string, unknown>): void {
  expect(shapeOf(local)).toEqual(shapeOf(recorded));
  for (const [name, read, format] of ON_FAILURE_FORMATS) {
    expect(read(recorded as Record<string, any>), `recorded ${name}`).toMatch(format);
    expect(read(local as Record<string, any>), `local ${name}`).toMatch(format);
  }
  expect((local as { version: string }).version).toBe(recorded.version);
}
