import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_MIN_TEMPERATURE,
  DEFAULT_TABLE_NAME,
  readConfig,
} from '../src/index.js';

describe('readConfig', () => {
  it.each([
    { case: 'an empty environment', env: {} },
    { case: 'blank values', env: { TABLE_NAME: '  ', MIN_TEMPERATURE: '', POISON_POLICY: ' ' } },
  ])('defaults to TestTable, 35 and poison skip with $case', ({ env }) => {
    // Act
    const config = readConfig(env);

    // Assess
    expect(config).toEqual({ tableName: 'TestTable', minTemperature: 35, poison: 'skip' });
    expect([DEFAULT_TABLE_NAME, DEFAULT_MIN_TEMPERATURE]).toEqual(['TestTable', 35]);
  });

  it.each([
    {
      env: { TABLE_NAME: 'Readings' },
      expected: { tableName: 'Readings', minTemperature: 35, poison: 'skip' },
    },
    {
      env: { TABLE_NAME: ' Readings ' },
      expected: { tableName: 'Readings', minTemperature: 35, poison: 'skip' },
    },
    {
      env: { MIN_TEMPERATURE: '20' },
      expected: { tableName: 'TestTable', minTemperature: 20, poison: 'skip' },
    },
    {
      env: { MIN_TEMPERATURE: ' 36.5 ' },
      expected: { tableName: 'TestTable', minTemperature: 36.5, poison: 'skip' },
    },
    {
      env: { MIN_TEMPERATURE: '-5' },
      expected: { tableName: 'TestTable', minTemperature: -5, poison: 'skip' },
    },
    {
      env: { MIN_TEMPERATURE: '0' },
      expected: { tableName: 'TestTable', minTemperature: 0, poison: 'skip' },
    },
    {
      env: { TABLE_NAME: 'Hot', MIN_TEMPERATURE: '40' },
      expected: { tableName: 'Hot', minTemperature: 40, poison: 'skip' },
    },
  ])('reads $env', ({ env, expected }) => {
    // Act
    const config = readConfig(env);

    // Assess
    expect(config).toEqual(expected);
  });

  it.each([
    { value: 'skip', poison: 'skip' },
    { value: 'report', poison: 'report' },
    { value: 'fail', poison: 'fail' },
    { value: ' FAIL ', poison: 'fail' },
  ])('reads POISON_POLICY=$value', ({ value, poison }) => {
    // Act
    const config = readConfig({ POISON_POLICY: value });

    // Assess
    expect(config.poison).toBe(poison);
  });

  it.each(['drop', 'ignore', '1'])('throws a ConfigError on POISON_POLICY=%s', (value) => {
    // Act
    const read = () => readConfig({ POISON_POLICY: value });

    // Assess
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(`POISON_POLICY must be one of skip, report, fail (got "${value}")`);
  });

  it.each(['hot', '35abc', 'Infinity', 'NaN'])(
    'throws a ConfigError on MIN_TEMPERATURE=%s',
    (value) => {
      // Act
      const read = () => readConfig({ MIN_TEMPERATURE: value });

      // Assess
      expect(read).toThrow(ConfigError);
      expect(read).toThrow(`MIN_TEMPERATURE must be a number (got "${value}")`);
    },
  );

  it('gives the ConfigError a name and a code', () => {
    // Act
    let caught: unknown;
    try {
      readConfig({ MIN_TEMPERATURE: 'hot' });
    } catch (error) {
      caught = error;
    }

    // Assess
    expect(caught).toBeInstanceOf(ConfigError);
    expect(caught).toMatchObject({ name: 'ConfigError', code: 'CONFIG' });
  });

  describe('METRICS_NAMESPACE', () => {
    it.each([
      { case: 'unset', env: {} },
      { case: 'blank', env: { METRICS_NAMESPACE: '  ', AWS_LAMBDA_FUNCTION_NAME: 'readings' } },
    ])('turns metrics off when $case', ({ env }) => {
      // Act
      const config = readConfig(env);

      // Assess
      expect(config.metrics).toBeUndefined();
    });

    it('names the namespace, with the function as dimension when Lambda names it', () => {
      // Act
      const inLambda = readConfig({
        METRICS_NAMESPACE: ' Readings ',
        AWS_LAMBDA_FUNCTION_NAME: 'readings-handler',
      });
      const elsewhere = readConfig({ METRICS_NAMESPACE: 'Readings' });

      // Assess
      expect(inLambda.metrics).toEqual({
        namespace: 'Readings',
        dimensions: { FunctionName: 'readings-handler' },
      });
      expect(elsewhere.metrics).toEqual({ namespace: 'Readings' });
    });

    it('throws a ConfigError naming METRICS_NAMESPACE when it is too long for CloudWatch', () => {
      // Act
      const read = () => readConfig({ METRICS_NAMESPACE: 'n'.repeat(256) });

      // Assess
      expect(read).toThrow(ConfigError);
      expect(read).toThrow('METRICS_NAMESPACE');
    });
  });
});
