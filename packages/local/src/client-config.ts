import { Agent } from 'node:http';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './constants.js';

/** What an AWS SDK v3 client needs to talk to a local emulator. */
export interface LocalClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  requestHandler: NodeHttpHandler;
}

/**
 * Client config for an emulator endpoint: HTTP/1.1 with keep-alive (the emulators do not speak the
 * HTTP/2 that the Kinesis client uses by default), a fixed region and dummy credentials.
 *
 * @example
 * ```ts
 * import { KinesisClient } from '@aws-sdk/client-kinesis';
 * import { localClientConfig } from '@kds/local';
 *
 * const client = new KinesisClient(localClientConfig('http://127.0.0.1:4567'));
 * ```
 */
export function localClientConfig(endpoint: string): LocalClientConfig {
  return {
    endpoint,
    region: LOCAL_REGION,
    credentials: { ...LOCAL_CREDENTIALS },
    requestHandler: new NodeHttpHandler({
      httpAgent: new Agent({ keepAlive: true, maxSockets: 50 }),
    }),
  };
}
