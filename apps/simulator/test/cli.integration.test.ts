import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startEmulators } from '@kds/emulators';
import { createStream, localClientConfig } from '@kds/local';
import { describe, expect, it } from 'vitest';
import { createReadingsTable } from '../src/table.js';
import { runCli } from './helpers/cli.js';
import { FLAGS_WITH_DEFAULTS } from './helpers/flags.js';

describe('simulator CLI', () => {
  it('prints one JSON summary with --json, exits 0 and leaves nothing running', async () => {
    // Act
    const run = await runCli(['--json', '--count', '120']);

    // Assess
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(summary)).toEqual([
      'sent',
      'failed',
      'shards',
      'matching',
      'stored',
      'elapsedMs',
    ]);
    expect(summary.sent).toBe(120);
    expect(summary.failed).toBe(0);
    expect(Object.keys(summary.shards as object)).toHaveLength(2);
    expect(summary.stored).toBe(summary.matching);
    expect(typeof summary.elapsedMs).toBe('number');
  });

  it('sends KPL aggregates with --aggregate, and the handler stores every matching reading from them', async () => {
    // Act
    const run = await runCli(['--json', '--aggregate', '--count', '1000']);

    // Assess: 1,000 readings over 2 shards travel in a handful of Kinesis records.
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as Record<string, number>;
    expect(summary).toMatchObject({ sent: 1_000, failed: 0 });
    expect(summary.stored).toBe(summary.matching);
    expect(summary.matching).toBeGreaterThan(0);
    expect(summary.kinesisRecords).toBeGreaterThanOrEqual(2);
    expect(summary.kinesisRecords).toBeLessThan(50);
  });

  it('prints the per-shard counts and the stored items for people', async () => {
    // Act
    const run = await runCli(['--count', '50']);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Sent 50 readings to TestDataStream in \d+ ms \(0 failed\)/);
    expect(run.stdout).toMatch(/shardId-000000000000 +\d+ readings/);
    expect(run.stdout).toMatch(/shardId-000000000001 +\d+ readings/);
    expect(run.stdout).toMatch(
      /(\d+) items stored; \1 of the readings sent had Temperature >= 35\./,
    );
  });

  it.each([
    [
      ['--count', '-5'],
      /^simulator: --count must be an integer from 1 to 10000000 \(got "-5"\) \(see --help\)\n$/,
    ],
    [
      ['--shards', '0'],
      /^simulator: --shards must be an integer from 1 to 100 \(got "0"\) \(see --help\)\n$/,
    ],
    [['--frobnicate'], /^simulator: Unknown option '--frobnicate'.* \(see --help\)\n$/],
    [
      ['--duration', '5s'],
      /^simulator: --duration needs --rate \(readings per second\) \(see --help\)\n$/,
    ],
    [
      ['--reshard-to', '5'],
      /^simulator: --reshard-to 5 is out of reach from 2 shards: .* \(1 to 4\) \(see --help\)\n$/,
    ],
    [['tail'], /^simulator: tail reads an existing stream: .* \(see --help\)\n$/],
  ])('exits 2 with a one-line error for %j', async (args, message) => {
    // Act
    const run = await runCli(args);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('runs the second half of the tutorial with --reshard-to: phases before and after, both stored', async () => {
    // Act
    const run = await runCli(['--json', '--count', '150', '--reshard-to', '1']);

    // Assess
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as {
      sent: number;
      shards: Record<string, number>;
      matching: number;
      stored: number;
      phases: Array<{ shardCount: number; shards: Record<string, number>; sent: number }>;
    };
    expect(
      summary.phases.map((phase) => [phase.shardCount, Object.keys(phase.shards), phase.sent]),
    ).toEqual([
      [2, ['shardId-000000000000', 'shardId-000000000001'], 150],
      [1, ['shardId-000000000002'], 150],
    ]);
    expect(summary.sent).toBe(300);
    expect(Object.keys(summary.shards)).toHaveLength(3);
    expect(summary.stored).toBe(summary.matching);
  });

  it('prints the ShardIds before and after a reshard for people', async () => {
    // Act
    const run = await runCli(['--count', '40', '--reshard-to', '1']);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'ShardIds before the reshard: shardId-000000000000, shardId-000000000001; after: shardId-000000000002',
    );
    expect(run.stdout).toMatch(/Phase 1 \(2 shards\): sent 40 readings/);
    expect(run.stdout).toMatch(/Phase 2 \(1 shard\): sent 40 readings/);
    expect(run.stdout).toMatch(
      /(\d+) items stored; \1 of the readings sent had Temperature >= 35\./,
    );
  });

  it('paces a continuous device with --rate and --duration, with plain progress lines off a terminal', async () => {
    // Act
    const run = await runCli(['--rate', '100', '--duration', '1s']);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {2}sent 100\/100 readings \(100%/m);
    expect(run.stdout).not.toContain('\r');
    expect(run.stdout).toMatch(/Sent 100 readings to TestDataStream/);
  });

  it('documents every flag in --help', async () => {
    // Act
    const run = await runCli(['--help']);

    // Assess
    expect(run.code).toBe(0);
    for (const flag of [
      ...FLAGS_WITH_DEFAULTS,
      '--consumer',
      '--workers',
      '--application',
      '--until-idle',
      '--min-temperature',
      '--efo',
      '--help',
    ]) {
      expect(run.stdout).toContain(flag);
    }
  });

  it('only sends to the named stream when AWS is configured, and reports per-shard counts', async () => {
    // Prepare: a user-run emulator reached through the standard AWS variables.
    const emulators = await startEmulators();
    const client = new KinesisClient(localClientConfig(emulators.kinesis.endpoint));
    try {
      await createStream(client, 'UserStream', { shardCount: 2 });

      // Act
      const run = await runCli(['--json', '--count', '40', '--stream', 'UserStream'], {
        env: {
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
          AWS_ENDPOINT_URL_KINESIS: emulators.kinesis.endpoint,
        },
      });

      // Assess
      expect(run.code).toBe(0);
      const summary = JSON.parse(run.stdout) as {
        sent: number;
        shards: Record<string, number>;
        stored: unknown;
      };
      expect(summary.sent).toBe(40);
      expect(Object.keys(summary.shards)).toHaveLength(2);
      expect(summary.stored).toBeNull();
    } finally {
      client.destroy();
      await emulators.stop();
    }
  });

  it('tails a stream as a second consumer: the readings another command sent, as JSON lines', async () => {
    // Prepare: a user-run emulator; the device sends to it in AWS mode.
    const emulators = await startEmulators();
    const client = new KinesisClient(localClientConfig(emulators.kinesis.endpoint));
    const env = {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_KINESIS: emulators.kinesis.endpoint,
    };
    try {
      await createStream(client, 'TailStream', { shardCount: 2 });
      const sent = await runCli(['--json', '--count', '25', '--stream', 'TailStream'], { env });

      // Act
      const run = await runCli(
        ['tail', '--stream', 'TailStream', '--from', 'trim-horizon', '--count', '25', '--json'],
        { env },
      );

      // Assess
      expect(sent.code).toBe(0);
      expect(run.code).toBe(0);
      const lines = run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(lines).toHaveLength(25);
      for (const line of lines) {
        expect(line.shardId).toMatch(/^shardId-00000000000[01]$/);
        expect(Object.keys(line.reading)).toEqual(['Timestamp', 'Spot', 'Temperature']);
      }
    } finally {
      client.destroy();
      await emulators.stop();
    }
  });

  it('prints its version with --version', async () => {
    // Act
    const run = await runCli(['--version']);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^simulator \d+\.\d+\.\d+\n$/);
  });

  it('scans an existing table: the stored readings, sorted, as text and as JSON lines', async () => {
    // Prepare: a table in an emulator the user runs, reached through AWS_ENDPOINT_URL_DYNAMODB.
    const emulators = await startEmulators();
    const dynamodb = new DynamoDBClient(localClientConfig(emulators.dynamodb.endpoint));
    try {
      await createReadingsTable(dynamodb, 'Readings');
      const readings = [
        { Timestamp: 2, Spot: 'B', Temperature: 36 },
        { Timestamp: 1, Spot: 'A', Temperature: 38 },
      ];
      await DynamoDBDocumentClient.from(dynamodb).send(
        new BatchWriteCommand({
          RequestItems: { Readings: readings.map((Item) => ({ PutRequest: { Item } })) },
        }),
      );
      const env = {
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_REGION: 'us-east-1',
        AWS_ENDPOINT_URL_DYNAMODB: emulators.dynamodb.endpoint,
      };

      // Act
      const text = await runCli(['scan', '--table', 'Readings'], { env });
      const json = await runCli(['scan', '--table', 'Readings', '--json'], { env });

      // Assess
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(
        /Items in Readings:\n.*Timestamp.*\n +1 +A +38\n +2 +B +36\n2 items\n$/,
      );
      expect(
        json.stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line)),
      ).toEqual([readings[1], readings[0]]);
    } finally {
      dynamodb.destroy();
      await emulators.stop();
    }
  });

  it('runs the tutorial through an enhanced fan-out consumer with --efo, on kinesis-local it picks itself', async () => {
    // Act
    const run = await runCli(['--efo', '--count', '200'], { env: { KDS_KINESIS_EMULATOR: '' } });

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Embedded emulators: kinesis-local at /m);
    expect(run.stdout).toContain('Registered the enhanced fan-out consumer kds-simulator');
    expect(run.stdout).toMatch(/^Sent 200 readings to TestDataStream/m);
    const [, stored, matching] =
      /(\d+) items stored; (\d+) of the readings sent/.exec(run.stdout) ?? [];
    expect(stored).toBe(matching);
  });

  it('refuses scan and --stack without AWS configuration, in one line', async () => {
    // Act
    const scan = await runCli(['scan']);
    const stack = await runCli(['--stack', 'KdsReadings']);

    // Assess
    expect(scan.code).toBe(2);
    expect(scan.stderr).toMatch(/^simulator: scan reads an existing table: .* \(see --help\)\n$/);
    expect(stack.code).toBe(2);
    expect(stack.stderr).toMatch(
      /^simulator: --stack reads a deployed stack: .* \(see --help\)\n$/,
    );
  });
});
