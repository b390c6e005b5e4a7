/**
 * Help texts: one for the program, listing every mode, and one per mode,
 * generated from the mode's flag declarations (runtime/cli/flags/).
 *
 * @module
 */
import { envName } from "./flags/flag.ts";
import { modeHelp, wrap } from "./flags/flag_help.ts";
import { type Mode, MODE_SPECS, MODES } from "./flags/modes.ts";

/** The program's help: every mode's usage and summary, then what holds for all. */
function programHelp(): string {
  const lines = [
    "model-runtime: wrap, train and serve a machine-learning model over gRPC",
    "",
    "Usage:",
  ];
  for (const mode of MODES) {
    const spec = MODE_SPECS[mode];
    for (const usage of spec.usage) lines.push(`  model-runtime ${usage}`);
    lines.push(`      ${spec.summary}`);
  }
  lines.push(
    "  model-runtime --help | --version",
    "",
    "Run 'model-runtime --MODE --help' for the flags of one mode.",
    "Results go to stdout; logs and progress to stderr.",
    "Exit codes: 0 success, 1 the operation failed, 2 usage error.",
    "",
    ...wrap(
      "Every mode takes --log-level debug|info|warn|error and --log-format text|json. Every " +
        `flag can also be set by the environment variable ${envName("<flag>")} (e.g. ` +
        `${envName("http-port")}=9000); serve settings also by a config file (--config ` +
        "runtime.yaml). Precedence: flag > environment > file > default.",
      96,
    ),
  );
  return lines.join("\n");
}

/** The help text of `mode`, or of the whole program when `mode` is null. */
export function usage(mode: Mode | null): string {
  return mode === null ? programHelp() : modeHelp(MODE_SPECS[mode]);
}
