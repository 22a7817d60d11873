import {
  KinesisClient,
  PutRecordsCommand,
  type PutRecordsCommandInput,
  type PutRecordsRequestEntry,
} from '@aws-sdk/client-kinesis';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { putRecordsBody, speaksAwsJson, usePutRecordsWire } from '../src/put-records-wire.js';

/** What the client handed to its transport. */
interface SentRequest {
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

interface CannedResponse {
  readonly statusCode: number;
  readonly headers?: Record<string, string>;
  readonly body: string;
}

/** A real KinesisClient whose transport records each request and answers with `answer`. */
function clientAnswering(answer: CannedResponse): { client: KinesisClient; sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  const client = new KinesisClient({
    region: 'us-east-1',
    endpoint: 'http://kinesis.test',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
    requestHandler: {
      async handle(request: SentRequest) {
        sent.push({ headers: { ...request.headers }, body: request.body });
        return {
          response: {
            statusCode: answer.statusCode,
            headers: { 'content-type': 'application/x-amz-json-1.1', ...answer.headers },
            body: Buffer.from(answer.body, 'utf8'),
          },
        };
      },
    },
  });
  return { client, sent };
}

const textOfBody = (body: unknown): string =>
  typeof body === 'string' ? body : new TextDecoder().decode(body as Uint8Array);

const OK_ANSWER: CannedResponse = {
  statusCode: 200,
  headers: { 'x-amzn-requestid': 'request-1' },
  body: JSON.stringify({
    FailedRecordCount: 1,
    EncryptionType: 'KMS',
    Records: [
      {
        SequenceNumber: '49590338271490256608559692538361571095921575989136588898',
        ShardId: 'shardId-000000000001',
      },
      { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded' },
    ],
  }),
};

/** The request body the SDK's own serializer writes for `input`. */
async function sdkBody(input: PutRecordsCommandInput): Promise<unknown> {
  const { client, sent } = clientAnswering(OK_ANSWER);
  await client.send(new PutRecordsCommand(input));
  return JSON.parse(textOfBody(sent[0]?.body));
}

const RECORDS: PutRecordsRequestEntry[] = [
  { Data: Buffer.from('{"Spot":"A","Temperature":36}'), PartitionKey: '42' },
  { Data: new Uint8Array(0), PartitionKey: 'empty data' },
  { Data: Uint8Array.from({ length: 256 }, (_, byte) => byte), PartitionKey: 'every byte' },
  { Data: new Uint8Array(2_000).fill(7), PartitionKey: 'large', ExplicitHashKey: '0' },
  { Data: Buffer.from('x'), PartitionKey: 'quote " backslash \\ tab \t nul \u0000' },
  { Data: Buffer.from('y'), PartitionKey: 'C:\\temp' },
  { Data: Buffer.from('z'), PartitionKey: 'say "hi"' },
  {
    Data: Buffer.from('xy'),
    PartitionKey: 'clé 🌡️ 温度',
    ExplicitHashKey: (2n ** 128n - 1n).toString(),
  },
];

describe('putRecordsBody', () => {
  it('writes the JSON the SDK writes, for keys that need escaping, UTF-8 keys, binary data and hash keys', async () => {
    const input = { StreamName: 'TestDataStream', Records: RECORDS };
    const ours = JSON.parse(
      putRecordsBody({ streamName: 'TestDataStream', streamARN: undefined }, RECORDS).toString(
        'utf8',
      ),
    );
    expect(ours).toEqual(await sdkBody(input));
  });

  it('names the stream by ARN when given one', async () => {
    const streamARN = 'arn:aws:kinesis:us-east-1:123456789012:stream/TestDataStream';
    const records = RECORDS.slice(0, 1);
    const ours = JSON.parse(
      putRecordsBody({ streamName: undefined, streamARN }, records).toString('utf8'),
    );
    expect(ours).toEqual(await sdkBody({ StreamARN: streamARN, Records: records }));
  });

  it('encodes arbitrary records losslessly', () => {
    const record = fc.record({
      data: fc.uint8Array({ maxLength: 1_200 }),
      // Printable ASCII (quotes and backslashes among it) and any UTF-16 at all.
      partitionKey: fc.oneof(
        fc.string({ minLength: 1, maxLength: 256 }),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 256 }),
      ),
      explicitHashKey: fc.option(fc.bigInt({ min: 0n, max: 2n ** 128n - 1n }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 20 }), (records) => {
        const entries = records.map(
          ({ data, partitionKey, explicitHashKey }): PutRecordsRequestEntry =>
            explicitHashKey === undefined
              ? { Data: data, PartitionKey: partitionKey }
              : {
                  Data: data,
                  PartitionKey: partitionKey,
                  ExplicitHashKey: explicitHashKey.toString(),
                },
        );
        const parsed = JSON.parse(
          putRecordsBody({ streamName: 's', streamARN: undefined }, entries).toString('utf8'),
        ) as { Records: Array<{ Data: string; PartitionKey: string; ExplicitHashKey?: string }> };
        expect(parsed.Records).toHaveLength(records.length);
        parsed.Records.forEach((written, index) => {
          const expected = records[index];
          expect(Buffer.from(written.Data, 'base64')).toEqual(Buffer.from(expected?.data ?? []));
          expect(written.PartitionKey).toBe(expected?.partitionKey);
          expect(written.ExplicitHashKey).toBe(expected?.explicitHashKey?.toString());
        });
      }),
    );
  });
});

