import { PerformanceObserver } from 'node:perf_hooks';
import { Readable } from 'node:stream';

let gcMs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMs += e.duration;
}).observe({ entryTypes: ['gc'] });

import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { createProducer, random } from '@kds/producer';
import { tutorialReadings } from './producer/readings.js';

// A request handler that answers from memory: full SDK serialization, no network.
const handler = {
  metadata: { handlerProtocol: 'http/1.1' },
  async handle(request: { headers: Record<string, string>; body: string }) {
    const target = request.headers['x-amz-target'];
    let body: string;
    if (target === 'Kinesis_20131202.ListShards') {
      body = JSON.stringify({
        Shards: [
          {
            ShardId: 'shardId-000000000000',
            HashKeyRange: { StartingHashKey: '0', EndingHashKey: ((1n << 128n) - 1n).toString() },
            SequenceNumberRange: { StartingSequenceNumber: '1' },
          },
        ],
      });
    } else {
      const n = (request.body.match(/"PartitionKey"/g) ?? []).length;
      body = `{"FailedRecordCount":0,"Records":[${Array.from({ length: n }, (_, i) => `{"SequenceNumber":"4959033827149025660855969253836157109592157598913658${i}","ShardId":"shardId-000000000000"}`).join(',')}]}`;
    }
    await new Promise((r) => setImmediate(r));
    return {
      response: {
        statusCode: 200,
        headers: { 'content-type': 'application/x-amz-json-1.1' },
        body: Readable.from([Buffer.from(body)]),
      },
    };
  },
  updateHttpClientConfig() {},
  httpHandlerConfigs() {
    return {};
  },
  destroy() {},
};
const config = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  requestHandler: handler as never,
  maxAttempts: 1,
};
const readings = tutorialReadings(200000);
const extra = JSON.parse(process.argv[3] ?? '{}');
const mode = process.argv[2] ?? 'both';
const best: Record<string, number> = { b: 99, c: 99 };
for (let i = 0; i < Number(process.env.RUNS ?? 5); i++) {
  if (mode !== 'c') {
    gcMs = 0;
    const client = new KinesisClient(config);
    const c0 = process.cpuUsage();
    for (let s = 0; s < readings.length; s += 500) {
      const Records = readings.slice(s, s + 500).map((r) => ({
        PartitionKey: String(1 + Math.floor(Math.random() * 100)),
        Data: Buffer.from(JSON.stringify(r)),
      }));
      await client.send(new PutRecordsCommand({ StreamName: 's', Records }));
    }
    const cpu = process.cpuUsage(c0);
    best.b = Math.min(best.b, (cpu.user + cpu.system) / readings.length);
    console.log(
      'b',
      ((cpu.user + cpu.system) / readings.length).toFixed(2),
      'gc us/rec',
      ((gcMs * 1000) / readings.length).toFixed(2),
    );
  }
  if (mode !== 'b') {
    gcMs = 0;
    const client = new KinesisClient(config);
    const c0 = process.cpuUsage();
    const producer = createProducer({
      client,
      streamName: 's',
      partitionKey: random(),
      rateLimitPercent: Infinity,
      ...extra,
    });
    let failed = 0;
    let n = 0;
    const every = Number(process.env.EVERY ?? 1);
    for (const r of readings) {
      if (++n % every === 0) await producer.waitForRoom();
      producer.put(r).catch(() => {
        failed++;
      });
    }
    await producer.close();
    const cpu = process.cpuUsage(c0);
    best.c = Math.min(best.c, (cpu.user + cpu.system) / readings.length);
    console.log(
      'c',
      ((cpu.user + cpu.system) / readings.length).toFixed(2),
      'gc us/rec',
      ((gcMs * 1000) / readings.length).toFixed(2),
    );
    if (failed) console.log('failed', failed);
  }
}
console.log(mode, JSON.stringify(extra), best);
