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
 * A file with a top-level `runtime:` key is a Caikit runtime config instead,
 * read by Caikit's keys (caikit_config.ts); its optional top-level
 * `model_runtime:` mapping holds this runtime's own keys
 * (`model_runtime: { caikit: { version: newest } }`), and setting one
 * setting both ways is an error.
 *
 * @module
 */
import { dirname, resolve } from "node:path";
import { parse } from "yaml";
import type { FlagInput, FlagSet } from "./flag.ts";
import { caikitConfigValues, isCaikitConfig, OWN_SETTINGS_KEY } from "./caikit_config.ts";
import { flatten, inputOf, isRecord, keysOf } from "./config_values.ts";

/**
 * Parses the config file `text` read from `file` into inputs for `flags`, by
 * their option key. `cwd` resolves a relative `file` (default: the process's).
 * Throws an Error naming the file and key for malformed YAML, unknown keys
 * and values that are not scalars; in a Caikit config, the keys this runtime
 * does not use are ignored and reported once to `warn`.
 */
export function parseConfigFile(
  text: string,
  file: string,
  flags: FlagSet,
  cwd?: string,
  warn: (message: string) => void = () => {},
): Map<string, FlagInput> {
  let document: unknown;
  try {
    document = parse(text, { logLevel: "error" });
  } catch (error) {
    throw new Error(`${file} is not valid YAML: ${(error as Error).message}`);
  }
  if (document === null || document === undefined) return new Map();
  if (!isRecord(document)) throw new Error(`${file} must be a mapping of settings`);
  const folder = dirname(cwd === undefined ? resolve(file) : resolve(cwd, file));
  if (!isCaikitConfig(document)) return ownSettings(document, "", file, folder, flags);
  const { values, defaults, ignored } = caikitConfigValues(document, file, folder, flags);
  const own = document[OWN_SETTINGS_KEY];
  if (own !== undefined && own !== null) {
    if (!isRecord(own)) {
      throw new Error(`${file}: ${OWN_SETTINGS_KEY} must be a mapping of this runtime's settings`);
    }
    for (const [option, input] of ownSettings(own, `${OWN_SETTINGS_KEY}.`, file, folder, flags)) {
      const other = values.get(option);
      if (other) {
        throw new Error(`${other.source} and ${input.source} set the same setting; keep one`);
      }
      values.set(option, input);
    }
  }
  for (const [option, input] of defaults) if (!values.has(option)) values.set(option, input);
  if (ignored.length > 0) {
    warn(`${file}: ignoring Caikit settings this runtime does not use: ${ignored.join(", ")}`);
  }
  return values;
}

/** The inputs this runtime's own keys in `record` (below `prefix`) set. */
function ownSettings(
  record: Record<string, unknown>,
  prefix: string,
  file: string,
  folder: string,
  flags: FlagSet,
): Map<string, FlagInput> {
  const keys = keysOf(flags, "config");
  const values = new Map<string, FlagInput>();
  const known = [...keys.keys()].map((key) => `${prefix}${key}`);
  for (const [key, value] of flatten(record, prefix, known, file)) {
    const spec = keys.get(key.slice(prefix.length));
    if (!spec) {
      throw new Error(`${file}: unknown setting '${key}' (known: ${[...keys.keys()].join(", ")})`);
    }
    const input = inputOf(value, spec, { file, key, folder });
    if (input) values.set(spec.option, input);
  }
  return values;
}
