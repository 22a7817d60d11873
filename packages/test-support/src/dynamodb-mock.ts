import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';

/**
 * Every DynamoDBDocumentClient is mocked once this module loads: no unit test reaches the network.
 * Integration tests must not import it.
 */
export const dynamoMock = mockClient(DynamoDBDocumentClient);

/** A document client with a region and dummy credentials, so the SDK never looks them up. */
export function makeDocumentClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    }),
  );
}

/** The items of each BatchWriteItem request sent to `tableName`, in call order. */
export function writtenBatches(tableName = 'TestTable'): Record<string, unknown>[][] {
  return dynamoMock
    .commandCalls(BatchWriteCommand)
    .map((call) =>
      (call.args[0].input.RequestItems?.[tableName] ?? []).map(
        (request) => request.PutRequest?.Item ?? {},
      ),
    );
}

/** An error shaped like the SDK's, with a name and an HTTP status. */
export function awsError(name: string, httpStatusCode: number, message = name): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });
}
