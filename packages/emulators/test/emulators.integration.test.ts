import {
  CreateTableCommand,
  DescribeTableCommand,
  ListTablesCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateStreamCommand, DescribeStreamSummaryCommand } from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import {
  EMULATOR_ACCOUNT_ID,
  EMULATOR_REGION,
  EmulatorError,
  EmulatorStartError,
  KinesisEmulator,
  startEmulators,
  startKinesisLocal,
} from '../src/index.js';
import { dynamodbClient, kinesisClient } from './helpers/clients.js';

/** An address of TEST-NET-1 (RFC 5737): no interface of this machine has it. */
const UNASSIGNED_ADDRESS = '192.0.2.1';

describe('startEmulators', () => {
  it('runs kinesalite and dynalite on loopback ports, with streams and tables ACTIVE at once', async () => {
    // Prepare
    const emulators = await startEmulators({ kinesis: KinesisEmulator.Kinesalite });
    const kinesis = kinesisClient(emulators.kinesis.endpoint);
    const dynamodb = dynamodbClient(emulators.dynamodb.endpoint);

    try {
      // Act
      await kinesis.send(new CreateStreamCommand({ StreamName: 'Readings', ShardCount: 2 }));
      const stream = await kinesis.send(
        new DescribeStreamSummaryCommand({ StreamName: 'Readings' }),
      );
      await dynamodb.send(
        new CreateTableCommand({
          TableName: 'Checkpoints',
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      const table = await dynamodb.send(new DescribeTableCommand({ TableName: 'Checkpoints' }));

      // Assess
      expect(emulators.kinesisEmulator).toBe('kinesalite');
      expect(emulators.kinesis.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(emulators.dynamodb.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(emulators.kinesis.endpoint).not.toBe(emulators.dynamodb.endpoint);
      expect(stream.StreamDescriptionSummary?.StreamStatus).toBe('ACTIVE');
      expect(stream.StreamDescriptionSummary?.OpenShardCount).toBe(2);
      expect(table.Table?.TableStatus).toBe('ACTIVE');
    } finally {
      kinesis.destroy();
      dynamodb.destroy();
      await emulators.stop();
    }
  });

  it('stops both emulators, and a second stop() is harmless', async () => {
    // Prepare
    const emulators = await startEmulators({ kinesis: KinesisEmulator.Kinesalite });
    const dynamodb = dynamodbClient(emulators.dynamodb.endpoint);

    // Act
    await emulators.stop();
    await emulators.stop();

    // Assess
    await expect(fetch(emulators.kinesis.endpoint)).rejects.toThrow();
    await expect(dynamodb.send(new ListTablesCommand({}))).rejects.toThrow();
    dynamodb.destroy();
  });

  it('throws EmulatorStartError when it cannot listen', async () => {
    // Act
    const started = startEmulators({ host: UNASSIGNED_ADDRESS, kinesis: 'kinesalite' });

    // Assess
    await expect(started).rejects.toThrow(EmulatorStartError);
    await expect(started).rejects.toThrow(
      expect.objectContaining({ code: 'EMULATOR_START', cause: expect.any(Error) }),
    );
    await expect(started).rejects.toBeInstanceOf(EmulatorError);
  });
});

describe('startKinesisLocal', () => {
  it('runs kinesis-mock in a child process with instant streams in the emulator region and account', async () => {
    // Prepare
    const kinesisLocal = await startKinesisLocal();
    const kinesis = kinesisClient(kinesisLocal.endpoint);

    try {
      // Act
      await kinesis.send(new CreateStreamCommand({ StreamName: 'Readings', ShardCount: 1 }));
      const stream = await kinesis.send(
        new DescribeStreamSummaryCommand({ StreamName: 'Readings' }),
      );

      // Assess
      expect(stream.StreamDescriptionSummary?.StreamStatus).toBe('ACTIVE');
      expect(stream.StreamDescriptionSummary?.StreamARN).toBe(
        `arn:aws:kinesis:${EMULATOR_REGION}:${EMULATOR_ACCOUNT_ID}:stream/Readings`,
      );
    } finally {
      kinesis.destroy();
      await kinesisLocal.stop();
    }
    // A stopped emulator no longer answers.
    await expect(fetch(`${kinesisLocal.endpoint}/healthcheck`)).rejects.toThrow();
  });
});
