import { describe, expect, it } from 'vitest';
import {
  type ContextSource,
  DEFAULT_STACK_NAME,
  readContextSettings,
  resolveSettings,
  SettingsError,
} from '../src/index.js';

/** A context source as `-c key=value` fills it: every value a string. */
const context = (values: Record<string, unknown>): ContextSource => ({
  tryGetContext: (key) => values[key],
});

describe('resolveSettings', () => {
  it('applies the tutorial defaults', () => {
    // Act
    const settings = resolveSettings();

    // Assess
    expect(settings).toEqual({
      shardCount: 2,
      retentionHours: 24,
      minTemperature: 35,
      filterAtSource: false,
      batchSize: 100,
      maxBatchingWindowSeconds: 1,
      retryAttempts: 3,
      maxRecordAgeSeconds: 3600,
      windowSeconds: 0,
      enhancedFanOut: false,
    });
  });

  it.each([
    ['shardCount', { shardCount: 0 }],
    ['shardCount', { shardCount: 1.5 }],
    ['retentionHours', { retentionHours: 23 }],
    ['retentionHours', { retentionHours: 8761 }],
    ['minTemperature', { minTemperature: Number.NaN }],
    ['batchSize', { batchSize: 10_001 }],
    ['maxBatchingWindowSeconds', { maxBatchingWindowSeconds: 301 }],
    ['retryAttempts', { retryAttempts: -1 }],
    ['maxRecordAgeSeconds', { maxRecordAgeSeconds: 59 }],
    ['maxRecordAgeSeconds', { maxRecordAgeSeconds: 604_801 }],
  ])('refuses a bad %s (%o) with a SettingsError naming it', (setting, partial) => {
    // Act
    const act = (): unknown => resolveSettings(partial);

    // Assess
    expect(act).toThrow(SettingsError);
    expect(act).toThrow(expect.objectContaining({ setting, code: 'INVALID_SETTING' }));
  });

  it.each([
    { retentionHours: 24 },
    { retentionHours: 8760 },
    { maxRecordAgeSeconds: 60 },
    { maxBatchingWindowSeconds: 0 },
    { retryAttempts: 0 },
  ])('accepts the limit %o', (partial) => {
    // Act
    const settings = resolveSettings(partial);

    // Assess
    expect(settings).toMatchObject(partial);
  });
});

describe('readContextSettings', () => {
  it('returns the default stack name and leaves unset keys to the defaults', () => {
    // Act
    const settings = readContextSettings(context({}));

    // Assess
    expect(settings).toEqual({ stackName: DEFAULT_STACK_NAME });
  });

  it('reads -c values as strings and cdk.json values as JSON', () => {
    // Act
    const fromFlags = readContextSettings(
      context({
        stackName: 'MyReadings',
        shards: '4',
        retentionHours: '48',
        minTemperature: '30.5',
        filter: 'true',
      }),
    );
    const fromJson = readContextSettings(
      context({ shards: 4, retentionHours: 48, minTemperature: 30.5, filter: true }),
    );

    // Assess
    const expected = {
      shardCount: 4,
      retentionHours: 48,
      minTemperature: 30.5,
      filterAtSource: true,
    };
    expect(fromFlags).toEqual({ stackName: 'MyReadings', ...expected });
    expect(fromJson).toEqual({ stackName: DEFAULT_STACK_NAME, ...expected });
  });

  it.each([
    ['shards', { shards: 'two' }, /-c shards must be a number/],
    ['shards', { shards: '0' }, /-c shards must be an integer of at least 1 \(got 0\)/],
    ['shards', { shards: '' }, /-c shards must be a number/],
    [
      'retentionHours',
      { retentionHours: '12' },
      /-c retentionHours must be an integer from 24 to 8760/,
    ],
    ['minTemperature', { minTemperature: 'hot' }, /-c minTemperature must be a number/],
    ['filter', { filter: 'yes' }, /-c filter must be true or false/],
    ['stackName', { stackName: '1-readings' }, /-c stackName must start with a letter/],
    ['stackName', { stackName: 'my_readings' }, /-c stackName must start with a letter/],
  ])('refuses a bad -c %s with a SettingsError naming the key', (setting, values, message) => {
    // Act
    const act = (): unknown => readContextSettings(context(values));

    // Assess
    expect(act).toThrow(message);
    expect(act).toThrow(expect.objectContaining({ name: 'SettingsError', setting }));
  });
});
