import { createRequire } from 'node:module';

/** A user record as aws-kinesis-agg's deaggregator returns it: data in base64. */
export interface AwsUserRecord {
  partitionKey: string;
  explicitPartitionKey?: string;
  sequenceNumber: string;
  subSequenceNumber?: number;
  data: string;
}

/** An aggregate as aws-kinesis-agg's `aggregate` hands it over. */
export interface AwsEncodedRecord {
  partitionKey: string;
  ExplicitHashKey?: string;
  data: Buffer;
}

interface AwsKinesisAgg {
  deaggregateSync(
    record: { data: string; partitionKey: string; sequenceNumber: string },
    computeChecksums: boolean,
    callback: (error: Error | null | undefined, records?: AwsUserRecord[]) => void,
  ): void;
  aggregate(
    records: readonly { partitionKey: string; explicitHashKey?: string; data: Buffer }[],
    onEncoded: (encoded: AwsEncodedRecord, done: (error?: Error) => void) => void,
    afterAll: () => void,
    onError: (error: Error, data?: AwsEncodedRecord) => void,
  ): void;
}

// The package is CommonJS without usable types (it imports aws-sdk v2 and aws-lambda types).
const awsKinesisAgg = createRequire(import.meta.url)('aws-kinesis-agg') as AwsKinesisAgg;

/** aws-kinesis-agg's `deaggregateSync` with checksums on, on raw bytes. */
export function awsDeaggregate(bytes: Uint8Array): AwsUserRecord[] {
  let result: AwsUserRecord[] | undefined;
  let failure: Error | undefined;
  awsKinesisAgg.deaggregateSync(
    { data: Buffer.from(bytes).toString('base64'), partitionKey: 'a', sequenceNumber: '1' },
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

/** aws-kinesis-agg's `aggregate`: every aggregate it emits (each at most 1 MiB). */
export function awsAggregate(
  records: readonly { partitionKey: string; explicitHashKey?: string; data: Uint8Array }[],
): Promise<AwsEncodedRecord[]> {
  return new Promise((resolve, reject) => {
    const encoded: AwsEncodedRecord[] = [];
    awsKinesisAgg.aggregate(
      records.map((record) => ({ ...record, data: Buffer.from(record.data) })),
      (record, done) => {
        encoded.push(record);
        done();
      },
      () => resolve(encoded),
      reject,
    );
  });
}
