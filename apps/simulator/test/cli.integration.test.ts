import { KinesisClient } from '@aws-sdk/client-kinesis';
import { createStream, localClientConfig, startEmulators } from '@kds/local';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

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
  ])('exits 2 with a one-line error for %j', async (args, message) => {
    // Act
    const run = await runCli(args);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('documents every flag in --help', async () => {
    // Act
    const run = await runCli(['--help']);

    // Assess
    expect(run.code).toBe(0);
    for (const flag of [
      '--count',
      '--shards',
      '--stream',
      '--table',
      '--json',
      '--verbose',
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
});
