import { KINESIS_EMULATOR_VARIABLE, KinesisEmulator } from '@kds/emulators';

/** The variables that mean the user has pointed the AWS SDK somewhere on purpose. */
const AWS_CONFIGURATION_VARIABLES = [
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_PROFILE',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_KINESIS',
] as const;

/**
 * The AWS variable that selects AWS mode, or `undefined` for the embedded default.
 *
 * @example
 * ```ts
 * import { awsConfigurationSource } from './environment.js';
 *
 * awsConfigurationSource({ AWS_REGION: 'eu-west-1' }); // 'AWS_REGION'
 * ```
 */
export function awsConfigurationSource(
  env: Record<string, string | undefined>,
): string | undefined {
  return AWS_CONFIGURATION_VARIABLES.find((name) => (env[name] ?? '').trim() !== '');
}

/**
 * Why `start --efo` cannot run with the environment's embedded Kinesis, or `undefined`: `--efo`
 * picks kinesis-local (kinesalite has no SubscribeToShard), so a `KDS_KINESIS_EMULATOR` that asks
 * for another emulator contradicts it.
 *
 * @example
 * ```ts
 * import { efoEmulatorConflict } from './environment.js';
 *
 * efoEmulatorConflict({ KDS_KINESIS_EMULATOR: 'kinesalite' }); // the one-line usage error
 * ```
 */
export function efoEmulatorConflict(env: Record<string, string | undefined>): string | undefined {
  const asked = (env[KINESIS_EMULATOR_VARIABLE] ?? '').trim();
  if (asked === '' || asked === KinesisEmulator.KinesisLocal) return undefined;
  return `--efo needs kinesis-local (kinesalite has no SubscribeToShard): unset ${KINESIS_EMULATOR_VARIABLE} or set it to ${KinesisEmulator.KinesisLocal} (got "${asked}")`;
}

/**
 * Where `consume --efo` subscribes: an emulator when a Kinesis endpoint is set (kinesis-mock
 * serves SubscribeToShard over HTTP/1.1 only), else AWS (over HTTP/2); `false` without `--efo`.
 *
 * @example
 * ```ts
 * import { efoTarget } from './environment.js';
 *
 * efoTarget(true, { AWS_ENDPOINT_URL_KINESIS: 'http://127.0.0.1:4567' }); // 'emulator'
 * ```
 */
export function efoTarget(
  efo: boolean,
  env: Record<string, string | undefined>,
): false | 'aws' | 'emulator' {
  if (!efo) return false;
  const endpoint = (env.AWS_ENDPOINT_URL_KINESIS ?? env.AWS_ENDPOINT_URL ?? '').trim();
  return endpoint === '' ? 'aws' : 'emulator';
}
