import { describe, expect, it } from 'vitest';
import { awsConfigurationSource, efoEmulatorConflict, efoTarget } from '../src/environment.js';

describe('awsConfigurationSource', () => {
  it('is undefined with no AWS configuration: the embedded default', () => {
    expect(awsConfigurationSource({ HOME: '/root', AWS_REGION: '  ' })).toBeUndefined();
  });

  it.each([
    'AWS_REGION',
    'AWS_DEFAULT_REGION',
    'AWS_PROFILE',
    'AWS_ENDPOINT_URL',
    'AWS_ENDPOINT_URL_KINESIS',
  ])('selects AWS mode when %s is set', (name) => {
    expect(awsConfigurationSource({ [name]: 'x' })).toBe(name);
  });
});

describe('--efo and the environment', () => {
  it.each([{}, { KDS_KINESIS_EMULATOR: ' ' }, { KDS_KINESIS_EMULATOR: 'kinesis-local' }])(
    'runs start --efo on kinesis-local with %j',
    (env) => {
      expect(efoEmulatorConflict(env)).toBeUndefined();
    },
  );

  it('refuses start --efo when KDS_KINESIS_EMULATOR asks for kinesalite, in one line', () => {
    expect(efoEmulatorConflict({ KDS_KINESIS_EMULATOR: 'kinesalite' })).toBe(
      '--efo needs kinesis-local (kinesalite has no SubscribeToShard): unset KDS_KINESIS_EMULATOR or set it to kinesis-local (got "kinesalite")',
    );
  });

  it.each([
    [false, { AWS_ENDPOINT_URL_KINESIS: 'http://127.0.0.1:4567' }, false],
    [true, { AWS_REGION: 'eu-west-1' }, 'aws'],
    [true, { AWS_ENDPOINT_URL_KINESIS: 'http://127.0.0.1:4567' }, 'emulator'],
    [true, { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' }, 'emulator'],
  ] as const)('consume --efo=%s with %j subscribes on %s', (efo, env, target) => {
    expect(efoTarget(efo, env)).toBe(target);
  });
});
