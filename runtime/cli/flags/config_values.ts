/**
 * What both config file forms share (this runtime's own, config_file.ts, and
 * a Caikit runtime config, caikit_config.ts): the keys the flag declarations
 * give, walking a YAML mapping down to those keys, and turning one value
 * into a flag input — paths of path flags relative to the file's folder.
 *
 * @module
 */
import { resolve } from "node:path";
import type { FlagInput, FlagSet } from "./flag.ts";

/** A key's flag: its option key, and whether its value is a path. */
export interface KeySpec {
  /** The option key of the flag the key sets. */
  readonly option: string;
  /** Whether the flag is a path (a `read` or `read-write` grant): relative to the file. */
  readonly path: boolean;
}

/** The keys of `flags` in one config form (`config` or `caikit`), each with its flag. */
export function keysOf(flags: FlagSet, form: "config" | "caikit"): Map<string, KeySpec> {
  const keys = new Map<string, KeySpec>();
  for (const [option, flag] of Object.entries(flags)) {
    const key = flag[form];
    const path = flag.grant === "read" || flag.grant === "read-write";
    if (key !== undefined) keys.set(key, { option, path });
  }
  return keys;
}

/**
 * The entries of `record` by dotted key (after `prefix`), opening the
 * mappings that `known` keys nest in (a null one is skipped); any other
 * value — a mapping no known key is inside included — is one entry. Throws
 * an Error naming the key when a mapping a known key nests in is not one.
 */
export function flatten(
  record: Record<string, unknown>,
  prefix: string,
  known: readonly string[],
  file: string,
): [string, unknown][] {
  const entries: [string, unknown][] = [];
  for (const [name, value] of Object.entries(record)) {
    const key = `${prefix}${name}`;
    const inner = known.filter((k) => k.startsWith(`${key}.`)).map((k) => k.slice(key.length + 1));
    if (inner.length === 0) {
      entries.push([key, value]);
    } else if (value !== null) {
      if (!isRecord(value)) {
        throw new Error(`${file}: ${key} must be a mapping (${inner.join(", ")})`);
      }
      entries.push(...flatten(value, `${key}.`, known, file));
    }
  }
  return entries;
}

/**
 * The flag input of `value` at `key` (`source` names it in messages), or
 * null for a null value; a path is resolved against `folder`. Throws an
 * Error naming the key when the value is not a single value.
 */
export function inputOf(
  value: unknown,
  spec: KeySpec,
  where: { readonly file: string; readonly key: string; readonly folder: string },
): FlagInput | null {
  if (value === null) return null;
  if (!["string", "number", "boolean"].includes(typeof value)) {
    throw new Error(`${where.file}: ${where.key} must be a single value`);
  }
  const text = String(value);
  return {
    value: spec.path ? resolve(where.folder, text) : text,
    source: `${where.file}: ${where.key}`,
  };
}

/** Whether `value` is a YAML mapping. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
