import { describe, expect, it } from 'vitest';
import {
  KINESIS_EMULATOR_VARIABLE,
  KinesisEmulator,
  kinesisEmulatorFromEnv,
  UnknownEmulatorError,
} from '../src/index.js';

describe('kinesisEmulatorFromEnv', () => {
  it.each([
    ['unset', {}, KinesisEmulator.Kinesalite],
    ['empty', { [KINESIS_EMULATOR_VARIABLE]: '' }, KinesisEmulator.Kinesalite],
    ['blank', { [KINESIS_EMULATOR_VARIABLE]: '  ' }, KinesisEmulator.Kinesalite],
    ['kinesalite', { [KINESIS_EMULATOR_VARIABLE]: 'kinesalite' }, KinesisEmulator.Kinesalite],
    [
      'kinesis-local with spaces around',
      { [KINESIS_EMULATOR_VARIABLE]: ' kinesis-local ' },
      KinesisEmulator.KinesisLocal,
    ],
  ])('picks the emulator when the variable is %s', (_, env, expected) => {
    // Act
    const emulator = kinesisEmulatorFromEnv(env);

    // Assess
    expect(emulator).toBe(expected);
  });

  it('refuses a name it does not know and lists the ones it does', () => {
    // Act
    const read = () => kinesisEmulatorFromEnv({ [KINESIS_EMULATOR_VARIABLE]: 'localstack' });

    // Assess
    expect(read).toThrow(UnknownEmulatorError);
    expect(read).toThrow(
      expect.objectContaining({
        code: 'UNKNOWN_EMULATOR',
        message: expect.stringMatching(/"localstack".*kinesalite, kinesis-local/),
      }),
    );
  });
});
