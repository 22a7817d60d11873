import { toFilterCriteria } from '@kds/consumer';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Role } from 'aws-cdk-lib/aws-iam';
import { Stream, StreamConsumer, StreamEncryption, StreamMode } from 'aws-cdk-lib/aws-kinesis';
import { Key } from 'aws-cdk-lib/aws-kms';
import {
  Architecture,
  Code,
  Function as LambdaFunction,
  Runtime,
  StartingPosition,
} from 'aws-cdk-lib/aws-lambda';
import {
  KinesisConsumerEventSource,
  KinesisEventSource,
  SqsDlq,
} from 'aws-cdk-lib/aws-lambda-event-sources';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { hotReadings, READINGS_TABLE_KEY } from 'handler';
import { acknowledgeFindings } from './acknowledgements.js';
import {
  FAILED_BATCHES_RETENTION_DAYS,
  FUNCTION_MEMORY_MB,
  FUNCTION_TIMEOUT_SECONDS,
  HANDLER_CONSUMER_NAME,
  HANDLER_TABLE_ACTIONS,
  ITERATOR_AGE_ALARM_PERIODS,
  ITERATOR_AGE_ALARM_THRESHOLD_MS,
} from './constants.js';
import { functionRoleAndLogs, keyedTable } from './function-resources.js';
import { handlerArtifactDirectory, LAMBDA_HANDLER } from './handler-artifact.js';
import { StackOutput } from './outputs.js';
import { type ReadingsSettings, resolveSettings } from './settings.js';
import { WindowAggregates } from './window-aggregates.js';

/**
 * The Lambda runtime. Node.js 24 is the newest LTS Lambda runs (supported until 2028); the bundle
 * targets Node.js 20, the oldest Node.js kds supports, and runs unchanged on newer ones.
 */
export const HANDLER_RUNTIME: Runtime = Runtime.NODEJS_24_X;

/** Props of {@link ReadingsStack}: the stack's own and every {@link ReadingsSettings} field. */
export interface ReadingsStackProps extends StackProps, Partial<ReadingsSettings> {
  /** The function's code. Default: the bundled handler, `apps/handler/dist/lambda`. */
  readonly handlerCode?: Code;
}

/**
 * The tutorial's pipeline on AWS: a provisioned, KMS-encrypted Kinesis stream; the on-demand
 * DynamoDB table with point-in-time recovery; the bundled `apps/handler` as an ARM64 Lambda
 * function with a role that may read this stream, write this table and send to this failure queue
 * and nothing else; the Kinesis trigger with partial batch responses, bisection, bounded retries
 * and an SQS on-failure destination; alarms on the function's IteratorAge and on failed batches.
 *
 * Every resource is deleted with the stack (`cdk destroy`), data included: this is a tutorial
 * stack, not a production data store.
 *
 * @example
 * ```ts
 * import { App } from 'aws-cdk-lib';
 * import { ReadingsStack } from 'infra';
 *
 * const app = new App();
 * new ReadingsStack(app, 'KdsReadings', { shardCount: 4, filterAtSource: true });
 * ```
 */
export class ReadingsStack extends Stack {
  readonly settings: ReadingsSettings;
  readonly streamKey: Key;
  readonly stream: Stream;
  readonly table: Table;
  readonly failedBatches: Queue;
  readonly handlerRole: Role;
  readonly handlerLogs: LogGroup;
  readonly handler: LambdaFunction;
  readonly iteratorAgeAlarm: Alarm;
  readonly failedBatchesAlarm: Alarm;
  /** The windowed function and its table, with `windowSeconds` (`-c window=60`). */
  readonly windows: WindowAggregates | undefined;
  /** The handler's enhanced fan-out consumer, with `enhancedFanOut` (`-c efo=true`). */
  readonly handlerConsumer: StreamConsumer | undefined;

