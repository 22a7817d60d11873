import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** A table key as the handler defines its tables' keys (`READINGS_TABLE_KEY`, `WINDOW_TABLE_KEY`). */
export type TableKey = readonly {
  readonly name: string;
  readonly type: 'N' | 'S';
  readonly keyType: 'HASH' | 'RANGE';
}[];

/** DynamoDB's key attribute types, as the handler's table keys spell them. */
const ATTRIBUTE_TYPES = { N: AttributeType.NUMBER, S: AttributeType.STRING } as const;

function keyAttribute(key: TableKey, keyType: 'HASH' | 'RANGE') {
  const attribute = key.find((candidate) => candidate.keyType === keyType);
  if (attribute === undefined) throw new RangeError(`The table key has no ${keyType} key`);
  return { name: attribute.name, type: ATTRIBUTE_TYPES[attribute.type] };
}

/**
 * An on-demand table keyed by `key` (partition and sort key), with point-in-time recovery, deleted
 * with the stack.
 */
export function keyedTable(scope: Construct, id: string, key: TableKey): Table {
  return new Table(scope, id, {
    partitionKey: keyAttribute(key, 'HASH'),
    sortKey: keyAttribute(key, 'RANGE'),
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    removalPolicy: RemovalPolicy.DESTROY,
  });
}

/**
 * A function's own role, which Lambda assumes, and its own log group (kept a week, deleted with the
 * stack), which the role may write: instead of AWSLambdaBasicExecutionRole, whose log statements
 * apply to every log group of the account. Their ids are `idPrefix` + `Role` and + `Logs`.
 */
export function functionRoleAndLogs(
  scope: Construct,
  idPrefix: string,
  description: string,
): { role: Role; logs: LogGroup } {
  const role = new Role(scope, `${idPrefix}Role`, {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    description,
  });
  const logs = new LogGroup(scope, `${idPrefix}Logs`, {
    retention: RetentionDays.ONE_WEEK,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  logs.grantWrite(role);
  return { role, logs };
}
