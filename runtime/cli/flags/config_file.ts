/**
 * The runtime config file (`--config runtime.yaml`): a YAML mapping of
 * settings, read once at the edge. Its keys are the `config` keys of the
 * mode's flag declarations (serve_flags.ts), so a flag declared with
 * `config: "http_port"` is set by `http_port: 9000`; a dotted key
 * (`tls.cert`) is a nested mapping (`tls: { cert: ... }`). Values of path
 * flags (a `read` or `read-write` grant) are relative to the file's own folder.
 *
 * ```yaml
 * models_dir: ./models        # --models
 * grpc_port: 45000            # --port
 * tls: { cert: tls/server.crt, key: tls/server.key }   # --tls-cert, --tls-key
 * ```
 *
 * @module
 */
import { dirname, resolve } from "node:path";
import { parse } from "yaml";
import type { FlagInput, FlagSet } from "./flag.ts";

/**
 * Parses the config file `text` read from `file` into inputs for `flags`, by
 * their option key. `cwd` resolves a relative `file` (default: the process's).
 * Throws an Error naming the file and key for malformed YAML, unknown keys
 * and values that are not scalars.
 */
export function parseConfigFile(
  text: string,
  file: string,
  flags: FlagSet,
  cwd?: string,
): Map<string, FlagInput> {
  let document: unknown;
  try {
    document = parse(text, { logLevel: "error" });
  } catch (error) {
    throw new Error(`${file} is not valid YAML: ${(error as Error).message}`);
  }
  const values = new Map<string, FlagInput>();
  if (document === null || document === undefined) return values;
  if (!isRecord(document)) throw new Error(`${file} must be a mapping of settings`);
  const keys = new Map<string, { option: string; path: boolean }>();
  for (const [option, flag] of Object.entries(flags)) {
    const path = flag.grant === "read" || flag.grant === "read-write";
    if (flag.config) keys.set(flag.config, { option, path });
  }
  const folder = dirname(cwd === undefined ? resolve(file) : resolve(cwd, file));
  for (const [key, value] of flatten(document, "", [...keys.keys()], file)) {
    const spec = keys.get(key);
    if (!spec) {
      throw new Error(`${file}: unknown setting '${key}' (known: ${[...keys.keys()].join(", ")})`);
    }
    if (value === null) continue;
    if (!["string", "number", "boolean"].includes(typeof value)) {
      throw new Error(`${file}: ${key} must be a single value`);
    }
    const asText = String(value);
    values.set(spec.option, {
      value: spec.path ? resolve(folder, asText) : asText,
      source: `${file}: ${key}`,
    });
  }
  return values;
}

/** The document's entries by dotted key, opening the mappings that declared keys nest in. */
function flatten(
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
