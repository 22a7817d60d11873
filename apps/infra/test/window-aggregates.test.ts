import { Match } from 'aws-cdk-lib/assertions';
import { windowTableDefinition } from 'handler';
import { describe, expect, it } from 'vitest';
import {
  readContextSettings,
  SettingsError,
  WINDOW_LAMBDA_HANDLER,
  WINDOW_TABLE_ACTIONS,
} from '../src/index.js';
import { synthesize } from './helpers/synth.js';

// One synthesis with the option on, one without: in-process, no deployment.
const { stack, template } = synthesize({ windowSeconds: 60 });
const { template: plain } = synthesize();

describe('the readings stack with windowSeconds (-c window=60)', () => {
  it('deploys no windowed function or table without the option', () => {
    // Assess
    plain.resourceCountIs('AWS::Lambda::Function', 1);
    plain.resourceCountIs('AWS::DynamoDB::Table', 1);
  });

  it('maps the windowed entry point to the stream with a 60 s tumbling window, one batch per shard at a time', () => {
    // Assess
    template.resourceCountIs('AWS::Lambda::Function', 2);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: WINDOW_LAMBDA_HANDLER,
      Environment: {
        Variables: Match.objectLike({
          WINDOW_TABLE_NAME: { Ref: Match.stringLikeRegexp('^WindowsTable') },
        }),
      },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: Match.stringLikeRegexp('^WindowsFunction') },
      TumblingWindowInSeconds: 60,
      ParallelizationFactor: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      StartingPosition: 'TRIM_HORIZON',
    });
  });

  it('creates the window table keyed Spot (S) + Window (S), on demand', () => {
    // Prepare: the table as the handler defines it for the SDK.
    const { KeySchema, AttributeDefinitions, BillingMode } = windowTableDefinition('Windows');

    // Assess
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema,
      AttributeDefinitions,
      BillingMode,
    });
  });

  it('lets the windowed function put items in its table and nothing else in DynamoDB', () => {
    // Prepare
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^WindowsRole') }] },
    });
    const dynamoActions = Object.values(policies)
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as { Action: unknown }[])
      .flatMap((statement) => [statement.Action].flat())
      .filter((action) => String(action).startsWith('dynamodb:'));

    // Assess
    expect(dynamoActions).toEqual([...WINDOW_TABLE_ACTIONS]);
    expect(stack.windows?.table).toBeDefined();
  });

  it('reads -c window=60 and refuses a window outside 0 to 900, naming the context key', () => {
    // Prepare
    const source = (value: unknown) => ({
      tryGetContext: (key: string) => (key === 'window' ? value : undefined),
    });

    // Act & Assess
    expect(readContextSettings(source('60')).windowSeconds).toBe(60);
    expect(() => readContextSettings(source('901'))).toThrow(SettingsError);
    expect(() => readContextSettings(source('901'))).toThrow(
      /-c window must be an integer from 0 to 900/,
    );
  });
});
