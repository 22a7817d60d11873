import { startEmulators } from '@kds/local';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    kinesisEndpoint: string;
  }
}

/** Starts kinesalite (and dynalite, which these tests leave alone) once for the integration tests. */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const emulators = await startEmulators();
  project.provide('kinesisEndpoint', emulators.kinesis.endpoint);
  return () => emulators.stop();
}
