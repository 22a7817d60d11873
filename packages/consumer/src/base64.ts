/** The bytes a strict base64 string of this length decodes to, padding included in the length. */
export function base64ByteLength(data: string): number {
  const padding =
    data.charCodeAt(data.length - 1) === 61 ? (data.charCodeAt(data.length - 2) === 61 ? 2 : 1) : 0;
  return (data.length / 4) * 3 - padding;
}

/**
 * Decodes strict base64 (RFC 4648 standard alphabet, padded, no whitespace) into a binary string
 * (one character per byte), or returns `undefined`.
 *
 * `atob` implements WHATWG forgiving-base64: it throws on characters outside the standard alphabet
 * (so on the URL-safe one and on anything not ASCII) and on misplaced padding, and is native and
 * faster on Node 20 than `Buffer.from(data, 'base64')`, which skips bad characters silently. It
 * forgives only ASCII whitespace, and every character it drops shortens the output, so comparing
 * the output length with the length the text must decode to rejects that too; no regular
 * expression runs over the text. The caller has checked that the length is a multiple of 4.
 */
export function decodeBase64Binary(data: string): string | undefined {
  let binary: string;
  try {
    binary = atob(data);
  } catch {
    return undefined;
  }
  return binary.length === base64ByteLength(data) ? binary : undefined;
}

/** Whether a binary string holds only ASCII, so that it is its own UTF-8 decoding. */
export function isAsciiBinary(binary: string): boolean {
  return Buffer.byteLength(binary, 'utf8') === binary.length;
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
