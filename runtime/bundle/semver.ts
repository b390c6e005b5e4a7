/**
 * Strict `x.y.z` versions, as used for asset-bundle folder names and the
 * model.yaml `version` key: three dot-separated whole numbers without
 * leading zeros, no pre-release or build suffix.
 *
 * @module
 */

/** A parsed `x.y.z` version. */
export interface Semver {
  /** The `x` of `x.y.z`. */
  readonly major: number;
  /** The `y` of `x.y.z`. */
  readonly minor: number;
  /** The `z` of `x.y.z`. */
  readonly patch: number;
}

const SEMVER_PATTERN = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/;

/**
 * Parses a strict `x.y.z` version, or returns null when `text` is anything
 * else (`1.0`, `v1.0.0`, `01.0.0`, `1.0.0-rc1`, numbers too large to count).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseSemver } from "./semver.ts";
 * assert.equal(parseSemver("0.10.0")?.minor, 10);
 * assert.equal(parseSemver("1.0"), null);
 * ```
 */
export function parseSemver(text: string): Semver | null {
  const match = SEMVER_PATTERN.exec(text);
  if (match === null) return null;
  const [major, minor, patch] = match.slice(1).map(Number);
  if (![major, minor, patch].every(Number.isSafeInteger)) return null;
  return { major, minor, patch };
}

/** Whether `text` is a strict `x.y.z` version. */
export function isSemver(text: string): boolean {
  return parseSemver(text) !== null;
}

/**
 * Orders two versions numerically, part by part: negative when `a` is lower,
 * positive when higher, 0 when equal (so `0.10.0` sorts above `0.9.1`).
 */
export function compareSemver(a: Semver, b: Semver): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/**
 * Returns the highest strict `x.y.z` version among `names`, as written, or
 * null when none of them is a version (other names are ignored).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { highestSemver } from "./semver.ts";
 * assert.equal(highestSemver(["0.9.1", "0.10.0", "notes"]), "0.10.0");
 * ```
 */
export function highestSemver(names: Iterable<string>): string | null {
  let best: { name: string; version: Semver } | null = null;
  for (const name of names) {
    const version = parseSemver(name);
    if (version === null) continue;
    if (best === null || compareSemver(version, best.version) > 0) best = { name, version };
  }
  return best?.name ?? null;
}
