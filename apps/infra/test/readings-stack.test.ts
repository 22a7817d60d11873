import { Match } from 'aws-cdk-lib/assertions';
import { READINGS_TABLE_KEY, readingsTableDefinition } from 'handler';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BATCH_SIZE,
  DEFAULT_MAX_RECORD_AGE_SECONDS,
  DEFAULT_RETRY_ATTEMPTS,
  ITERATOR_AGE_ALARM_THRESHOLD_MS,
  LAMBDA_HANDLER,
  StackOutput,
} from '../src/index.js';
import { onlyResource, synthesize } from './helpers/synth.js';

// One synthesis for the whole file: the default stack, as `pnpm --filter infra synth` builds it.
const { template } = synthesize();

const getAtt = (resource: { logicalId: string }): unknown => ({
  'Fn::GetAtt': [resource.logicalId, 'Arn'],
});

describe('the readings stack with default settings', () => {
  const key = onlyResource(template, 'AWS::KMS::Key');
  const stream = onlyResource(template, 'AWS::Kinesis::Stream');
  const table = onlyResource(template, 'AWS::DynamoDB::Table');
  const queue = onlyResource(template, 'AWS::SQS::Queue');
  const logs = onlyResource(template, 'AWS::Logs::LogGroup');
  const fn = onlyResource(template, 'AWS::Lambda::Function');
  const mapping = onlyResource(template, 'AWS::Lambda::EventSourceMapping');

  it('has a provisioned 2-shard stream kept 24 h, encrypted with its own rotating KMS key', () => {
    // Assess
    expect(stream.Properties).toEqual({
      ShardCount: 2,
      RetentionPeriodHours: 24,
      StreamModeDetails: { StreamMode: 'PROVISIONED' },
      StreamEncryption: { EncryptionType: 'KMS', KeyId: getAtt(key) },
    });
    expect(key.Properties).toMatchObject({ EnableKeyRotation: true });
  });

  it('has the on-demand table keyed as the handler writes it, with point-in-time recovery', () => {
    // Prepare: the table as the handler defines it for the SDK, keyed Timestamp (N) + Spot (S).
    const { KeySchema, AttributeDefinitions } = readingsTableDefinition('Readings');

    // Assess
    expect(READINGS_TABLE_KEY).toEqual([
      { name: 'Timestamp', type: 'N', keyType: 'HASH' },
      { name: 'Spot', type: 'S', keyType: 'RANGE' },
    ]);
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      AttributeDefinitions,
    });
    expect(table.Properties.KeySchema).toEqual(KeySchema);
  });

  it('runs the bundled handler on Node.js 20+ and ARM64, configured by TABLE_NAME and MIN_TEMPERATURE', () => {
    // Assess
    expect(fn.Properties).toMatchObject({
      Handler: LAMBDA_HANDLER,
      Architectures: ['arm64'],
      Environment: {
        Variables: {
          TABLE_NAME: { Ref: table.logicalId },
          MIN_TEMPERATURE: '35',
          POISON_POLICY: 'report',
        },
      },
      LoggingConfig: { LogGroup: { Ref: logs.logicalId } },
    });
    const runtime = String(fn.Properties.Runtime);
    expect(runtime).toMatch(/^nodejs\d+\.x$/);
    expect(Number(runtime.replace(/\D/g, ''))).toBeGreaterThanOrEqual(20);
    expect(fn.Metadata?.['aws:asset:path']).toMatch(/^asset\.[0-9a-f]{64}$/);
  });

  it('triggers the function from the stream from TRIM_HORIZON with partial batch responses', () => {
    // Assess
    expect(mapping.Properties).toEqual({
      EventSourceArn: getAtt(stream),
      FunctionName: { Ref: fn.logicalId },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: DEFAULT_BATCH_SIZE,
      MaximumBatchingWindowInSeconds: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: DEFAULT_RETRY_ATTEMPTS,
      MaximumRecordAgeInSeconds: DEFAULT_MAX_RECORD_AGE_SECONDS,
      ParallelizationFactor: 1,
      DestinationConfig: { OnFailure: { Destination: getAtt(queue) } },
    });
  });

  it('bounds retries and record age, so a poison batch never blocks its shard for good', () => {
    // Assess
    expect(mapping.Properties.MaximumRetryAttempts).toBeGreaterThanOrEqual(0);
    expect(mapping.Properties.MaximumRecordAgeInSeconds).toBeGreaterThanOrEqual(60);
  });

  it('lets every record through to the handler: no FilterCriteria', () => {
    // Assess
    expect(mapping.Properties).not.toHaveProperty('FilterCriteria');
  });

  it('keeps failed-batch pointers 14 days in an encrypted queue reachable over TLS only', () => {
    // Assess
    expect(queue.Properties).toMatchObject({
      MessageRetentionPeriod: 14 * 24 * 3600,
      SqsManagedSseEnabled: true,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ],
      },
    });
  });

  it('alarms when the function falls a minute behind the stream, and on any failed batch', () => {
    // Assess
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'IteratorAge',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn.logicalId } }],
      Statistic: 'Maximum',
      Threshold: ITERATOR_AGE_ALARM_THRESHOLD_MS,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue.logicalId, 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('outputs what a client needs to find the stream and the table', () => {
    // Assess
    const outputs = template.findOutputs('*');
    expect(Object.keys(outputs).sort()).toEqual(Object.values(StackOutput).sort());
    expect(outputs[StackOutput.StreamName]?.Value).toEqual({ Ref: stream.logicalId });
    expect(outputs[StackOutput.StreamArn]?.Value).toEqual(getAtt(stream));
    expect(outputs[StackOutput.TableName]?.Value).toEqual({ Ref: table.logicalId });
    expect(outputs[StackOutput.FunctionName]?.Value).toEqual({ Ref: fn.logicalId });
    expect(outputs[StackOutput.HandlerLogGroupName]?.Value).toEqual({ Ref: logs.logicalId });
    expect(outputs[StackOutput.FailedBatchesQueueUrl]?.Value).toEqual({ Ref: queue.logicalId });
    expect(outputs[StackOutput.MinTemperature]?.Value).toBe('35');
  });

  it('deletes everything with the stack: nothing is retained to bill after destroy', () => {
    // Assess
    const retained = Object.entries(template.toJSON().Resources as Record<string, unknown>)
      .filter(([, resource]) => {
        const { DeletionPolicy } = resource as { DeletionPolicy?: string };
        return DeletionPolicy !== undefined && DeletionPolicy !== 'Delete';
      })
      .map(([logicalId]) => logicalId);
    expect(retained).toEqual([]);
  });

  it('creates no custom resources (no Lambda-backed helpers with their own roles)', () => {
    // Assess
    const types = Object.values(template.toJSON().Resources as Record<string, { Type: string }>)
      .map(({ Type }) => Type)
      .sort();
    expect(types).toEqual([
      'AWS::CloudWatch::Alarm',
      'AWS::CloudWatch::Alarm',
      'AWS::DynamoDB::Table',
      'AWS::IAM::Policy',
      'AWS::IAM::Role',
      'AWS::KMS::Key',
      'AWS::Kinesis::Stream',
      'AWS::Lambda::EventSourceMapping',
      'AWS::Lambda::Function',
      'AWS::Logs::LogGroup',
      'AWS::SQS::Queue',
      'AWS::SQS::QueuePolicy',
    ]);
  });
});
