/**
 * Hashed bag-of-n-grams for a free-text column: word unigrams and bigrams
 * plus character 3- to 5-grams inside word boundaries, each hashed (32-bit
 * FNV-1a) into a fixed number of buckets with a hash-derived sign, counted
 * with sublinear weighting (`1 + ln(count)`) and scaled to unit length. The
 * trainer and every serving door call the same function, so a client sends
 * raw text and never a vector.
 *
 * @module
 */

/** Settings of one hashed text column, as saved in model.yaml. */
export interface TextHashing {
  /** Number of hash buckets (the column's width in the model input). */
  readonly buckets: number;
  /** Word n-gram sizes, smallest and largest (e.g. [1, 2]). */
  readonly wordNgrams: readonly [number, number];
  /** Character n-gram sizes, smallest and largest (e.g. [3, 5]). */
  readonly charNgrams: readonly [number, number];
}

/** The settings the trainer uses for every text column. */
export const DEFAULT_TEXT_HASHING: TextHashing = {
  buckets: 2048,
  wordNgrams: [1, 2],
  charNgrams: [3, 5],
};

const WORD_PATTERN = /[\p{L}\p{N}]+/gu;

/** 32-bit FNV-1a over the UTF-16 code units of `text`. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Writes the hashed features of `text` into `into[offset .. offset +
 * hashing.buckets)` (which the caller has zeroed).
 *
 * @example
 * ```ts
 * import { DEFAULT_TEXT_HASHING, hashText } from "./tabular_text_hashing.ts";
 * const row = new Float32Array(DEFAULT_TEXT_HASHING.buckets);
 * hashText("Hello world", DEFAULT_TEXT_HASHING, row, 0);
 * const length = Math.hypot(...row);
 * if (Math.abs(length - 1) > 1e-6) throw new Error(`not unit length: ${length}`);
 * ```
 */
export function hashText(
  text: string,
  hashing: TextHashing,
  into: Float32Array | Float64Array,
  offset: number,
): void {
  const counts = new Map<number, number>();
  const add = (token: string) => {
    const hash = fnv1a(token);
    const key = hash % hashing.buckets * 2 + (hash >>> 31);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  const words = text.toLowerCase().match(WORD_PATTERN) ?? [];
  const [wordLow, wordHigh] = hashing.wordNgrams;
  for (let n = wordLow; n <= wordHigh; n++) {
    for (let start = 0; start + n <= words.length; start++) {
      add(`w${n}:${words.slice(start, start + n).join(" ")}`);
    }
  }
  const [charLow, charHigh] = hashing.charNgrams;
  for (const word of words) {
    const padded = ` ${word} `;
    for (let n = charLow; n <= charHigh; n++) {
      for (let start = 0; start + n <= padded.length; start++) {
        add(`c:${padded.slice(start, start + n)}`);
      }
    }
  }
  const values = new Float64Array(hashing.buckets);
  for (const [key, count] of counts) {
    const sign = key % 2 === 0 ? 1 : -1;
    values[key >> 1] += sign * (1 + Math.log(count));
  }
  let squared = 0;
  for (let i = 0; i < values.length; i++) squared += values[i] * values[i];
  const norm = squared > 0 ? Math.sqrt(squared) : 1;
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== 0) into[offset + i] = values[i] / norm;
  }
}
