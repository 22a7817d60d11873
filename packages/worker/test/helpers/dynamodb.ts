import { randomUUID } from 'node:crypto';
import { type AttributeValue, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { localClientConfig } from '@kds/local';
import { inject } from 'vitest';

/**
 * Clients of the dynalite the global setup started, one per worker as separate processes would
 * have, and a prefix that keeps this file's tables apart from the other files'.
 */
export function connectDynamoDb(): {
  client: () => DynamoDBClient;
  tablePrefix: string;
  stop: () => Promise<void>;
} {
  const endpoint = inject('dynamodbEndpoint');
  const clients: DynamoDBClient[] = [];
  return {
    client: () => {
      const client = new DynamoDBClient(localClientConfig(endpoint));
      clients.push(client);
      return client;
    },
    tablePrefix: `leases-${randomUUID().slice(0, 8)}`,
    stop: async () => {
      for (const client of clients) client.destroy();
    },
  };
}

/** Waits until `condition` holds, polling; fails after a generous guard, never a tight timeout. */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  guardMs = 300_000,
): Promise<void> {
  const deadline = Date.now() + guardMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The item of the lease `leaseKey` in `tableName` as DynamoDB holds it now (a consistent read). */
export async function leaseItem(
  client: DynamoDBClient,
  tableName: string,
  leaseKey: string,
): Promise<Record<string, AttributeValue> | undefined> {
  const { Item } = await client.send(
    new GetItemCommand({
      TableName: tableName,
      Key: { leaseKey: { S: leaseKey } },
      ConsistentRead: true,
    }),
  );
  return Item;
}
