/**
 * `deno task compile [--target TRIPLE] [--output PATH] [--bundle DIR]`:
 * builds the single executable (default `./model-runtime`) with the
 * arguments of `compile_args.ts`; `--bundle DIR` embeds that bundle with its
 * model code (compiled_bundle.ts) and makes it the executable's default. It says up front when `deno compile` will have to
 * download denort, and stops the build after five minutes at most.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { projectPath } from "../runtime/base/assets.ts";
import { compileArgs, DEFAULT_OUTPUT } from "./compile_args.ts";
import { stageBundle } from "./compiled_bundle.ts";
import { findDenort } from "./denort.ts";

const COMPILE_TIMEOUT_MS = 300_000;

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      target: { type: "string" },
      output: { type: "string" },
      "no-check": { type: "boolean" },
      bundle: { type: "string" },
    },
  });
  // An author's bundle, embedded with its model code and served by default.
  const staged = values.bundle === undefined
    ? null
    : await stageBundle(projectPath(), resolve(Deno.env.get("INIT_CWD") ?? ".", values.bundle));
  const denort = findDenort(undefined, values.target ?? Deno.build.target);
  if (denort.found) console.error(`denort: ${denort.path} (${denort.source})`);
  else console.error(`denort: ${denort.reason}; trying the download`);
  const args = compileArgs({
    projectDir: projectPath(),
    output: resolve(values.output ?? projectPath(DEFAULT_OUTPUT)),
    target: values.target,
    noCheck: values["no-check"] === true,
    include: staged?.includes,
  });
  const child = new Deno.Command(Deno.execPath(), {
    args,
    cwd: projectPath(),
    signal: AbortSignal.timeout(COMPILE_TIMEOUT_MS),
  }).spawn();
  const status = await child.status;
  if (staged) await Deno.remove(staged.dir, { recursive: true });
  Deno.exit(status.code);
}
