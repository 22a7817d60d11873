import type { TestProject } from 'vitest/node';
import { startEmulators } from '../src/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    kinesisEndpoint: string;
    dynamodbEndpoint: string;
  }
}

/** Starts kinesalite and dynalite once for the integration tests of this package. */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const emulators = await startEmulators();
  project.provide('kinesisEndpoint', emulators.kinesis.endpoint);
  project.provide('dynamodbEndpoint', emulators.dynamodb.endpoint);
  return () => emulators.stop();
}
