/**
 * The command line: flags parsed once, at the edge, into a typed command.
 * These flags are a stable interface other tools rely on; exit codes are
 * 0 success, 1 the operation failed, 2 usage error.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { type ConfigValue, parseConfigFile } from "./config_file.ts";
import { parseHardeningSettings } from "./hardening_flags.ts";
import { LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel } from "../base/log.ts";

/** The modes the program runs in. */
export type Mode =
  | "serve"
  | "infer"
  | "train"
  | "check"
  | "health-check"
  | "scaffold"
  | "predict"
  | "emit-manifests";

/** Every mode, in the order the help lists them. */
export const MODES: readonly Mode[] = [
  "serve",
  "infer",
  "train",
  "check",
  "health-check",
  "scaffold",
  "predict",
  "emit-manifests",
];

/** Every option, typed; absent flags are undefined. */
export interface CommandOptions {
  /** Seed of the training split and fit (train). */
  readonly seed?: number;
  /** Model family to train: `linear` (alias `logreg`), `mlp`, or a module's id (train). */
  readonly model?: string;
  /** `classification` or `regression`, overriding the guess from the label column (train). */
  readonly task?: "classification" | "regression";
  /** The CSV to score offline (predict). */
  readonly predictCsv?: string;
  /** Bundle version folder or bundle root. */
  readonly bundle?: string;
  /** Output folder of training. */
  readonly out?: string;
  /** Model name for training. */
  readonly name?: string;
  /** Version folder training writes. */
  readonly bundleVersion?: string;
  /** Overwrite a non-empty output. */
  readonly force: boolean;
  /** gRPC port to serve on. */
  readonly port: number;
  /** Server to call, host:port. */
  readonly target?: string;
  /** Label column of a training CSV. */
  readonly label?: string;
  /** Input files for infer, as name=path. */
  readonly inputs: readonly { readonly name: string; readonly path: string }[];
  /** One JSON object per line instead of readable text. */
  readonly json: boolean;
  /** Load the model at the first Status, not at start. */
  readonly lazy: boolean;
  /** Dynamic batching of concurrent requests (`--batching on|off`); default on. */
  readonly batching: boolean;
  /** Longest a request waits for companions while the model is busy (`--batch-wait-ms`). */
  readonly batchWaitMs?: number;
  /** No progress or informational logs. */
  readonly quiet: boolean;
  /** The CSV to train on. */
  readonly trainCsv?: string;
  /** The ONNX file to wrap into a bundle (`--scaffold`). */
  readonly scaffoldOnnx?: string;
  /** Folder to write deployment manifests into (`--emit-manifests`). */
  readonly manifestsDir?: string;
  /** Replicas the manifests run (`--replicas`). */
  readonly replicas?: number;
  /** Container image the manifests run (`--image`). */
  readonly image?: string;
  /** Model repository folder (serve). */
  readonly models?: string;
  /** Folder for training jobs (serve). */
  readonly trainingDir?: string;
  /** HTTP port (REST, /metrics) to serve on. */
  readonly httpPort: number;
  /** TLS certificate chain (PEM) to serve with. */
  readonly tlsCert?: string;
  /** TLS private key (PEM) to serve with. */
  readonly tlsKey?: string;
  /** CA certificates (PEM): serve requires client certificates it signed; clients trust it. */
  readonly tlsCa?: string;
  /** Switch admin calls (Shutdown, load/unload, training) off. */
  readonly noAdmin: boolean;
  /** Bearer token admin calls must present. */
  readonly adminToken?: string;
  /** Bearer token every call must present (serve), or to present (clients). */
  readonly token?: string;
  /** gRPC message size limit in bytes. */
  readonly maxMessageBytes: number;
  /** Requests working at once; undefined: the default. */
  readonly maxConcurrentRequests?: number;
  /** Requests waiting for a turn; undefined: the default. */
  readonly maxQueuedRequests?: number;
  /** Drain grace period in milliseconds. */
  readonly graceMs: number;
  /** Least severe log level written. */
  readonly logLevel: LogLevel;
  /** Log line format. */
  readonly logFormat: LogFormat;
  /** The runtime config file the settings were read from, if any. */
  readonly config?: string;
}

/** The parsed command line. */
export type Command =
  | { readonly kind: "run"; readonly mode: Mode; readonly options: CommandOptions }
  | { readonly kind: "help"; readonly mode: Mode | null }
  | { readonly kind: "version" }
  | { readonly kind: "usage-error"; readonly message: string; readonly mode: Mode | null };

/** The default gRPC port of the Modzy contract. */
export const DEFAULT_PORT = 45000;

