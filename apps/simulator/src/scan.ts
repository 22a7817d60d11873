import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Reading } from '@kds/schema';
import { scanReadings } from './table.js';

/**
 * Every reading stored in a table, through the standard credential chain and endpoint variables
 * (`AWS_ENDPOINT_URL_DYNAMODB` for a local one), sorted by Timestamp then Spot.
 *
 * @example
 * ```ts
 * import { runScan } from './scan.js';
 *
 * const readings = await runScan('TestTable');
 * ```
 */
export async function runScan(tableName: string): Promise<Reading[]> {
  const client = new DynamoDBClient({});
  try {
    return await scanReadings(DynamoDBDocumentClient.from(client), tableName);
  } finally {
    client.destroy();
  }
}
