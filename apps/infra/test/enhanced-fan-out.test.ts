import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { HANDLER_CONSUMER_NAME, readContextSettings, SettingsError } from '../src/index.js';
import { policyStatements } from './helpers/iam.js';
import { onlyResource, synthesize } from './helpers/synth.js';

// One synthesis with the option on, in-process, no deployment.
const { template } = synthesize({ enhancedFanOut: true });

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

describe('the readings stack with enhancedFanOut (-c efo=true)', () => {
  const stream = onlyResource(template, 'AWS::Kinesis::Stream');
  const consumer = onlyResource(template, 'AWS::Kinesis::StreamConsumer');
  const mapping = onlyResource(template, 'AWS::Lambda::EventSourceMapping');

  it('registers the handler consumer on the stream and maps the handler on its ARN', () => {
    // Assess
    expect(consumer.Properties).toEqual({
      ConsumerName: HANDLER_CONSUMER_NAME,
      StreamARN: { 'Fn::GetAtt': [stream.logicalId, 'Arn'] },
    });
    expect(mapping.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [consumer.logicalId, 'ConsumerARN'] },
      StartingPosition: 'TRIM_HORIZON',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
    });
  });

  it('lets the handler describe its consumer and subscribe through it', () => {
    // Prepare
    const consumerArn = { 'Fn::GetAtt': [consumer.logicalId, 'ConsumerARN'] };
    const statements = policyStatements(template.toJSON()).filter(
      ({ type }) => type === 'AWS::IAM::Policy',
    );

    // Act
    const onConsumer = statements.filter(
      ({ statement }) =>
        statement.Effect === 'Allow' &&
        JSON.stringify(statement.Resource) === JSON.stringify(consumerArn),
    );

    // Assess
    expect(onConsumer.flatMap(({ statement }) => asArray(statement.Action))).toEqual(
      expect.arrayContaining(['kinesis:DescribeStreamConsumer', 'kinesis:SubscribeToShard']),
    );
  });

  it('has no consumer without the option: the handler polls the stream', () => {
    // Act
    const { template: plain } = synthesize();

    // Assess
    plain.resourceCountIs('AWS::Kinesis::StreamConsumer', 0);
    plain.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Stream'), 'Arn'] },
    });
  });

  it.each([
    ['true', true],
    [false, false],
  ])('reads -c efo=%s', (raw, enhancedFanOut) => {
    // Act
    const settings = readContextSettings({
      tryGetContext: (key) => (key === 'efo' ? raw : undefined),
    });

    // Assess
    expect(settings.enhancedFanOut).toBe(enhancedFanOut);
  });

  it('refuses -c efo=yes, naming the key', () => {
    // Act
    const read = () =>
      readContextSettings({ tryGetContext: (key) => (key === 'efo' ? 'yes' : undefined) });

    // Assess
    expect(read).toThrow(SettingsError);
    expect(read).toThrow('-c efo must be true or false (got "yes")');
  });
});
