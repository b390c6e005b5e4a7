/**
 * Parses a command line through the program's own parser (runtime/cli/flags.ts)
 * with a given environment and config file text, and returns a mode's typed
 * options or the usage error's message — for the flag unit tests.
 *
 * @module
 */
import assert from "node:assert/strict";
import { type Mode, type ModeOptions, parseCommandLine } from "../../runtime/cli/flags.ts";

/** Environment variables by name. */
export type Env = Readonly<Record<string, string>>;

/** The options `args` parse into; fails the test unless they run `mode`. */
export function optionsOf<M extends Mode>(
  mode: M,
  args: readonly string[],
  env: Env = {},
  file = "",
): ModeOptions[M] {
  const command = parseCommandLine(args, (name) => env[name], () => file);
  assert.equal(command.kind, "run", command.kind === "usage-error" ? command.message : "");
  assert.equal(command.kind === "run" && command.mode, mode);
  return (command as unknown as { options: ModeOptions[M] }).options;
}

/** The usage error `args` give; fails the test when they parse. */
export function usageErrorOf(args: readonly string[], env: Env = {}, file = ""): string {
  const command = parseCommandLine(args, (name) => env[name], () => file);
  assert.equal(command.kind, "usage-error", `${args.join(" ")} parsed`);
  return command.kind === "usage-error" ? command.message : "";
}
