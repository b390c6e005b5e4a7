/**
 * `--scaffold model.onnx --out DIR`: wrap an ONNX file into an asset bundle
 * (runtime/scaffold/) and print where it went.
 *
 * @module
 */
import { asRuntimeError } from "../base/errors.ts";
import type { Logger } from "../base/log.ts";
import { scaffoldBundle } from "../scaffold/scaffold_bundle.ts";
import type { CommandOptions } from "./flags.ts";

/** Scaffolds the bundle; returns 0 on success, 1 on failure, 2 without --out. */
export async function scaffoldCommand(
  options: CommandOptions,
  log: Logger,
  print: (line: string) => void,
): Promise<number> {
  if (!options.scaffoldOnnx || !options.out) {
    log.error("--scaffold takes an ONNX file and needs --out DIR");
    return 2;
  }
  try {
    const result = await scaffoldBundle({
      onnxPath: options.scaffoldOnnx,
      out: options.out,
      name: options.name,
      version: options.bundleVersion,
      force: options.force,
    });
    print(result.dir);
    log.info("scaffolded bundle", {
      model: result.name,
      version: result.version,
      testCase: result.testCase,
    });
    return 0;
  } catch (error) {
    log.error(`cannot scaffold: ${asRuntimeError(error).message}`);
    return 1;
  }
}
