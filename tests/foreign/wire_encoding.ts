/**
 * A hand-written protobuf encoder for the one request the golden tests send,
 * `RunRequest`, built from the field numbers in the specification (not from
 * any .proto loader), so the bytes on the wire are known independently of the
 * runtime's own proto handling. Canonical proto3: default values (false
 * flags) are omitted, fields in number order.
 *
 * @module
 */

const encoder = new TextEncoder();
const LENGTH_DELIMITED = 2;
const VARINT = 0;

function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}

function tag(field: number, wireType: number): number[] {
  return varint(field * 8 + wireType);
}

function lengthDelimited(field: number, payload: Uint8Array): number[] {
  return [...tag(field, LENGTH_DELIMITED), ...varint(payload.length), ...payload];
}

function mapEntry(key: string, value: Uint8Array): Uint8Array {
  return Uint8Array.from([
    ...lengthDelimited(1, encoder.encode(key)),
    ...lengthDelimited(2, value),
  ]);
}

/** The flags of a `RunRequest` (fields 2 and 3). */
export interface RunFlags {
  /** `detect_drift` (field 2); omitted from the bytes when false. */
  readonly detectDrift?: boolean;
  /** `explain` (field 3); omitted from the bytes when false. */
  readonly explain?: boolean;
}

/**
 * Encodes a `RunRequest`: `inputs = 1` repeated `InputItem`, each
 * `input = 1` a map<string, bytes> whose entries are written in the
 * iteration order of each item's record.
 */
export function encodeRunRequest(
  items: readonly Readonly<Record<string, Uint8Array>>[],
  flags: RunFlags = {},
): Uint8Array {
  const bytes: number[] = [];
  for (const item of items) {
    const entries = Object.entries(item).map(([key, value]) =>
      lengthDelimited(1, mapEntry(key, value))
    );
    bytes.push(...lengthDelimited(1, Uint8Array.from(entries.flat())));
  }
  if (flags.detectDrift) bytes.push(...tag(2, VARINT), 1);
  if (flags.explain) bytes.push(...tag(3, VARINT), 1);
  return Uint8Array.from(bytes);
}
