import { gunzipSync } from 'node:zlib';
import { DecodeError } from './errors.js';

/** The first two bytes of every gzip member (RFC 1952). */
const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/** Whether the bytes start with the gzip magic. JSON text never does: 0x1f is not JSON. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC_0 && bytes[1] === GZIP_MAGIC_1;
}

/** Whether a binary string (one character per byte) starts with the gzip magic. */
export function isGzipBinary(binary: string): boolean {
  return binary.charCodeAt(0) === GZIP_MAGIC_0 && binary.charCodeAt(1) === GZIP_MAGIC_1;
}

/**
 * Inflates gzip bytes, never past `maxBytes`: zlib stops at `maxOutputLength`, so a gzip bomb
 * costs at most that much memory.
 *
 * @returns the inflated bytes, or the DecodeError (`TOO_LARGE` or `BAD_GZIP`)
 */
export function gunzipCapped(bytes: Uint8Array, maxBytes: number): Buffer | DecodeError {
  try {
    return gunzipSync(bytes, { maxOutputLength: Math.max(1, maxBytes) });
  } catch (cause) {
    if ((cause as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      return new DecodeError(
        'TOO_LARGE',
        `Record data (gzip) inflates to more than ${maxBytes} bytes, the limit`,
        { cause },
      );
    }
    return new DecodeError(
      'BAD_GZIP',
      `Record data starts with the gzip magic but does not inflate: ${(cause as Error).message}`,
      { cause },
    );
  }
}
