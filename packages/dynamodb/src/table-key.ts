import { DescribeTableCommand, type DescribeTableCommandOutput } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbSinkError } from './errors.js';

/** One attribute of a table's primary key: partition key first, then the sort key if any. */
export interface TableKeyAttribute {
  readonly name: string;
  /** `S`, `N` or `B`; when given, items are checked against it before they are sent. */
  readonly type?: 'S' | 'N' | 'B';
}

const KEY_TYPES = new Set(['S', 'N', 'B']);

/**
 * Reads a table's primary key with DescribeTable: the partition key, then the sort key if any,
 * with their attribute types. Throws a `DynamoDbSinkError` (`KEY_SCHEMA`) when it cannot.
 *
 * @example
 * ```ts
 * import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
 * import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
 * import { readTableKey } from '@kds/dynamodb';
 *
 * const key = await readTableKey(DynamoDBDocumentClient.from(new DynamoDBClient({})), 'TestTable');
 * // [{ name: 'Timestamp', type: 'N' }, { name: 'Spot', type: 'S' }]
 * ```
 */
export async function readTableKey(
  client: DynamoDBDocumentClient,
  tableName: string,
): Promise<TableKeyAttribute[]> {
  let response: DescribeTableCommandOutput;
  try {
    response = await client.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (cause) {
    throw new DynamoDbSinkError(
      'KEY_SCHEMA',
      `Cannot read the key schema of table "${tableName}": ${(cause as Error)?.message ?? String(cause)}`,
      { cause },
    );
  }
  const table = response.Table;
  const types = new Map(
    (table?.AttributeDefinitions ?? []).map((definition) => [
      definition.AttributeName,
      definition.AttributeType,
    ]),
  );
  const rank = (keyType: string | undefined): number => (keyType === 'HASH' ? 0 : 1);
  const schema = [...(table?.KeySchema ?? [])].sort((a, b) => rank(a.KeyType) - rank(b.KeyType));
  const key = schema.map(({ AttributeName: name = '' }): TableKeyAttribute => {
    const type = types.get(name);
    return type !== undefined && KEY_TYPES.has(type)
      ? { name, type: type as TableKeyAttribute['type'] & string }
      : { name };
  });
  if (key.length === 0 || key.some(({ name }) => name === '')) {
    throw new DynamoDbSinkError(
      'KEY_SCHEMA',
      `DescribeTable returned no key schema for table "${tableName}"`,
    );
  }
  return key;
}

function isNumberValue(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { value?: unknown }).value === 'string'
  );
}

/** What is wrong with an item's key attributes, or `undefined` when they are fine. */
export function keyProblem(
  item: Record<string, unknown>,
  key: readonly TableKeyAttribute[],
): string | undefined {
  for (const { name, type } of key) {
    const value = item[name];
    if (value === undefined || value === null) return `has no key attribute "${name}"`;
    if (type === undefined) continue;
    const fits =
      type === 'S'
        ? typeof value === 'string' && value.length > 0
        : type === 'N'
          ? (typeof value === 'number' && Number.isFinite(value)) ||
            typeof value === 'bigint' ||
            isNumberValue(value)
          : value instanceof Uint8Array && value.length > 0;
    if (!fits) return `has key attribute "${name}" that is not a non-empty ${type} value`;
  }
  return undefined;
}

const INTEGER_TEXT = /^-?\d+$/;

/** A number's decimal digits: integers in full (as DynamoDB returns them past 2^53, as bigints). */
function digitsOf(value: number | bigint | string): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string')
    return INTEGER_TEXT.test(value) ? BigInt(value).toString() : digitsOf(Number(value));
  return Number.isInteger(value) ? BigInt(value).toString() : String(value);
}

/**
 * A key attribute's value in one form, whatever form it was given in. A number may be put as a
 * number, a bigint or a NumberValue, and comes back in UnprocessedItems as a number, or past 2^53
 * as a bigint: all are compared by their digits, tagged so that a string of digits stays apart.
 */
function normalise(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'bigint') return ['N', digitsOf(value)];
  if (isNumberValue(value)) return ['N', digitsOf((value as { value: string }).value)];
  if (value instanceof Uint8Array) return ['B', Buffer.from(value).toString('base64')];
  return value;
}

/** A string identifying an item's key, for deduplication and for matching UnprocessedItems. */
export function keyOf(item: Record<string, unknown>, key: readonly TableKeyAttribute[]): string {
  if (key.length === 1) return JSON.stringify(normalise(item[key[0]?.name ?? '']));
  return JSON.stringify(key.map(({ name }) => normalise(item[name])));
}
