const ZERO = 48;

/**
 * Orders two Kinesis sequence numbers: negative when `a` comes first, positive when `b` does, 0 when
 * equal. They are decimal strings beyond 2^53, so never compared as Numbers. Two canonical numbers of
 * the same length (no leading zero) compare like their text, which spares a BigInt conversion on the
 * hot path; anything else is compared as BigInt.
 *
 * @example
 * ```ts
 * import { compareSequenceNumbers } from '@kds/consumer';
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
