/// <reference path="../dynalite.d.ts" />
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import dynalite from 'dynalite';

/** A dynalite server in this process on a port the OS picks, and a client for it. */
export async function startDynalite(): Promise<{
  client: () => DynamoDBClient;
  stop: () => Promise<void>;
}> {
  const server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const clients: DynamoDBClient[] = [];
  return {
    // Each worker gets its own client, as separate processes would.
    client: () => {
      const client = new DynamoDBClient({
        endpoint: `http://127.0.0.1:${port}`,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        requestHandler: new NodeHttpHandler(),
      });
      clients.push(client);
      return client;
    },
    stop: async () => {
      for (const client of clients) client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Waits until `condition` holds, polling; fails after a generous guard, never a tight timeout. */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  guardMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + guardMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
