/**
 * The command line: flags parsed once, at the edge, into one mode and its
 * typed options. Each mode owns its flags, declared once each in
 * runtime/cli/flags/<mode>_flags.ts (see runtime/cli/flags/flag.ts for how to
 * add one); this module only finds the mode and hands its flags to the
 * parser. `--help` (or `-h`) anywhere asks for the help of the mode named,
 * or of the program; `--version` for the version. These flags are a stable
 * interface other tools rely on; exit codes are 0 success, 1 the operation
 * failed, 2 usage error.
 *
 * @module
 */
import { type EnvLookup, isProblem } from "./flags/flag.ts";
import { type Mode, MODE_SPECS, type ModeOptions, MODES } from "./flags/modes.ts";
import { parseFlags } from "./flags/parse_flags.ts";

export { type Mode, type ModeOptions, MODES };

/** A mode to run, with its typed options. */
export type RunCommand = {
  readonly [M in Mode]: {
    readonly kind: "run";
    readonly mode: M;
    readonly options: ModeOptions[M];
    /** Warnings about the options (ignored Caikit config keys), for the mode's log. */
    readonly warnings: readonly string[];
  };
}[Mode];

/** The parsed command line. */
export type Command =
  | RunCommand
  | { readonly kind: "help"; readonly mode: Mode | null }
  | { readonly kind: "version" }
  | { readonly kind: "usage-error"; readonly message: string; readonly mode: Mode | null };

/** Every flag name some mode accepts, to tell "not for this mode" from "unknown". */
const KNOWN_FLAGS = new Set<string>(
  MODES.flatMap((mode) => [mode, ...Object.values(MODE_SPECS[mode].flags).map((f) => f.name)]),
);

/** The option tokens of `args` (before a `--`), by name: `--port=1` and `--port` are `port`. */
function optionTokens(args: readonly string[]): { raw: string; name: string }[] {
  const end = args.indexOf("--");
  return (end < 0 ? args : args.slice(0, end))
    .filter((arg) => arg.startsWith("-"))
    .map((raw) => ({ raw, name: raw.startsWith("--") ? raw.slice(2).split("=")[0] : "" }));
}

/**
 * Parses `args` (without the program name). Each flag of the mode may also
 * come from its environment variables (`MODEL_RUNTIME_<FLAG>`, upper case,
 * `-` as `_`; switches as `true`/`false`/`1`/`0`) and, in serve mode, from
 * the config file named by `--config` or `MODEL_RUNTIME_CONFIG` (read with
 * `readFile`; relative to `cwd`, by default the process's); precedence is
 * flag > environment > file > default. `PSC_MODEL_PORT`, the contract's port
 * variable, sets the port below `MODEL_RUNTIME_PORT`.
 */
export function parseCommandLine(
  args: readonly string[],
  env: EnvLookup = () => undefined,
  readFile: (path: string) => string = (path) => Deno.readTextFileSync(path),
  cwd?: string,
): Command {
  const tokens = optionTokens(args);
  const named = MODES.filter((mode) => tokens.some((token) => token.name === mode));
  if (named.length > 1) {
    const list = named.map((m) => `--${m}`).join(", ");
    return { kind: "usage-error", message: `choose one mode, not ${list}`, mode: null };
  }
  const given: Mode | null = named[0] ?? null;
  if (tokens.some(({ raw }) => raw === "--help" || /^-h+$/.test(raw))) {
    return { kind: "help", mode: given };
  }
  if (tokens.some(({ raw }) => raw === "--version")) return { kind: "version" };
  const mode = given ?? "serve";
  const spec = MODE_SPECS[mode];
  const accepted = new Set([mode, ...Object.values(spec.flags).map((flag) => flag.name)]);
  const stray = tokens.find(({ name }) => KNOWN_FLAGS.has(name) && !accepted.has(name));
  if (stray) {
    return { kind: "usage-error", message: `--${stray.name} does not apply to --${mode}`, mode };
  }
  const warnings: string[] = [];
  const warn = (message: string) => void warnings.push(message);
  const options = parseFlags(spec, args, { env, readFile, cwd, warn });
  if (isProblem(options)) return { kind: "usage-error", message: options.message, mode };
  const command = { kind: "run", mode, options } as Omit<RunCommand, "warnings">;
  return { ...command, warnings } as RunCommand;
}