describe('usePutRecordsWire', () => {
  function wiredCommand(input: PutRecordsCommandInput): PutRecordsCommand {
    const command = new PutRecordsCommand(input);
    usePutRecordsWire(
      command,
      putRecordsBody(
        { streamName: input.StreamName, streamARN: input.StreamARN },
        input.Records ?? [],
      ),
    );
    return command;
  }

  it('sends the written body, with its length, signed, and leaves the command input whole', async () => {
    const { client, sent } = clientAnswering(OK_ANSWER);
    const input = { StreamName: 'TestDataStream', Records: RECORDS };
    const command = wiredCommand(input);
    await client.send(command);

    const request = sent[0] as SentRequest;
    const body = textOfBody(request.body);
    expect(JSON.parse(body)).toEqual(await sdkBody(input));
    expect(request.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(request.headers['x-amz-target']).toBe('Kinesis_20131202.PutRecords');
    expect(request.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 /);
    expect(command.input.Records).toBe(RECORDS);
  });

  it('reads a successful answer into the output, with the metadata the SDK adds', async () => {
    const { client } = clientAnswering(OK_ANSWER);
    const output = await client.send(
      wiredCommand({ StreamName: 's', Records: RECORDS.slice(0, 2) }),
    );
    expect(output.FailedRecordCount).toBe(1);
    expect(output.EncryptionType).toBe('KMS');
    expect(output.Records).toEqual(JSON.parse(OK_ANSWER.body).Records);
    expect(output.$metadata.httpStatusCode).toBe(200);
    expect(output.$metadata.requestId).toBe('request-1');
  });

  it('takes only the answer\'s fields: a "__proto__" key in it does not become a prototype', async () => {
    const { client } = clientAnswering({
      statusCode: 200,
      body: '{"__proto__":{"polluted":true},"FailedRecordCount":0,"Records":[{"SequenceNumber":"1","ShardId":"shardId-000000000000"}]}',
    });
    const output = await client.send(
      wiredCommand({ StreamName: 's', Records: RECORDS.slice(0, 1) }),
    );
    expect(output.Records).toEqual([{ SequenceNumber: '1', ShardId: 'shardId-000000000000' }]);
    expect((output as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
  });

  it('leaves error answers to the SDK: the typed exception of the service', async () => {
    const { client } = clientAnswering({
      statusCode: 400,
      headers: { 'x-amzn-errortype': 'ProvisionedThroughputExceededException' },
      body: JSON.stringify({
        __type: 'ProvisionedThroughputExceededException',
        message: 'Rate exceeded for stream s',
      }),
    });
    const sent = client.send(wiredCommand({ StreamName: 's', Records: RECORDS.slice(0, 1) }));
    await expect(sent).rejects.toMatchObject({
      name: 'ProvisionedThroughputExceededException',
      message: 'Rate exceeded for stream s',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('gives an answer that is not the expected JSON to the SDK, which reports it', async () => {
    const { client } = clientAnswering({ statusCode: 200, body: '<html>proxy error</html>' });
    const sent = client.send(wiredCommand({ StreamName: 's', Records: RECORDS.slice(0, 1) }));
    await expect(sent).rejects.toThrow(/Deserialization error/);
  });
});

describe('speaksAwsJson', () => {
  it('is true for a default client and false for a client with another protocol', () => {
    expect(speaksAwsJson(new KinesisClient({ region: 'us-east-1' }))).toBe(true);
    const cbor = { config: { protocol: { getShapeId: () => 'smithy.protocols#rpcv2Cbor' } } };
    expect(speaksAwsJson(cbor as unknown as KinesisClient)).toBe(false);
    expect(speaksAwsJson({ config: {} } as unknown as KinesisClient)).toBe(false);
  });
});
