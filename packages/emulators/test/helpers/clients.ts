import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { EMULATOR_REGION } from '../../src/index.js';

/** HTTP/1.1 (the emulators do not speak the Kinesis client's default HTTP/2), dummy credentials. */
function clientConfig(endpoint: string) {
  return {
    endpoint,
    region: EMULATOR_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: new NodeHttpHandler(),
  };
}

/** A Kinesis client for an emulator endpoint. */
export const kinesisClient = (endpoint: string): KinesisClient =>
  new KinesisClient(clientConfig(endpoint));

/** A DynamoDB client for an emulator endpoint. */
export const dynamodbClient = (endpoint: string): DynamoDBClient =>
  new DynamoDBClient(clientConfig(endpoint));
