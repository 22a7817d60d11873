import { startEmulators } from '@kds/local';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    kinesisEndpoint: string;
    dynamodbEndpoint: string;
  }
}

/** Starts kinesalite and dynalite once for the proxy's integration tests. */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const emulators = await startEmulators();
  project.provide('kinesisEndpoint', emulators.kinesis.endpoint);
  project.provide('dynamodbEndpoint', emulators.dynamodb.endpoint);
  return () => emulators.stop();
}
