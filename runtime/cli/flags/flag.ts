/**
 * One command-line flag, declared once. A {@link Flag} gives everything the
 * program knows about it: how its text is parsed and validated (with its
 * default), its help line, the environment variables that may set it, its
 * key in the serve config file (and, for the settings a Caikit runtime
 * config also carries, its key there), and — for a path or a port — what the
 * serve sandbox grants for its value (scripts/serve_permissions.ts). The
 * parser (parse_flags.ts), the help (flag_help.ts), the config file
 * (config_file.ts, caikit_config.ts) and the sandbox (sandbox_grants.ts) all
 * read the same declarations; nothing else lists flags.
 *
 * **Adding a flag is one declaration** in the file of the mode that uses it
 * (`<mode>_flags.ts` beside this one; a flag several modes share goes in
 * common_flags.ts and is spread into each). The key is the property the
 * mode's typed options get:
 *
 * ```ts ignore
 * // runtime/cli/flags/serve_flags.ts, inside SERVE_FLAGS:
 * workers: wholeNumberFlag({
 *   name: "workers",            // --workers N, and MODEL_RUNTIME_WORKERS
 *   placeholder: "N",
 *   help: "worker processes serving requests (default: one per core)",
 *   config: "workers",          // the config file key (serve only)
 * }, { min: 1, max: 256 }),
 * ```
 *
 * `ServeOptions` then has `workers: number | undefined`, `--serve --help`
 * lists it, `MODEL_RUNTIME_WORKERS=4` and `workers: 4` in the config file set
 * it, and a wrong value is a usage error (exit 2) naming where it came from;
 * the command reads `options.workers`. A flag a Caikit runtime config can
 * set also names its key there (`caikit: "runtime.local_models_dir"`). A
 * path flag adds `grant: "read"` (or `"read-write"`) and a listening port `grant: "listen"`, and `deno task
 * serve` grants exactly that. Builders for the usual kinds are in
 * flag_kinds.ts; {@link defineFlag} takes any other parser.
 *
 * @module
 */
import { badRequest, RuntimeError } from "../../base/errors.ts";

/** Prefix of the environment variable that can set each flag: `MODEL_RUNTIME_HTTP_PORT`. */
export const ENV_PREFIX = "MODEL_RUNTIME_";

/** Reads an environment variable (tests pass their own). */
export type EnvLookup = (name: string) => string | undefined;

/**
 * What the serve sandbox grants for a flag's value: read the path, read and
 * write it, or listen on the port (on every address).
 */
export type Grant = "read" | "read-write" | "listen";

/** How the command line spells a flag's value: a switch, one value, or a repeatable value. */
export type FlagKind = "boolean" | "string" | "strings";

/** A flag's raw value and where it came from, for messages. */
export interface FlagInput {
  /** The text given; `true` for a switch given on the command line; each value of a repeatable flag. */
  readonly value: string | true | readonly string[];
  /** Where it came from: `--port`, `MODEL_RUNTIME_PORT`, `runtime.yaml: grpc_port`. */
  readonly source: string;
}

/** One flag: its spelling, help, sources and parser; `T` is the typed value a mode receives. */
export interface Flag<T> {
  /** The name on the command line, without dashes: `http-port`. */
  readonly name: string;
  /** A switch, a flag taking one value, or a repeatable one. */
  readonly kind: FlagKind;
  /** The value's placeholder in help: `N`, `DIR`, `HOST:PORT`. */
  readonly placeholder?: string;
  /** One sentence for the help; its default in parentheses. */
  readonly help: string;
  /** Environment variables that may set it, in precedence order (none: command line only). */
  readonly env: readonly string[];
  /** Its key in the config file (`http_port`; `tls.cert` for a nested one); absent: not in the file. */
  readonly config?: string;
  /**
   * Its dotted key in a Caikit runtime config (`runtime.grpc.port`), when
   * `--config` names one (caikit_config.ts); absent: a Caikit config cannot set it.
   */
  readonly caikit?: string;
  /** What the serve sandbox grants for its value; a path grant also makes a config file value relative to the file. */
  readonly grant?: Grant;
  /**
   * The typed value from the input (undefined: given nowhere, so the
   * default), or a `bad_request` RuntimeError whose message names the source.
   */
  readonly parse: (input: FlagInput | undefined, env: EnvLookup) => T | RuntimeError;
}

/** The flags of one mode, by the property name its options carry. */
export type FlagSet = Readonly<Record<string, Flag<unknown>>>;

/** The typed options a flag set parses into. */
export type OptionsOf<F extends FlagSet> = {
  readonly [K in keyof F]: F[K] extends Flag<infer T> ? T : never;
};

/** The environment variable of `flag`: `http-port` -> `MODEL_RUNTIME_HTTP_PORT`. */
export function envName(flag: string): string {
  return `${ENV_PREFIX}${flag.toUpperCase().replaceAll("-", "_")}`;
}

/** A flag declaration before defaults: `env` defaults to {@link envName} of its name. */
export type FlagDeclaration<T> = Omit<Flag<T>, "env"> & { readonly env?: readonly string[] };

/** Declares a flag; its environment variable is `MODEL_RUNTIME_<NAME>` unless `env` says otherwise. */
export function defineFlag<T>(declaration: FlagDeclaration<T>): Flag<T> {
  return { ...declaration, env: declaration.env ?? [envName(declaration.name)] };
}

/** The same flag with another help sentence (a shared flag that means something particular in one mode). */
export function withHelp<T>(flag: Flag<T>, help: string): Flag<T> {
  return { ...flag, help };
}

/** The usage error for a value: `--port takes a port number 0-65535, got '70000'`. */
export function wrongValue(input: FlagInput, expects: string): RuntimeError {
  return badRequest(`${input.source} takes ${expects}, got '${String(input.value)}'`);
}

/** Whether a parsed value is a usage error rather than a value. */
export function isProblem(value: unknown): value is RuntimeError {
  return value instanceof RuntimeError;
}
