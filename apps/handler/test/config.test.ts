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
    { case: 'blank values', env: { TABLE_NAME: '  ', MIN_TEMPERATURE: '' } },
  ])('defaults to TestTable and 35 with $case', ({ env }) => {
    // Act
    const config = readConfig(env);

    // Assess
    expect(config).toEqual({ tableName: 'TestTable', minTemperature: 35 });
    expect([DEFAULT_TABLE_NAME, DEFAULT_MIN_TEMPERATURE]).toEqual(['TestTable', 35]);
  });

  it.each([
    { env: { TABLE_NAME: 'Readings' }, expected: { tableName: 'Readings', minTemperature: 35 } },
    { env: { TABLE_NAME: ' Readings ' }, expected: { tableName: 'Readings', minTemperature: 35 } },
    { env: { MIN_TEMPERATURE: '20' }, expected: { tableName: 'TestTable', minTemperature: 20 } },
    {
      env: { MIN_TEMPERATURE: ' 36.5 ' },
      expected: { tableName: 'TestTable', minTemperature: 36.5 },
    },
    { env: { MIN_TEMPERATURE: '-5' }, expected: { tableName: 'TestTable', minTemperature: -5 } },
    { env: { MIN_TEMPERATURE: '0' }, expected: { tableName: 'TestTable', minTemperature: 0 } },
    {
      env: { TABLE_NAME: 'Hot', MIN_TEMPERATURE: '40' },
      expected: { tableName: 'Hot', minTemperature: 40 },
    },
  ])('reads $env', ({ env, expected }) => {
    // Act
    const config = readConfig(env);

    // Assess
    expect(config).toEqual(expected);
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
});
