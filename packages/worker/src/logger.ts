/** How much a log event matters. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** One structured log event of a worker: what happened, to which shard, with its figures. */
export interface WorkerLogEvent {
  readonly level: LogLevel;
  /** A short, stable description: `lease taken`, `lease lost`, `shard ended`... */
  readonly message: string;
  readonly workerId: string;
  readonly shardId?: string;
  /** Anything else the event carries (an error's name and message, a checkpoint...). */
  readonly [field: string]: unknown;
}

/** Receives the worker's log events. */
export type WorkerLogger = (event: WorkerLogEvent) => void;

function plain(value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, message: value.message, ...(code === undefined ? {} : { code }) };
  }
  return typeof value === 'bigint' ? value.toString() : value;
}

/**
 * A logger that writes each event as one JSON line (`time`, `level`, `message`, `workerId`,
 * `shardId` and the event's fields; errors as their name, code and message), on stderr unless
 * told otherwise: the form CloudWatch Logs and most log shippers parse.
 *
 * @example
 * ```ts
 * import { jsonLogger } from '@kds/worker';
 *
 * const logger = jsonLogger({ minLevel: 'info' });
 * logger({ level: 'info', message: 'lease taken', workerId: 'w1', shardId: 'shardId-000000000000' });
 * ```
 */
export function jsonLogger(
  options: { write?: (line: string) => void; minLevel?: LogLevel; now?: () => Date } = {},
): WorkerLogger {
  const {
    write = (line) => process.stderr.write(`${line}\n`),
    minLevel = 'info',
    now = () => new Date(),
  } = options;
  const order: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];
  const threshold = order.indexOf(minLevel);
  return (event) => {
    if (order.indexOf(event.level) < threshold) return;
    write(JSON.stringify({ time: now().toISOString(), ...event }, (_key, value) => plain(value)));
  };
}
