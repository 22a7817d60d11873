/**
 * Bytes and strings as they are (a string is sent as UTF-8), anything else as its JSON text. A
 * string rather than a buffer: with aggregation it is written straight into the aggregate, and
 * otherwise it becomes bytes once, when its request is written. `undefined` and other values
 * without JSON text come back as they are, for the producer to refuse.
 */
export function defaultSerialize(value: unknown): Uint8Array | string {
  if (value instanceof Uint8Array || typeof value === 'string') return value;
  return JSON.stringify(value);
}
