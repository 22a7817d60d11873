import { describe, expect, it } from 'vitest';
import { jsonLogger, LeaseLostError, type LogLevel, type WorkerLogEvent } from '../src/index.js';

const NOW = new Date('2026-12-01T10:00:00.000Z');

/** An event of a worker; each test adds the fields it is about. */
const EVENT = { level: 'info', message: 'lease taken', workerId: 'w1' } as const;

/** The lines a logger with the tests' clock writes for `events`, in order. */
function written(events: readonly WorkerLogEvent[], minLevel?: LogLevel): string[] {
  const lines: string[] = [];
  const logger = jsonLogger({
    write: (line) => lines.push(line),
    now: () => NOW,
    ...(minLevel === undefined ? {} : { minLevel }),
  });
  for (const event of events) logger(event);
  return lines;
}

describe('jsonLogger', () => {
  it('writes one JSON line per event: time, level, message, workerId, shardId and the fields', () => {
    // Act
    const lines = written([
      { ...EVENT, shardId: 'shardId-000000000000', checkpoint: 'TRIM_HORIZON' },
    ]);

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
  ] as const)('writes the events at or above $minLevel', ({ minLevel, written: levels }) => {
    // Act
    const lines = written(
      (['debug', 'info', 'warn', 'error'] as const).map((level) => ({
        level,
        message: `${level} event`,
        workerId: 'w1',
      })),
      minLevel,
    );

    // Assess
    expect(lines.map((line) => (JSON.parse(line) as { level: string }).level)).toEqual(levels);
  });

  it.each<[string, Error, Record<string, string>]>([
    [
      'its name, code and message',
      new LeaseLostError('shardId-000000000001', 'leaseCounter changed'),
      {
        name: 'LeaseLostError',
        code: 'LEASE_LOST',
        message: 'Lease shardId-000000000001 is no longer held: leaseCounter changed',
      },
    ],
    [
      'its name and message when it has no code',
      new TypeError('bad'),
      { name: 'TypeError', message: 'bad' },
    ],
  ])('writes an error as %s', (_name, error, fields) => {
    // Act
    const [line] = written([{ ...EVENT, level: 'warn', message: 'checkpoint failed', error }]);

    // Assess
    expect(JSON.parse(line as string).error).toEqual(fields);
  });

  it('writes a bigint as a string, nested too', () => {
    // Act
    const [line] = written([
      {
        ...EVENT,
        sequenceNumber: 49590338271490256608559692538361571095921575989136588898n,
        range: { start: 0n, end: 340282366920938463463374607431768211455n },
      },
    ]);

    // Assess
    expect(JSON.parse(line as string)).toMatchObject({
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
