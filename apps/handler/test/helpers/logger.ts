import { vi } from 'vitest';
import type { Logger } from '../../src/index.js';

/** A logger whose calls a test can read. */
export function makeSpyLogger(): Logger & {
  info: ReturnType<typeof vi.fn<Logger['info']>>;
  error: ReturnType<typeof vi.fn<Logger['error']>>;
} {
  return { info: vi.fn<Logger['info']>(), error: vi.fn<Logger['error']>() };
}
