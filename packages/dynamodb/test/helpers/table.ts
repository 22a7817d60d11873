import type { TableKeyAttribute } from '../../src/index.js';
import { READINGS_KEY } from './items.js';

/**
 * The name, attribute definitions and key schema of a table with the given key (partition key
 * first), as CreateTable takes them and DescribeTable returns them.
 */
export function keyedTable(tableName: string, key: readonly TableKeyAttribute[] = READINGS_KEY) {
  return {
    TableName: tableName,
    AttributeDefinitions: key.map(({ name, type }) => ({
      AttributeName: name,
      AttributeType: type,
    })),
    KeySchema: key.map(({ name }, i) => ({
      AttributeName: name,
      KeyType: i === 0 ? ('HASH' as const) : ('RANGE' as const),
    })),
  };
}
