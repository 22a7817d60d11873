import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { parseStackOutputs, type ReadingsStackOutputs } from 'infra/outputs';

/**
 * Reads the deployed readings stack's outputs (stream, table, threshold) with CloudFormation
 * DescribeStacks, through the standard credential chain. Throws the SDK's error when the stack does
 * not exist, and a `StackOutputsError` naming what is missing when it is not the readings stack.
 *
 * @example
 * ```ts
 * import { readStackOutputs } from './stack.js';
 *
 * const { streamName, tableName } = await readStackOutputs('KdsReadings');
 * ```
 */
export async function readStackOutputs(
  stackName: string,
  options: { client?: CloudFormationClient } = {},
): Promise<ReadingsStackOutputs> {
  const client = options.client ?? new CloudFormationClient({});
  try {
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    return parseStackOutputs(Stacks?.[0]?.Outputs ?? []);
  } finally {
    if (options.client === undefined) client.destroy();
  }
}
