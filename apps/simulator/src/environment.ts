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
