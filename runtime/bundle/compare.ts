/**
 * Compares a model's output file with the expected file of a functional test
 * case, the way the reference suite does: `.json` files compare after both
 * are re-serialised compactly, other files byte for byte.
 *
 * @module
 */

/** The outcome of {@link outputsMatch}: whether they match and, if not, why. */
export interface OutputComparison {
  /** The actual output equals the expected one. */
  readonly ok: boolean;
  /** When not ok, where the first difference is, briefly. */
  readonly detail?: string;
}

const EXCERPT_RADIUS = 20;

/**
 * Compares the `actual` bytes of output file `fileName` with the `expected`
 * bytes. A name ending in `.json` (any case) compares the compact
 * re-serialisation (`JSON.stringify` of the parsed value: separators `,` and
 * `:`, key order kept) of both; any other file compares byte for byte. The
 * detail names the first difference (or the file that is not valid JSON).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { outputsMatch } from "./compare.ts";
 * const bytes = (text: string) => new TextEncoder().encode(text);
 * assert.ok(outputsMatch("results.json", bytes('{"a": 1}'), bytes('{"a":1}')).ok);
 * assert.ok(!outputsMatch("out.txt", bytes("a "), bytes("a")).ok);
 * ```
 */
export function outputsMatch(
  fileName: string,
  actual: Uint8Array,
  expected: Uint8Array,
): OutputComparison {
  return fileName.toLowerCase().endsWith(".json")
    ? compareJson(actual, expected)
    : compareBytes(actual, expected);
}

function compareJson(actual: Uint8Array, expected: Uint8Array): OutputComparison {
  const expectedText = compactJson(expected);
  if (!expectedText.ok) return { ok: false, detail: `expected file ${expectedText.error}` };
  const actualText = compactJson(actual);
  if (!actualText.ok) return { ok: false, detail: `actual output ${actualText.error}` };
  const a = actualText.text;
  const e = expectedText.text;
  if (a === e) return { ok: true };
  const at = firstDifference(a.length, e.length, (i) => a[i] === e[i]);
  return {
    ok: false,
    detail: `compact JSON differs at character ${at}: expected ${excerpt(e, at)}, got ${
      excerpt(a, at)
    }`,
  };
}

function compactJson(
  bytes: Uint8Array,
): { ok: true; text: string } | { ok: false; error: string } {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, error: "is not valid UTF-8 text" };
  }
  try {
    return { ok: true, text: JSON.stringify(JSON.parse(text)) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, error: `is not valid JSON: ${reason}` };
  }
}

function compareBytes(actual: Uint8Array, expected: Uint8Array): OutputComparison {
  const at = firstDifference(actual.length, expected.length, (i) => actual[i] === expected[i]);
  if (at === -1) return { ok: true };
  if (at >= actual.length || at >= expected.length) {
    return {
      ok: false,
      detail: `actual output is ${actual.length} bytes, expected ${expected.length}; ` +
        `the first ${at} bytes are equal`,
    };
  }
  return {
    ok: false,
    detail: `bytes differ at offset ${at}: expected 0x${hex(expected[at])}, got 0x${
      hex(actual[at])
    }`,
  };
}

/** Index of the first difference, or -1 when both sequences are equal. */
function firstDifference(
  actualLength: number,
  expectedLength: number,
  sameAt: (index: number) => boolean,
): number {
  const common = Math.min(actualLength, expectedLength);
  for (let i = 0; i < common; i++) if (!sameAt(i)) return i;
  return actualLength === expectedLength ? -1 : common;
}

function excerpt(text: string, at: number): string {
  const start = Math.max(0, at - EXCERPT_RADIUS);
  const end = Math.min(text.length, at + EXCERPT_RADIUS);
  const prefix = start > 0 ? "…" : "";
  const suffix = end < text.length ? "…" : "";
  return JSON.stringify(`${prefix}${text.slice(start, end)}${suffix}`);
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, "0");
}
