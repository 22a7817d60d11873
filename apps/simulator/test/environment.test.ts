import { describe, expect, it } from 'vitest';
import { awsConfigurationSource } from '../src/environment.js';

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
