import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type LocalEmulators, startEmulators } from '@kds/emulators';
import { createStream, LOCAL_CREDENTIALS, LOCAL_REGION, localClientConfig } from '@kds/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadingsTable, scanReadings } from '../src/table.js';
import { runCli, startCli } from './helpers/cli.js';

/** Polls `check` until it returns a value other than undefined (the test's hang guard bounds it). */
async function eventually<T>(check: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('consume: lease-based workers run the handler over an existing stream (kinesalite, dynalite)', () => {
  let emulators: LocalEmulators;
  let kinesis: KinesisClient;
  let dynamodb: DynamoDBClient;
  let env: Record<string, string>;

  beforeAll(async () => {
    emulators = await startEmulators();
    kinesis = new KinesisClient(localClientConfig(emulators.kinesis.endpoint));
    dynamodb = new DynamoDBClient(localClientConfig(emulators.dynamodb.endpoint));
    env = {
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_KINESIS: emulators.kinesis.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: emulators.dynamodb.endpoint,
    };
  });

  afterAll(async () => {
    kinesis.destroy();
    dynamodb.destroy();
    await emulators.stop();
  });

  /** A stream with the device's readings in it, and an empty readings table. */
  async function streamWithReadings(
    name: string,
    shards: number,
    count: number,
  ): Promise<{ matching: number }> {
    await createStream(kinesis, name, { shardCount: shards });
    await createReadingsTable(dynamodb, `${name}-readings`);
    const sent = await runCli(['--json', '--count', String(count), '--stream', name], { env });
    expect(sent.code).toBe(0);
    return JSON.parse(sent.stdout) as { matching: number };
  }

  /** The lease table's items: shard, owner (if any). */
  async function leaseItems(
    application: string,
  ): Promise<Array<{ shard: string; owner?: string }>> {
    const { Items = [] } = await dynamodb.send(
      new ScanCommand({ TableName: application, ConsistentRead: true }),
    );
    return Items.map((item) => ({
      shard: item.leaseKey?.S ?? '',
      ...(item.leaseOwner?.S === undefined ? {} : { owner: item.leaseOwner.S }),
    })).sort((a, b) => a.shard.localeCompare(b.shard));
  }

  it('stores every reading >= 35 with 2 workers over 4 shards and stops by itself with --until-idle', async () => {
    // Prepare
    const { matching } = await streamWithReadings('Four', 4, 400);

    // Act
    const run = await runCli(
      [
        'consume',
        '--application',
        'four-readers',
        '--stream',
        'Four',
        '--table',
        'Four-readings',
        '--workers',
        '2',
        // Long enough for the second worker to take its share of the leases from the first.
        '--until-idle',
        '15',
        '--json',
      ],
      { env },
    );

    // Assess
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as {
      processed: number;
      stored: number;
      leases: Record<string, string[]>;
      checkpoints: Record<string, string>;
    };
    expect(Object.keys(summary)).toEqual(['processed', 'stored', 'leases', 'checkpoints']);
    const shardIds = [0, 1, 2, 3].map((index) => `shardId-00000000000${index}`);
    expect(Object.keys(summary.checkpoints)).toEqual(shardIds);
    for (const checkpoint of Object.values(summary.checkpoints))
      expect(checkpoint).toMatch(/^\d+$/);
    const workers = Object.values(summary.leases);
    expect(workers).toHaveLength(2);
    for (const shards of workers) expect(shards.length).toBeGreaterThan(0);
    expect([...new Set(workers.flat())].sort()).toEqual(shardIds);
    expect(summary.processed).toBeGreaterThanOrEqual(400);
    const items = await scanReadings(DynamoDBDocumentClient.from(dynamodb), 'Four-readings');
    expect(items).toHaveLength(matching);
    expect(matching).toBeGreaterThan(0);
    for (const item of items) expect(item.Temperature).toBeGreaterThanOrEqual(35);
    expect(summary.stored).toBeGreaterThanOrEqual(matching);
  });

  it('stops its workers on SIGTERM: exit 143, the summary printed, every lease released', async () => {
    // Prepare
    await streamWithReadings('Signalled', 2, 50);
    const consume = startCli(
      [
        'consume',
        '--application',
        'signalled-readers',
        '--stream',
        'Signalled',
        '--table',
        'Signalled-readings',
        '--workers',
        '2',
        '--json',
      ],
      { env },
    );
    await eventually(async () => {
      const items = await leaseItems('signalled-readers').catch(() => []);
      return items.length === 2 && items.every((item) => item.owner !== undefined)
        ? items
        : undefined;
    });

    // Act
    consume.child.kill('SIGTERM');
    const run = await consume.finished;

    // Assess
    expect(run.code).toBe(143);
    const summary = JSON.parse(run.stdout) as { leases: Record<string, string[]> };
    expect(Object.keys(summary.leases)).toHaveLength(2);
    expect(await leaseItems('signalled-readers')).toEqual([
      { shard: 'shardId-000000000000' },
      { shard: 'shardId-000000000001' },
    ]);
  });

  it.each([
    [['--stream', ''], /^simulator: --stream must be 1 to 128 of .* \(got ""\) \(see --help\)\n$/],
    [['--table', ''], /^simulator: --table must be 3 to 255 of .* \(got ""\) \(see --help\)\n$/],
    [
      ['--application', ''],
      /^simulator: --application must be 3 to 255 of .* \(got ""\) \(see --help\)\n$/,
    ],
  ])('exits 2 with one line before anything starts for %j', async (args, message) => {
    // Act
    const run = await runCli(['consume', '--application', 'readers', ...args], { env });

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('refuses to run without AWS configuration, in one line', async () => {
    // Act
    const run = await runCli(['consume', '--application', 'readers']);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^simulator: consume reads an existing stream: .* \(see --help\)\n$/,
    );
  });
});

describe('start --consumer worker: the tutorial consumed by worker processes', () => {
  /** Runs the tutorial with `args` on worker processes; its JSON summary, once it exited 0. */
  async function runOnWorkers(args: readonly string[]): Promise<{
    sent: number;
    matching: number;
    stored: number;
    shards: Record<string, number>;
    leases: Record<string, string[]>;
  }> {
    const run = await runCli(['--consumer', 'worker', '--json', ...args]);
    expect(run.code).toBe(0);
    return JSON.parse(run.stdout);
  }

  it('stores every matching reading with 3 worker processes, and says which held which shard', async () => {
    // Act
    const summary = await runOnWorkers(['--workers', '3', '--count', '200']);

    // Assess
    expect(summary.sent).toBe(200);
    expect(summary.stored).toBe(summary.matching);
    expect(Object.keys(summary.leases)).toHaveLength(3);
    expect([...new Set(Object.values(summary.leases).flat())].sort()).toEqual(
      Object.keys(summary.shards),
    );
  });

  it('reads the parents before the child across --reshard-to and stores every matching reading', async () => {
    // Act
    const summary = await runOnWorkers(['--workers', '2', '--count', '100', '--reshard-to', '1']);

    // Assess
    expect(summary.sent).toBe(200);
    expect(summary.stored).toBe(summary.matching);
    expect(new Set(Object.values(summary.leases).flat())).toEqual(
      new Set(['shardId-000000000000', 'shardId-000000000001', 'shardId-000000000002']),
    );
  });

  it('refuses --consumer worker in AWS mode, in one line', async () => {
    // Act
    const run = await runCli(['--consumer', 'worker'], { env: { AWS_REGION: 'eu-west-1' } });

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^simulator: --consumer worker runs beside the embedded emulators; .*\n$/,
    );
  });
});
