import { createRequire } from 'node:module';

/** An aggregate as aws-kinesis-agg's `aggregate` hands it over. */
export interface AwsEncodedRecord {
  partitionKey: string;
  ExplicitHashKey?: string;
  data: Buffer;
}

interface AwsKinesisAgg {
  aggregate(
    records: readonly { partitionKey: string; explicitHashKey?: string; data: Buffer }[],
    onEncoded: (encoded: AwsEncodedRecord, done: (error?: Error) => void) => void,
    afterAll: () => void,
    onError: (error: Error, data?: AwsEncodedRecord) => void,
  ): void;
}

// The package is CommonJS without usable types (it imports aws-sdk v2 and aws-lambda types).
const awsKinesisAgg = createRequire(import.meta.url)('aws-kinesis-agg') as AwsKinesisAgg;

/**
 * aws-kinesis-agg's `aggregate`: every aggregate it emits (each at most 1 MiB). Its key tables list
 * keys that look like array indexes first, which mislabels records with such keys: use others.
 */
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
