import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ListShardsCommand } from '@aws-sdk/client-kinesis';
import { afterEach, describe, expect, it } from 'vitest';
import { createKinesisClient } from '../src/index.js';

/** A local endpoint that answers every call with an empty ListShards page, counting connections. */
async function fakeKinesis(): Promise<{
  server: Server;
  endpoint: string;
  seen: string[];
  connections: () => number;
}> {
  const seen: string[] = [];
  let connections = 0;
  const server = createServer((request, response) => {
    seen.push(`HTTP/${request.httpVersion} ${request.headers['x-amz-target'] ?? ''}`);
    request.resume();
    request.on('end', () => {
      response.setHeader('content-type', 'application/x-amz-json-1.1');
      response.end(JSON.stringify({ Shards: [] }));
    });
  });
  server.on('connection', () => {
    connections += 1;
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { server, endpoint: `http://127.0.0.1:${port}`, seen, connections: () => connections };
}

const localSettings = (endpoint: string) => ({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

describe('createKinesisClient', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.close();
    server = undefined;
  });

  it('speaks HTTP/1.1 to a local endpoint and keeps one connection for successive calls', async () => {
    // Prepare
    const fake = await fakeKinesis();
    server = fake.server;
    const client = createKinesisClient(localSettings(fake.endpoint));

    // Act
    const first = await client.send(new ListShardsCommand({ StreamName: 'TestDataStream' }));
    const second = await client.send(new ListShardsCommand({ StreamName: 'TestDataStream' }));
    client.destroy();

    // Assess
    expect(first.Shards).toEqual([]);
    expect(second.Shards).toEqual([]);
    expect(fake.seen).toEqual([
      'HTTP/1.1 Kinesis_20131202.ListShards',
      'HTTP/1.1 Kinesis_20131202.ListShards',
    ]);
    expect(fake.connections()).toBe(1);
  });

  it('holds no more connections per host than maxSockets allows', async () => {
    // Prepare
    const fake = await fakeKinesis();
    server = fake.server;
    const client = createKinesisClient(localSettings(fake.endpoint), { maxSockets: 1 });

    // Act: three calls at once, through one socket.
    await Promise.all(
      [1, 2, 3].map(() => client.send(new ListShardsCommand({ StreamName: 'TestDataStream' }))),
    );
    client.destroy();

    // Assess
    expect(fake.seen).toHaveLength(3);
    expect(fake.connections()).toBe(1);
  });

  it('lets settings given in the config win, the request handler included', async () => {
    // Prepare
    const handler = { handle: async () => ({ response: undefined }) };

    // Act
    const client = createKinesisClient({ region: 'eu-west-1', requestHandler: handler as never });

    // Assess
    expect(await client.config.region()).toBe('eu-west-1');
    expect(client.config.requestHandler).toBe(handler);
    client.destroy();
  });
});
