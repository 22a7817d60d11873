import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { StackOutputsError } from 'infra/outputs';
import { beforeEach, describe, expect, it } from 'vitest';
import { readStackOutputs } from '../src/stack.js';

const cloudFormation = mockClient(CloudFormationClient);
const client = new CloudFormationClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});

const outputs = {
  StreamName: 'KdsReadings-Stream',
  StreamArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/KdsReadings-Stream',
  TableName: 'KdsReadings-Table',
  FunctionName: 'KdsReadings-Handler',
  HandlerLogGroupName: '/aws/lambda/KdsReadings-Handler',
  FailedBatchesQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/failed',
  MinTemperature: '35',
};

describe('readStackOutputs', () => {
  beforeEach(() => cloudFormation.reset());

  it('reads the stream, table and threshold of the deployed stack', async () => {
    // Prepare
    cloudFormation.on(DescribeStacksCommand, { StackName: 'KdsReadings' }).resolves({
      Stacks: [
        {
          StackName: 'KdsReadings',
          CreationTime: new Date(),
          StackStatus: 'CREATE_COMPLETE',
          Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({
            OutputKey,
            OutputValue,
          })),
        },
      ],
    });

    // Act
    const read = await readStackOutputs('KdsReadings', { client });

    // Assess
    expect(read).toMatchObject({
      streamName: 'KdsReadings-Stream',
      tableName: 'KdsReadings-Table',
      minTemperature: 35,
    });
  });

  it('names what is missing when the stack is not the readings stack', async () => {
    // Prepare
    cloudFormation.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'Other',
          CreationTime: new Date(),
          StackStatus: 'CREATE_COMPLETE',
          Outputs: [],
        },
      ],
    });

    // Act
    const reading = readStackOutputs('Other', { client });

    // Assess
    await expect(reading).rejects.toBeInstanceOf(StackOutputsError);
    await expect(reading).rejects.toThrow(/StreamName/);
  });
});
