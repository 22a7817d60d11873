/**
 * A loopback stand-in for the Kinesis API (JSON 1.1 over HTTP/1.1), run as its own process so its
 * CPU is not the producer's. It answers PutRecords, PutRecord and ListShards for one stream of
 * `KDS_STUB_SHARDS` shards splitting the hash space evenly, routing each record by the MD5 of its
 * partition key (or its ExplicitHashKey) as Kinesis does, and counts the TCP connections it
 * accepts. It never throttles or fails. The parent talks to it over the IPC channel:
 * `{ type: 'stats' }` answers `{ type: 'stats', connections, requests, records }`, `{ type: 'reset' }`
 * zeroes the counters; on start it sends `{ type: 'ready', port }`.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const SHARDS = Number(process.env.KDS_STUB_SHARDS ?? '1');
const HASH_SPACE = 1n << 128n;
const SHARD_SIZE = HASH_SPACE / BigInt(SHARDS);

const shards = Array.from({ length: SHARDS }, (_, index) => ({
  ShardId: `shardId-${String(index).padStart(12, '0')}`,
  HashKeyRange: {
    StartingHashKey: (SHARD_SIZE * BigInt(index)).toString(),
    EndingHashKey: (index === SHARDS - 1
      ? HASH_SPACE - 1n
      : SHARD_SIZE * BigInt(index + 1) - 1n
    ).toString(),
  },
  SequenceNumberRange: {
    StartingSequenceNumber: '49590338271490256608559692538361571095921575989136588898',
  },
}));

const shardOfKey = new Map<string, string>();

function shardIdOf(partitionKey: string, explicitHashKey: string | undefined): string {
  const cacheKey = explicitHashKey === undefined ? `k${partitionKey}` : `h${explicitHashKey}`;
  let shardId = shardOfKey.get(cacheKey);
  if (shardId === undefined) {
    const hash =
      explicitHashKey === undefined
        ? BigInt(`0x${createHash('md5').update(partitionKey, 'utf8').digest('hex')}`)
        : BigInt(explicitHashKey);
    const index = Math.min(SHARDS - 1, Number(hash / SHARD_SIZE));
    shardId = shards[index]?.ShardId ?? 'shardId-000000000000';
    shardOfKey.set(cacheKey, shardId);
  }
  return shardId;
}

let connections = 0;
let requests = 0;
let records = 0;
let sequence = 49590338271490256608559692538361571095921575989136588898n;

interface EntryIn {
  PartitionKey: string;
  ExplicitHashKey?: string;
}

function answer(target: string, body: Record<string, unknown>): unknown {
  switch (target) {
    case 'Kinesis_20131202.PutRecords': {
      const entries = (body.Records ?? []) as EntryIn[];
      records += entries.length;
      return {
        FailedRecordCount: 0,
        Records: entries.map((entry) => {
          sequence += 1n;
          return {
            ShardId: shardIdOf(entry.PartitionKey, entry.ExplicitHashKey),
            SequenceNumber: sequence.toString(),
          };
        }),
      };
    }
    case 'Kinesis_20131202.PutRecord': {
      const entry = body as unknown as EntryIn;
      records += 1;
      sequence += 1n;
      return {
        ShardId: shardIdOf(entry.PartitionKey, entry.ExplicitHashKey),
        SequenceNumber: sequence.toString(),
      };
    }
    case 'Kinesis_20131202.ListShards':
      return { Shards: shards };
    default:
      return undefined;
  }
}

function handle(request: IncomingMessage, response: ServerResponse): void {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    requests += 1;
    const target = String(request.headers['x-amz-target'] ?? '');
    const result = answer(target, JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
    const payload = JSON.stringify(
      result ?? { __type: 'UnknownOperationException', message: `${target} is not stubbed` },
    );
    response.writeHead(result === undefined ? 400 : 200, {
      'content-type': 'application/x-amz-json-1.1',
      'content-length': Buffer.byteLength(payload),
    });
    response.end(payload);
  });
}

const server = createServer(handle);
server.on('connection', () => {
  connections += 1;
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ type: 'ready', port });
});

process.on('message', (message: { type?: string }) => {
  if (message.type === 'stats') process.send?.({ type: 'stats', connections, requests, records });
  if (message.type === 'reset') {
    connections = 0;
    requests = 0;
    records = 0;
    process.send?.({ type: 'reset' });
  }
});
process.on('disconnect', () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
});
