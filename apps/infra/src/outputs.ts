/**
 * The stack's name and outputs: what a client (the simulator, `scan`, `tail`) reads from
 * CloudFormation DescribeStacks to find the deployed stream and table. No CDK import here, so
 * clients can depend on this file alone (`infra/outputs`).
 */
import { StackOutputsError } from './errors.js';

export { StackOutputsError } from './errors.js';

/** The stack name unless `-c stackName=...` says otherwise. */
export const DEFAULT_STACK_NAME = 'KdsReadings';

/** Output keys (`OutputKey` in DescribeStacks) of the readings stack. */
export const StackOutput = {
  StreamName: 'StreamName',
  StreamArn: 'StreamArn',
  TableName: 'TableName',
  FunctionName: 'FunctionName',
  HandlerLogGroupName: 'HandlerLogGroupName',
  FailedBatchesQueueUrl: 'FailedBatchesQueueUrl',
  MinTemperature: 'MinTemperature',
} as const;

/** One of {@link StackOutput}'s keys. */
export type StackOutput = (typeof StackOutput)[keyof typeof StackOutput];

/** The deployed stack's outputs, typed. */
export interface ReadingsStackOutputs {
  readonly streamName: string;
  readonly streamArn: string;
  readonly tableName: string;
  readonly functionName: string;
  readonly handlerLogGroupName: string;
  readonly failedBatchesQueueUrl: string;
  readonly minTemperature: number;
}

/** The shape of `Stacks[0].Outputs` in a DescribeStacks response. */
export interface StackOutputEntry {
  readonly OutputKey?: string | undefined;
  readonly OutputValue?: string | undefined;
}

/**
 * Reads the outputs of a DescribeStacks response into {@link ReadingsStackOutputs}. Throws a
 * {@link StackOutputsError} naming every missing key.
 *
 * @example
 * ```ts
 * import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
 * import { DEFAULT_STACK_NAME, parseStackOutputs } from 'infra/outputs';
 *
 * const { Stacks } = await new CloudFormationClient({}).send(
 *   new DescribeStacksCommand({ StackName: DEFAULT_STACK_NAME }),
 * );
 * const { streamName, tableName } = parseStackOutputs(Stacks?.[0]?.Outputs ?? []);
 * ```
 */
export function parseStackOutputs(outputs: readonly StackOutputEntry[]): ReadingsStackOutputs {
  const values = new Map<string, string>();
  for (const { OutputKey, OutputValue } of outputs) {
    if (OutputKey && OutputValue) values.set(OutputKey, OutputValue);
  }
  const missing = Object.values(StackOutput).filter((key) => !values.has(key));
  if (missing.length > 0) {
    throw new StackOutputsError(
      `The stack has no output ${missing.join(', ')}: is it the readings stack, fully deployed?`,
      missing,
    );
  }
  const read = (key: StackOutput): string => values.get(key) as string;
  const minTemperature = Number(read(StackOutput.MinTemperature));
  if (!Number.isFinite(minTemperature)) {
    throw new StackOutputsError(
      `The stack output ${StackOutput.MinTemperature} is not a number (got "${read(StackOutput.MinTemperature)}")`,
      [StackOutput.MinTemperature],
    );
  }
  return {
    streamName: read(StackOutput.StreamName),
    streamArn: read(StackOutput.StreamArn),
    tableName: read(StackOutput.TableName),
    functionName: read(StackOutput.FunctionName),
    handlerLogGroupName: read(StackOutput.HandlerLogGroupName),
    failedBatchesQueueUrl: read(StackOutput.FailedBatchesQueueUrl),
    minTemperature,
  };
}
