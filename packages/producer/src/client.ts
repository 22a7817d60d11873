import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { KinesisClient, type KinesisClientConfig } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** Sockets per host of a client built by `createKinesisClient` unless told otherwise. */
export const DEFAULT_MAX_SOCKETS = 50;

/**
 * Builds a `KinesisClient` that speaks HTTP/1.1 over keep-alive connections.
 *
 * The SDK's Kinesis default is an HTTP/2 handler, which the local emulators do not speak; and an
 * HTTP/1.1 handler without keep-alive opens a TCP connection per request, halving PutRecords
 * throughput. Real Kinesis accepts HTTP/1.1 for every call but SubscribeToShard. Settings in
 * `config` (a `requestHandler` included) win.
 *
 * @example
 * ```ts
 * import { createKinesisClient } from '@kds/producer';
 *
 * const client = createKinesisClient({ region: 'eu-west-1' });
 * ```
 */
export function createKinesisClient(
  config: KinesisClientConfig = {},
  options: { maxSockets?: number } = {},
): KinesisClient {
  const { maxSockets = DEFAULT_MAX_SOCKETS } = options;
  return new KinesisClient({
    requestHandler: new NodeHttpHandler({
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets }),
    }),
    ...config,
  });
}
