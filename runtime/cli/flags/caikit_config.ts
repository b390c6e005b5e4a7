/**
 * A Caikit runtime config given to `--config` (recognised by its top-level
 * `runtime:` key), read as Caikit reads it: each serve flag declared with a
 * `caikit` key (flag.ts) takes that key's value — `runtime.local_models_dir`
 * -> `--models`, `runtime.training.output_dir` -> `--training-dir`,
 * `runtime.grpc.port` / `runtime.http.port` -> `--port` / `--http-port`, …
 * — paths relative to the file. When the file names no port, Caikit's
 * defaults apply (gRPC 8085, HTTP 8080), so Caikit clients connect
 * unchanged; `runtime.http.enabled: false` switches the HTTP port off, and
 * `runtime.grpc.enabled: false` is an error (this runtime always serves
 * gRPC). Empty text is Caikit's "unset". Keys this runtime does not use are
 * returned to be reported once; a malformed key it uses is an error naming it.
 *
 * ```yaml
 * runtime:
 *   local_models_dir: ../models      # --models
 *   training: { output_dir: ../train_output }   # --training-dir
 *   grpc: { enabled: true, port: 8085 }         # --port
 *   http: { enabled: true, port: 8080 }         # --http-port (enabled: false -> off)
 * ```
 *
 * @module
 */
import type { FlagInput, FlagSet } from "./flag.ts";
import { PORT_OFF } from "./flag_kinds.ts";
import { flatten, inputOf, keysOf } from "./config_values.ts";

/** A Caikit config's top-level key for this runtime's own settings (its own config keys). */
export const OWN_SETTINGS_KEY = "model_runtime";

/** One of Caikit's servers: its port key, its switch, Caikit's default port. */
interface CaikitPort {
  /** The port's key, `runtime.grpc.port`. */
  readonly port: string;
  /** The key switching the server on or off, `runtime.grpc.enabled`. */
  readonly enabled: string;
  /** The port Caikit listens on when the config names none. */
  readonly caikitDefault: number;
  /** Why this runtime cannot switch it off; absent: it can. */
  readonly required?: string;
}

/** Caikit's servers, as this runtime maps them. */
export const CAIKIT_PORTS: readonly CaikitPort[] = [
  {
    port: "runtime.grpc.port",
    enabled: "runtime.grpc.enabled",
    caikitDefault: 8085,
    required: "this runtime always serves gRPC (health, reflection and every gRPC door share " +
      "its port)",
  },
  { port: "runtime.http.port", enabled: "runtime.http.enabled", caikitDefault: 8080 },
];

/** Whether a parsed config document is a Caikit runtime config: it has a top-level `runtime` key. */
export function isCaikitConfig(document: Record<string, unknown>): boolean {
  return Object.hasOwn(document, "runtime");
}

/** What a Caikit config sets. */
export interface CaikitConfigValues {
  /** Flag inputs the file sets, by option key. */
  readonly values: Map<string, FlagInput>;
  /** Caikit's defaults for the ports the file leaves unset, by option key. */
  readonly defaults: Map<string, FlagInput>;
  /** The keys this runtime does not use (mappings none of its keys is in are one key). */
  readonly ignored: readonly string[];
}

/**
 * The inputs for `flags` that the Caikit config `document` (read from
 * `file`, in `folder`) sets, leaving out its {@link OWN_SETTINGS_KEY}
 * section. Throws an Error naming the file and key for a malformed key this
 * runtime uses and for `runtime.grpc.enabled: false`.
 */
export function caikitConfigValues(
  document: Record<string, unknown>,
  file: string,
  folder: string,
  flags: FlagSet,
): CaikitConfigValues {
  const keys = keysOf(flags, "caikit");
  const switches = new Map(CAIKIT_PORTS.map((port) => [port.enabled, port]));
  const values = new Map<string, FlagInput>();
  const ignored: string[] = [];
  const off = new Set<CaikitPort>();
  const { [OWN_SETTINGS_KEY]: _own, ...caikit } = document;
  for (const [key, value] of flatten(caikit, "", [...keys.keys(), ...switches.keys()], file)) {
    const spec = keys.get(key);
    const port = switches.get(key);
    if (spec) {
      const input = value === "" ? null : inputOf(value, spec, { file, key, folder });
      if (input) values.set(spec.option, input);
    } else if (port) {
      if (value === null || switchValue(value) === true) continue;
      if (switchValue(value) === null) {
        throw new Error(`${file}: ${key} must be true or false, got ${JSON.stringify(value)}`);
      }
      if (port.required) {
        throw new Error(
          `${file}: ${key}: false is not supported: ${port.required}; remove it or set it to true`,
        );
      }
      off.add(port);
    } else if (value !== null) {
      ignored.push(key);
    }
  }
  const defaults = new Map<string, FlagInput>();
  for (const port of CAIKIT_PORTS) {
    const spec = keys.get(port.port);
    if (!spec) continue;
    if (off.has(port)) {
      values.set(spec.option, { value: PORT_OFF, source: `${file}: ${port.enabled}` });
    } else if (!values.has(spec.option)) {
      defaults.set(spec.option, {
        value: String(port.caikitDefault),
        source: `${file}: Caikit's default ${port.port}`,
      });
    }
  }
  return { values, defaults, ignored };
}

/** A Caikit switch's value: a YAML boolean, or `true`/`false` as text; null when neither. */
function switchValue(value: unknown): boolean | null {
  if (typeof value === "boolean") return value;
  const text = typeof value === "string" ? value.toLowerCase() : "";
  return text === "true" ? true : text === "false" ? false : null;
}
