import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { dynamoMock } from '@kds/test-support/dynamodb-mock';
import { DEFAULT_TABLE_NAME, readingsTableDefinition } from '../../src/index.js';

/** Answers DescribeTable like DynamoDB for a table created from readingsTableDefinition. */
export function mockReadingsTable(): void {
  const { AttributeDefinitions, KeySchema } = readingsTableDefinition(DEFAULT_TABLE_NAME);
  dynamoMock.on(DescribeTableCommand).resolves({ Table: { AttributeDefinitions, KeySchema } });
}
