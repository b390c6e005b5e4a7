/**
 * Pieces the hand-written wire codecs of the hot methods share (Modzy Run,
 * OIP ModelInfer): string fields read and written exactly as protobufjs
 * reads and writes them — so those codecs stay byte-for-byte equal to the
 * generic ones — with short repeated texts decoded and encoded once, and the
 * sizes of varints and length-delimited fields.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import protobuf from "protobufjs";

/** The last text a field held, as bytes and as text: consecutive messages repeat their names. */
export interface TextSlot {
  /** The field's last bytes. */
  bytes: Uint8Array;
  /** Their text. */
  text: string;
}

/** A fresh, empty {@link TextSlot}. */
export function textSlot(): TextSlot {
  return { bytes: new Uint8Array(0), text: "" };
}

/**
 * A string field, as `reader.string()` reads it, but decoded only when its
 * bytes differ from the last ones `slot` saw (short texts only).
 */
export function readText(reader: protobuf.Reader, slot: TextSlot): string {
  const start = reader.pos;
  const length = reader.uint32();
  const begin = reader.pos;
  const end = begin + length;
  reader.pos = start;
  if (end > reader.len || length > 64) return reader.string();
  const buf = reader.buf;
  const known = slot.bytes;
  if (known.length === length) {
    let same = true;
    for (let i = 0; i < length; i++) {
      if (buf[begin + i] !== known[i]) {
        same = false;
        break;
      }
    }
    if (same) {
      reader.pos = end;
      return slot.text;
    }
  }
  const text = reader.string();
  slot.bytes = Uint8Array.prototype.slice.call(buf, begin, end);
  slot.text = text;
  return text;
}

/** UTF-8 of short texts met before (names, status texts), encoded once. */
const textCache = new Map<string, Uint8Array>();

/**
 * A string's bytes as protobufjs's `BufferWriter` writes them: the length
 * Node's `Buffer.byteLength` gives, texts under 40 code units through
 * protobufjs's own UTF-8 writer (lone surrogates kept as three bytes), longer
 * ones through Buffer's (lone surrogates as U+FFFD).
 */
export function textBytes(text: string): Uint8Array {
  let bytes = textCache.get(text);
  if (bytes === undefined) {
    const out = Buffer.allocUnsafe(Buffer.byteLength(text));
    if (text.length < 40) protobuf.util.utf8.write(text, out, 0);
    else out.write(text, 0, "utf8");
    bytes = out;
    if (text.length <= 64 && textCache.size < 256) textCache.set(text, bytes);
  }
  return bytes;
}

/** Bytes of `value` as a varint (a non-negative 32-bit length, tag or value). */
export function varintSize(value: number): number {
  return value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : value < 0x10000000 ? 4 : 5;
}

/** Bytes of a length-delimited field with a one-byte tag and a `length`-byte body. */
export function delimitedSize(length: number): number {
  return 1 + varintSize(length) + length;
}
