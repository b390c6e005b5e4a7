/**
 * Durations as written in model.yaml (`timeout.status`, `timeout.run`).
 *
 * @module
 */

const BARE_SECONDS_PATTERN = /^[0-9]+(?:\.[0-9]+)?$/;
const DURATION_PART_PATTERN = /([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)/iy;
const UNIT_MILLISECONDS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * Parses a duration into whole milliseconds, or returns null when `text` is
 * not one. Accepted: a bare number of seconds (`20`, `1.5`), or one or more
 * number-unit parts with units `ms`, `s`, `m`, `h` (`500ms`, `20s`, `2m`,
 * `1h`, `1m30s`); units are case-insensitive.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseDuration } from "./durations.ts";
 * assert.equal(parseDuration("20s"), 20000);
 * assert.equal(parseDuration("1m30s"), 90000);
 * assert.equal(parseDuration("soon"), null);
 * ```
 */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (BARE_SECONDS_PATTERN.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  if (trimmed === "") return null;
  const partPattern = new RegExp(DURATION_PART_PATTERN);
  let total = 0;
  let position = 0;
  while (position < trimmed.length) {
    partPattern.lastIndex = position;
    const part = partPattern.exec(trimmed);
    if (part === null) return null;
    total += Number(part[1]) * UNIT_MILLISECONDS[part[2].toLowerCase()];
    position = partPattern.lastIndex;
  }
  const milliseconds = Math.round(total);
  return Number.isSafeInteger(milliseconds) ? milliseconds : null;
}
