import { startEmulators } from '@kds/local';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}

/** Starts dynalite (and kinesalite, which startEmulators brings along) once for this package's tests. */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const emulators = await startEmulators();
  project.provide('dynamodbEndpoint', emulators.dynamodb.endpoint);
  return () => emulators.stop();
}
