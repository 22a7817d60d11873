const textEncoder = new TextEncoder();

/** Bytes as they are, strings as UTF-8, anything else as JSON text in UTF-8. */
export function defaultSerialize(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return textEncoder.encode(value);
  return textEncoder.encode(JSON.stringify(value));
}
