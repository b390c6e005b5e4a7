/**
 * The hardening settings of the command line, read into typed values:
 * message size limit, admission bounds, drain grace, TLS files, access
 * tokens. flags.ts declares the flags; this module turns their text into
 * numbers with a usage message when one is wrong.
 *
 * @module
 */
import { parseByteSize } from "../bundle/sizes.ts";
import { parseDuration } from "../bundle/durations.ts";
import { DEFAULT_GRACE_MS, DEFAULT_MAX_MESSAGE_BYTES } from "../base/limits.ts";

export { DEFAULT_GRACE_MS };

/** Typed hardening settings. */
export interface HardeningSettings {
  /** gRPC send/receive limit in bytes (`--max-message-size`, default 250 MiB). */
  readonly maxMessageBytes: number;
  /** Requests working at once (`--max-concurrent`); undefined: the data plane default. */
  readonly maxConcurrentRequests?: number;
  /** Requests waiting beyond those (`--max-queue`); undefined: the data plane default. */
  readonly maxQueuedRequests?: number;
  /** Drain grace period in ms (`--grace`, e.g. `10s`, `500ms`, or seconds as a number). */
  readonly graceMs: number;
}

/**
 * Reads the hardening flags from `text(flag)` (the flag's value as given, or
 * undefined); returns the settings or a usage message naming the flag.
 */
export function parseHardeningSettings(
  text: (flag: string) => string | undefined,
): HardeningSettings | string {
  const sizeText = text("max-message-size");
  let maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
  if (sizeText !== undefined) {
    const bytes = parseByteSize(sizeText);
    if (bytes === null || bytes < 1024 || bytes > 2 ** 31 - 1) {
      return `--max-message-size takes a size from 1K to 2047M (e.g. 250M), got '${sizeText}'`;
    }
    maxMessageBytes = bytes;
  }
  const count = (flag: string, min: number): number | undefined | string => {
    const value = text(flag);
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > 1_000_000) {
      return `--${flag} takes a whole number from ${min} to 1000000, got '${value}'`;
    }
    return Number(value);
  };
  const maxConcurrentRequests = count("max-concurrent", 1);
  if (typeof maxConcurrentRequests === "string") return maxConcurrentRequests;
  const maxQueuedRequests = count("max-queue", 0);
  if (typeof maxQueuedRequests === "string") return maxQueuedRequests;
  const graceText = text("grace");
  let graceMs = DEFAULT_GRACE_MS;
  if (graceText !== undefined) {
    const ms = /^\d+(\.\d+)?$/.test(graceText)
      ? Math.round(Number(graceText) * 1000)
      : parseDuration(graceText);
    if (ms === null || ms > 3_600_000) {
      return `--grace takes a duration up to 1h (e.g. 10s, 500ms, 30), got '${graceText}'`;
    }
    graceMs = ms;
  }
  return { maxMessageBytes, maxConcurrentRequests, maxQueuedRequests, graceMs };
}
