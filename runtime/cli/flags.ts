/**
 * The command line: flags parsed once, at the edge, into a typed command.
 * These flags are a stable interface other tools rely on; exit codes are
 * 0 success, 1 the operation failed, 2 usage error.
 *
 * @module
 */
import { parseArgs } from "node:util";

/** The modes the program runs in. */
export type Mode = "serve" | "infer" | "train" | "check";

/** Every option, typed; absent flags are undefined. */
export interface CommandOptions {
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
  /** No progress or informational logs. */
  readonly quiet: boolean;
  /** The CSV to train on. */
  readonly trainCsv?: string;
}

/** The parsed command line. */
export type Command =
  | { readonly kind: "run"; readonly mode: Mode; readonly options: CommandOptions }
  | { readonly kind: "help"; readonly mode: Mode | null }
  | { readonly kind: "version" }
  | { readonly kind: "usage-error"; readonly message: string; readonly mode: Mode | null };

/** The default gRPC port of the Modzy contract. */
export const DEFAULT_PORT = 45000;

const FLAGS = {
  serve: { type: "boolean" },
  infer: { type: "boolean" },
  train: { type: "string" },
  check: { type: "boolean" },
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
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const;

type FlagName = keyof typeof FLAGS;

/** Flags each mode accepts besides its own mode flag, --help and --quiet. */
const MODE_FLAGS: Record<Mode, readonly FlagName[]> = {
  serve: ["bundle", "port", "lazy"],
  infer: ["bundle", "target", "input", "json"],
  train: ["out", "name", "bundle-version", "force", "label"],
  check: ["bundle", "target", "json"],
};

/**
 * Parses `args` (without the program name). `env` supplies PSC_MODEL_PORT,
 * the contract's port variable, used when `--port` is absent.
 */
export function parseCommandLine(
  args: readonly string[],
  env: (name: string) => string | undefined = () => undefined,
): Command {
  let values: Partial<Record<FlagName, string | boolean | string[]>>;
  try {
    ({ values } = parseArgs({ args: [...args], options: FLAGS, strict: true }));
  } catch (error) {
    return { kind: "usage-error", message: (error as Error).message, mode: null };
  }
  const modes = (["serve", "infer", "train", "check"] as const).filter((m) =>
    values[m] !== undefined
  );
  if (modes.length > 1) {
    const list = modes.map((m) => `--${m}`).join(", ");
    return { kind: "usage-error", message: `choose one mode, not ${list}`, mode: null };
  }
  const mode: Mode | null = modes[0] ?? null;
  if (values.help) return { kind: "help", mode };
  if (values.version) return { kind: "version" };
  const effectiveMode = mode ?? "serve";
  const allowed = new Set<string>([effectiveMode, "help", "quiet", ...MODE_FLAGS[effectiveMode]]);
  const stray = Object.keys(values).find((flag) => !allowed.has(flag));
  if (stray) return usageError(effectiveMode, `--${stray} does not apply to --${effectiveMode}`);

  const port = parsePort(values.port as string | undefined, env("PSC_MODEL_PORT"));
  if (typeof port === "string") return usageError(effectiveMode, port);
  const inputs = [];
  for (const spec of (values.input as string[] | undefined) ?? []) {
    const at = spec.indexOf("=");
    if (at <= 0 || at === spec.length - 1) {
      return usageError(effectiveMode, `--input takes name=path, got '${spec}'`);
    }
    inputs.push({ name: spec.slice(0, at), path: spec.slice(at + 1) });
  }
  const bundleVersion = values["bundle-version"] as string | undefined;
  if (bundleVersion !== undefined && !/^\d+\.\d+\.\d+$/.test(bundleVersion)) {
    return usageError(effectiveMode, `--bundle-version takes x.y.z, got '${bundleVersion}'`);
  }
  const target = values.target as string | undefined;
  if (target !== undefined && !/^[^\s:]+:\d+$|^\[[0-9a-fA-F:]+\]:\d+$/.test(target)) {
    return usageError(effectiveMode, `--target takes host:port, got '${target}'`);
  }
  return {
    kind: "run",
    mode: effectiveMode,
    options: {
      bundle: values.bundle as string | undefined,
      out: values.out as string | undefined,
      name: values.name as string | undefined,
      bundleVersion,
      force: values.force === true,
      port,
      target,
      label: values.label as string | undefined,
      inputs,
      json: values.json === true,
      lazy: values.lazy === true,
      quiet: values.quiet === true,
      trainCsv: values.train as string | undefined,
    },
  };
}

function usageError(mode: Mode, message: string): Command {
  return { kind: "usage-error", message, mode };
}

function parsePort(flag: string | undefined, fromEnv: string | undefined): number | string {
  const [text, source] = flag !== undefined ? [flag, "--port"] : [fromEnv, "PSC_MODEL_PORT"];
  if (text === undefined || text === "") return DEFAULT_PORT;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) {
    return `${source} takes a port number 0-65535, got '${text}'`;
  }
  return port;
}
