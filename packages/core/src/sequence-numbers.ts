// Sequence numbers: see docs/kinesis-facts.md, "Sequence numbers", and
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecordsResultEntry.html

const ZERO = 48;

/** Kinesis' pattern for a sequence number, `0|([1-9]\d{0,128})`. */
const SEQUENCE_NUMBER = /^(?:0|[1-9]\d{0,128})$/;

/**
 * True if `text` is a sequence number as Kinesis writes them: a decimal integer of up to 129
 * digits, no sign, no leading zero.
 *
 * @example
 * ```ts
 * import { isSequenceNumber } from '@kds/core';
 *
 * isSequenceNumber('49590338271490256608559692538361571095921575989136588898'); // true
 * isSequenceNumber('TRIM_HORIZON'); // false
 * ```
 */
export function isSequenceNumber(text: unknown): text is string {
  return typeof text === 'string' && SEQUENCE_NUMBER.test(text);
}

/**
 * Orders two Kinesis sequence numbers: negative when `a` comes first, positive when `b` does, 0 when
 * equal. They are decimal strings beyond 2^53, so never compared as Numbers. Two canonical numbers of
 * the same length (no leading zero) compare like their text, which spares a BigInt conversion on the
 * hot path; anything else is compared as BigInt.
 *
 * @example
 * ```ts
 * import { compareSequenceNumbers } from '@kds/core';
 *
 * compareSequenceNumbers('9007199254740993', '9007199254740992'); // 1
 * ['10', '9'].sort(compareSequenceNumbers); // ['9', '10']
 * ```
 */
export function compareSequenceNumbers(a: string, b: string): number {
  if (a.length === b.length && a.charCodeAt(0) !== ZERO && b.charCodeAt(0) !== ZERO) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const left = BigInt(a);
  const right = BigInt(b);
  return left < right ? -1 : left > right ? 1 : 0;
}
