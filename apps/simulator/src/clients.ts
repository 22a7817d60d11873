import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { KinesisClient, type KinesisClientConfig } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/**
 * A Kinesis client for the commands that read or reshard: HTTP/1.1 with keep-alive, which AWS and
 * the emulators alike speak (the SDK's HTTP/2 default fails against emulators).
 *
 * @example
 * ```ts
 * import { kinesisClient } from './clients.js';
 *
 * const client = kinesisClient();
 * ```
 */
export function kinesisClient(config: KinesisClientConfig = {}): KinesisClient {
  return new KinesisClient({
    requestHandler: new NodeHttpHandler({
      httpAgent: new HttpAgent({ keepAlive: true }),
      httpsAgent: new HttpsAgent({ keepAlive: true }),
    }),
    ...config,
  });
}
