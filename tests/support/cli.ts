/**
 * Runs the real program (`main.ts`) as a child process, from a temporary
 * working directory so nothing can depend on the cwd, and collects its output.
 *
 * @module
 */
import { join } from "node:path";

/** The project folder. */
export const PROJECT_ROOT = join(import.meta.dirname ?? ".", "..", "..");

/** What a finished run of the program printed and returned. */
export interface CliResult {
  /** Exit code. */
  readonly code: number;
  /** Everything on stdout. */
  readonly stdout: string;
  /** Everything on stderr. */
  readonly stderr: string;
}

/**
 * Runs `deno run -A main.ts ...args` with this Deno, in `cwd` (default a new
 * temporary folder), with `env` added to the environment.
 */
export async function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  const cwd = options.cwd ?? await Deno.makeTempDir({ prefix: "cli_cwd_" });
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      `--config=${join(PROJECT_ROOT, "deno.json")}`,
      join(PROJECT_ROOT, "main.ts"),
      ...args,
    ],
    cwd,
    env: { NO_COLOR: "1", ...options.env },
    stdin: "null",
  }).output();
  if (!options.cwd) await Deno.remove(cwd, { recursive: true });
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}
