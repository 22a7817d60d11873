import { startEmulators } from '@kds/emulators';
import type { TestProject } from 'vitest/node';
import type {} from './provided-context.js';

/**
 * Vitest global setup shared by the workspace's packages: starts the emulators once per test run
 * (kinesalite and dynalite in-process, on loopback ports the OS picks) and hands their endpoints to
 * tests as `inject('kinesisEndpoint')` and `inject('dynamodbEndpoint')`.
 */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const emulators = await startEmulators();
  project.provide('kinesisEndpoint', emulators.kinesis.endpoint);
  project.provide('dynamodbEndpoint', emulators.dynamodb.endpoint);
  return () => emulators.stop();
}
