/**
 * The program: parses flags and starts one mode (serve, infer, train, check,
 * health-check, scaffold, init, predict or emit-manifests), each with its own
 * typed options. It holds no logic of its own.
 *
 * @module
 */
import denoConfig from "./deno.json" with { type: "json" };
import { parseCommandLine } from "./runtime/cli/flags.ts";
import { usage } from "./runtime/cli/usage.ts";
import { unsupportedDenoWarning } from "./runtime/base/deno_version.ts";
import { createLogger } from "./runtime/base/log.ts";
import { importLazily } from "./runtime/cli/lazy_modules.ts";
import { freshServeBundle, SERVE_BUNDLE_FILES } from "./runtime/cli/serve_bundle.ts";

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
  for (const warning of command.warnings) log.warn(warning);
  // Each mode loads only its own code: the client never loads the native
  // onnxruntime addon (so `task infer` needs no --allow-ffi), and serving
  // never parses the trainer. The import is lazy (runtime/cli/lazy_modules.ts):
  // Deno does not even fetch the other modes' modules.
  switch (command.mode) {
    case "serve": {
      // From the serve bundle when it is fresh (runtime/cli/serve_bundle.ts), else from source.
      const bundled = await freshServeBundle();
      if (bundled) {
        log.debug("serve: running the serve bundle", { bundle: SERVE_BUNDLE_FILES.bundle });
      }
      const { serveCommand } = bundled ?? await importLazily("runtime/cli/serve_command.ts");
      return await serveCommand(command.options, log);
    }
    case "infer": {
      const { inferCommand } = await importLazily("runtime/cli/infer_command.ts");
      return await inferCommand(command.options, log, print);
    }
    case "train": {
      const { trainCommand } = await importLazily("runtime/cli/train_command.ts");
      return await trainCommand(command.options, log, print);
    }
    case "check": {
      const { checkCommand } = await importLazily("runtime/cli/check_command.ts");
      return await checkCommand(command.options, log, print);
    }
    case "predict": {
      const { predictCommand } = await importLazily("runtime/cli/predict_command.ts");
      return await predictCommand(command.options, log);
    }
    case "scaffold": {
      const { scaffoldCommand } = await importLazily("runtime/cli/scaffold_command.ts");
      return await scaffoldCommand(command.options, log, print);
    }
    case "init": {
      const { initCommand } = await importLazily("runtime/cli/init_command.ts");
      return await initCommand(command.options, log, print);
    }
    case "health-check": {
      const { healthCheckCommand } = await importLazily("runtime/cli/health_check_command.ts");
      return await healthCheckCommand(command.options, log, print);
    }
    case "emit-manifests": {
      const { emitManifestsCommand } = await importLazily("runtime/cli/emit_manifests_command.ts");
      return await emitManifestsCommand(command.options, log, print);
    }
  }
}
