import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from '@kds/consumer';
import { type LocalEmulators, startEmulators } from '@kds/emulators';
import { LOCAL_CREDENTIALS, LOCAL_REGION, localClientConfig } from '@kds/local';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readingsTableDefinition } from '../src/index.js';
import { lambdaConfig } from '../tsup.config.js';
import { loadEvent, sequenceNumberAt } from './helpers/events.js';

const run = promisify(execFile);

/** What Lambda's Node.js runtime does with `index.handler`: import the file, call the export. */
const RUNTIME = `
import { readFileSync, writeFileSync } from 'node:fs';
const { handler } = await import(process.env.BUNDLE);
const event = JSON.parse(readFileSync(process.env.EVENT, 'utf8'));
const context = {
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  functionName: 'handler',
  getRemainingTimeInMillis: () => 30000,
};
writeFileSync(process.env.RESPONSE, JSON.stringify(await handler(event, context)));
`;

interface Invocation {
  readonly response: KinesisStreamBatchResponse;
  readonly logLines: Record<string, unknown>[];
}

describe('the built Lambda bundle', () => {
  let emulators: LocalEmulators;
  let dynamodb: DynamoDBClient;
  let workDir: string;
  let bundle: string;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'kds-handler-bundle-'));
    const outDir = join(workDir, 'build');
    await build({ ...lambdaConfig, outDir, sourcemap: false, silent: true, config: false });
    // Run it from a folder of its own, away from every node_modules: it must need nothing else.
    const lambdaDir = join(workDir, 'task');
    await mkdir(lambdaDir);
    bundle = join(lambdaDir, 'index.mjs');
    await copyFile(join(outDir, 'index.mjs'), bundle);
    emulators = await startEmulators();
    dynamodb = new DynamoDBClient(localClientConfig(emulators.dynamodb.endpoint));
  });

  afterAll(async () => {
    dynamodb?.destroy();
    await emulators?.stop();
    if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
  });

  async function createTable(tableName: string): Promise<void> {
    await dynamodb.send(new CreateTableCommand(readingsTableDefinition(tableName)));
  }

  async function scan(tableName: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    const client = DynamoDBDocumentClient.from(dynamodb);
    for await (const page of paginateScan({ client }, { TableName: tableName })) {
      items.push(...(page.Items ?? []));
    }
    return items.sort((a, b) => Number(a.Timestamp) - Number(b.Timestamp));
  }

  /** Invokes the bundle in a child process with only the environment Lambda would give it. */
  async function invoke(
    event: KinesisStreamEvent,
    env: Record<string, string>,
  ): Promise<Invocation> {
    const eventPath = join(workDir, `event-${Math.random()}.json`);
    const responsePath = join(workDir, `response-${Math.random()}.json`);
    await writeFile(eventPath, JSON.stringify(event));
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', RUNTIME], {
      cwd: join(workDir, 'task'),
      env: {
        BUNDLE: bundle,
        EVENT: eventPath,
        RESPONSE: responsePath,
        AWS_REGION: LOCAL_REGION,
        AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
        AWS_ENDPOINT_URL_DYNAMODB: emulators.dynamodb.endpoint,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...env,
      },
      timeout: 300_000,
    });
    const response = JSON.parse(await readFile(responsePath, 'utf8')) as KinesisStreamBatchResponse;
    const logLines = stdout
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    return { response, logLines };
  }

  it('with POISON_POLICY=report, stores the hot readings of a batch with poison records in the middle, and reports the first poison', async () => {
    // Prepare
    const tableName = 'BundleReport';
    await createTable(tableName);
    const event = loadEvent('poison-batch.json');

    // Act
    const { response, logLines } = await invoke(event, {
      TABLE_NAME: tableName,
      POISON_POLICY: 'report',
    });

    // Assess
    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: sequenceNumberAt(event, 1) }],
    });
    expect(await scan(tableName)).toEqual([
      { Timestamp: 1_732_600_000_020, Spot: 'P', Temperature: 41 },
      { Timestamp: 1_732_600_000_025, Spot: 'P', Temperature: 37 },
    ]);
    expect(logLines).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'batch',
        tableName,
        poisonPolicy: 'report',
        received: 6,
        poison: 3,
        stored: 2,
        batchItemFailures: 1,
      }),
    ]);
  });

  it('reads MIN_TEMPERATURE and POISON_POLICY, and inflates gzip records', async () => {
    // Prepare
    const tableName = 'BundleSkip';
    await createTable(tableName);
    const event = loadEvent('gzip-readings.json');

    // Act
    const { response } = await invoke(event, {
      TABLE_NAME: tableName,
      MIN_TEMPERATURE: '10',
      POISON_POLICY: 'skip',
    });

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect((await scan(tableName)).map((item) => item.Temperature)).toEqual([36, 39, 12]);
  });

  it('stores a replayed batch once', async () => {
    // Prepare
    const tableName = 'BundleReplay';
    await createTable(tableName);
    const event = loadEvent('mixed-temperatures.json');

    // Act
    await invoke(event, { TABLE_NAME: tableName });
    const replay = await invoke(event, { TABLE_NAME: tableName });

    // Assess
    expect(replay.response).toEqual({ batchItemFailures: [] });
    expect((await scan(tableName)).map((item) => item.Temperature)).toEqual([35, 36.5, 40]);
  });
});
