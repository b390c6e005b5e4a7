/**
 * Byte sizes as written in model.yaml (`inputs.<file>.maxSize`,
 * `resources.memory.size`): a number with an optional unit.
 *
 * @module
 */

const SIZE_PATTERN = /^([0-9]+(?:\.[0-9]+)?)\s*([kmgtp]?)(i?)(b?)$/i;
const UNIT_POWERS: Readonly<Record<string, number>> = { "": 0, k: 1, m: 2, g: 3, t: 4, p: 5 };

/**
 * Parses a size such as `100` (bytes), `100B`, `512K`, `1M`, `10MB`, `1Gi`
 * or `2.5MiB` into a whole number of bytes, or returns null when `text` is
 * not a size. Units are case-insensitive and all binary (K = KB = Ki = 1024
 * bytes, M = 1024 K, ...): sizes in model.yaml are upper limits, so reading
 * them generously never rejects a file its author meant to allow.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseByteSize } from "./sizes.ts";
 * assert.equal(parseByteSize("64K"), 65536);
 * assert.equal(parseByteSize("1Gi"), 1073741824);
 * assert.equal(parseByteSize("lots"), null);
 * ```
 */
export function parseByteSize(text: string): number | null {
  const match = SIZE_PATTERN.exec(text.trim());
  if (match === null) return null;
  const [, amount, prefix, binaryMark] = match;
  if (prefix === "" && binaryMark !== "") return null;
  const bytes = Math.floor(Number(amount) * 1024 ** UNIT_POWERS[prefix.toLowerCase()]);
  return Number.isSafeInteger(bytes) ? bytes : null;
}
