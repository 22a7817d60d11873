import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { KinesisStreamEvent } from '@kds/consumer';
import { LOCAL_CREDENTIALS, LOCAL_REGION, localClientConfig } from '@kds/local';
import { readingsTableDefinition } from 'handler';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { invokeInChild } from './helpers/invoke.js';
import { onlyResource, synthesize } from './helpers/synth.js';

const TABLE_NAME = 'DeployedReadings';

/** A Kinesis event of an encrypted stream: 38 and 35 are hot, 12 and 34.9 are not. */
const event = JSON.parse(
  readFileSync(new URL('./events/encrypted-readings.json', import.meta.url), 'utf8'),
) as KinesisStreamEvent;

// One synthesis for the whole file, into a folder of our own: the asset staged there is the
// folder `cdk deploy` zips and uploads as the function's code.
const outdir = mkdtempSync(join(tmpdir(), 'kds-infra-'));
const { template } = synthesize({}, { outdir });
const fn = onlyResource(template, 'AWS::Lambda::Function');

describe('the deployed function code (the staged asset of the bundled handler)', () => {
  const endpoint = inject('dynamodbEndpoint');
  const client = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(endpoint)));

  beforeAll(async () => {
    await client.send(new CreateTableCommand(readingsTableDefinition(TABLE_NAME)));
  });

  afterAll(() => {
    client.destroy();
    rmSync(outdir, { recursive: true, force: true });
  });

  it('stores the hot readings of a real-shaped Kinesis event in the table', async () => {
    // Prepare: the function's environment from the template, the table name and endpoint local
    const taskRoot = join(outdir, String(fn.Metadata?.['aws:asset:path']));
    const { Variables } = fn.Properties.Environment as { Variables: Record<string, unknown> };
    const env = {
      PATH: process.env.PATH ?? '',
      ...Object.fromEntries(
        Object.entries(Variables).filter(
          (entry): entry is [string, string] => typeof entry[1] === 'string',
        ),
      ),
      TABLE_NAME,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: endpoint,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };

    // Act
    const { result } = await invokeInChild(taskRoot, String(fn.Properties.Handler), {
      event,
      env,
      timeoutMs: 300_000,
    });

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    const { Items } = await client.send(new ScanCommand({ TableName: TABLE_NAME }));
    const stored = (Items ?? []).sort((a, b) => Number(a.Timestamp) - Number(b.Timestamp));
    expect(stored).toEqual([
      { Timestamp: 1_732_600_000_010, Spot: 'K', Temperature: 38 },
      { Timestamp: 1_732_600_000_012, Spot: 'M', Temperature: 35 },
    ]);
  });
});
