import { LOCAL_CREDENTIALS, LOCAL_REGION } from './constants.js';

/** The emulators a child process reaches, as `AWS_ENDPOINT_URL_*` variables. */
export interface LocalProcessEndpoints {
  /** Handed on as `AWS_ENDPOINT_URL_KINESIS`. */
  readonly kinesisEndpoint?: string | undefined;
  /** Handed on as `AWS_ENDPOINT_URL_DYNAMODB`. */
  readonly dynamodbEndpoint?: string | undefined;
}

/**
 * The environment of a child process that reaches local emulators the AWS way: the parent's
 * environment without any of its `AWS_*` variables (no profile, role or endpoint of the parent
 * leaks through), the local region and dummy credentials, and each endpoint given in the variable
 * the AWS SDK reads for its service (`AWS_ENDPOINT_URL_KINESIS`, `AWS_ENDPOINT_URL_DYNAMODB`). The
 * child's code then builds its clients with no emulator-specific setting at all.
 *
 * @example
 * ```ts
 * import { spawn } from 'node:child_process';
 * import { localProcessEnv } from '@kds/local';
 *
 * const child = spawn(process.execPath, ['consumer.js'], {
 *   env: localProcessEnv({
 *     kinesisEndpoint: 'http://127.0.0.1:4567',
 *     dynamodbEndpoint: 'http://127.0.0.1:4568',
 *   }),
 * });
 * ```
 */
export function localProcessEnv(
  endpoints: LocalProcessEndpoints,
  parent: Readonly<Record<string, string | undefined>> = process.env,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parent)) {
    if (value !== undefined && !name.startsWith('AWS_')) env[name] = value;
  }
  env.AWS_REGION = LOCAL_REGION;
  env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
  env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
  if (endpoints.kinesisEndpoint !== undefined)
    env.AWS_ENDPOINT_URL_KINESIS = endpoints.kinesisEndpoint;
  if (endpoints.dynamodbEndpoint !== undefined)
    env.AWS_ENDPOINT_URL_DYNAMODB = endpoints.dynamodbEndpoint;
  return env;
}
