import { describe, expect, it } from 'vitest';
import { parseStackOutputs, StackOutput, StackOutputsError } from '../src/outputs.js';

/** The Outputs of a DescribeStacks response for a deployed readings stack. */
const deployedOutputs = [
  { OutputKey: 'StreamName', OutputValue: 'KdsReadings-Stream790BDEE4-AbCdEf' },
  {
    OutputKey: 'StreamArn',
    OutputValue: 'arn:aws:kinesis:eu-west-1:123456789012:stream/KdsReadings-Stream790BDEE4-AbCdEf',
  },
  { OutputKey: 'TableName', OutputValue: 'KdsReadings-TableCD117FA1-XyZ' },
  { OutputKey: 'FunctionName', OutputValue: 'KdsReadings-Handler886CB40B-Qw' },
  { OutputKey: 'HandlerLogGroupName', OutputValue: 'KdsReadings-HandlerLogs6FD01908-Er' },
  {
    OutputKey: 'FailedBatchesQueueUrl',
    OutputValue: 'https://sqs.eu-west-1.amazonaws.com/123456789012/KdsReadings-FailedBatches',
  },
  { OutputKey: 'MinTemperature', OutputValue: '35' },
];

describe('parseStackOutputs', () => {
  it('reads every output of the readings stack', () => {
    // Act
    const outputs = parseStackOutputs(deployedOutputs);

    // Assess
    expect(outputs).toEqual({
      streamName: 'KdsReadings-Stream790BDEE4-AbCdEf',
      streamArn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/KdsReadings-Stream790BDEE4-AbCdEf',
      tableName: 'KdsReadings-TableCD117FA1-XyZ',
      functionName: 'KdsReadings-Handler886CB40B-Qw',
      handlerLogGroupName: 'KdsReadings-HandlerLogs6FD01908-Er',
      failedBatchesQueueUrl:
        'https://sqs.eu-west-1.amazonaws.com/123456789012/KdsReadings-FailedBatches',
      minTemperature: 35,
    });
  });

  it('names every missing output', () => {
    // Prepare
    const partial = deployedOutputs.filter(
      ({ OutputKey }) => OutputKey !== StackOutput.TableName && OutputKey !== StackOutput.StreamArn,
    );

    // Act
    const act = (): unknown => parseStackOutputs(partial);

    // Assess
    expect(act).toThrow(StackOutputsError);
    expect(act).toThrow(
      expect.objectContaining({ code: 'STACK_OUTPUTS', missing: ['StreamArn', 'TableName'] }),
    );
  });

  it('refuses a MinTemperature that is not a number', () => {
    // Prepare
    const outputs = deployedOutputs.map((output) =>
      output.OutputKey === StackOutput.MinTemperature ? { ...output, OutputValue: 'hot' } : output,
    );

    // Act
    const act = (): unknown => parseStackOutputs(outputs);

    // Assess
    expect(act).toThrow(/MinTemperature is not a number \(got "hot"\)/);
  });
});
