import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { KinesisClient, type KinesisClientConfig } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/**
 * The worker's Kinesis client when none is injected: HTTP/1.1 over keep-alive connections, which
 * AWS and the local emulators alike speak for GetRecords (the SDK's Kinesis default is HTTP/2,
 * which the emulators do not speak). Settings in `config` win.
 */
export function createKinesisClient(config: KinesisClientConfig = {}): KinesisClient {
  return new KinesisClient({
    requestHandler: new NodeHttpHandler({
      httpAgent: new HttpAgent({ keepAlive: true }),
      httpsAgent: new HttpsAgent({ keepAlive: true }),
    }),
    ...config,
  });
}
