import { describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION, localProcessEnv } from '../src/index.js';

describe('localProcessEnv', () => {
  it("keeps the parent's variables but none of its AWS settings, and names the emulators the AWS way", () => {
    // Prepare
    const parent = {
      PATH: '/usr/bin',
      KDS_LOG: 'debug',
      AWS_PROFILE: 'production',
      AWS_ENDPOINT_URL: 'https://kinesis.eu-west-1.amazonaws.com',
      AWS_SESSION_TOKEN: 'token',
      UNSET: undefined,
    };

    // Act
    const env = localProcessEnv(
      { kinesisEndpoint: 'http://127.0.0.1:4567', dynamodbEndpoint: 'http://127.0.0.1:4568' },
      parent,
    );

    // Assess
    expect(env).toEqual({
      PATH: '/usr/bin',
      KDS_LOG: 'debug',
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_KINESIS: 'http://127.0.0.1:4567',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:4568',
    });
  });

  it('sets only the endpoints it is given', () => {
    // Act
    const env = localProcessEnv({ kinesisEndpoint: 'http://127.0.0.1:4567' }, {});

    // Assess
    expect(env.AWS_ENDPOINT_URL_KINESIS).toBe('http://127.0.0.1:4567');
    expect(env).not.toHaveProperty('AWS_ENDPOINT_URL_DYNAMODB');
  });

  it("starts from this process's environment when no parent is given", () => {
    // Act
    const env = localProcessEnv({});

    // Assess
    expect(env.PATH).toBe(process.env.PATH);
    expect(env.AWS_REGION).toBe(LOCAL_REGION);
  });
});
