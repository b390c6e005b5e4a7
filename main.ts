/**
 * The program: parses flags and starts one of serve, infer, train, check or
 * health-check.
 * It holds no logic of its own.
 *
 * @module
 */
import denoConfig from "./deno.json" with { type: "json" };
import { parseCommandLine } from "./runtime/cli/flags.ts";
import { usage } from "./runtime/cli/usage.ts";
import { unsupportedDenoWarning } from "./runtime/deno_version.ts";
import { createLogger } from "./runtime/log.ts";
import { COMMAND_MODULES } from "./runtime/cli/command_modules.ts";

if (import.meta.main) {
  const warning = unsupportedDenoWarning(Deno.version.deno);
  if (warning) console.error(warning);
  Deno.exit(await main(Deno.args));
}

async function main(args: string[]): Promise<number> {
  const command = parseCommandLine(args, (name) => Deno.env.get(name));
  const print = (line: string) => console.log(line);
  switch (command.kind) {
    case "help":
      print(usage(command.mode));
      return 0;
    case "version":
      print(`model-runtime ${denoConfig.version} (deno ${Deno.version.deno})`);
      return 0;
    case "usage-error":
      console.error(`error: ${command.message}\n\n${usage(command.mode)}`);
      return 2;
  }
  const { quiet, logLevel, logFormat } = command.options;
  const log = createLogger(quiet && logLevel !== "error" ? "warn" : logLevel, logFormat);
  // Each mode loads only its own code: the client never loads the native
  // onnxruntime addon (so `task infer` needs no --allow-ffi), and serving
  // never parses the trainer.
  switch (command.mode) {
    case "serve": {
      const { serveCommand } = await load("serve");
      return await serveCommand(command.options, log);
    }
    case "infer": {
      const { inferCommand } = await load("infer");
      return await inferCommand(command.options, log, print);
    }
    case "train": {
      const { trainCommand } = await load("train");
      return await trainCommand(command.options, log, print);
    }
    case "check": {
      const { checkCommand } = await load("check");
      return await checkCommand(command.options, log, print);
    }
    case "predict": {
      const { predictCommand } = await load("predict");
      return await predictCommand(command.options, log);
    }
    case "scaffold": {
      const { scaffoldCommand } = await load("scaffold");
      return await scaffoldCommand(command.options, log, print);
    }
    case "health-check": {
      const { healthCheckCommand } = await load("health-check");
      return await healthCheckCommand(command.options, log, print);
    }
    case "emit-manifests": {
      const { emitManifestsCommand } = await load("emit-manifests");
      return await emitManifestsCommand(command.options, log, print);
    }
  }
}

/** The module of each mode's command, by mode. */
interface Commands {
  serve: typeof import("./runtime/cli/serve_command.ts");
  infer: typeof import("./runtime/cli/infer_command.ts");
  train: typeof import("./runtime/cli/train_command.ts");
  check: typeof import("./runtime/cli/check_command.ts");
  predict: typeof import("./runtime/cli/predict_command.ts");
  scaffold: typeof import("./runtime/cli/scaffold_command.ts");
  "health-check": typeof import("./runtime/cli/health_check_command.ts");
  "emit-manifests": typeof import("./runtime/cli/emit_manifests_command.ts");
}

/**
 * Imports the command module of `mode` (its path in {@link COMMAND_MODULES}). The
 * specifier is a variable on purpose: Deno fetches every dynamic import it
 * can read in the source before running a program, so literal specifiers
 * here would load every mode's modules (~170 files) even for `--version`
 * or `--serve`. `deno compile` embeds them through `--include`
 * (scripts/compile_args.ts).
 */
function load<Mode extends keyof Commands>(mode: Mode): Promise<Commands[Mode]> {
  const specifier: string = COMMAND_MODULES[mode];
  return import(specifier);
}
