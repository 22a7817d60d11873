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

/** The value at a dotted path of a JSON document. */
export function at(document: unknown, path: string): unknown {
  let value = document;
  for (const key of path.split('.')) {
    value =
      value !== null && typeof value === 'object'
        ? (value as Record<string, unknown>)[key]
        : undefined;
  }
  return value;
}

const ARN_REGION = '[a-z]{2}(-[a-z]+)+-\\d';

/** Formats Lambda's records follow, checked on the recorded event and on the local one alike. */
const RECORD_FORMATS: ReadonlyArray<[string, RegExp]> = [
  ['eventID', /^shardId-\d{12}:\d{20,128}$/],
  ['eventSourceARN', new RegExp(`^arn:aws:kinesis:${ARN_REGION}:\\d{12}:stream/[\\w.-]+$`)],
  ['invokeIdentityArn', /^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/],
  ['awsRegion', new RegExp(`^${ARN_REGION}$`)],
  ['kinesis.sequenceNumber', /^\d{20,128}$/],
  ['kinesis.data', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/],
  // Epoch seconds with at most millisecond decimals.
  ['kinesis.approximateArrivalTimestamp', /^1\d{9}(\.\d{1,3})?$/],
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
  const reference = recorded.Records[0];
  expect(Object.keys(local as object)).toEqual(Object.keys(recorded));
  const records = (local as { Records: unknown[] }).Records;
  expect(records.length).toBeGreaterThan(0);
  for (const record of records) {
    expect(shapeOf(record)).toEqual(shapeOf(reference));
    for (const field of [
      'eventSource',
      'eventVersion',
      'eventName',
      'kinesis.kinesisSchemaVersion',
    ]) {
      expect(at(record, field), field).toBe(at(reference, field));
    }
    for (const [path, format] of RECORD_FORMATS) {
      expect(String(at(reference, path)), `recorded ${path}`).toMatch(format);
      expect(String(at(record, path)), `local ${path}`).toMatch(format);
    }
    const eventID = String(at(record, 'eventID'));
    expect(eventID).toBe(`${eventID.split(':')[0]}:${at(record, 'kinesis.sequenceNumber')}`);
    expect(String(at(record, 'eventSourceARN')).split(':')[3]).toBe(at(record, 'awsRegion'));
  }
}

const ISO_MILLIS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** Formats of an OnFailure record, checked on the recorded one and on the local one alike. */
const ON_FAILURE_FORMATS: ReadonlyArray<[string, RegExp]> = [
  ['timestamp', ISO_MILLIS],
  ['requestContext.requestId', /^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$/],
  [
    'requestContext.functionArn',
    new RegExp(`^arn:aws:lambda:${ARN_REGION}:\\d{12}:function:[\\w-]+$`),
  ],
  ['KinesisBatchInfo.shardId', /^shardId-\d{12}$/],
  ['KinesisBatchInfo.startSequenceNumber', /^\d{20,128}$/],
  ['KinesisBatchInfo.endSequenceNumber', /^\d{20,128}$/],
  ['KinesisBatchInfo.approximateArrivalOfFirstRecord', ISO_MILLIS],
  ['KinesisBatchInfo.approximateArrivalOfLastRecord', ISO_MILLIS],
  [
    'KinesisBatchInfo.streamArn',
    new RegExp(`^arn:aws:kinesis:${ARN_REGION}:\\d{12}:stream/[\\w.-]+$`),
  ],
];

/** Asserts a local OnFailure record has the recorded one's fields, types and formats. */
export function expectOnFailureShape(local: unknown, recorded: Record<string, unknown>): void {
  expect(shapeOf(local)).toEqual(shapeOf(recorded));
  for (const [path, format] of ON_FAILURE_FORMATS) {
    expect(String(at(recorded, path)), `recorded ${path}`).toMatch(format);
    expect(String(at(local, path)), `local ${path}`).toMatch(format);
  }
  expect(at(local, 'version')).toBe(recorded.version);
}
