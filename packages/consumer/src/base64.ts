/** The bytes a strict base64 string of this length decodes to, padding included in the length. */
export function base64ByteLength(data: string): number {
  const padding =
    data.charCodeAt(data.length - 1) === 61 ? (data.charCodeAt(data.length - 2) === 61 ? 2 : 1) : 0;
  return (data.length / 4) * 3 - padding;
}

/**
 * Decodes strict base64 (RFC 4648 standard alphabet, padded, no whitespace), or returns `undefined`.
 *
 * Node's decoder is lenient: it skips ASCII characters outside the alphabet, stops at inner
 * padding, accepts the URL-safe alphabet and reads only the low byte of other characters. Every
 * skipped character shortens the output, so comparing the output length with the length the text
 * must decode to catches those without a regular expression over the whole string (which costs
 * more than the decoding); the ASCII check and the `-` / `_` searches are native scans.
 * The caller has checked that the length is a multiple of 4.
 */
export function decodeBase64Strict(data: string): Buffer | undefined {
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length !== base64ByteLength(data)) return undefined;
  if (Buffer.byteLength(data, 'utf8') !== data.length) return undefined;
  if (data.includes('-') || data.includes('_')) return undefined;
  return bytes;
}

const OUTSIDE_ALPHABET = /[^A-Za-z0-9+/=]/;

/** Says what is wrong with text that is not strict base64: for error messages only. */
export function describeBase64Problem(data: string): string {
  if (data.length % 4 !== 0) return `its length ${data.length} is not a multiple of 4`;
  const urlSafe = /[-_]/.exec(data);
  if (urlSafe !== null) {
    return `character "${urlSafe[0]}" at index ${urlSafe.index} belongs to the URL-safe alphabet`;
  }
  const outside = OUTSIDE_ALPHABET.exec(data);
  if (outside !== null) {
    return `character ${JSON.stringify(outside[0])} at index ${outside.index} is outside the base64 alphabet`;
  }
  const firstPad = data.indexOf('=');
  const padded = data.length - firstPad;
  if (firstPad !== -1 && (padded > 2 || data.charAt(data.length - 1) !== '=')) {
    return `padding "=" at index ${firstPad} is misplaced`;
  }
  return 'it does not decode';
}
