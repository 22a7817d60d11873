import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { KinesisClient, type KinesisClientConfig } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** How a client built by {@link createKinesisClient} holds its connections. */
export interface KinesisClientOptions {
  /**
   * Sockets per host (each request in flight holds one). Node's own default when left out: no
   * limit, so a reader of many shards never queues one shard's call behind another's.
   */
  readonly maxSockets?: number;
}

/**
 * Builds a `KinesisClient` that speaks HTTP/1.1 over keep-alive connections: what every call but
 * SubscribeToShard needs against AWS and against the local emulators alike.
 *
 * The SDK's Kinesis default is an HTTP/2 handler, which neither local emulator speaks (kinesalite
 * fails every call, kinesis-local some); and an HTTP/1.1 handler without keep-alive opens a TCP
 * connection per request, halving the calls a client can make. Settings in `config` (a
 * `requestHandler` included) win.
 *
 * @example
 * ```ts
 * import { createKinesisClient, createShardReader } from '@kds/reader';
 *
 * const client = createKinesisClient({ region: 'eu-west-1' });
 * const reader = createShardReader({
 *   client,
 *   streamName: 'TestDataStream',
 *   shardId: 'shardId-000000000000',
 *   start: { type: 'LATEST' },
 * });
 * ```
 */
export function createKinesisClient(
  config: KinesisClientConfig = {},
  options: KinesisClientOptions = {},
): KinesisClient {
  const agentOptions =
    options.maxSockets === undefined
      ? { keepAlive: true }
      : { keepAlive: true, maxSockets: options.maxSockets };
  return new KinesisClient({
    requestHandler: new NodeHttpHandler({
      httpAgent: new HttpAgent(agentOptions),
      httpsAgent: new HttpsAgent(agentOptions),
    }),
    ...config,
  });
}
