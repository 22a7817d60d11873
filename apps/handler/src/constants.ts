import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { PoisonPolicy } from '@kds/consumer';

/**
 * The tutorial's table.
 *
 * @example
 * ```ts
 * import { createHandler, DEFAULT_TABLE_NAME } from 'handler';
 *
 * const handler = createHandler({ tableName: DEFAULT_TABLE_NAME });
 * ```
 */
export const DEFAULT_TABLE_NAME = 'TestTable';

/**
 * The tutorial keeps readings at or above 35 °C.
 *
 * @example
 * ```ts
 * import { createHandler, DEFAULT_MIN_TEMPERATURE } from 'handler';
 *
 * const handler = createHandler({ minTemperature: DEFAULT_MIN_TEMPERATURE + 1 });
 * ```
 */
export const DEFAULT_MIN_TEMPERATURE = 35;

/**
 * A record that can never decode is logged and checkpointed past: the one policy that cannot stall
 * a shard on any event source mapping. With Lambda's own defaults (MaximumRetryAttempts -1,
 * MaximumRecordAgeInSeconds -1, no bisection) a reported record is retried until it expires from
 * the stream, holding back every record of its shard behind it
 * (https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html). `report`
 * and `fail` need a mapping with bounded retries or record age and an OnFailure destination, as the
 * CDK stack sets (see the README's "Poison records and the mapping").
 *
 * @example
 * ```ts
 * import { createHandler, DEFAULT_POISON_POLICY } from 'handler';
 *
 * const handler = createHandler({ poison: DEFAULT_POISON_POLICY });
 * ```
 */
export const DEFAULT_POISON_POLICY: PoisonPolicy = PoisonPolicy.Skip;

/**
 * The readings table's key: partition key `Timestamp` (Number) as in the tutorial, sort key `Spot`
 * (String) so two spots reporting in the same millisecond do not overwrite each other. The one
 * definition tables are created from (simulator, infrastructure) and the handler's sink writes with.
 *
 * @example
 * ```ts
 * import { READINGS_TABLE_KEY } from 'handler';
 *
 * const KeySchema = READINGS_TABLE_KEY.map(({ name, keyType }) => ({ AttributeName: name, KeyType: keyType }));
 * ```
 */
export const READINGS_TABLE_KEY = [
  { name: 'Timestamp', type: 'N', keyType: 'HASH' },
  { name: 'Spot', type: 'S', keyType: 'RANGE' },
] as const;

/**
 * The CreateTable input of a readings table: the key from {@link READINGS_TABLE_KEY}, on-demand
 * billing. The one place a readings table is defined for the SDK (simulator, tests).
 *
 * @example
 * ```ts
 * import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
 * import { readingsTableDefinition } from 'handler';
 *
 * await new DynamoDBClient({}).send(new CreateTableCommand(readingsTableDefinition('TestTable')));
 * ```
 */
export function readingsTableDefinition(tableName: string): CreateTableCommandInput {
  return tableDefinition(tableName, READINGS_TABLE_KEY);
}

/**
 * The CreateTable input of the window table: the key from {@link WINDOW_TABLE_KEY}, on-demand.
 *
 * @example
 * ```ts
 * import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
 * import { windowTableDefinition } from 'handler';
 *
 * await new DynamoDBClient({}).send(new CreateTableCommand(windowTableDefinition('TestWindowTable')));
 * ```
 */
export function windowTableDefinition(tableName: string): CreateTableCommandInput {
  return tableDefinition(tableName, WINDOW_TABLE_KEY);
}

function tableDefinition(
  tableName: string,
  key: typeof READINGS_TABLE_KEY | typeof WINDOW_TABLE_KEY,
): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: key.map(({ name, type }) => ({
      AttributeName: name,
      AttributeType: type,
    })),
    KeySchema: key.map(({ name, keyType }) => ({
      AttributeName: name,
      KeyType: keyType,
    })),
  };
}

/**
 * The table the windowed function writes its aggregates to (`WINDOW_TABLE_NAME`).
 *
 * @example
 * ```ts
 * import { createWindowHandler, DEFAULT_WINDOW_TABLE_NAME } from 'handler';
 *
 * const windowHandler = createWindowHandler({ tableName: DEFAULT_WINDOW_TABLE_NAME });
 * ```
 */
export const DEFAULT_WINDOW_TABLE_NAME = 'TestWindowTable';

/**
 * The window table's key: partition key `Spot` (String), sort key `Window` (String,
 * `<WindowStart, 13 digits>#<ShardId>#<first sequence number>`), so a Spot's windows sort by time
 * and each part of a window (per shard, or after an early termination) is its own item.
 *
 * @example
 * ```ts
 * import { WINDOW_TABLE_KEY } from 'handler';
 *
 * const names = WINDOW_TABLE_KEY.map(({ name }) => name); // ['Spot', 'Window']
 * ```
 */
export const WINDOW_TABLE_KEY = [
  { name: 'Spot', type: 'S', keyType: 'HASH' },
  { name: 'Window', type: 'S', keyType: 'RANGE' },
] as const;

/**
 * The dimension the handler's metrics carry when Lambda names the function
 * (`AWS_LAMBDA_FUNCTION_NAME`): the name Lambda's own metrics (`AWS/Lambda`) use for it.
 */
export const METRICS_FUNCTION_DIMENSION = 'FunctionName';

/**
 * The metric the handler writes beside the process summary: the records reported in
 * `batchItemFailures` (0 or 1), the one to alarm on for a shard that keeps retrying.
 */
export const BATCH_ITEM_FAILURES_METRIC = 'BatchItemFailures';
