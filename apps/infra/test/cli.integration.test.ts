import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_STACK_NAME } from '../src/index.js';

const APP_DIRECTORY = fileURLToPath(new URL('..', import.meta.url));
const CDK = createRequire(import.meta.url).resolve('aws-cdk/bin/cdk');

/**
 * The environment of a machine with no AWS set-up at all (CI): no AWS_* variables, a home without
 * ~/.aws, plus the switches the package scripts set.
 */
function offlineEnvironment(home: string): NodeJS.ProcessEnv {
  const kept = Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_'));
  return {
    ...Object.fromEntries(kept),
    HOME: home,
    PATH: [join(APP_DIRECTORY, 'node_modules', '.bin'), process.env.PATH].join(delimiter),
    CDK_DISABLE_VERSION_CHECK: 'true',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/** Runs the CDK CLI in this app's folder (so cdk.json applies); Vitest's hang guard bounds it. */
function cdk(
  args: string[],
  home: string,
): { status: number | null; stdout: string; stderr: string } {
  const { status, stdout, stderr } = spawnSync(process.execPath, [CDK, ...args], {
    cwd: APP_DIRECTORY,
    env: offlineEnvironment(home),
    encoding: 'utf8',
  });
  return { status, stdout, stderr };
}

describe('cdk synth, as `pnpm --filter infra synth` runs it', () => {
  const home = mkdtempSync(join(tmpdir(), 'kds-home-'));
  const outdir = mkdtempSync(join(tmpdir(), 'kds-cdk-out-'));
  afterAll(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(outdir, { recursive: true, force: true });
  });

  it('synthesizes the stack without AWS credentials, reading -c values from the command line', () => {
    // Act
    const { status, stderr } = cdk(['synth', '--quiet', '-o', outdir, '-c', 'shards=3'], home);

    // Assess
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const template = JSON.parse(
      readFileSync(join(outdir, `${DEFAULT_STACK_NAME}.template.json`), 'utf8'),
    ) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    const streams = Object.values(template.Resources).filter(
      ({ Type }) => Type === 'AWS::Kinesis::Stream',
    );
    expect(streams.map(({ Properties }) => Properties.ShardCount)).toEqual([3]);
  });

  it('refuses a bad -c value with one line naming it', () => {
    // Act
    const { status, stderr } = cdk(['synth', '--quiet', '-o', outdir, '-c', 'shards=0'], home);

    // Assess
    expect(status).not.toBe(0);
    expect(stderr).toContain('SettingsError: -c shards must be an integer of at least 1 (got 0)');
  });
});
