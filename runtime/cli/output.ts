/**
 * Rendering of output files for people: JSON documents compactly on one line,
 * anything else as its size and media.
 *
 * @module
 */

const decoder = new TextDecoder("utf-8", { fatal: true });

/** The JSON value an output file holds, or undefined when it is not JSON text. */
export function decodeJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch {
    return undefined;
  }
}

/** One line describing an output file: its JSON, or `<N bytes>`. */
export function describeFile(bytes: Uint8Array): string {
  const value = decodeJson(bytes);
  return value === undefined ? `<${bytes.byteLength} bytes>` : JSON.stringify(value);
}
