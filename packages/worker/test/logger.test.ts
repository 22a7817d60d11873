import { describe, expect, it } from 'vitest';
import { jsonLogger, LeaseLostError, type LogLevel } from '../src/index.js';

const NOW = new Date('2026-12-01T10:00:00.000Z');

function collectingLogger(minLevel?: LogLevel): {
  logger: ReturnType<typeof jsonLogger>;
  lines: string[];
} {
  const lines: string[] = [];
  const logger = jsonLogger({
    write: (line) => lines.push(line),
    now: () => NOW,
    ...(minLevel === undefined ? {} : { minLevel }),
  });
  return { logger, lines };
}

describe('jsonLogger', () => {
  it('writes one JSON line per event: time, level, message, workerId, shardId and the fields', () => {
    // Prepare
    const { logger, lines } = collectingLogger();

    // Act
    logger({
      level: 'info',
      message: 'lease taken',
      workerId: 'w1',
      shardId: 'shardId-000000000000',
      checkpoint: 'TRIM_HORIZON',
    });

    // Assess
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(JSON.parse(lines[0] as string)).toEqual({
      time: '2026-12-01T10:00:00.000Z',
      level: 'info',
      message: 'lease taken',
      workerId: 'w1',
      shardId: 'shardId-000000000000',
      checkpoint: 'TRIM_HORIZON',
    });
  });

  it.each([
    { minLevel: undefined, written: ['info', 'warn', 'error'] },
    { minLevel: 'debug', written: ['debug', 'info', 'warn', 'error'] },
    { minLevel: 'warn', written: ['warn', 'error'] },
    { minLevel: 'error', written: ['error'] },
  ] as const)('writes the events at or above $minLevel', ({ minLevel, written }) => {
    // Prepare
    const { logger, lines } = collectingLogger(minLevel);

    // Act
    for (const level of ['debug', 'info', 'warn', 'error'] as const) {
      logger({ level, message: `${level} event`, workerId: 'w1' });
    }

    // Assess
    expect(lines.map((line) => (JSON.parse(line) as { level: string }).level)).toEqual(written);
  });

  it('writes an error as its name, code and message', () => {
    // Prepare
    const { logger, lines } = collectingLogger();

    // Act
    logger({
      level: 'warn',
      message: 'checkpoint failed, retrying',
      workerId: 'w1',
      error: new LeaseLostError('shardId-000000000001', 'leaseCounter changed'),
    });

    // Assess
    expect(JSON.parse(lines[0] as string).error).toEqual({
      name: 'LeaseLostError',
      code: 'LEASE_LOST',
      message: 'Lease shardId-000000000001 is no longer held: leaseCounter changed',
    });
  });

  it('writes an error without a code as its name and message', () => {
    // Prepare
    const { logger, lines } = collectingLogger();

    // Act
    logger({ level: 'error', message: 'read failed', workerId: 'w1', error: new TypeError('bad') });

    // Assess
    expect(JSON.parse(lines[0] as string).error).toEqual({ name: 'TypeError', message: 'bad' });
  });

  it('writes a bigint as a string, nested too', () => {
    // Prepare
    const { logger, lines } = collectingLogger();

    // Act
    logger({
      level: 'info',
      message: 'checkpoint',
      workerId: 'w1',
      sequenceNumber: 49590338271490256608559692538361571095921575989136588898n,
      range: { start: 0n, end: 340282366920938463463374607431768211455n },
    });

    // Assess
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      sequenceNumber: '49590338271490256608559692538361571095921575989136588898',
      range: { start: '0', end: '340282366920938463463374607431768211455' },
    });
  });

  it('writes to stderr, followed by a newline, by default', () => {
    // Prepare
    const written: string[] = [];
    const original = process.stderr.write;
    process.stderr.write = ((chunk: string) => {
      written.push(chunk);
      return true;
    }) as typeof process.stderr.write;

    // Act
    try {
      jsonLogger()({ level: 'error', message: 'lease table error', workerId: 'w1' });
    } finally {
      process.stderr.write = original;
    }

    // Assess
    expect(written).toHaveLength(1);
    expect(written[0]?.endsWith('}\n')).toBe(true);
    expect(JSON.parse(written[0] as string)).toMatchObject({ message: 'lease table error' });
  });
});
