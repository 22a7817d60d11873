import { afterAll, inject } from 'vitest';
import type { EmulatorEndpoints } from './provided-context.js';

/**
 * An AWS client for the emulators the shared global setup started, shared by the tests of the
 * calling file and destroyed after the last of them. Call it at the top of a test file or inside
 * a `describe`; `create` gets the endpoints and builds the client (with `localClientConfig`).
 */
export function emulatorClient<Client extends { destroy(): void }>(
  create: (endpoints: EmulatorEndpoints) => Client,
): Client {
  const client = create({
    kinesisEndpoint: inject('kinesisEndpoint'),
    dynamodbEndpoint: inject('dynamodbEndpoint'),
  });
  afterAll(() => {
    client.destroy();
  });
  return client;
}
