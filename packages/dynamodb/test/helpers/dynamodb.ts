import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { dynamoMock } from '@kds/test-support/dynamodb-mock';
import type { TableKeyAttribute } from '../../src/index.js';
import { READINGS_KEY } from './items.js';
import { keyedTable } from './table.js';

/** A DescribeTable response for a table with the given key. */
export function describeTableResponse(key: readonly TableKeyAttribute[] = READINGS_KEY) {
  return { Table: keyedTable('TestTable', key) };
}

/** How many DescribeTable calls were made. */
export const describeCalls = (): number => dynamoMock.commandCalls(DescribeTableCommand).length;
