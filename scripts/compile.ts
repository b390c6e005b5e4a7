/**
 * `deno task compile [--target TRIPLE] [--output PATH]`: builds the single
 * executable (default `./model-runtime`) with the arguments of
 * `compile_args.ts`. It says up front when `deno compile` will have to
 * download denort, and stops the build after five minutes at most.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { projectPath } from "../runtime/base/assets.ts";
import { compileArgs, DEFAULT_OUTPUT } from "./compile_args.ts";
import { findDenort } from "./denort.ts";

const COMPILE_TIMEOUT_MS = 300_000;

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      target: { type: "string" },
      output: { type: "string" },
      "no-check": { type: "boolean" },
    },
  });
  const denort = findDenort(undefined, values.target ?? Deno.build.target);
  if (denort.found) console.error(`denort: ${denort.path} (${denort.source})`);
  else console.error(`denort: ${denort.reason}; trying the download`);
  const args = compileArgs({
    projectDir: projectPath(),
    output: resolve(values.output ?? projectPath(DEFAULT_OUTPUT)),
    target: values.target,
    noCheck: values["no-check"] === true,
  });
  const child = new Deno.Command(Deno.execPath(), {
    args,
    cwd: projectPath(),
    signal: AbortSignal.timeout(COMPILE_TIMEOUT_MS),
  }).spawn();
  const status = await child.status;
  Deno.exit(status.code);
}