  constructor(scope: Construct, id: string, props: ReadingsStackProps = {}) {
    super(scope, id, props);
    const { handlerCode, ...rest } = props;
    this.settings = resolveSettings(rest);
    const {
      shardCount,
      retentionHours,
      minTemperature,
      filterAtSource,
      batchSize,
      maxBatchingWindowSeconds,
      retryAttempts,
      maxRecordAgeSeconds,
      windowSeconds,
      enhancedFanOut,
    } = this.settings;

    this.streamKey = new Key(this, 'StreamKey', {
      description: `Encrypts the readings stream of ${this.stackName}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });

    this.stream = new Stream(this, 'Stream', {
      streamMode: StreamMode.PROVISIONED,
      shardCount,
      retentionPeriod: Duration.hours(retentionHours),
      encryption: StreamEncryption.KMS,
      encryptionKey: this.streamKey,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.table = keyedTable(this, 'Table', READINGS_TABLE_KEY);

    // Lambda sends a pointer to each batch it gave up on (shard, sequence range), not the data.
    this.failedBatches = new Queue(this, 'FailedBatches', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(FAILED_BATCHES_RETENTION_DAYS),
      removalPolicy: RemovalPolicy.DESTROY,
    });

    ({ role: this.handlerRole, logs: this.handlerLogs } = functionRoleAndLogs(
      this,
      'Handler',
      'Reads the readings stream, writes the readings table, reports failed batches',
    ));
    const code = handlerCode ?? Code.fromAsset(handlerArtifactDirectory());

    this.handler = new LambdaFunction(this, 'Handler', {
      description: `Stores readings with Temperature >= ${minTemperature} in the readings table`,
      runtime: HANDLER_RUNTIME,
      architecture: Architecture.ARM_64,
      code,
      handler: LAMBDA_HANDLER,
      memorySize: FUNCTION_MEMORY_MB,
      timeout: Duration.seconds(FUNCTION_TIMEOUT_SECONDS),
      role: this.handlerRole,
      logGroup: this.handlerLogs,
      environment: {
        TABLE_NAME: this.table.tableName,
        MIN_TEMPERATURE: String(minTemperature),
        // The mapping below bounds retries, bisects and has an OnFailure queue: report is safe here.
        POISON_POLICY: 'report',
        // The bundle ships its source map: stack traces name the TypeScript sources.
        NODE_OPTIONS: '--enable-source-maps',
      },
    });
    this.table.grant(this.handler, ...HANDLER_TABLE_ACTIONS);

    // The same predicate the handler applies, as Lambda FilterCriteria: records below the
    // threshold (and records that are not JSON) are then dropped by Lambda, never invoking the
    // function. Off by default, so undecodable records still reach the handler and are reported.
    const filters = filterAtSource
      ? toFilterCriteria(hotReadings(minTemperature)).Filters.map(({ Pattern }) => ({
          pattern: Pattern,
        }))
      : undefined;

    // With -c efo=true the mapping is on a consumer's ARN: Lambda subscribes to each shard.
    this.handlerConsumer = enhancedFanOut
      ? new StreamConsumer(this, 'HandlerConsumer', {
          stream: this.stream,
          streamConsumerName: HANDLER_CONSUMER_NAME,
        })
      : undefined;
    const mapping = {
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize,
      maxBatchingWindow: Duration.seconds(maxBatchingWindowSeconds),
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      retryAttempts,
      maxRecordAge: Duration.seconds(maxRecordAgeSeconds),
      parallelizationFactor: 1,
      onFailure: new SqsDlq(this.failedBatches),
      ...(filters === undefined ? {} : { filters }),
    };
    // Binding grants the role read on this stream (and decrypt on its key) and send on the queue;
    // on a consumer, also DescribeStreamConsumer and SubscribeToShard on that consumer only.
    this.handler.addEventSource(
      this.handlerConsumer === undefined
        ? new KinesisEventSource(this.stream, mapping)
        : new KinesisConsumerEventSource(this.handlerConsumer, mapping),
    );

    this.windows =
      windowSeconds > 0
        ? new WindowAggregates(this, 'Windows', {
            stream: this.stream,
            code,
            runtime: HANDLER_RUNTIME,
            windowSeconds,
            retryAttempts,
            maxRecordAgeSeconds,
            failedBatches: this.failedBatches,
          })
        : undefined;

    this.iteratorAgeAlarm = new Alarm(this, 'IteratorAgeAlarm', {
      alarmDescription: `The handler is more than ${ITERATOR_AGE_ALARM_THRESHOLD_MS / 1000} s behind the stream`,
      metric: this.handler.metric('IteratorAge', {
        statistic: Stats.MAXIMUM,
        period: Duration.minutes(1),
      }),
      threshold: ITERATOR_AGE_ALARM_THRESHOLD_MS,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: ITERATOR_AGE_ALARM_PERIODS,
      datapointsToAlarm: ITERATOR_AGE_ALARM_PERIODS,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    this.failedBatchesAlarm = new Alarm(this, 'FailedBatchesAlarm', {
      alarmDescription: 'Lambda gave up on a batch: its range is in the failed-batches queue',
      metric: this.failedBatches.metricApproximateNumberOfMessagesVisible({
        statistic: Stats.MAXIMUM,
        period: Duration.minutes(5),
      }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    const outputs: Record<StackOutput, { value: string; description: string }> = {
      [StackOutput.StreamName]: {
        value: this.stream.streamName,
        description: 'The stream to send readings to (simulator --stream)',
      },
      [StackOutput.StreamArn]: { value: this.stream.streamArn, description: 'The stream ARN' },
      [StackOutput.TableName]: {
        value: this.table.tableName,
        description: 'The table the handler stores readings in',
      },
      [StackOutput.FunctionName]: {
        value: this.handler.functionName,
        description: 'The handler function',
      },
      [StackOutput.HandlerLogGroupName]: {
        value: this.handlerLogs.logGroupName,
        description: 'The handler logs (aws logs tail <name> --follow)',
      },
      [StackOutput.FailedBatchesQueueUrl]: {
        value: this.failedBatches.queueUrl,
        description: 'Where Lambda reports the batches it gave up on',
      },
      [StackOutput.MinTemperature]: {
        value: String(minTemperature),
        description: 'Readings at or above it are stored',
      },
    };
    for (const [key, { value, description }] of Object.entries(outputs)) {
      new CfnOutput(this, key, { value, description });
    }
    acknowledgeFindings(this);
  }
}
