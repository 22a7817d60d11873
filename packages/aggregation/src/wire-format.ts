/**
 * The few pieces of the protobuf wire format the aggregated record needs
 * (https://protobuf.dev/programming-guides/encoding/): varints and length-delimited fields.
 */

/** Wire types of the protobuf encoding. */
export const WireType = {
  Varint: 0,
  Fixed64: 1,
  LengthDelimited: 2,
  StartGroup: 3,
  EndGroup: 4,
  Fixed32: 5,
} as const;

/** A field's tag byte: field number << 3 | wire type (one byte for fields 1 to 15). */
export function tagOf(field: number, wireType: number): number {
  return (field << 3) | wireType;
}

/** Bytes a varint of `value` (a non-negative integer below 2^35) takes. */
export function varintSize(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x20_0000) return 3;
  if (value < 0x1000_0000) return 4;
  return 5;
}

/** Writes `value` (a non-negative integer below 2^32) as a varint at `pos`; returns the next position. */
export function writeVarint(out: Uint8Array, pos: number, value: number): number {
  let rest = value;
  while (rest >= 0x80) {
    out[pos++] = (rest & 0x7f) | 0x80;
    rest >>>= 7;
  }
  out[pos++] = rest;
  return pos;
}

/** Bytes of a length-delimited field of `length` bytes whose field number is 1 to 15. */
export function lengthDelimitedSize(length: number): number {
  return 1 + varintSize(length) + length;
}
