import {
  CreateTableCommand,
  type DynamoDBClient,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import { type Reading, validateReading } from '@kds/schema';
import { readingsTableDefinition } from 'handler';

/**
 * Creates the readings table (key from `READINGS_TABLE_KEY`, on-demand) and waits until it exists.
 *
 * @example
 * ```ts
 * import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
 * import { createReadingsTable } from './table.js';
 *
 * await createReadingsTable(new DynamoDBClient({}), 'TestTable');
 * ```
 */
export async function createReadingsTable(
  client: DynamoDBClient,
  tableName: string,
): Promise<void> {
  await client.send(new CreateTableCommand(readingsTableDefinition(tableName)));
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1 }, { TableName: tableName });
}

/**
 * Every item of the table, as DynamoDB holds it.
 *
 * @example
 * ```ts
 * import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
 * import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
 * import { scanItems } from './table.js';
 *
 * const items = await scanItems(DynamoDBDocumentClient.from(new DynamoDBClient({})), 'TestTable');
 * ```
 */
export async function scanItems(
  client: DynamoDBDocumentClient,
  tableName: string,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateScan({ client }, { TableName: tableName })) {
    items.push(...(page.Items ?? []));
  }
  return items;
}

/**
 * Every reading in the table, sorted by Timestamp then Spot. Items that are not readings are
 * skipped (the table is ours, but we do not trust it blindly).
 *
 * @example
 * ```ts
 * import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
 * import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
 * import { scanReadings } from './table.js';
 *
 * const readings = await scanReadings(DynamoDBDocumentClient.from(new DynamoDBClient({})), 'TestTable');
 * ```
 */
export async function scanReadings(
  client: DynamoDBDocumentClient,
  tableName: string,
): Promise<Reading[]> {
  const readings = (await scanItems(client, tableName)).flatMap((item) => {
    const result = validateReading(item);
    return result.ok ? [result.value] : [];
  });
  return readings.sort((a, b) => a.Timestamp - b.Timestamp || a.Spot.localeCompare(b.Spot));
}
