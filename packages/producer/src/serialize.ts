/**
 * Bytes and strings as they are (a string is sent as UTF-8), anything else as its JSON text. A
 * string rather than a buffer: with aggregation it is written straight into the aggregate, and
 * otherwise the producer turns it into bytes at `put`. `undefined` and other values without JSON
 * text come back as they are, for the producer to refuse.
 */
export function defaultSerialize(value: unknown): Uint8Array | string {
  if (value instanceof Uint8Array || typeof value === 'string') return value;
  return JSON.stringify(value);
}
