import { createRequire } from 'node:module';

export { AggregatedRecordType, type ProtobufjsBody, readWithProtobufjs } from './protobufjs.js';

/** A user record as aws-kinesis-agg takes it. */
export interface AwsUserRecordIn {
  readonly partitionKey: string;
  readonly explicitHashKey?: string;
  readonly data: Uint8Array;
}

/** An aggregate as aws-kinesis-agg hands it over: the ExplicitHashKey of its first user record. */
export interface AwsEncodedRecord {
  readonly partitionKey: string;
  readonly ExplicitHashKey?: string;
  readonly data: Buffer;
}

/** A user record as aws-kinesis-agg's deaggregator returns it: data in base64. */
export interface AwsUserRecord {
  readonly partitionKey: string;
  readonly explicitPartitionKey?: string;
  readonly sequenceNumber: string;
  readonly subSequenceNumber?: number;
  readonly data: string;
}

/** The parts of aws-kinesis-agg 4.2.8 the tests and benchmarks use. */
export interface AwsKinesisAgg {
  aggregate(
    records: readonly { partitionKey: string; explicitHashKey?: string; data: Buffer }[],
    onEncoded: (encoded: AwsEncodedRecord, done: (error?: Error) => void) => void,
    afterAll: () => void,
    onError: (error: Error, data?: AwsEncodedRecord) => void,
  ): void;
  deaggregateSync(
    record: { data: string; partitionKey: string; sequenceNumber: string },
    computeChecksums: boolean,
    callback: (error: Error | null | undefined, records?: AwsUserRecord[]) => void,
  ): void;
  RecordAggregator: new () => {
    addUserRecord(record: { partitionKey: string; explicitHashKey?: string; data: Buffer }): void;
    build(): AwsEncodedRecord | undefined;
  };
}

/**
 * aws-kinesis-agg itself. The package is CommonJS without usable types (they import aws-sdk v2 and
 * aws-lambda), hence this typed handle.
 *
 * @example
 * ```ts
 * import { awsKinesisAgg } from '@kds/interop';
 *
 * const aggregator = new awsKinesisAgg.RecordAggregator();
 * aggregator.addUserRecord({ partitionKey: '1', data: Buffer.from('{"Temperature":36}') });
 * const aggregate = aggregator.build();
 * ```
 */
export const awsKinesisAgg = createRequire(import.meta.url)('aws-kinesis-agg') as AwsKinesisAgg;

/**
 * aws-kinesis-agg's `aggregate`: every aggregate it emits, each at most 1 MiB. Records whose data
 * is already a `Buffer` go in as they are, so a benchmark times aws-kinesis-agg alone. Its key
 * tables list keys that look like array indexes first, which mislabels records with such keys when
 * others come before them.
 *
 * @example
 * ```ts
 * import { awsAggregate } from '@kds/interop';
 *
 * const [aggregate] = await awsAggregate([{ partitionKey: '1', data: Buffer.from('x') }]);
 * ```
 */
export function awsAggregate(records: readonly AwsUserRecordIn[]): Promise<AwsEncodedRecord[]> {
  const input = records.every(({ data }) => Buffer.isBuffer(data))
    ? (records as readonly (AwsUserRecordIn & { data: Buffer })[])
    : records.map((record) => ({ ...record, data: Buffer.from(record.data) }));
  return new Promise((resolve, reject) => {
    const encoded: AwsEncodedRecord[] = [];
    awsKinesisAgg.aggregate(
      input,
      (record, done) => {
        encoded.push(record);
        done();
      },
      () => resolve(encoded),
      reject,
    );
  });
}

/**
 * aws-kinesis-agg's `deaggregateSync` with checksums on, on a Kinesis record's data in base64 (as
 * a Lambda event carries it): its user records, or the error it reported, thrown.
 *
 * @example
 * ```ts
 * import { awsDeaggregateBase64 } from '@kds/interop';
 *
 * const records = awsDeaggregateBase64(Buffer.from('plain').toString('base64'));
 * // one record: a plain record is its own user record
 * ```
 */
export function awsDeaggregateBase64(base64: string): AwsUserRecord[] {
  let result: AwsUserRecord[] | undefined;
  let failure: Error | undefined;
  awsKinesisAgg.deaggregateSync(
    { data: base64, partitionKey: 'a', sequenceNumber: '1' },
    true,
    (error, records) => {
      if (error) failure = error;
      else result = records;
    },
  );
  if (failure !== undefined) throw failure;
  if (result === undefined) throw new Error('aws-kinesis-agg returned no records');
  return result;
}

/**
 * {@link awsDeaggregateBase64} on raw bytes.
 *
 * @example
 * ```ts
 * import { awsDeaggregate } from '@kds/interop';
 *
 * const [record] = awsDeaggregate(Buffer.from('plain'));
 * ```
 */
export function awsDeaggregate(bytes: Uint8Array): AwsUserRecord[] {
  return awsDeaggregateBase64(Buffer.from(bytes).toString('base64'));
}
