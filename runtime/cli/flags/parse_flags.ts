/**
 * Parses one mode's flags into its typed options. Each flag comes from the
 * command line, else the first of its environment variables that is set,
 * else (for a mode with a config file) the config file, else its default:
 * flag > environment > file > default. Every problem is a `bad_request`
 * RuntimeError value whose message names the flag, variable or key.
 *
 * @module
 */
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import { badRequest, type RuntimeError } from "../../base/errors.ts";
import { parseConfigFile } from "./config_file.ts";
import { type EnvLookup, type FlagInput, type FlagSet, isProblem, type OptionsOf } from "./flag.ts";
import type { ModeSpec } from "./mode_spec.ts";

/** Where flag values come from besides the command line. */
export interface FlagSources {
  /** Reads an environment variable. */
  readonly env: EnvLookup;
  /** Reads the config file (default: from disk). */
  readonly readFile?: (path: string) => string;
  /** The folder a relative config file path is relative to (default: the process's). */
  readonly cwd?: string;
  /** Hears what is worth a warning but not an error (Caikit config keys ignored). */
  readonly warn?: (message: string) => void;
}

/** The node:util parseArgs options of a mode: its mode flag (a switch unless declared) and its flags. */
export function parseArgsOptions(spec: ModeSpec): ParseArgsOptionsConfig {
  const options: ParseArgsOptionsConfig = { [spec.mode]: { type: "boolean" } };
  for (const flag of Object.values(spec.flags)) {
    options[flag.name] = flag.kind === "strings"
      ? { type: "string", multiple: true }
      : { type: flag.kind };
  }
  return options;
}

/** Parses `args` for the mode `spec`; returns its options or a usage error. */
export function parseFlags<F extends FlagSet>(
  spec: ModeSpec<F>,
  args: readonly string[],
  sources: FlagSources,
): OptionsOf<F> | RuntimeError {
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    ({ values } = parseArgs({ args: [...args], options: parseArgsOptions(spec), strict: true }));
  } catch (error) {
    return badRequest((error as Error).message);
  }
  const { env } = sources;
  const inputs = new Map<string, FlagInput>();
  for (const [key, flag] of Object.entries(spec.flags)) {
    const given = values[flag.name];
    if (given !== undefined) {
      inputs.set(key, { value: given as FlagInput["value"], source: `--${flag.name}` });
      continue;
    }
    const variable = flag.env.find((name) => env(name) !== undefined);
    if (variable !== undefined) inputs.set(key, { value: env(variable)!, source: variable });
  }
  const configFile = spec.configFlag === undefined ? undefined : inputs.get(spec.configFlag)?.value;
  if (typeof configFile === "string" && configFile !== "") {
    const readFile = sources.readFile ?? ((path: string) => Deno.readTextFileSync(path));
    let fromFile: Map<string, FlagInput>;
    try {
      fromFile = parseConfigFile(
        readFile(configFile),
        configFile,
        spec.flags,
        sources.cwd,
        sources.warn,
      );
    } catch (error) {
      return badRequest(`cannot use the config file: ${(error as Error).message}`);
    }
    for (const [key, input] of fromFile) if (!inputs.has(key)) inputs.set(key, input);
  }
  const options: Record<string, unknown> = {};
  for (const [key, flag] of Object.entries(spec.flags)) {
    const value = flag.parse(inputs.get(key), env);
    if (isProblem(value)) return value;
    options[key] = value;
  }
  return options as OptionsOf<F>;
}