/** The default HTTP port (REST and /metrics). */
export const DEFAULT_HTTP_PORT = 8080;

/** Prefix of the environment variable that can set each flag: `MODEL_RUNTIME_HTTP_PORT`. */
export const ENV_PREFIX = "MODEL_RUNTIME_";

const FLAGS = {
  serve: { type: "boolean" },
  infer: { type: "boolean" },
  train: { type: "string" },
  predict: { type: "string" },
  seed: { type: "string" },
  model: { type: "string" },
  task: { type: "string" },
  check: { type: "boolean" },
  "health-check": { type: "boolean" },
  scaffold: { type: "string" },
  "emit-manifests": { type: "string" },
  replicas: { type: "string" },
  image: { type: "string" },
  bundle: { type: "string" },
  out: { type: "string" },
  name: { type: "string" },
  "bundle-version": { type: "string" },
  force: { type: "boolean" },
  port: { type: "string" },
  target: { type: "string" },
  label: { type: "string" },
  input: { type: "string", multiple: true },
  json: { type: "boolean" },
  lazy: { type: "boolean" },
  batching: { type: "string" },
  "batch-wait-ms": { type: "string" },
  quiet: { type: "boolean" },
  models: { type: "string" },
  "training-dir": { type: "string" },
  "http-port": { type: "string" },
  "tls-cert": { type: "string" },
  "tls-key": { type: "string" },
  "tls-ca": { type: "string" },
  "no-admin": { type: "boolean" },
  "admin-token": { type: "string" },
  token: { type: "string" },
  grace: { type: "string" },
  "max-message-size": { type: "string" },
  "max-concurrent": { type: "string" },
  "max-queue": { type: "string" },
  config: { type: "string" },
  "log-level": { type: "string" },
  "log-format": { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const;

type FlagName = keyof typeof FLAGS;

/** Flags every mode accepts besides its own mode flag. */
const COMMON_FLAGS: readonly FlagName[] = ["help", "quiet", "log-level", "log-format"];

/** Serve flags of limits, drain, TLS and access (see cli/hardening_flags.ts). */
const HARDENING_SERVE_FLAGS: readonly FlagName[] = [
  "tls-ca",
  "no-admin",
  "admin-token",
  "token",
  "grace",
  "max-message-size",
  "max-concurrent",
  "max-queue",
];

/** Client flags: TLS files and the bearer token to present. */
const CLIENT_SECURITY_FLAGS: readonly FlagName[] = ["tls-ca", "tls-cert", "tls-key", "token"];

/** Flags each mode accepts besides its own mode flag and {@link COMMON_FLAGS}. */
const MODE_FLAGS: Record<Mode, readonly FlagName[]> = {
  serve: [
    "bundle",
    "port",
    "lazy",
    "models",
    "training-dir",
    "http-port",
    "tls-cert",
    "tls-key",
    "config",
    "batching",
    "batch-wait-ms",
    ...HARDENING_SERVE_FLAGS,
  ],
  infer: ["bundle", "target", "input", "json", ...CLIENT_SECURITY_FLAGS],
  train: ["out", "name", "bundle-version", "force", "label", "seed", "model", "target", "task"],
  check: ["bundle", "target", "json", ...CLIENT_SECURITY_FLAGS],
  "health-check": ["target", ...CLIENT_SECURITY_FLAGS],
  scaffold: ["out", "name", "bundle-version", "force"],
  predict: ["bundle", "out"],
  "emit-manifests": ["bundle", "replicas", "image"],
};

/** Flags that never come from the environment or the config file. */
const COMMAND_LINE_ONLY = new Set<string>([...MODES, "help", "input", "config"]);

/** A flag's value and where it came from (for error messages). */
interface Sourced {
  readonly value: string | boolean | string[];
  readonly source: string;
}

/**
 * Parses `args` (without the program name). Each flag the mode accepts may
 * also come from the environment variable `MODEL_RUNTIME_<FLAG>` (upper case,
 * `-` as `_`; booleans as `true`/`false`/`1`/`0`) and, in serve mode, from
 * the config file named by `--config` or `MODEL_RUNTIME_CONFIG` (read with
 * `readFile`); precedence is flag > environment > file > default.
 * `PSC_MODEL_PORT`, the contract's port variable, sets the port below
 * `MODEL_RUNTIME_PORT`.
 */
export function parseCommandLine(
  args: readonly string[],
  env: (name: string) => string | undefined = () => undefined,
  readFile: (path: string) => string = (path) => Deno.readTextFileSync(path),
): Command {
  let values: Partial<Record<FlagName, string | boolean | string[]>>;
  try {
    ({ values } = parseArgs({ args: [...args], options: FLAGS, strict: true }));
  } catch (error) {
    return { kind: "usage-error", message: (error as Error).message, mode: null };
  }
  const modes = MODES.filter((m) => values[m] !== undefined);
  if (modes.length > 1) {
    const list = modes.map((m) => `--${m}`).join(", ");
    return { kind: "usage-error", message: `choose one mode, not ${list}`, mode: null };
  }
  const mode: Mode | null = modes[0] ?? null;
  if (values.help) return { kind: "help", mode };
  if (values.version) return { kind: "version" };
  const effectiveMode = mode ?? "serve";
  const allowed = new Set<string>([effectiveMode, ...COMMON_FLAGS, ...MODE_FLAGS[effectiveMode]]);
  const stray = Object.keys(values).find((flag) => !allowed.has(flag));
  if (stray) return usageError(effectiveMode, `--${stray} does not apply to --${effectiveMode}`);

  const sourced = resolveSources(values, allowed, env, readFile);
  if (typeof sourced === "string") return usageError(effectiveMode, sourced);
  const text = (flag: FlagName) => sourced.get(flag)?.value as string | undefined;
  const bool = (flag: FlagName): boolean | string => {
    const found = sourced.get(flag);
    if (found === undefined || typeof found.value === "boolean") return found?.value === true;
    const word = String(found.value).toLowerCase();
    if (["1", "true", "yes", "on"].includes(word)) return true;
    if (["0", "false", "no", "off", ""].includes(word)) return false;
    return `${found.source} takes true or false, got '${found.value}'`;
  };
  const booleans = {
    force: bool("force"),
    json: bool("json"),
    lazy: bool("lazy"),
    quiet: bool("quiet"),
    batching: sourced.has("batching") ? bool("batching") : true,
    noAdmin: bool("no-admin"),
  };
  const badBoolean = Object.values(booleans).find((b) => typeof b === "string");
  if (typeof badBoolean === "string") return usageError(effectiveMode, badBoolean);

  const port = parsePort(sourced.get("port") ?? envPort(env));
  if (typeof port === "string") return usageError(effectiveMode, port);
  const httpPort = parsePort(sourced.get("http-port"), DEFAULT_HTTP_PORT);
  if (typeof httpPort === "string") return usageError(effectiveMode, httpPort);
  const logLevel = parseChoice(sourced.get("log-level"), LOG_LEVELS, "info");
  if (logLevel.error) return usageError(effectiveMode, logLevel.error);
  const logFormat = parseChoice(sourced.get("log-format"), LOG_FORMATS, "text");
  if (logFormat.error) return usageError(effectiveMode, logFormat.error);
  const batchWait = text("batch-wait-ms");
  const batchWaitMs = batchWait === undefined ? undefined : Number(batchWait);
  if (batchWaitMs !== undefined && !(batchWait !== "" && batchWaitMs >= 0 && batchWaitMs <= 1000)) {
    return usageError(effectiveMode, `--batch-wait-ms takes 0 to 1000, got '${batchWait}'`);
  }
  const hardening = parseHardeningSettings((flag) => text(flag as FlagName));
  if (typeof hardening === "string") return usageError(effectiveMode, hardening);
  const inputs = [];
  for (const spec of (values.input as string[] | undefined) ?? []) {
    const at = spec.indexOf("=");
    if (at <= 0 || at === spec.length - 1) {
      return usageError(effectiveMode, `--input takes name=path, got '${spec}'`);
    }
    inputs.push({ name: spec.slice(0, at), path: spec.slice(at + 1) });
  }
  const bundleVersion = text("bundle-version");
  if (bundleVersion !== undefined && !/^\d+\.\d+\.\d+$/.test(bundleVersion)) {
    return usageError(effectiveMode, `--bundle-version takes x.y.z, got '${bundleVersion}'`);
  }
  const target = text("target");
  if (target !== undefined && !/^[^\s:]+:\d+$|^\[[0-9a-fA-F:]+\]:\d+$/.test(target)) {
    return usageError(effectiveMode, `--target takes host:port, got '${target}'`);
  }
  const seedText = text("seed");
  if (seedText !== undefined && !(/^\d+$/.test(seedText) && Number(seedText) <= 0xffffffff)) {
    return usageError(effectiveMode, `--seed takes a whole number 0-4294967295, got '${seedText}'`);
  }
  const model = text("model");
  if (model !== undefined && !/^[a-z0-9][a-z0-9._-]*$/.test(model)) {
    return usageError(
      effectiveMode,
      `--model takes linear, mlp or a module id (lower-case letters, digits, . _ -), got '${model}'`,
    );
  }
  const task = text("task");
  if (task !== undefined && task !== "classification" && task !== "regression") {
    return usageError(effectiveMode, `--task takes classification or regression, got '${task}'`);
  }
  const replicasText = text("replicas");
  if (replicasText !== undefined && !/^[1-9]\d{0,3}$/.test(replicasText)) {
    return usageError(
      effectiveMode,
      `--replicas takes a whole number 1-9999, got '${replicasText}'`,
    );
  }
  return {
    kind: "run",
    mode: effectiveMode,
    options: {
      seed: seedText === undefined ? undefined : Number(seedText),
      model,
      task,
      predictCsv: values.predict as string | undefined,
      bundle: text("bundle"),
      out: text("out"),
      name: text("name"),
      bundleVersion,
      force: booleans.force === true,
      port,
      target,
      label: text("label"),
      inputs,
      json: booleans.json === true,
      lazy: booleans.lazy === true,
      quiet: booleans.quiet === true,
      batching: booleans.batching === true,
      batchWaitMs,
      trainCsv: values.train as string | undefined,
      scaffoldOnnx: values.scaffold as string | undefined,
      manifestsDir: values["emit-manifests"] as string | undefined,
      replicas: replicasText === undefined ? undefined : Number(replicasText),
      image: text("image"),
      models: text("models"),
      trainingDir: text("training-dir"),
      httpPort,
      tlsCert: text("tls-cert"),
      tlsKey: text("tls-key"),
      tlsCa: text("tls-ca"),
      noAdmin: booleans.noAdmin === true,
      adminToken: text("admin-token"),
      token: text("token"),
      ...hardening,
      logLevel: logLevel.value,
      logFormat: logFormat.value,
      config: sourced.get("config")?.value as string | undefined,
    },
  };
}

function usageError(mode: Mode, message: string): Command {
  return { kind: "usage-error", message, mode };
}

/** The environment variable of `flag`: `http-port` -> `MODEL_RUNTIME_HTTP_PORT`. */
export function envName(flag: string): string {
  return `${ENV_PREFIX}${flag.toUpperCase().replaceAll("-", "_")}`;
}

/**
 * Each allowed flag's value from the command line, else the environment,
 * else the config file; or an error message.
 */
function resolveSources(
  values: Partial<Record<FlagName, string | boolean | string[]>>,
  allowed: ReadonlySet<string>,
  env: (name: string) => string | undefined,
  readFile: (path: string) => string,
): Map<string, Sourced> | string {
  const sourced = new Map<string, Sourced>();
  for (const [flag, value] of Object.entries(values)) {
    if (value !== undefined) sourced.set(flag, { value, source: `--${flag}` });
  }
  for (const flag of allowed) {
    if (sourced.has(flag) || COMMAND_LINE_ONLY.has(flag)) continue;
    const fromEnv = env(envName(flag));
    if (fromEnv !== undefined) sourced.set(flag, { value: fromEnv, source: envName(flag) });
  }
  if (!allowed.has("config")) return sourced;
  const configFile = (values.config as string | undefined) ?? env(envName("config"));
  if (configFile === undefined || configFile === "") return sourced;
  let fileValues: Map<string, ConfigValue>;
  try {
    fileValues = parseConfigFile(readFile(configFile), configFile);
  } catch (error) {
    return `cannot use the config file: ${(error as Error).message}`;
  }
  sourced.set("config", { value: configFile, source: "--config" });
  for (const [flag, value] of fileValues) {
    if (flag === "port" && envPort(env) !== undefined) continue;
    if (!sourced.has(flag)) sourced.set(flag, value);
  }
  return sourced;
}

/** PSC_MODEL_PORT, the contract's own port variable, as a source. */
function envPort(env: (name: string) => string | undefined): Sourced | undefined {
  const value = env("PSC_MODEL_PORT");
  return value === undefined ? undefined : { value, source: "PSC_MODEL_PORT" };
}

function parsePort(found: Sourced | undefined, fallback = DEFAULT_PORT): number | string {
  const text = found?.value as string | undefined;
  if (text === undefined || text === "") return fallback;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) {
    return `${found?.source} takes a port number 0-65535, got '${text}'`;
  }
  return port;
}

function parseChoice<T extends string>(
  found: Sourced | undefined,
  choices: readonly T[],
  fallback: T,
): { value: T; error?: string } {
  if (found === undefined) return { value: fallback };
  const text = String(found.value);
  if ((choices as readonly string[]).includes(text)) return { value: text as T };
  return {
    value: fallback,
    error: `${found.source} takes one of ${choices.join(", ")}, got '${text}'`,
  };
}
