/**
 * The runtime config file (`--config runtime.yaml`): a YAML mapping of serve
 * settings, read once at the edge into the same flag names the command line
 * uses. Relative paths in it are relative to the file's own folder.
 *
 * ```yaml
 * models_dir: ./models        # --models
 * training_dir: ./training    # --training-dir
 * bundle: ./my-bundle         # --bundle
 * grpc_port: 45000            # --port
 * http_port: 8080             # --http-port
 * lazy: false                 # --lazy
 * log_format: json            # --log-format
 * log_level: info             # --log-level
 * tls: { cert: tls/server.crt, key: tls/server.key }   # --tls-cert, --tls-key
 * ```
 *
 * @module
 */
import { dirname, resolve } from "node:path";
import { parse } from "yaml";

/** A value the file sets, under the flag name it stands for. */
export interface ConfigValue {
  /** The value as text (booleans as `true`/`false`). */
  readonly value: string;
  /** Where it came from, for error messages, e.g. `runtime.yaml: http_port`. */
  readonly source: string;
}

/** File keys and the flag each one sets; `path` values are resolved against the file. */
const KEYS: Readonly<Record<string, { flag: string; path: boolean }>> = {
  models_dir: { flag: "models", path: true },
  training_dir: { flag: "training-dir", path: true },
  bundle: { flag: "bundle", path: true },
  grpc_port: { flag: "port", path: false },
  http_port: { flag: "http-port", path: false },
  lazy: { flag: "lazy", path: false },
  log_format: { flag: "log-format", path: false },
  log_level: { flag: "log-level", path: false },
  "tls.cert": { flag: "tls-cert", path: true },
  "tls.key": { flag: "tls-key", path: true },
  "tls.ca": { flag: "tls-ca", path: true },
  grace: { flag: "grace", path: false },
  max_message_size: { flag: "max-message-size", path: false },
  max_concurrent: { flag: "max-concurrent", path: false },
  max_queue: { flag: "max-queue", path: false },
  no_admin: { flag: "no-admin", path: false },
};

/**
 * Parses the config file `text` read from `file` into values by flag name.
 * Throws an Error naming the file and key for malformed YAML, unknown keys
 * and values that are not scalars.
 */
export function parseConfigFile(text: string, file: string): Map<string, ConfigValue> {
  let document: unknown;
  try {
    document = parse(text, { logLevel: "error" });
  } catch (error) {
    throw new Error(`${file} is not valid YAML: ${(error as Error).message}`);
  }
  const values = new Map<string, ConfigValue>();
  if (document === null || document === undefined) return values;
  if (!isRecord(document)) throw new Error(`${file} must be a mapping of settings`);
  const folder = dirname(resolve(file));
  for (const [key, value] of flatten(document, file)) {
    const spec = KEYS[key];
    if (!spec) {
      const known = Object.keys(KEYS).join(", ");
      throw new Error(`${file}: unknown setting '${key}' (known: ${known})`);
    }
    if (value === null) continue;
    if (!["string", "number", "boolean"].includes(typeof value)) {
      throw new Error(`${file}: ${key} must be a single value`);
    }
    const asText = String(value);
    values.set(spec.flag, {
      value: spec.path ? resolve(folder, asText) : asText,
      source: `${file}: ${key}`,
    });
  }
  return values;
}

function flatten(record: Record<string, unknown>, file: string): [string, unknown][] {
  const entries: [string, unknown][] = [];
  for (const [key, value] of Object.entries(record)) {
    if (key === "tls") {
      if (value === null) continue;
      if (!isRecord(value)) throw new Error(`${file}: tls must be a mapping (cert, key)`);
      for (const [inner, innerValue] of Object.entries(value)) {
        entries.push([`tls.${inner}`, innerValue]);
      }
    } else {
      entries.push([key, value]);
    }
  }
  return entries;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
