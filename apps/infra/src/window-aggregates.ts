import { CfnOutput, Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Role } from 'aws-cdk-lib/aws-iam';
import type { Stream } from 'aws-cdk-lib/aws-kinesis';
import {
  Architecture,
  type Code,
  Function as LambdaFunction,
  type Runtime,
  StartingPosition,
} from 'aws-cdk-lib/aws-lambda';
import { KinesisEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { WINDOW_TABLE_KEY } from 'handler';
import { FUNCTION_MEMORY_MB, FUNCTION_TIMEOUT_SECONDS } from './constants.js';
import { functionRoleAndLogs, keyedTable } from './function-resources.js';

/** The windowed entry point of the handler bundle (`apps/handler/src/lambda.ts`). */
export const WINDOW_LAMBDA_HANDLER = 'index.windowHandler';

/** The only call the windowed function makes to its table: one PutItem per Spot and window. */
export const WINDOW_TABLE_ACTIONS = ['dynamodb:PutItem'] as const;

/** Props of {@link WindowAggregates}. */
export interface WindowAggregatesProps {
  readonly stream: Stream;
  readonly code: Code;
  readonly runtime: Runtime;
  /** `TumblingWindowInSeconds`, 1 to 900. */
  readonly windowSeconds: number;
  readonly retryAttempts: number;
  readonly maxRecordAgeSeconds: number;
  /** Where Lambda reports the batches it gave up on (shared with the main function). */
  readonly failedBatches: Queue;
}

/**
 * The windowed function and its table: the handler bundle's `windowHandler` on its own event
 * source mapping with `TumblingWindowInSeconds`, writing per Spot the minimum, maximum and mean
 * Temperature of each window to an on-demand table keyed `Spot` + `Window`, with a role that may
 * read the stream and put items in that table only.
 *
 * @example
 * ```ts
 * import { Stack } from 'aws-cdk-lib';
 * import { Code, Runtime } from 'aws-cdk-lib/aws-lambda';
 * import type { Stream } from 'aws-cdk-lib/aws-kinesis';
 * import type { Queue } from 'aws-cdk-lib/aws-sqs';
 * import { WindowAggregates } from 'infra';
 *
 * declare const stack: Stack, stream: Stream, failedBatches: Queue;
 * new WindowAggregates(stack, 'Windows', {
 *   stream, failedBatches, code: Code.fromInline('...'), runtime: Runtime.NODEJS_24_X,
 *   windowSeconds: 60, retryAttempts: 3, maxRecordAgeSeconds: 3600,
 * });
 * ```
 */
export class WindowAggregates extends Construct {
  readonly table: Table;
  readonly role: Role;
  readonly logs: LogGroup;
  readonly function: LambdaFunction;

  constructor(scope: Construct, id: string, props: WindowAggregatesProps) {
    super(scope, id);
    this.table = keyedTable(this, 'Table', WINDOW_TABLE_KEY);
    ({ role: this.role, logs: this.logs } = functionRoleAndLogs(
      this,
      '',
      'Reads the readings stream, writes the window aggregates table',
    ));
    this.function = new LambdaFunction(this, 'Function', {
      description: `Per Spot, the minimum, maximum and mean Temperature of each ${props.windowSeconds}-second window`,
      runtime: props.runtime,
      architecture: Architecture.ARM_64,
      code: props.code,
      handler: WINDOW_LAMBDA_HANDLER,
      memorySize: FUNCTION_MEMORY_MB,
      timeout: Duration.seconds(FUNCTION_TIMEOUT_SECONDS),
      role: this.role,
      logGroup: this.logs,
      environment: {
        WINDOW_TABLE_NAME: this.table.tableName,
        NODE_OPTIONS: '--enable-source-maps',
      },
    });
    this.table.grant(this.function, ...WINDOW_TABLE_ACTIONS);
    this.function.addEventSource(
      new KinesisEventSource(props.stream, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        tumblingWindow: Duration.seconds(props.windowSeconds),
        reportBatchItemFailures: true,
        retryAttempts: props.retryAttempts,
        maxRecordAge: Duration.seconds(props.maxRecordAgeSeconds),
        // One state per shard and window: one batch of a shard at a time.
        parallelizationFactor: 1,
        onFailure: new SqsDlq(props.failedBatches),
      }),
    );
    new CfnOutput(this, 'WindowTableName', {
      value: this.table.tableName,
      description: 'The table the windowed function writes its aggregates to',
    });
  }
}
