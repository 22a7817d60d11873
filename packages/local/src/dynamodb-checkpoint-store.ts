import {
  CreateTableCommand,
  DynamoDBClient,
  type DynamoDBClientConfig,
  PutItemCommand,
  paginateQuery,
  ResourceInUseException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { type CheckpointStore, checkpointScopeKey } from './checkpoint-store.js';

/**
 * Key of the checkpoint table: one item per consumer (`<stream>/<consumer>`) and shard.
 *
 * @example
 * ```ts
 * import { CHECKPOINT_TABLE_KEY } from '@kds/local';
 *
 * const keyNames = CHECKPOINT_TABLE_KEY.map((key) => key.name); // ['consumer', 'shardId']
 * ```
 */
export const CHECKPOINT_TABLE_KEY = [
  { name: 'consumer', type: 'S', keyType: 'HASH' },
  { name: 'shardId', type: 'S', keyType: 'RANGE' },
] as const;

/** Options of {@link createDynamoDbCheckpointStore}: a client or its config, and the table. */
export type DynamoDbCheckpointStoreOptions = { tableName: string } & (
  | { client: DynamoDBClient; clientConfig?: never }
  | { clientConfig?: DynamoDBClientConfig; client?: never }
);

/**
 * Checkpoints in a DynamoDB table (see {@link createCheckpointTable}), so a trigger that restarts,
 * even in another process, resumes where it stopped instead of at its starting position.
 *
 * @example
 * ```ts
 * import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
 * import { createDynamoDbCheckpointStore } from '@kds/local';
 *
 * const checkpointStore = createDynamoDbCheckpointStore({
 *   client: new DynamoDBClient({}),
 *   tableName: 'kds-checkpoints',
 * });
 * ```
 */
export function createDynamoDbCheckpointStore(
  options: DynamoDbCheckpointStoreOptions,
): CheckpointStore {
  const { tableName } = options;
  const client = options.client ?? new DynamoDBClient(options.clientConfig ?? {});
  return {
    async load(scope) {
      const checkpoints: Record<string, string> = {};
      const pages = paginateQuery(
        { client },
        {
          TableName: tableName,
          KeyConditionExpression: '#consumer = :consumer',
          ExpressionAttributeNames: { '#consumer': 'consumer' },
          ExpressionAttributeValues: { ':consumer': { S: checkpointScopeKey(scope) } },
          ConsistentRead: true,
        },
      );
      for await (const page of pages) {
        for (const item of page.Items ?? []) {
          const shardId = item.shardId?.S;
          const checkpoint = item.checkpoint?.S;
          if (shardId !== undefined && checkpoint !== undefined) checkpoints[shardId] = checkpoint;
        }
      }
      return checkpoints;
    },
    async save(scope, shardId, checkpoint) {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            consumer: { S: checkpointScopeKey(scope) },
            shardId: { S: shardId },
            checkpoint: { S: checkpoint },
            updatedAt: { S: new Date().toISOString() },
          },
        }),
      );
    },
  };
}

/**
 * Creates the checkpoint table (on-demand, key {@link CHECKPOINT_TABLE_KEY}) unless it exists, and
 * waits until it does.
 *
 * @example
 * ```ts
 * import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
 * import { createCheckpointTable } from '@kds/local';
 *
 * await createCheckpointTable(new DynamoDBClient({}), 'kds-checkpoints');
 * ```
 */
export async function createCheckpointTable(
  client: DynamoDBClient,
  tableName: string,
): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: CHECKPOINT_TABLE_KEY.map(({ name, type }) => ({
          AttributeName: name,
          AttributeType: type,
        })),
        KeySchema: CHECKPOINT_TABLE_KEY.map(({ name, keyType }) => ({
          AttributeName: name,
          KeyType: keyType,
        })),
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1 }, { TableName: tableName });
}
